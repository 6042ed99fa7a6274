/**
 * CIELAB chroma of a colour given as sRGB relative to its paper (the paper stretched to white 1, 1, 1),
 * through two small tables; and a cheap test that rules a colour out before that work.
 */

// sRGB (0..1, in steps of 1/1023, up to 1.25) to linear light
const LIN_STEPS = 1023;
const LIN = new Float32Array(Math.ceil(LIN_STEPS * 1.25) + 1).map((_, i) => {
  const v = i / LIN_STEPS;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});
// CIELAB's f(t), t in 0..1.6 in steps of 1/4095
const F_STEPS = 4095;
const F = new Float32Array(Math.ceil(F_STEPS * 1.6) + 1).map((_, i) => {
  const t = i / F_STEPS;
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
});
const LIN_LAST = LIN.length - 1;
const F_LAST = F.length - 1;
const lin = (v: number) => LIN[v <= 0 ? 0 : v >= 1.25 ? LIN_LAST : (v * LIN_STEPS + 0.5) | 0]!;
const f = (t: number) => F[t <= 0 ? 0 : t >= 1.6 ? F_LAST : (t * F_STEPS + 0.5) | 0]!;

/** CIELAB chroma of a colour (sRGB 0..1 after the paper stretch) with white (1, 1, 1) as the reference white. */
export function chromaOf(r: number, g: number, b: number): number {
  const R = lin(r), G = lin(g), B = lin(b);
  // sRGB → XYZ (D65), each divided by the white's own X, Y, Z so that (1,1,1) is exactly white
  const fx = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.9505);
  const fy = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const fz = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.089);
  const a = 500 * (fx - fy);
  const bb = 200 * (fy - fz);
  return Math.sqrt(a * a + bb * bb);
}

/**
 * False when a colour's chroma is surely below 3: its channels lie closer together than the least
 * spread (max − min) any colour that light needs to reach chroma 3, found by search over the whole
 * range: 0.010 in the darks to 0.019 at white. The bound used sits below that everywhere (checked on
 * a dense grid by `colour-lab.test.ts`), and is tested without branches on the data (the sum of
 * the squared channel differences is at least the squared spread; the mean is at most the max).
 */
export function mayReachChroma3(r: number, g: number, b: number): boolean {
  const mean = (r + g + b) / 3;
  const t = 0.009 + 0.008 * Math.min(Math.max(mean, 0), 1.25);
  const rg = r - g, gb = g - b, br = b - r;
  return rg * rg + gb * gb + br * br >= t * t;
}
