/**
 * «Salvează corecturile»: applies the clerk's corrections to a finished batch. Only the PDFs of
 * documents that changed are written (each to a temporary name, then renamed in); the files they
 * replace move to `versiuni/v<N>/` (never deleted); then the new summary.json (version N+1, the
 * list of corrections) is written atomically; then, in one journal transaction, the corrections,
 * the pages' new fates, the batch's summary and the corrected report for the outbox.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import type { SplitSummary, SummaryDocument, SummaryPageColour } from '../../../shared/src/split-summary.ts';
import { summaryDocumentAt } from '../../../shared/src/summary-document.ts';
import { loadBorderou } from '../borderou/load-borderou.ts';
import type { StationContext } from '../cli/station-context.ts';
import { createBatchListing, type JournalPage } from '../journal/batch-listing.ts';
import type { PageFateName } from '../journal/batch-journal.ts';
import { PdfImageWriter } from '../pdf/pdf-image-writer.ts';
import { storedImage } from '../pdf/storage-encode.ts';
import type { DecodedPage, EmbedImage } from '../pipeline/page-types.ts';
import { decodePage } from '../pipeline/stages/decode.ts';
import { readPages } from '../pipeline/stages/read-pages.ts';
import { reconcileSummary } from '../pipeline/stages/reconcile.ts';
import { batchReportFrom } from '../report/batch-report.ts';
import { PRODUCER } from '../split/document-sink.ts';
import { FileNameAllocator } from '../split/file-names.ts';
import { checkLayout, documentAt, layoutOf, type Layout, type Rotation } from './batch-layout.ts';
import { applyCorrection, describeCorrection, type Correction } from './corrections.ts';
import { commitCorrections, finishPendingCorrections } from './commit-corrections.ts';

export type CorrectedSummary = SplitSummary & {
  version?: number;
  corrections?: { version: number; type: string; what: string; at: string; detail: Correction }[];
  removedByClerk?: { seq: number; page: string }[];
  rotations?: Record<number, Rotation>;
};

export interface ReviewState {
  summary: CorrectedSummary;
  pages: JournalPage[];
  layout: Layout;
}

export async function loadReviewState(station: StationContext, batchId: string): Promise<ReviewState> {
  const row = station.journal.get(batchId);
  if (!row) throw new StationError('BATCH_NOT_FOUND', `Lotul ${batchId} nu există în jurnalul stației.`);
  if (row.status !== 'completed') throw new StationError('CONFLICT', `Lotul ${batchId} nu este încheiat; corecturile se fac după încheierea lui.`);
  await finishPendingCorrections(station, row.outDir); // a save a crash interrupted is finished first
  const file = path.join(row.outDir, 'summary.json');
  const text = await readFile(file, 'utf8').catch(() => row.summaryJson);
  if (!text) throw new StationError('BATCH_NOT_FOUND', `Rezumatul lotului ${batchId} lipsește.`);
  const summary = parsedSummary(text, batchId, file);
  const pages = createBatchListing(station.db).pages(batchId);
  return { summary, pages, layout: layoutOf(summary, pages) };
}

/**
 * The batch's summary from its text; a damaged one (edited by hand, cut short) is INPUT_CORRUPT naming
 * the file: never the journal's copy instead, which is the batch's first version, not its corrected one.
 */
function parsedSummary(text: string, batchId: string, file: string): CorrectedSummary {
  let summary: CorrectedSummary | null = null;
  try {
    summary = JSON.parse(text) as CorrectedSummary;
  } catch {
    // said below
  }
  if (!summary || typeof summary !== 'object' || summary.batchId !== batchId || !Array.isArray(summary.documents)) {
    throw new StationError('INPUT_CORRUPT', `Rezumatul lotului ${batchId} („${file}”) este deteriorat și nu poate fi citit, așa că lotul nu poate fi corectat. Anunțați administratorul stației.`, { file });
  }
  return summary;
}

/** Replays the corrections on the saved layout (also what undo and the preview use). */
export function replay(state: ReviewState, corrections: Correction[], idRule: RegExp): Layout {
  let l = state.layout;
  for (const c of corrections) l = applyCorrection(l, c, idRule);
  checkLayout(l, state.summary.pagesIn);
  return l;
}

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A page as the batch stored it (summary.json's pageColour): made gray or black and white again from
 * its scan, one generation as at the first writing; a page stored as the scan's own image (or a
 * batch from before storage modes) is the scan's image again.
 */
