/**
 * A week as the office's activity report names it (Monday to Friday, month names in capitals):
 * «27 SEPTEMBRIE - 01 OCTOMBRIE 2021», «04 - 08 OCTOMBRIE 2021», «29 DECEMBRIE 2025 - 02 IANUARIE 2026».
 */
import { addDays } from './dates.ts';

const MONTHS = ['IANUARIE', 'FEBRUARIE', 'MARTIE', 'APRILIE', 'MAI', 'IUNIE', 'IULIE', 'AUGUST', 'SEPTEMBRIE', 'OCTOMBRIE', 'NOIEMBRIE', 'DECEMBRIE'];

/** `friday`: the week's Friday, when the caller has it already (a report of many weeks). */
export function weekTitle(monday: string, friday = addDays(monday, 4)): string {
  const [y1, m1, d1] = monday.split('-') as [string, string, string];
  const [y2, m2, d2] = friday.split('-') as [string, string, string];
  const month = (m: string) => MONTHS[Number(m) - 1]!;
  if (y1 !== y2) return `${d1} ${month(m1)} ${y1} - ${d2} ${month(m2)} ${y2}`;
  if (m1 !== m2) return `${d1} ${month(m1)} - ${d2} ${month(m2)} ${y2}`;
  return `${d1} - ${d2} ${month(m2)} ${y2}`;
}
