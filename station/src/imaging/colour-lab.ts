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
/** `chromaOf`'s two tables (the colour passes' kernel works the chroma out from copies of them, `colour-passes.wat`). */
export const CHROMA_TABLES: { readonly lin: Float32Array; readonly f: Float32Array } = { lin: LIN, f: F };
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
 * The highest `chromaOf` of any colour within `eps` of (r, g, b), channel by channel: its tables and
 * every step after them rise with their inputs (round-to-nearest keeps that), so each of X, Y, Z and
 * their f lies between its values at the box's corners, and the chroma is at most the one of the
 * farthest a and b those allow.
 */
export function chromaAtMost(r: number, g: number, b: number, eps: number): number {
  const R0 = lin(r - eps), G0 = lin(g - eps), B0 = lin(b - eps), R1 = lin(r + eps), G1 = lin(g + eps), B1 = lin(b + eps);
  const fx0 = f((0.4124 * R0 + 0.3576 * G0 + 0.1805 * B0) / 0.9505), fx1 = f((0.4124 * R1 + 0.3576 * G1 + 0.1805 * B1) / 0.9505);
  const fy0 = f(0.2126 * R0 + 0.7152 * G0 + 0.0722 * B0), fy1 = f(0.2126 * R1 + 0.7152 * G1 + 0.0722 * B1);
  const fz0 = f((0.0193 * R0 + 0.1192 * G0 + 0.9505 * B0) / 1.089), fz1 = f((0.0193 * R1 + 0.1192 * G1 + 0.9505 * B1) / 1.089);
  const a = 500 * Math.max(fx1 - fy0, fy1 - fx0);
  const bb = 200 * Math.max(fy1 - fz0, fz1 - fy0);
  return Math.sqrt(a * a + bb * bb);
}

/** The chroma levels `mayReachChroma` has a bound for. */
export type ChromaLevel = 3 | 6;

/**
 * False when every colour within `eps` of (r, g, b), channel by channel, surely has a chroma below
 * `level`. A colour's channels must spread (max − min) at least so far apart for its chroma to reach
 * 3, found by search over the whole range: 0.010 in the darks to 0.019 at white; twice as far for 6
 * (0.024 to 0.039). The bound used, (level / 3) × (0.009 + 0.008 × the mean), sits below that
 * everywhere (checked on a dense grid by `colour-lab.test.ts`), and is tested without branches on
 * the data (the sum of the squared channel differences is at least the squared spread). Within
 * `eps`: a colour's channel differences lie within 2·eps of these (their root sum of squares within
 * 2·√3·eps), its mean within eps, and the bound grows with the mean. The colour screen's kernel
 * (`station/src/wasm/colour-screen.wat`) works this test out the same way, operation for operation
 * (`colour-screen.test.ts` checks it keeps the cells this keeps): change both together.
 */
export function mayReachChroma(r: number, g: number, b: number, level: ChromaLevel, eps = 0): boolean {
  const mean = (r + g + b) / 3 - eps;
  const t = (level / 3) * (0.009 + 0.008 * Math.min(Math.max(mean, 0), 1.25)) - 3.4642 * eps;
  const rg = r - g, gb = g - b, br = b - r;
  return t <= 0 || rg * rg + gb * gb + br * br >= t * t;
}
