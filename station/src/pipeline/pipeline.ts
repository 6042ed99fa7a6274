/**
 * The page pipeline, as one explicit list of named stages.
 *   per page  (concurrent, order kept): read → decode → colour-check → blank-check → barcode
 *   per batch (in scan order):          split → pdf-write → summary (→ reconcile, report: see callers)
 * Stages never delete inputs and never queue work of their own.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { makeSeparatorRule } from '../barcode/separator-rule.ts';
import { createLocalEngine } from '../barcode/barcode-engine.ts';
import { DEFAULT_LOCATOR } from '../barcode/barcode-locator.ts';
import type { StationConfig } from '../config.ts';
import { DocumentSink } from '../split/document-sink.ts';
import { OutputStaging } from '../split/output-staging.ts';
import { Splitter } from '../split/splitter.ts';
import { orderedMap } from './ordered-map.ts';
import type { AnalyzedPage, DecodedPage } from './page-types.ts';
import { readSeparator, type BarcodePage, type BarcodeSettings } from './stages/barcode.ts';
import { checkBlank, type BlankSettings } from './stages/blank-check.ts';
import { checkColour } from './stages/colour-check.ts';
import { decodePage, measurePage, type DecodeSettings, type PreviewLooker } from './stages/decode.ts';
import { namingPage } from './page-error.ts';
import { PixelBudget } from './pixel-budget.ts';
import { PageWorkers, type PageWorkersOptions } from './page-workers.ts';
import { readPages, type PageInput, type RawPage } from './stages/read-pages.ts';
import { reconcileSummary } from './stages/reconcile.ts';
import type { LoadedBorderou } from '../borderou/load-borderou.ts';

export const PAGE_STAGES = ['read', 'decode', 'colour-check', 'blank-check', 'barcode'] as const;
export const BATCH_STAGES = ['split', 'pdf-write', 'reconcile', 'summary'] as const;
export type StageName = (typeof PAGE_STAGES)[number] | (typeof BATCH_STAGES)[number];

export interface PageContext {
  decode: DecodeSettings;
  blank: BlankSettings;
  barcode: BarcodeSettings;
  timings?: Map<StageName, number>;
  /** Sees each decoded page once (the web app's thumbnails come from its preview: no second decode). */
  onDecoded?: (page: DecodedPage) => void | Promise<void>;
  /** Decoded samples all pages in flight share (memory of the whole pipeline, not of one page); one per batch run when absent. */
  pixels?: PixelBudget;
  /**
   * The worker threads of a page's pixel work: the preview measures (colour, gray of a colour preview,
   * ink) with the first barcode look in one request, and the barcode reads (`barcode.engine` is this
   * pool too). Absent: everything in the calling thread.
   */
  workers?: PageWorkers;
}

/** `log`: where a page worker that cannot start is logged; `signal`: Ctrl-C while they start (CANCELLED, none left running). */
export async function makePageContext(cfg: StationConfig, genericSeparators: readonly string[], o: Pick<PageWorkersOptions, 'log' | 'signal'> = {}): Promise<PageContext> {
  // the rule first: a pattern that does not compile must not leave worker threads behind
  const rule = makeSeparatorRule(cfg.separatorPattern, [...cfg.genericSeparators, ...genericSeparators]);
  // one pool for the preview work and the barcode reads (0 barcode workers: both in the calling thread)
  const workers = cfg.barcodeWorkers > 0 ? await PageWorkers.start(cfg.barcodeWorkers, o) : undefined;
  return {
    ...(workers ? { workers } : {}),
    decode: { jpegQuality: cfg.jpegQuality, lossless: cfg.lossless, assumedDpi: cfg.assumedDpi },
    blank: cfg.blank,
    barcode: {
      engine: workers ?? (await createLocalEngine()),
      rule,
      formats: cfg.barcodeFormats as BarcodeSettings['formats'],
      locator: DEFAULT_LOCATOR,
      // the ink beside a separator's symbol decides only `separation: auto` (sheet or label): not measured otherwise
      ...(cfg.separation === 'auto' ? { ink: cfg.blank } : {}),
    },
  };
}

/** Releases what the context holds (the page worker threads). */
export async function closePageContext(ctx: PageContext): Promise<void> {
  await Promise.all([ctx.barcode.engine.close(), ctx.workers !== ctx.barcode.engine ? ctx.workers?.close() : undefined]);
}

