/**
 * `station split <input>... --out <dir>`: splits scanned pages into one PDF per document.
 */
import path from 'node:path';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { loadConfig, type StationConfig } from '../config.ts';
import { expandInputsReporting } from '../inputs/expand-inputs.ts';
import { batchConfig } from '../batch/batch-config.ts';
import { runRecordedBatch } from '../batch/recorded-batch.ts';
import { summaryAlreadyCommitted } from '../batch/committed-summary.ts';
import { closePageContext, makePageContext, type PageContext } from '../pipeline/pipeline.ts';
import type { ProgressSink } from '../progress/progress-reporter.ts';
import { deliveryRo } from '../report/delivery-words.ts';
import { deliverNow, openStationContext, type StationContext } from './station-context.ts';
import { isValidBatchId, newBatchId } from './batch-id.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { formatSummary, reconciliationText } from './format-summary.ts';
import { loadBorderou } from '../borderou/load-borderou.ts';
import { registryDay, takeRegistryBorderou, type TakenBorderou } from '../borderou/batch-registry-borderou.ts';

/** `--borderou-from-registry ZI` (split and scan): the day's borderou taken from the registry server. */
const REGISTRY_OPTION = 'borderou-from-registry';

export const SPLIT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  duplex: { type: 'boolean' },
  'remove-blank': { type: 'boolean' },
  'keep-blank': { type: 'boolean' },
  separator: { type: 'string', multiple: true },
  'separator-pattern': { type: 'string' },
  separation: { type: 'string' },
  storage: { type: 'string' },
  'batch-id': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  borderou: { type: 'string' },
  'borderou-from-registry': { type: 'string' },
} as const;

export const SPLIT_USAGE = `Utilizare: station split <fișiere sau dosare>... --out <dosar> [opțiuni]
  --duplex                 imaginile vin față, verso, față, verso…
  --remove-blank           elimină paginile albe (implicit cu --duplex)
  --keep-blank             păstrează paginile albe
  --separator VALOARE      o valoare de separator generic (de ex. PATCHT); se poate repeta
  --separator-pattern RE   regula numerelor de înregistrare (implicit ^\\d{1,8}/\\d{2}\\.\\d{2}\\.\\d{4}$)
  --separation MOD         cum începe un document: sheet = foaie separator, scoasă (implicit);
                           label = prima pagină are eticheta de înregistrare, păstrată; auto = amândouă
  --storage MOD            cum se păstrează paginile: original = imaginile scanerului neatinse (implicit);
                           auto = paginile fără culoare (doar hârtie colorată, zgomot) în tonuri de gri;
                           auto-bitonal = în plus, paginile doar cu text, alb-negru (CCITT G4)
  --batch-id ID            identificatorul lotului (implicit din dată și oră)
  --config FIȘIER          fișierul de configurare (implicit station.config.json)
  --borderou FIȘIER.csv    verifică lotul față de borderou (lipsă, în plus, duplicate, goale, file)
  --borderou-from-registry ZI   la fel, cu borderoul zilei luat de pe serverul registraturii
                           (ZI: azi sau AAAA-LL-ZZ; serverul și tokenul din configurația stației)
  --json                   rezumatul ca JSON pe ieșirea standard
`;

/** The config keys the command line sets (validated by the config schema, like the file). */
export function cliConfigOverrides(values: Record<string, unknown>): Record<string, unknown> | undefined {
  const o: Record<string, unknown> = {};
  if (values['separator-pattern']) o.separatorPattern = values['separator-pattern'];
  if (values.separation !== undefined) o.separation = values.separation;
  if (values.storage !== undefined) o.storage = values.storage;
  return Object.keys(o).length > 0 ? o : undefined;
}

export interface SplitRequest {
  inputs: string[];
  outDir: string;
  duplex: boolean;
  removeBlank: boolean;
  genericSeparators: string[];
  batchId: string;
  borderou?: string;
  /** `--borderou-from-registry`, the scan page's «Borderoul zilei»: the day whose borderou is taken from the registry (instead of `borderou`), into the batch's folder after the local checks. */
  borderouRegistryDay?: string;
  /** Override the config's separation and storage for this batch (the web app's scan form). */
  separation?: StationConfig['separation'];
  storage?: StationConfig['storage'];
}

/** @param usage the calling command's usage text, shown when --out is missing */
export function splitRequestFrom(values: Record<string, unknown>, positionals: string[], usage = SPLIT_USAGE): SplitRequest {
  if (!values.out) throw new StationError('USAGE', `Lipsește --out.\n${usage}`);
  const batchId = (values['batch-id'] as string | undefined) ?? newBatchId();
  if (!isValidBatchId(batchId)) throw new StationError('USAGE', 'Identificatorul lotului poate conține doar litere, cifre, „-” și „_” (cel mult 64).');
  const duplex = Boolean(values.duplex);
  if (values['remove-blank'] && values['keep-blank']) throw new StationError('USAGE', '--remove-blank și --keep-blank nu pot fi folosite împreună.');
  const removeBlank = values['remove-blank'] ? true : values['keep-blank'] ? false : duplex;
  return {
    inputs: positionals, outDir: values.out as string, duplex, removeBlank, batchId,
    genericSeparators: (values.separator as string[] | undefined) ?? [],
    borderou: values.borderou as string | undefined,
    ...registryDayOf(values),
  };
}

