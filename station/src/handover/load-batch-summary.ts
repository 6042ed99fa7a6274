/**
 * Reads a split's `summary.json` for the handover lists, checking the parts they use: the documents,
 * and where the departments come from (a borderou path, or a reconciliation already made at split time).
 * (`station handover --batch <id>` finds the file through the station journal.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { documentIdProblem, fileNameProblem } from '../../../shared/src/document-names.ts';
import { StationError } from '../../../shared/src/errors.ts';
import type { ReconDocument, Reconciliation } from '../../../shared/src/reconciliation/reconcile.ts';

export interface BatchForHandover {
  file: string;
  batchId: string | null;
  /** ISO timestamp of the end of the scan, when the summary says. */
  endedAt: string | null;
  documents: ReconDocument[];
  /** Absolute path of the borderou named in the summary, if any. */
  borderouPath: string | null;
  /** A reconciliation stored in the summary, when it has the parts the handover needs. */
  reconciliation: Reconciliation | null;
}

export async function loadBatchSummary(file: string): Promise<BatchForHandover> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StationError('INPUT_NOT_FOUND', `Rezumatul lotului ${file} nu există sau nu poate fi citit.`, { file, cause: (err as NodeJS.ErrnoException).code });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(file, 'nu este JSON valid');
  }
  if (!isRecord(json) || !Array.isArray(json.documents)) throw corrupt(file, 'lipsește lista „documents”');
  const documents = json.documents.map((d, i) => toDocument(d, i, file));
  const dir = path.dirname(file);
  return {
    file,
    batchId: typeof json.batchId === 'string' ? json.batchId : null,
    endedAt: typeof json.endedAt === 'string' ? json.endedAt : null,
    documents,
    borderouPath: borderouPathOf(json.borderou, dir),
    reconciliation: usableReconciliation(json.reconciliation),
  };
}

function toDocument(d: unknown, i: number, file: string): ReconDocument {
  const ok =
    isRecord(d) &&
    typeof d.id === 'string' &&
    isCount(d.pages) &&
    isCount(d.sheets) &&
    (d.file === null || typeof d.file === 'string') &&
    (d.flags === undefined || (Array.isArray(d.flags) && d.flags.every((f) => typeof f === 'string')));
  if (!ok) throw corrupt(file, `documentul nr. ${i + 1} nu are forma așteptată (id, file, pages, sheets, flags)`);
  // The same rule as the server's for ids and file names: nothing hostile reaches the printed list.
  const idProblem = documentIdProblem(d.id as string);
  if (idProblem) throw corrupt(file, `documentul nr. ${i + 1}: numărul ${idProblem}`);
  const fileProblem = d.file === null ? null : fileNameProblem(d.file as string);
  if (fileProblem) throw corrupt(file, `documentul nr. ${i + 1}: numele fișierului ${fileProblem}`);
  return { id: d.id as string, file: d.file as string | null, pages: d.pages as number, sheets: d.sheets as number, flags: (d.flags as string[] | undefined) ?? [] };
}

/** `"borderou": "b.csv"` or `{ "file": "b.csv" }` / `{ "path": … }`, relative to the summary's folder. */
function borderouPathOf(value: unknown, dir: string): string | null {
  const p = typeof value === 'string' ? value : isRecord(value) ? (value.file ?? value.path) : undefined;
  return typeof p === 'string' && p !== '' ? path.resolve(dir, p) : null;
}

function usableReconciliation(value: unknown): Reconciliation | null {
  if (!isRecord(value) || !Array.isArray(value.matched) || !Array.isArray(value.unexpected)) return null;
  const matchedOk = value.matched.every(
    (m) => isRecord(m) && typeof m.registrationNumber === 'string' && typeof m.department === 'string' && Array.isArray(m.documents),
  );
  const unexpectedOk = value.unexpected.every((u) => isRecord(u) && typeof u.id === 'string');
  return matchedOk && unexpectedOk ? (value as unknown as Reconciliation) : null;
}

function corrupt(file: string, why: string): StationError {
  return new StationError('INPUT_CORRUPT', `Rezumatul lotului ${file} nu poate fi folosit: ${why}.`, { file });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
