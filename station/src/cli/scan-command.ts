/**
 * `station scan`: drives a scanner and splits while it feeds. Same split options and the same
 * summary.json as `station split`; `--resume <batch>` continues a paused or interrupted batch.
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../config.ts';
import type { BatchChoices } from '../batch/batch-config.ts';
import type { ColorMode, ScanSource } from '../drivers/driver.ts';
import { createDriver, defaultDriverName } from '../drivers/registry.ts';
import { createConsumedFilesLedger } from '../journal/consumed-files-ledger.ts';
import { jsonLinesProgress, terminalProgress } from '../progress/progress-reporter.ts';
import { PAUSING_CODES, runScanSession, workDirOf, type ScanBatchSettings } from '../scan/scan-session.ts';
import { completePageFiles } from '../scan/page-files.ts';
import { refuseOtherChoices, resumeSettings, type SavedScanRequest } from '../scan/resume-settings.ts';
import { collectFolderWarnings } from '../scan/folder-warnings.ts';
import { listenForEndKey } from '../scan/end-key.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.ts';
import { formatSummary, reconciliationText } from './format-summary.ts';
import { SPLIT_OPTIONS, cliConfigOverrides, splitRequestFrom } from './split-command.ts';
import { deliveryRo } from '../report/delivery-words.ts';
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
  'idle-stop': { type: 'string' },
} as const;

export const SCAN_USAGE = `Utilizare: station scan --device <scaner> --out <dosar> [opțiuni]
  --driver sane|wia|escl|folder   (implicit: sane pe Linux, wia pe Windows; escl: scanerele de rețea din „escl.scanners”)
  --device ID                scanerul (vezi „station devices”); pentru folder: dosarul urmărit
  --source adf|adf-duplex|flatbed   (implicit adf; adf-duplex implică --duplex)
  --resolution 300           rezoluția în dpi
  --mode gray|color|lineart  modul de culoare (implicit gray)
  --option nume=valoare      o opțiune proprie scanerului; se poate repeta
  --resume LOT               continuă un lot întrerupt (după blocaj, Ctrl+C sau oprire)
  --idle-stop SECUNDE        (dosar urmărit) încheie lotul după atâtea secunde fără niciun fișier nou;
                             pe un terminal, lotul se încheie oricând cu tasta S sau Enter
  plus opțiunile lui „station split” (--duplex, --separator, --separation, --remove-blank, --keep-blank,
  --borderou, --borderou-from-registry, --json, …)
Ctrl+C oprește scanarea: paginile scanate rămân, lotul trece în pauză (continuați cu --resume).
Cod de ieșire: 0 lot încheiat, 3 lot în pauză (blocaj, capac deschis…; continuați cu --resume),
130 oprit cu Ctrl+C (lot în pauză), 1 eroare, 2 comandă greșită.
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
    const cfg = loadConfig({ file: values.config, env, cwd, overrides: cliConfigOverrides(values) });
    const station = openStationContext(cfg);
    const interrupt = listenForInterrupt();
    try {
      const resume = values.resume;
      let batch: ScanBatchSettings;
      let saved: SavedScanRequest = {};
      let savedDriver: string | undefined;
      if (resume) {
        // the same station logic as the web's «Continuă scanarea»: the batch as the journal kept it
        const settings = resumeSettings(station.journal.get(resume), resume);
        refuseOtherChoices(settings, { separation: values.separation as BatchChoices['separation'], storage: values.storage as BatchChoices['storage'] });
        batch = settings.batch;
        saved = settings.request;
        savedDriver = settings.driver;
      } else {
        const source = (values.source ?? 'adf') as ScanSource;
        if (!SOURCES.includes(source)) throw new StationError('USAGE', `Sursa „${values.source}” nu există; folosiți adf, adf-duplex sau flatbed.`);
        // a borderou from the registry is taken by the session, after the batch's other checks
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
      const options = values.option ? parseOptions(values.option) : (saved.options ?? {});
      if (values['idle-stop'] !== undefined) {
        if (driverName !== 'folder') throw new StationError('USAGE', '--idle-stop este doar pentru dosarul urmărit (--driver folder): un scaner își încheie singur lotul când se golește alimentatorul.');
        const seconds = Number(values['idle-stop']);
        if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400) throw new StationError('USAGE', '--idle-stop trebuie să fie un număr de secunde între 1 și 86400.');
        options['idle-ms'] = String(Math.round(seconds * 1000));
      }
      const progress = json ? jsonLinesProgress(io.stdout) : terminalProgress(io.stdout);
      const folderWarnings = collectFolderWarnings((w) => progress.emit({ event: 'warning', ...w }));
      const driver = await createDriver(driverName, {
        env, dataDir: cfg.dataDir, log: station.log, ledger: createConsumedFilesLedger(station.db), folder: cfg.folder, escl: cfg.escl,
        onFolderEvent: (e) => {
          if (e.type === 'watching') progress.emit({ event: 'watching', folder: e.folder });
          folderWarnings.onFolderEvent(e);
        },
      });
      const interactive = !json && Boolean(process.stdin.isTTY);
      const ending = new AbortController();
      const stopKeys = driverName === 'folder' && interactive
        ? listenForEndKey(process.stdin, { onEnd: () => ending.abort(), onInterrupt: () => interrupt.trigger('SIGINT') })
        : () => {};
      if (driverName === 'folder' && interactive) io.stdout.write('Apăsați S sau Enter pentru a încheia lotul (Ctrl+C îl pune în pauză).\n');
      let summary;
      try {
        summary = await runScanSession(station, {
          driver,
          request: { device, source, resolution, mode, options },
          batch,
          resume: Boolean(resume),
          progress,
          waitForClerk: interactive ? () => askToContinue(io) : undefined,
          signal: interrupt.signal,
          endSignal: ending.signal,
          warnings: folderWarnings.warnings,
          onBorderou: (note) => !json && io.stderr.write(`${note}\n`),
        });
      } catch (err) {
        if (!interrupt.received || !isStationError(err, 'CANCELLED')) throw err;
        progress.flush();
        const kept = (await completePageFiles(workDirOf(cfg.dataDir, batch.batchId))).length;
        const resumeCmd = `station scan --resume ${batch.batchId}`;
        const message = `Oprit (Ctrl+C): scanarea s-a oprit. Imaginile scanate până acum (${kept}) sunt păstrate; lotul ${batch.batchId} este în pauză și nimic nu a fost scris încă în „${batch.outDir}”. Continuați cu: ${resumeCmd}`;
        if (json) progress.emit({ event: 'interrupted', batchId: batch.batchId, status: 'paused', message, resume: resumeCmd });
        else io.stderr.write(`${message}\n`);
        return EXIT_INTERRUPTED;
      } finally {
        stopKeys();
      }
      progress.flush();
      const delivery = await deliverNow(station);
      if (!json) io.stdout.write(`${formatSummary(summary, batch.outDir)}${reconciliationText(summary, io)}${deliveryRo(delivery, 'cli')}\n`);
      return 0;
    } finally {
      interrupt.dispose();
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
  // the prompt reads the terminal in raw mode: Ctrl-C arrives here, not as SIGINT; it means «stop»
  const ac = new AbortController();
  rl.on('SIGINT', () => ac.abort());
  try {
    const answer = await rl.question('Apăsați Enter pentru a continua scanarea sau scrieți „s” și Enter pentru a opri (lotul rămâne în pauză): ', { signal: ac.signal });
    return answer.trim().toLowerCase().startsWith('s') ? 'stop' : 'continue';
  } catch (err) {
    if (ac.signal.aborted) return 'stop';
    throw err;
  } finally {
    rl.close();
  }
}
