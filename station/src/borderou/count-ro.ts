/** Romanian count agreement: 1 problemă, 3 probleme, 20 de probleme, 101 probleme. */
export function countRo(n: number, one: string, many: string): string {
  if (n === 1) return `1 ${one}`;
  const lastTwo = n % 100;
  return n !== 0 && (lastTwo === 0 || lastTwo >= 20) ? `${n} de ${many}` : `${n} ${many}`;
}
