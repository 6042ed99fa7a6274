/**
 * The check against the borderou as the clerk reads it at the end of a run: counts, a line per
 * department, then each kind of problem with its documents. Plain text; ANSI colours only when the
 * caller says the output is a terminal (`color: stream.isTTY`).
 */
import { formatIsoDateRo } from '../../../shared/src/registration-number.ts';
import type { Reconciliation } from '../../../shared/src/reconciliation/reconcile.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { renderTable, wrap } from './text-table.ts';

export interface ReconciliationTableOptions {
  /** ANSI colours and bold; pass `stream.isTTY === true`. Default false. */
  color?: boolean;
  /** Wrap width for warnings. Default 100. */
  width?: number;
  /** Borderou date (ISO) for the title line. */
  date?: string;
}

const UNASSIGNED = 'Nerepartizate (nu sunt în borderou)';

export function formatReconciliationTable(r: Reconciliation, opts: ReconciliationTableOptions = {}): string {
  const width = opts.width ?? 100;
  const paint = (code: string, text: string): string => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const title = (text: string, count?: number): string => paint(count ? '1;31' : '1', count === undefined ? text : `${text}: ${count}`);
  const out: string[] = [];

  out.push(title(`Verificare față de borderou${opts.date ? ` din ${formatIsoDateRo(opts.date)}` : ''}`));
  out.push(
    ...renderTable(
      [{ title: 'Situație' }, { title: 'Nr.', align: 'right' }],
      [
        ['Documente în borderou', r.expected],
        ['Documente scanate (cu pagini)', r.scanned],
        ['Găsite în borderou', r.matched.length],
        ['Lipsă', r.missing.length],
        ['În plus', r.unexpected.length],
        ['Duplicate', r.duplicates.length],
        ['Goale', r.empty.length],
        ['Nepotriviri de file', r.sheetMismatch.length],
      ],
    ),
  );

  if (r.byDepartment.length > 0) {
    out.push('', title('Pe structuri'));
    const n = (v: number, show: boolean): string | number => (show ? v : '-');
    out.push(
      ...renderTable(
        [
          { title: 'Structura', max: 45 },
          { title: 'În borderou', align: 'right' },
          { title: 'Scanate', align: 'right' },
          { title: 'Lipsă', align: 'right' },
          { title: 'Goale', align: 'right' },
          { title: 'File borderou', align: 'right' },
          { title: 'File scanate', align: 'right' },
          { title: 'Pagini', align: 'right' },
        ],
        r.byDepartment.map((d) => {
          const listed = d.department !== null;
          return [
            d.department ?? UNASSIGNED,
            n(d.expected, listed),
            d.scanned,
            n(d.missing, listed),
            n(d.empty, listed),
            n(d.expectedSheets, listed),
            d.scannedSheets,
            d.pages,
          ];
        }),
      ),
    );
  }

  if (r.missing.length > 0) {
    out.push('', title('Lipsă (în borderou, nescanate)', r.missing.length));
    out.push(
      ...renderTable(
        [{ title: 'Nr. înregistrare' }, { title: 'Structura', max: 45 }, { title: 'File', align: 'right' }],
        r.missing.map((m) => [m.registrationNumber, m.department, m.expectedSheets ?? '-']),
      ),
    );
  }
  if (r.unexpected.length > 0) {
    out.push('', title('În plus (scanate, nu sunt în borderou)', r.unexpected.length));
    out.push(
      ...renderTable(
        [{ title: 'Document' }, { title: 'Fișier', max: 50 }, { title: 'File', align: 'right' }, { title: 'Pagini', align: 'right' }],
        r.unexpected.map((d) => [d.id, d.file ?? '-', d.sheets, d.pages]),
      ),
    );
  }
  if (r.duplicates.length > 0) {
    out.push('', title('Duplicate (același număr scanat de mai multe ori)', r.duplicates.length));
    out.push(
      ...renderTable(
        [{ title: 'Nr. înregistrare' }, { title: 'De câte ori', align: 'right' }, { title: 'Fișiere', max: 70 }],
        r.duplicates.map((d) => [d.id, d.count, d.files.map((f) => f ?? '(gol)').join(', ')]),
      ),
    );
  }
  if (r.empty.length > 0) {
    out.push('', title('Goale (separator fără pagini după el)', r.empty.length));
    out.push(
      ...renderTable(
        [{ title: 'Document' }, { title: 'În borderou' }, { title: 'Structura', max: 45 }],
        r.empty.map((e) => [e.id, e.inBorderou ? 'da' : 'nu', e.department ?? '-']),
      ),
    );
  }
  if (r.sheetMismatch.length > 0) {
    out.push('', title('Nepotriviri de file', r.sheetMismatch.length));
    out.push(
      ...renderTable(
        [
          { title: 'Nr. înregistrare' },
          { title: 'Structura', max: 45 },
          { title: 'File borderou', align: 'right' },
          { title: 'File scanate', align: 'right' },
          { title: 'Diferență', align: 'right' },
        ],
        r.sheetMismatch.map((m) => {
          const diff = m.scannedSheets - m.expectedSheets;
          return [m.registrationNumber, m.department, m.expectedSheets, m.scannedSheets, diff > 0 ? `+${diff}` : String(diff)];
        }),
      ),
    );
  }
  if (r.warnings.length > 0) {
    out.push('', title('Atenționări', r.warnings.length));
    for (const w of r.warnings) out.push(...wrap(w, width, '    ').map((l, i) => (i === 0 ? paint('1;33', `  ! ${l.trimStart()}`) : l)));
  }

  const problems = r.missing.length + r.unexpected.length + r.duplicates.length + r.empty.length + r.sheetMismatch.length;
  out.push(
    '',
    problems === 0 && r.warnings.length === 0
      ? paint('1;32', 'Rezultat: lotul corespunde borderoului.')
      : paint('1;31', `Rezultat: ${countRo(problems, 'problemă', 'probleme')} de verificat${r.warnings.length > 0 ? ' și atenționări' : ''}.`),
  );
  return `${out.join('\n')}\n`;
}
