/** Romanian formatting of days, instants and numbers for the pages. */

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `2021-09-27` → `27.09.2021` */
export function roDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

export function roInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('ro-RO', { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function roNumber(n: number): string {
  return new Intl.NumberFormat('ro-RO').format(n);
}
