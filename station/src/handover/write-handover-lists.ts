/**
 * The handover job: find where the departments come from (a borderou CSV given on the command line,
 * the borderou named in summary.json, or the reconciliation stored there), group the documents, and
 * write one PDF per department into the output folder.
 */
import { access, lstat, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { BorderouCsv } from '../../../shared/src/borderou/borderou-types.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { reconcile } from '../../../shared/src/reconciliation/reconcile.ts';
import { readBorderouFile } from '../borderou/read-borderou-file.ts';
import { writeOutputFile, type OutputFileIo } from '../fs/atomic-write.ts';
import { diskReason, stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';
import { handoverFileNames } from './handover-file-name.ts';
import { handoverFromReconciliation, handoverWithoutBorderou, type HandoverList } from './handover-groups.ts';
import { loadBatchSummary } from './load-batch-summary.ts';
import { renderHandoverPdf } from './render-handover-pdf.ts';

export interface HandoverRequest {
  summaryFile: string;
  outDir: string;
  borderouFile: string | null;
  /** The folder the clerk's messages name instead of `outDir` (the web app writes a set in a hidden folder, handover-set.ts). */
  shownOutDir?: string;
  /** Handover date, ISO. */
  date: string;
  /** The folder's fsync of each list (tests make it fail). */
  io?: OutputFileIo;
}

export type DepartmentSource = 'borderou' | 'summary-borderou' | 'summary-reconciliation' | 'none';

export interface HandoverResult {
  files: Array<{ file: string; list: HandoverList }>;
  source: DepartmentSource;
  /** The parsed borderou, when one was read (its bad rows are for the clerk to see). */
  csv: BorderouCsv | null;
  /** Romanian. */
  warnings: string[];
}

export async function writeHandoverLists(req: HandoverRequest): Promise<HandoverResult> {
  const batch = await loadBatchSummary(req.summaryFile);
  const warnings: string[] = [];
  let source: DepartmentSource = 'none';
  let csv: BorderouCsv | null = null;
  let lists: HandoverList[];

  let borderouFile = req.borderouFile;
  if (!borderouFile && batch.borderouPath) {
    if (await exists(batch.borderouPath)) borderouFile = batch.borderouPath;
    else warnings.push(`Borderoul numit în rezumat (${batch.borderouPath}) nu mai există.`);
  }
  if (borderouFile) {
    csv = await readBorderouFile(borderouFile);
    source = req.borderouFile ? 'borderou' : 'summary-borderou';
    const r = reconcile(csv.entries, batch.documents);
    warnings.push(...r.warnings);
    lists = handoverFromReconciliation(r);
  } else if (batch.reconciliation) {
    source = 'summary-reconciliation';
    lists = handoverFromReconciliation(batch.reconciliation);
  } else {
    warnings.push('Fără borderou: toate documentele sunt trecute în lista «Nerepartizate». Dați borderoul cu --borderou.');
    lists = handoverWithoutBorderou(batch.documents);
  }
  if (lists.length === 0) {
    throw new StationError('INPUT_EMPTY', 'Lotul nu are niciun document cu pagini: nu este nimic de predat.', { summary: req.summaryFile });
  }

  const shown = req.shownOutDir ?? req.outDir;
  const made = await makeDir(req.outDir).catch((err: unknown) => Promise.reject(stationErrorFromFs(err, req.shownOutDir ? { file: shown, writing: true } : { path: req.outDir, writing: true })));
  try {
    const names = handoverFileNames(
      lists.map((l) => l.department),
      req.date,
    );
    // like split: nothing is ever overwritten, and nothing is written when one list would be
    const taken = [];
    for (const name of names) if (await occupied(path.join(req.outDir, name))) taken.push(name);
    if (taken.length > 0) {
      throw new StationError('OUTPUT_NOT_EMPTY', `În dosarul „${shown}” există deja ${taken.map((t) => `„${t}”`).join(', ')}. Alegeți un dosar gol: nu suprascriem nimic.`, { outDir: req.outDir, taken });
    }
    // every list made before any is written: a list that cannot be made writes none
    const pdfs: Uint8Array[] = [];
    for (const list of lists) pdfs.push(await renderHandoverPdf({ list, date: req.date, batchId: batch.batchId }));
    const files: HandoverResult['files'] = [];
    for (const [i, list] of lists.entries()) {
      const file = path.join(req.outDir, names[i]!);
      try {
        await writeOutputFile(file, pdfs[i]!, req.io); // atomic: the list is whole or absent
      } catch (err) {
        // the set is whole or absent too: the lists already written are taken back, so a rerun into the same folder works
        throw await setNotWritten(err, file, files.map((f) => f.file), shown);
      }
      files.push({ file, list });
    }
    return { files, source, csv, warnings };
  } catch (err) {
    // a set that was not written leaves no empty folder of its own behind (the web app makes a new one each time)
    await removeMadeDirs(req.outDir, made);
    throw err;
  }
}

/** The clerk's error for a list that failed: which one, why, that none of the set was kept (or which could not be taken back). */
async function setNotWritten(err: unknown, failed: string, written: string[], outDir: string): Promise<unknown> {
  const left: string[] = [];
  for (const file of written) await rm(file, { force: true }).catch(() => left.push(file));
  const errno = isStationError(err) ? (err.details.errno as string | undefined) : (err as NodeJS.ErrnoException | null)?.code;
  const code = isStationError(err) ? err.code : 'OUTPUT_FAILED';
  const why = diskReason(errno);
  const what = isStationError(err, 'OUTPUT_NOT_EMPTY')
    ? `Lista de predare „${path.basename(failed)}” nu a fost scrisă: în dosarul „${outDir}” a apărut între timp un fișier cu același nume`
    : `Lista de predare „${path.basename(failed)}” nu a putut fi scrisă în dosarul „${outDir}”${why ? ` (${why})` : ''}`;
  const kept = left.length === 1
    ? `Lista „${path.basename(left[0]!)}”, scrisă înainte, nu a putut fi ștearsă: ștergeți-o înainte de a relua, ca să nu rămână o predare pe jumătate.`
    : left.length > 1
      ? `Listele ${left.map((f) => `„${path.basename(f)}”`).join(', ')}, scrise înainte, nu au putut fi șterse: ștergeți-le înainte de a relua, ca să nu rămână o predare pe jumătate.`
      : written.length > 0
        ? `Nu a fost păstrată nicio listă din acest set (${countRo(written.length, 'listă scrisă', 'liste scrise')} înainte ${written.length === 1 ? 'a fost ștearsă' : 'au fost șterse'}), ca să nu rămână o predare pe jumătate.`
        : 'Nu a fost scrisă nicio listă.';
  // writeOutputFile could not take back the failed list itself (its folder's fsync failed, then its removal)
  const failedStays = isStationError(err) && err.details.left === true;
  const stays = failedStays ? ` Lista „${path.basename(failed)}” a rămas totuși în dosar și nu a putut fi ștearsă: ștergeți-o înainte de a relua.` : '';
  return new StationError(code, `${what}. ${kept}${stays} Verificați discul și dosarul, apoi reluați.`,
    { file: failed, errno, removed: written.filter((f) => !left.includes(f)), left: failedStays ? [...left, failed] : left }, { cause: err });
}

/** The folders `makeDir` made for `dir` (from `dir` up to `made`), each removed only while empty. */
async function removeMadeDirs(dir: string, made: string | undefined): Promise<void> {
  if (made === undefined) return;
  const top = path.resolve(made);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false))) return; // not empty (or not ours to remove): kept, and the ones above it too
    if (d === top || path.dirname(d) === d) return;
  }
}

/** Anything under that name, a link leading nowhere included (the list would not be placed over it either). */
async function occupied(file: string): Promise<boolean> {
  return lstat(file).then(() => true, () => false);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
