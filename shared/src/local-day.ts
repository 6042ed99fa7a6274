/**
 * The station's day, `YYYY-MM-DD` in its local time: the clerk's working day (the watched folder's
 * archive day, the registry's borderou of «azi», the date of a handover list). Not the UTC day: made
 * between midnight and 02:00/03:00 in Romania, that would be the day before.
 */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