/**
 * Where the decode stage sends a page's preview: to the workers, which measure it and take the
 * barcode stage's first look at it in the same request. The look's time is counted in stage «barcode».
 */
function lookerOf(ctx: PageContext, label: string): PreviewLooker | undefined {
  const workers = ctx.workers;
  if (!workers) return undefined;
  const b = ctx.barcode;
  return {
    ink: ctx.blank,
    measure: async (input, at) => {
      const m = await workers.measure(input, label, { formats: b.formats, locator: b.locator, separator: b.rule, maxInkRatio: ctx.blank.maxInkRatio, ...at });
      if (ctx.timings && m.lookMs !== undefined) {
        ctx.timings.set('decode', (ctx.timings.get('decode') ?? 0) - m.lookMs);
        ctx.timings.set('barcode', (ctx.timings.get('barcode') ?? 0) + m.lookMs);
      }
      return m;
    },
  };
}

async function timed<T>(ctx: PageContext, name: StageName, fn: () => Promise<T>): Promise<T> {
  if (!ctx.timings) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    ctx.timings.set(name, (ctx.timings.get(name) ?? 0) + performance.now() - t0);
  }
}

/** The per-page stages, in order. */
export async function analyzePage(raw: RawPage, ctx: PageContext): Promise<BarcodePage> {
  // the header alone first: a page too large is refused unread, the others wait for their share of memory
  const size = await timed(ctx, 'decode', () => measurePage(raw));
  return (ctx.pixels ??= new PixelBudget()).run(size.width * size.height * size.channels, async () => {
    try {
      const decoded = await timed(ctx, 'decode', () => decodePage(raw, ctx.decode, lookerOf(ctx, raw.label)));
      await ctx.onDecoded?.(decoded);
      const coloured = await timed(ctx, 'colour-check', async () => checkColour(decoded));
      const checked = await timed(ctx, 'blank-check', () => checkBlank(coloured, ctx.blank));
      return await timed(ctx, 'barcode', () => readSeparator(checked, ctx.barcode));
    } catch (err) {
      // a preview too large for the kernels' memory, met in this thread: the page named, as the workers' pool does
      throw namingPage(raw.label, err);
    }
  });
}

export interface BatchOptions {
  batchId: string;
  outDir: string;
  duplex: boolean;
  removeBlank: boolean;
  genericSeparators: string[];
  concurrency: number;
  signal?: AbortSignal;
  /** Called for every page once its fate is known, in scan order. */
  onPage?: (page: AnalyzedPage, fate: 'document' | 'unassigned' | 'separator' | 'blank', doc: string | null) => void;
  onDocument?: (doc: { id: string; pages: number; file: string | null }) => void;
  /** The borderou to check the batch against (stage «reconcile»). */
  borderou?: LoadedBorderou | null;
  /** Called once per input file after it is read (path, SHA-256, pages in it). */
  onFile?: (file: string, sha256: string, pages: number) => void | Promise<void>;
  /** Warnings found before the pages (e.g. files left out of an input folder), put first in the summary. */
  inputWarnings?: { code: string; message: string }[];
}

/**
 * Said once a batch when page work ran in the calling thread because a page worker could not start
 * (not for work it took while a worker restarted after a crash: the batch went on as usual).
 */
function workersMissed(ctx: PageContext, before: number): { code: string; message: string }[] {
  if ((ctx.workers?.ranHereNotStarted ?? 0) <= before) return [];
  return [{ code: 'PAGE_WORKERS_UNAVAILABLE', message: 'Prelucrarea paginilor în paralel nu a putut porni: lotul a fost prelucrat mai încet, cu același rezultat. Dacă se repetă, anunțați administratorul stației.' }];
}