async function asStored(page: DecodedPage, was: SummaryPageColour | undefined, jpegQuality: number): Promise<EmbedImage> {
  if (!was?.stored || was.stored === 'original') return page.embed;
  const storage = was.stored === 'bitonal' ? 'auto-bitonal' : 'auto';
  return (await storedImage({ ...page, colour: { decision: 'gray' } }, { storage, jpegQuality })).embed;
}

async function writePdf(target: string, seqs: number[], byseq: Map<number, JournalPage>, l: Layout, title: string, station: StationContext, stored: Map<number, SummaryPageColour>): Promise<{ sha256: string; bytes: number }> {
  const { cfg } = station;
  const writer = await PdfImageWriter.create(target);
  try {
    for (const seq of seqs) {
      const ref = byseq.get(seq)!;
      let k = 0;
      for await (const raw of readPages([ref.path])) {
        if (k++ !== ref.pageInFile) continue;
        const page = await decodePage(raw, { jpegQuality: cfg.jpegQuality, lossless: cfg.lossless, assumedDpi: cfg.assumedDpi });
        await writer.addPage(await asStored(page, stored.get(seq), cfg.jpegQuality), page.dpiX, page.dpiY, ((page.rotation + (l.rotations[seq] ?? 0)) % 360) as Rotation);
        break;
      }
    }
    return await writer.finish({ title, producer: PRODUCER, creationDate: new Date() });
  } catch (err) {
    await writer.abort().catch(() => {});
    throw err;
  }
}

