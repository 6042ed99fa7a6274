/**
 * Romanian count agreement, the one rule for every message, page and sheet: a number whose last
 * two digits are 00 or 20–99 takes «de» before its noun («20 de pagini», «100 de documente»,
 * «1.234 de rânduri»); 0, 2–19 and 101–119 do not («0 documente», «3 probleme», «101 pagini»).
 */

/** Whether `n` takes «de» before its noun. */
export function takesDe(n: number): boolean {
  const lastTwo = Math.abs(n) % 100;
  return n !== 0 && (lastTwo === 0 || lastTwo >= 20);
}

/** «1 problemă», «3 probleme», «20 de probleme», «101 probleme». */
export function countRo(n: number, one: string, many: string): string {
  if (n === 1) return `1 ${one}`;
  return takesDe(n) ? `${n} de ${many}` : `${n} ${many}`;
}

/** An image's size: «30001 × 1 pixel», «600 × 19 pixeli», «30000 × 30000 de pixeli» (the noun agrees with the number before it). */
export function pixelSizeRo(width: number, height: number): string {
  return `${width} × ${countRo(height, 'pixel', 'pixeli')}`;
}