function registryDayOf(values: Record<string, unknown>): { borderouRegistryDay?: string } {
  const day = values[REGISTRY_OPTION] as string | undefined;
  if (day === undefined) return {};
  if (values.borderou !== undefined) throw new StationError('USAGE', `--borderou și --${REGISTRY_OPTION} nu pot fi folosite împreună: alegeți fișierul CSV sau borderoul de la registratură.`);
  return { borderouRegistryDay: registryDay(day, `--${REGISTRY_OPTION}`, 'USAGE') };
}

/**
 * `live`: what the web app follows (the same events as `station scan --json`, and each decoded page
 * for thumbnails); `onBorderou`: the line about the registry's borderou, once taken.
 */
export async function executeSplit(req: SplitRequest, station: StationContext, cwd: string, signal?: AbortSignal, live: { progress?: ProgressSink; onDecoded?: PageContext['onDecoded']; onBorderou?: (note: string) => void } = {}): Promise<SplitSummary> {
  const cfg = batchConfig(station.cfg, req);
  const fromFile = req.borderou ? await loadBorderou(path.resolve(cwd, req.borderou)) : null;
  const { files, skipped } = await expandInputsReporting(req.inputs, cwd);
  const inputWarnings = skipped.map((s) => ({ code: 'INPUT_SKIPPED', message: s.message }));
  const ctx: PageContext = { ...(await makePageContext(cfg, req.genericSeparators, { log: station.log, ...(signal ? { signal } : {}) })), onDecoded: live.onDecoded };
  const outDir = path.resolve(cwd, req.outDir);
  let taken: TakenBorderou | null = null;
  try {
    // the registry's borderou last, after every local check; a batch that fails takes it back
    if (req.borderouRegistryDay) {
      taken = await takeRegistryBorderou(station, { day: req.borderouRegistryDay, batchId: req.batchId, outDir, signal });
      live.onBorderou?.(taken.note);
    }
    return await runRecordedBatch(files, ctx, cfg, { ...req, borderou: taken ?? fromFile, kind: 'split', outDir, concurrency: cfg.concurrency, inputWarnings, signal }, {
      journal: station.journal,
      outbox: station.outbox,
      stationName: station.stationName,
      log: station.log,
      progress: live.progress,
    });
  } catch (err) {
    // taken back unless the output is in place (a failure after summary.json, e.g. the journal's disk): it names the file
    if (taken && !(await summaryAlreadyCommitted(outDir, req.batchId))) await taken.discard();
    throw err;
  } finally {
    await closePageContext(ctx);
  }
}

export async function splitCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SPLIT_USAGE);
    return 0;
  }
  try {
    const { values, positionals } = parseCliArgs(argv, SPLIT_OPTIONS);
    json = Boolean(values.json);
    const cwd = io.cwd ?? process.cwd();
    const cfg = loadConfig({ file: values.config, env: io.env, cwd, overrides: cliConfigOverrides(values) });
    const req = splitRequestFrom(values, positionals);
    const station = openStationContext(cfg);
    const interrupt = listenForInterrupt();
    try {
      let summary: SplitSummary;
      try {
        summary = await executeSplit(req, station, cwd, interrupt.signal, { onBorderou: (note) => !json && io.stderr.write(`${note}\n`) });
      } catch (err) {
        if (!interrupt.received || !isStationError(err, 'CANCELLED')) throw err;
        // Ctrl-C: the batch is cancelled in the journal, its staging folder removed, --out untouched
        const message = `Oprit (Ctrl+C): împărțirea lotului ${req.batchId} a fost anulată. Nimic nu a fost scris în „${req.outDir}”, fișierele de intrare sunt neatinse; porniți din nou comanda când doriți.`;
        if (json) io.stdout.write(`${JSON.stringify({ event: 'interrupted', batchId: req.batchId, status: 'cancelled', message })}\n`);
        else io.stderr.write(`${message}\n`);
        return EXIT_INTERRUPTED;
      }
      const delivery = await deliverNow(station);
      if (json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else io.stdout.write(`${formatSummary(summary, req.outDir)}${reconciliationText(summary, io)}${deliveryRo(delivery, 'cli')}\n`);
      return 0;
    } finally {
      interrupt.dispose();
      station.close();
    }
  } catch (err) {
    return reportError(err, io, json);
  }
}
