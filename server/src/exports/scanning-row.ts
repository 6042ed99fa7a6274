/**
 * The scanning row of the office's weekly activity report («3. Scanare documente»), as the seed's
 * table lays it out: «Lucrări specifice», «Activități», «Nr. lucrări», «Nr. Documente
 * produse/procesate». A closed week shows its frozen figures (the report already sent) and, when the
 * figures changed since, the difference in a note below the table.
 */
import type { WeekActivity } from '../services/weekly-activity.ts';
import type { WeekFigures } from '../repositories/week-repository.ts';

export const REPORT_TITLE = 'RAPORT DE ACTIVITATE';
export const SERVICE_TITLE = 'SERVICIUL CONSILIERE ȘI ÎNDRUMARE';
export const COLUMNS = ['Lucrări specifice', 'Activități', 'Nr. lucrări', 'Nr. Documente produse/procesate'] as const;
export const WORK = '3. Scanare documente';
export const ACTIVITY = 'Toate documentele care intră în instituție sunt scanate. Astfel, acestea, zilnic, sunt predate spre '
  + 'scanare de către personalul de la registratură, unde sunt decapsate, desprinse din dosare, separate între ele cu '
  + 'separator cod de bare, scanate efectiv și ulterior sunt aduse la starea inițială, respectiv se elimină pagina cod '
  + 'de bare, se capsează, se îndosariază, se aranjează pe categorii, se verifică conform borderoului și se predau '
  + 'către structurile vizate ziua următoare.';

export interface ScanningRow {
  title: string;
  /** Lines of the «Nr. lucrări» cell. */
  registered: string[];
  /** Lines of the «Nr. Documente produse/procesate» cell. */
  processed: string[];
  /** Lines under the table: when the figures were fixed, and what changed since. */
  notes: string[];
}

const n = (value: number): string => String(value);

function differences(then: WeekFigures, now: WeekFigures): string[] {
  const items: Array<[string, number, number]> = [
    ['documente înregistrate', then.registered.documents, now.registered.documents],
    ['file înregistrate', then.registered.sheets, now.registered.sheets],
    ['documente procesate', then.processed.documents, now.processed.documents],
    ['file procesate', then.processed.sheets, now.processed.sheets],
    ['pagini scanate', then.processed.pages, now.processed.pages],
  ];
  return items.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name}: ${b - a > 0 ? '+' : ''}${b - a} (acum ${b})`);
}

function romanianInstant(iso: string): string {
  return new Intl.DateTimeFormat('ro-RO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Bucharest' }).format(new Date(iso));
}

export function scanningRow(week: WeekActivity): ScanningRow {
  const figures = week.closed?.figures ?? week.current;
  const notes: string[] = [];
  if (week.closed) {
    notes.push(`Cifrele săptămânii au fost închise la ${romanianInstant(week.closed.closedAt)}.`);
    const diff = differences(week.closed.figures, week.current);
    if (diff.length > 0) notes.push(`Corecturi după închidere: ${diff.join('; ')}.`);
  } else {
    notes.push('Cifre exacte la momentul generării; săptămâna nu este închisă.');
  }
  return {
    title: week.title,
    registered: [`Nr. documente înregistrate ${n(figures.registered.documents)}`, `Nr. file ${n(figures.registered.sheets)}`],
    processed: [
      `Nr. documente procesate ${n(figures.processed.documents)}`,
      `Nr. file procesate ${n(figures.processed.sheets)}`,
      `Nr. pagini scanate ${n(figures.processed.pages)}`,
    ],
    notes,
  };
}
