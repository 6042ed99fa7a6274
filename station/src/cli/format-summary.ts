/** The end-of-batch report a clerk reads on the terminal (Romanian, plain text). */
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { clerkWarnings, WARNINGS_TITLE } from '../../../shared/src/summary-warnings.ts';
import { formatReconciliationTable } from '../borderou/format-reconciliation-table.ts';

/** The check against the borderou, when the batch had one. */
export function reconciliationText(s: SplitSummary, io: { stdout: { isTTY?: boolean } }): string {
  if (!s.reconciliation) return '';
  return `${formatReconciliationTable(s.reconciliation, { color: io.stdout.isTTY === true })}\n`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatSummary(s: SplitSummary, outDir: string): string {
  const kept = s.documents.reduce((n, d) => n + d.pages, 0);
  // an empty document (two separators in a row) has no PDF: it is not counted among the documents
  const withPdf = s.documents.filter((d) => d.file !== null).length;
  const empty = s.documents.length - withPdf;
  const lines = [
    `Lot ${s.batchId} — ${outDir}`,
    `  Imagini citite:             ${s.pagesIn}`,
    `  Pagini separator eliminate: ${s.separatorPages}`,
    `  Pagini albe eliminate:      ${s.blankPages}`,
    `  Documente:                  ${withPdf} (${kept} pagini)`,
    ...(empty > 0 ? [`  Separatori fără pagini:     ${empty} (fără PDF; vedeți „gol” mai jos)`] : []),
    `  Pagini nerepartizate:       ${s.unassigned ? `${s.unassigned.pages} (în ${s.unassigned.file})` : 0}`,
    '',
  ];
  if (s.documents.length > 0) {
    const w = Math.max(20, ...s.documents.map((d) => d.id.length + 2));
    lines.push(`  ${pad('Număr înregistrare', w)}${pad('Pagini', 8)}${pad('File', 6)}Fișier`);
    for (const d of s.documents) {
      const flags = d.flags.filter((f) => f !== 'generic');
      const note = flags.length ? `  [${flags.map((f) => (f === 'duplicate' ? 'duplicat' : f === 'empty' ? 'gol' : f)).join(', ')}]` : '';
      lines.push(`  ${pad(d.id, w)}${pad(String(d.pages), 8)}${pad(String(d.sheets), 6)}${d.file ?? '—'}${note}`);
    }
    lines.push('');
  }
  const warnings = clerkWarnings(s);
  if (warnings.length > 0) {
    lines.push(`${WARNINGS_TITLE}:`);
    for (const w of warnings) lines.push(`  - ${w.message}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