export async function saveCorrections(station: StationContext, batchId: string, corrections: Correction[], idRule: RegExp, hooks: { afterStep?: (step: string) => void } = {}): Promise<CorrectedSummary> {
  if (corrections.length === 0) throw new StationError('VALIDATION_FAILED', 'Nu există nicio corectură de salvat.', { field: 'correction' });
  const state = await loadReviewState(station, batchId);
  const { summary: old, pages } = state;
  const row = station.journal.get(batchId)!;
  const outDir = row.outDir;
  const at = new Date().toISOString();
  const oldVersion = old.version ?? 1;
  const version = oldVersion + 1;
  // replay, describing each step against the layout it applies to
  let l = state.layout;
  const described: NonNullable<CorrectedSummary['corrections']> = [];
  for (const c of corrections) {
    described.push({ version, type: c.type, what: describeCorrection(c, l), at, detail: c });
    l = applyCorrection(l, c, idRule);
  }
  checkLayout(l, old.pagesIn);

  const byseq = new Map(pages.map((p) => [p.seq, p]));
  // each page keeps the form the batch's storage mode gave it
  const stored = new Map((old.pageColour ?? []).map((p) => [p.seq, p]));
  const oldRot = old.rotations ?? {};
  const rotChanged = (seqs: number[]) => seqs.some((s) => (oldRot[s] ?? 0) !== (l.rotations[s] ?? 0));
  const affected = l.documents.filter((d) => !d.original || d.original.id !== d.id || !sameList(d.original.pages, d.pages) || rotChanged(d.pages));
  const kept = l.documents.filter((d) => !affected.includes(d));
  const names = new FileNameAllocator(['summary.json', 'unassigned.pdf', ...kept.map((d) => d.original!.file).filter((f): f is string => Boolean(f))]);
  const duplex = old.options.duplex;
  const sheetOf = (seq: number) => (duplex ? Math.floor(seq / 2) : seq);
  // leaves of paper: the document's pages and the blank sides scanned inside it
  const sheetsOf = (seqs: number[], docKey: string | null) => {
    const blanks = docKey === null ? [] : l.blanks.filter((b) => documentAt(l, b.seq)?.key === docKey).map((b) => b.seq);
    return new Set([...seqs, ...blanks].map(sheetOf)).size;
  };

  const temps: { tmp: string; final: string }[] = [];
  const tmpName = (final: string) => path.join(outDir, `.${final}.${randomBytes(4).toString('hex')}.tmp`);
  const documents: SummaryDocument[] = [];
  try {
    for (const d of l.documents) {
      // a document of the batch keeps how it began (a part the clerk split off began by the clerk: no startedBy)
      const startedBy = summaryDocumentAt(old.documents, d.key)?.startedBy;
      const base = { id: d.id, pages: d.pages.length, separatorSeq: d.separatorSeq, flags: [...d.flags], ...(startedBy ? { startedBy } : {}) };
      if (!affected.includes(d)) {
        const o = old.documents.find((x) => x.file === d.original!.file && x.id === d.original!.id)!;
        documents.push({ ...o, flags: [...d.flags] });
        continue;
      }
      if (d.pages.length === 0) {
        documents.push({ ...base, file: null, sheets: 0, sha256: null, flags: [...base.flags, 'empty'] });
        continue;
      }
      const final = names.allocate(d.id);
      const tmp = tmpName(final);
      temps.push({ tmp, final });
      const res = await writePdf(tmp, d.pages, byseq, l, d.id, station, stored);
      documents.push({ ...base, file: final, sheets: sheetsOf(d.pages, d.key), sha256: res.sha256, bytes: res.bytes });
    }
    let unassigned = old.unassigned;
    const oldUnassigned = pages.filter((p) => p.fate === 'unassigned').map((p) => p.seq).filter((s) => !(old.removedByClerk ?? []).some((r) => r.seq === s));
    if (!sameList(oldUnassigned, l.unassigned) || rotChanged(l.unassigned)) {
      unassigned = null;
      if (l.unassigned.length > 0) {
        const tmp = tmpName('unassigned.pdf');
        temps.push({ tmp, final: 'unassigned.pdf' });
        const res = await writePdf(tmp, l.unassigned, byseq, l, 'Pagini nerepartizate', station, stored);
        unassigned = { file: 'unassigned.pdf', pages: l.unassigned.length, sheets: sheetsOf(l.unassigned, null), sha256: res.sha256 };
      }
    }
    const counts = new Map<string, number>();
    for (const d of documents) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    for (const d of documents) if ((counts.get(d.id) ?? 0) > 1 && !d.flags.includes('duplicate')) d.flags.push('duplicate');

    const oldSeparators = new Map(old.separators.map((s) => [s.seq, s]));
    let summary: CorrectedSummary = {
      ...old,
      reconciliation: undefined,
      borderou: undefined,
      warnings: old.warnings.filter((w) => w.code !== 'BORDEROU_MISMATCH'),
      separatorPages: l.separators.length,
      blankPages: l.blanks.length,
      documents,
      unassigned,
      removedBlanks: old.removedBlanks.filter((b) => l.blanks.some((x) => x.seq === b.seq)),
      separators: l.separators.flatMap((seq) => {
        const s = oldSeparators.get(seq);
        if (s) return [s];
        const opened = l.documents.find((d) => d.separatorSeq === seq);
        return opened ? [{ seq, page: byseq.get(seq)?.label ?? '', value: opened.id, format: 'operator' }] : [];
      }),
      removedByClerk: l.removed.map((seq) => ({ seq, page: byseq.get(seq)?.label ?? '' })),
      rotations: l.rotations,
      version,
      corrections: [...(old.corrections ?? []), ...described],
    };
    const borderouFile = old.borderou?.file;
    if (borderouFile) summary = reconcileSummary(summary, await loadBorderou(borderouFile));
    const kept2 = summary.documents.reduce((n, d) => n + d.pages, 0) + (summary.unassigned?.pages ?? 0);
    if (summary.pagesIn !== summary.separatorPages + summary.blankPages + kept2 + l.removed.length) {
      throw new StationError('INTERNAL', 'Numărul paginilor nu se potrivește după corecturi; nimic nu a fost salvat.');
    }

    // the files replaced move aside (never deleted), then the new ones come in, then the summary
    // and the journal — written down first, so a crash in between is finished on the next opening
    const superseded = [...affected.map((d) => d.original?.file), ...(unassigned !== old.unassigned ? [old.unassigned?.file] : [])].filter((f): f is string => Boolean(f));
    const aside = path.join(outDir, 'versiuni', `v${oldVersion}`);
    const fate = (seq: number, f: PageFateName, documentId: string | null) => {
      const p = byseq.get(seq)!;
      return { seq, path: p.path, pageInFile: p.pageInFile, fate: f, documentId };
    };
    const renames = temps.map((t): [string, string] => [t.tmp, path.join(outDir, t.final)]);
    temps.length = 0; // from here on the temporary files belong to the commit (kept for a crash)
    await commitCorrections(station, {
      batchId, version, outDir,
      moves: [...new Set(superseded)].map((f): [string, string] => [path.join(outDir, f), path.join(aside, f)]),
      renames,
      summary,
      corrections: described.map((c) => ({ kind: c.type, what: c.what, detail: c.detail, at: c.at })),
      fates: [
        ...l.documents.flatMap((d) => d.pages.map((seq) => fate(seq, 'document', d.id))),
        ...l.unassigned.map((seq) => fate(seq, 'unassigned', null)),
        ...l.separators.map((seq) => fate(seq, 'separator', null)),
        ...l.blanks.map((b) => fate(b.seq, 'blank', null)),
      ],
      report: batchReportFrom(summary, station.stationName),
    }, hooks.afterStep);
    station.log.info({ batchId, version, corrections: described.length }, 'batch corrected');
    return summary;
  } finally {
    for (const t of temps) await rm(t.tmp, { force: true });
  }
}
