/**
 * `station scan`: drives a scanner and splits while it feeds. Same split options and the same
 * summary.json as `station split`; `--resume <batch>` continues a paused or interrupted batch.
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../config.ts';
import type { ColorMode, ScanSource } from '../drivers/driver.ts';
import { createDriver, defaultDriverName } from '../drivers/registry.ts';
import { createConsumedFilesLedger } from '../journal/consumed-files-ledger.ts';
import { jsonLinesProgress, terminalProgress } from '../progress/progress-reporter.ts';
import { PAUSING_CODES, runScanSession, type ScanBatchSettings } from '../scan/scan-session.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { formatSummary, reconciliationText } from './format-summary.ts';
import { SPLIT_OPTIONS, splitRequestFrom } from './split-command.ts';
import { deliverNow, openStationContext } from './station-context.ts';

const SCAN_OPTIONS = {
  ...SPLIT_OPTIONS,
  driver: { type: 'string' },
  device: { type: 'string', short: 'd' },
  source: { type: 'string' },
  resolution: { type: 'string' },
  mode: { type: 'string' },
  option: { type: 'string', multiple: true },
  resume: { type: 'string' },
} as const;

export const SCAN_USAGE = `Utilizare: station scan --device <scaner> --out <dosar> [opțiuni]
  --driver sane|wia|folder   (implicit: sane pe Linux, wia pe Windows)
  --device ID                scanerul (vezi „station devices”); pentru folder: dosarul urmărit
  --source adf|adf-duplex|flatbed   (implicit adf; adf-duplex implică --duplex)
  --resolution 300           rezoluția în dpi
  --mode gray|color|lineart  modul de culoare (implicit gray)
  --option nume=valoare      o opțiune proprie scanerului; se poate repeta
  --resume LOT               continuă un lot întrerupt (după blocaj sau oprire)
  plus opțiunile lui „station split” (--duplex, --separator, --remove-blank, --keep-blank, --json, …)
Cod de ieșire: 0 lot încheiat, 3 lot în pauză (blocaj, capac deschis…; continuați cu --resume),
1 eroare, 2 comandă greșită.
`;

const SOURCES: ScanSource[] = ['adf', 'adf-duplex', 'flatbed'];
const MODES: ColorMode[] = ['gray', 'color', 'lineart'];

function parseOptions(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new StationError('USAGE', `--option „${item}” trebuie să aibă forma nume=valoare.`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(SCAN_USAGE);
    return 0;
  }
  let json = argv.includes('--json') || !io.stdout.isTTY;
  try {
    const { values } = parseCliArgs(argv, SCAN_OPTIONS, false);
    json = Boolean(values.json) || !io.stdout.isTTY;
    const cwd = io.cwd ?? process.cwd();
    const env = io.env ?? process.env;
    const cfg = loadConfig({ file: values.config, env, cwd, overrides: values['separator-pattern'] ? { separatorPattern: values['separator-pattern'] } : undefined });
    const station = openStationContext(cfg);
    try {
      const resume = values.resume;
      let batch: ScanBatchSettings;
      let saved: Partial<{ device: string; source: ScanSource; resolution: number; mode: ColorMode; options: Record<string, string> }> = {};
      let savedDriver: string | undefined;
      if (resume) {
        const row = station.journal.get(resume);
        if (!row) throw new StationError('BATCH_NOT_FOUND', `Lotul ${resume} nu există în jurnalul stației.`);
        const o = row.options as { duplex: boolean; removeBlank: boolean; genericSeparators: string[]; driver?: string; request?: typeof saved };
        saved = o.request ?? {};
        savedDriver = o.driver;
        batch = { batchId: resume, outDir: row.outDir, duplex: o.duplex, removeBlank: o.removeBlank, genericSeparators: o.genericSeparators, borderouFile: (o as { borderouFile?: string }).borderouFile };
      } else {
        const source = (values.source ?? 'adf') as ScanSource;
        if (!SOURCES.includes(source)) throw new StationError('USAGE', `Sursa „${values.source}” nu există; folosiți adf, adf-duplex sau flatbed.`);
        const req = splitRequestFrom({ ...values, duplex: values.duplex || source === 'adf-duplex' }, [], SCAN_USAGE);
        batch = { ...req, outDir: path.resolve(cwd, req.outDir), borderouFile: req.borderou ? path.resolve(cwd, req.borderou) : undefined };
      }
      const source = (values.source ?? saved.source ?? 'adf') as ScanSource;
      const mode = (values.mode ?? saved.mode ?? 'gray') as ColorMode;
      if (!MODES.includes(mode)) throw new StationError('USAGE', `Modul „${values.mode}” nu există; folosiți gray, color sau lineart.`);
      const resolution = Number(values.resolution ?? saved.resolution ?? 300);
      if (!Number.isInteger(resolution) || resolution < 50 || resolution > 1200) throw new StationError('USAGE', 'Rezoluția trebuie să fie un număr întreg între 50 și 1200.');
      const device = values.device ?? saved.device;
      if (!device) throw new StationError('USAGE', `Lipsește --device.\n${SCAN_USAGE}`);
      const driverName = values.driver ?? savedDriver ?? defaultDriverName();
      const driver = await createDriver(driverName, { env, dataDir: cfg.dataDir, log: station.log, ledger: createConsumedFilesLedger(station.db), folder: cfg.folder });
      const progress = json ? jsonLinesProgress(io.stdout) : terminalProgress(io.stdout);
      const interactive = !json && Boolean(process.stdin.isTTY);
      const summary = await runScanSession(station, {
        driver,
        request: { device, source, resolution, mode, options: values.option ? parseOptions(values.option) : (saved.options ?? {}) },
        batch,
        resume: Boolean(resume),
        progress,
        waitForClerk: interactive ? () => askToContinue(io) : undefined,
      });
      progress.flush();
      const delivery = await deliverNow(station);
      if (!json) io.stdout.write(`${formatSummary(summary, batch.outDir)}${reconciliationText(summary, io)}${delivery.text}\n`);
      return 0;
    } finally {
      station.close();
    }
  } catch (err) {
    const code = reportError(err, io, json);
    // a scanner problem after the batch started leaves it paused in the journal: resumable
    return isStationError(err) && PAUSING_CODES.includes(err.code) ? EXIT_PAUSED : code;
  }
}

/** Exit code of `station scan` when the batch is paused (jam, cover open…) and can be resumed. */
export const EXIT_PAUSED = 3;

async function askToContinue(io: CliIo): Promise<'continue' | 'stop'> {
  const rl = createInterface({ input: process.stdin, output: io.stdout });
  try {
    const answer = await rl.question('Apăsați Enter pentru a continua scanarea sau scrieți „s” și Enter pentru a opri (lotul rămâne în pauză): ');
    return answer.trim().toLowerCase().startsWith('s') ? 'stop' : 'continue';
  } finally {
    rl.close();
  }
}