/** Runs the whole batch: pages from `files`, documents into `outDir`, returns the summary. */
export async function runBatch(files: AsyncIterable<PageInput> | Iterable<PageInput>, ctx: PageContext, cfg: StationConfig, opts: BatchOptions): Promise<SplitSummary> {
  // stopped before it began (Ctrl-C while the workers started): the listener below would never hear it
  if (opts.signal?.aborted) throw new StationError('CANCELLED', 'Lotul a fost anulat.');
  const startedAt = new Date();
  const hereBefore = ctx.workers?.ranHereNotStarted ?? 0;
  const staging = await OutputStaging.prepare(opts.outDir, opts.batchId);
  const sink = new DocumentSink(staging, undefined, { storage: cfg.storage, jpegQuality: cfg.jpegQuality });
  const splitter = new Splitter<AnalyzedPage>({ duplex: opts.duplex, removeBlank: opts.removeBlank, batchId: opts.batchId, separation: cfg.separation });
  const inputs: string[] = [];
  const notes: { code: string; message: string; seq?: number }[] = [];
  const handle = async (events: ReturnType<typeof splitter.end>) => {
    for (const ev of events) {
      await timed(ctx, 'pdf-write', () => sink.handle(ev));
      if (ev.type === 'keep') opts.onPage?.(ev.page, ev.doc.kind === 'unassigned' ? 'unassigned' : 'document', ev.doc.kind === 'unassigned' ? null : ev.doc.id);
      if (ev.type === 'drop') opts.onPage?.(ev.page, ev.fate, ev.doc?.id ?? null);
      if (ev.type === 'close' && ev.doc.kind !== 'unassigned') opts.onDocument?.({ id: ev.doc.id, pages: ev.pages, file: sink.documents.at(-1)?.file ?? null });
    }
  };
  // a stopped batch (Ctrl-C, «Oprește») ends the work in flight in the workers too: a hung one cannot keep it waiting
  const stop = () => ctx.workers?.cancel();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    // stopped while the output folder was prepared (before the listener was there to hear it)
    if (opts.signal?.aborted) throw new StationError('CANCELLED', 'Lotul a fost anulat.');
    const fileList = (async function* () {
      for await (const f of files) {
        inputs.push(typeof f === 'string' ? f : f.file);
        yield f;
      }
    })();
    // `separation: auto` decides by the ink beside a separator's symbol: measured under this batch's config even when the context was made under another
    const pageCtx = cfg.separation === 'auto' && !ctx.barcode.ink ? { ...ctx, barcode: { ...ctx.barcode, ink: cfg.blank } } : ctx;
    const pages = orderedMap(readPages(fileList, { onFile: opts.onFile }), opts.concurrency, (raw) => analyzePage(raw, pageCtx));
    for await (const page of pages) {
      if (opts.signal?.aborted) throw new StationError('CANCELLED', 'Lotul a fost anulat.');
      notes.push(...page.notes.map((n) => ({ ...n, seq: page.seq })));
      await handle(await timed(ctx, 'split', async () => splitter.push(page)));
    }
    await handle(splitter.end());
    sink.finishFlags();
    let summary: SplitSummary = {
      batchId: opts.batchId,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      ...sink.totals,
      documents: sink.documents,
      unassigned: sink.unassigned,
      warnings: [...(opts.inputWarnings ?? []), ...notes, ...sink.warnings, ...workersMissed(ctx, hereBefore)],
      removedBlanks: sink.removedBlanks,
      separators: sink.separators,
      options: { duplex: opts.duplex, removeBlank: opts.removeBlank, genericSeparators: opts.genericSeparators, separatorPattern: cfg.separatorPattern, separation: cfg.separation, storage: cfg.storage },
      pageColour: sink.pageColour,
      inputs,
    };
    if (opts.borderou) {
      const b = opts.borderou;
      summary = await timed(ctx, 'reconcile', async () => reconcileSummary(summary, b));
    }
    assertAccounting(summary);
    await timed(ctx, 'summary', () => staging.commit(`${JSON.stringify(summary, null, 2)}\n`));
    return summary;
  } catch (err) {
    await sink.abort();
    await staging.abort();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}

/** pagesIn == separatorPages + blankPages + Σ document pages + unassigned pages, always. */
export function assertAccounting(s: SplitSummary): void {
  const kept = s.documents.reduce((n, d) => n + d.pages, 0) + (s.unassigned?.pages ?? 0);
  if (s.pagesIn !== s.separatorPages + s.blankPages + kept) {
    throw new StationError('INTERNAL', 'Numărul paginilor nu se potrivește; lotul nu a fost salvat.', { pagesIn: s.pagesIn, separatorPages: s.separatorPages, blankPages: s.blankPages, kept });
  }
}
