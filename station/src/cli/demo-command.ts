/**
 * `station demo`: the main job on embedded defaults, with no scanner and no server. Generates a
 * realistic scanned batch (duplex, separator sheets, blank backs with dust and bleed-through, a
 * page before the first separator) and splits it exactly as `station split` would, then checks
 * the result against the batch's known truth.
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { findScenario, SCENARIOS } from '../../../fixtures/lib/scenarios.ts';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { generateBatch } from '../../../fixtures/lib/write-batch.ts';
import { loadConfig } from '../config.ts';
import { newBatchId } from './batch-id.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { formatSummary } from './format-summary.ts';
import { executeSplit } from './split-command.ts';
import { openStationContext } from './station-context.ts';

export const DEMO_SCENARIO = 'duplex-blank-backs';

/** Differences between a split summary and the batch's truth (empty when all is right). */
export function compareWithTruth(s: SplitSummary, t: Truth): string[] {
  const problems: string[] = [];
  const check = (what: string, got: number, want: number) => got !== want && problems.push(`${what}: ${got} în loc de ${want}`);
  check('imagini citite', s.pagesIn, t.totals.pagesIn);
  check('pagini separator', s.separatorPages, t.totals.separatorPages);
  check('pagini albe', s.blankPages, t.totals.blankPages);
  check('documente', s.documents.length, t.documents.length);
  check('pagini nerepartizate', s.unassigned?.pages ?? 0, t.totals.unassignedPages);
  t.documents.forEach((d, i) => {
    const got = s.documents[i];
    if (!got) return;
    if (d.id !== null && got.id !== d.id) problems.push(`documentul ${i + 1}: ${got.id} în loc de ${d.id}`);
    if (got.pages !== d.pages.length) problems.push(`documentul ${got.id}: ${got.pages} pagini în loc de ${d.pages.length}`);
    if (got.sheets !== d.sheets) problems.push(`documentul ${got.id}: ${got.sheets} file în loc de ${d.sheets}`);
  });
  return problems;
}

export const DEMO_USAGE = `Utilizare: station demo [opțiuni]
  --out DOSAR          unde se pun lotul generat și documentele (implicit demo/<lot>)
  --scenario NUME      lotul de probă (implicit ${DEMO_SCENARIO})
  --dpi 100|150|200|300  rezoluția imaginilor generate (implicit 200)
  --config FIȘIER      fișierul de configurare (implicit station.config.json)
  --json               rezultatul ca JSON pe ieșirea standard
Lotul de probă are jurnalul lui, în <dosar>/date-statie: nu intră în coada stației
și nu este trimis niciodată la serverul registraturii.
`;

/** The demo's own station data folder: its batch never enters the real journal or outbox. */
export function demoDataDir(root: string): string {
  return path.join(root, 'date-statie');
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  const interrupt = listenForInterrupt(); // Ctrl-C while the batch is generated stops at the split
  try {
    const { values } = parseCliArgs(argv, { out: { type: 'string' }, scenario: { type: 'string' }, dpi: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, false);
    if (values.help) {
      io.stdout.write(DEMO_USAGE);
      return 0;
    }
    json = Boolean(values.json);
    const cwd = io.cwd ?? process.cwd();
    const name = values.scenario ?? DEMO_SCENARIO;
    if (!SCENARIOS.some((s) => s.name === name)) throw new StationError('USAGE', `Scenariul „${name}” nu există. Scenarii: ${SCENARIOS.map((s) => s.name).join(', ')}.`);
    const dpi = Number(values.dpi ?? 200);
    if (![100, 150, 200, 300].includes(dpi)) throw new StationError('USAGE', 'Rezoluția demonstrației poate fi 100, 150, 200 sau 300 dpi.');
    const batchId = newBatchId();
    const root = path.resolve(cwd, values.out ?? path.join('demo', batchId));
    if ((await readdir(root).catch(() => [])).length > 0) throw new StationError('OUTPUT_NOT_EMPTY', `Dosarul „${root}” nu este gol.`);
    const scanDir = path.join(root, 'scanare');
    await mkdir(scanDir, { recursive: true });
    const log = (line: string) => !json && io.stdout.write(`${line}\n`);
    log(`Se generează un lot scanat de probă („${name}”, ${dpi} dpi) în ${scanDir} …`);
    const truth = await generateBatch(findScenario(name).build({ dpi, jpegQuality: 85 }), scanDir);
    // the scanner's folder holds pages only; the truth the result is checked against sits beside it
    await rename(path.join(scanDir, 'truth.json'), path.join(root, 'truth.json'));
    log(`${truth.totals.pagesIn} imagini, ${truth.documents.length} documente. Se împarte lotul …\n`);
    // a demonstration batch is not a real one: its own journal, no server, never reported
    const real = loadConfig({ file: values.config, env: io.env, cwd });
    // a label or patch scenario is split the way its truth says (`--separation`)
    const cfg = { ...real, dataDir: demoDataDir(root), server: { url: null, token: null, stationName: '' }, separation: truth.options.separation ?? real.separation };
    const station = openStationContext(cfg);
    try {
      const req = {
        inputs: [scanDir],
        outDir: path.join(root, 'documente'),
        duplex: truth.options.duplex,
        removeBlank: truth.options.removeBlank,
        genericSeparators: truth.options.separators,
        batchId,
      };
      let summary: SplitSummary;
      try {
        summary = await executeSplit(req, station, cwd, interrupt.signal);
      } catch (err) {
        if (!interrupt.received || !isStationError(err, 'CANCELLED')) throw err;
        io.stderr.write(`Oprit (Ctrl+C): demonstrația a fost anulată; lotul generat a rămas în ${scanDir}.\n`);
        return EXIT_INTERRUPTED;
      }
      const problems = compareWithTruth(summary, truth);
      if (json) io.stdout.write(`${JSON.stringify({ summary, truthMatches: problems.length === 0, problems })}\n`);
      else {
        io.stdout.write(formatSummary(summary, req.outDir));
        io.stdout.write(problems.length === 0 ? 'Verificare: rezultatul corespunde exact lotului generat.\n' : `Verificare: diferențe față de lotul generat:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
        io.stdout.write(`Lotul de probă nu se trimite la registratură (jurnalul lui: ${cfg.dataDir}).\n`);
      }
      return problems.length === 0 ? 0 : 1;
    } finally {
      station.close();
    }
  } catch (err) {
    return reportError(err, io, json);
  } finally {
    interrupt.dispose();
  }
}
