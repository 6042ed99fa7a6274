/**
 * `station handover --batch <summary.json | batch id> --out <dir> [--borderou file.csv] [--date zz.ll.aaaa]`:
 * one printable «Borderou de predare» PDF per department. A batch id is looked up in the station's
 * journal: the batch must be finished, and its summary.json is read from its output folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { isValidBatchId } from './batch-id.ts';
import { openStationContext } from './station-context.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { isCalendarDate } from '../../../shared/src/registration-number.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { localDay } from '../../../shared/src/local-day.ts';
import { describeCsv, formatCsvProblems } from '../borderou/format-csv-problems.ts';
import { UNASSIGNED_TITLE } from '../handover/handover-groups.ts';
import { writeHandoverLists } from '../handover/write-handover-lists.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';

export const HANDOVER_OPTIONS = {
  batch: { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string', short: 'o' },
  borderou: { type: 'string', short: 'b' },
  date: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const HANDOVER_USAGE = `Utilizare: station handover --batch <summary.json | lot> --out <dosar> [opțiuni]
  --batch FIȘIER|LOT   rezumatul lotului (summary.json scris de „station split”/„scan”) sau numărul lotului
  --out DOSAR          unde se scriu PDF-urile, câte unul pe structură
  --borderou FIȘIER    borderoul CSV (implicit cel din rezumat, dacă există)
  --date ZZ.LL.AAAA    data predării (implicit azi)
`;

export async function handoverCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCliArgs(argv, HANDOVER_OPTIONS, false);
    if (values.help) {
      io.stdout.write(HANDOVER_USAGE);
      return 0;
    }
    if (positionals.length > 0 || !values.batch || !values.out) throw new StationError('USAGE', `Lipsește --batch sau --out.\n${HANDOVER_USAGE}`);
    const cwd = io.cwd ?? process.cwd();
    const result = await writeHandoverLists({
      summaryFile: resolveBatchSummary(values.batch, cwd, io, values.config),
      outDir: path.resolve(cwd, values.out),
      borderouFile: values.borderou ? path.resolve(cwd, values.borderou) : null,
      date: values.date ? parseDateOption(values.date) : localDay(),
    });
    if (result.csv) {
      io.stderr.write(formatCsvProblems(result.csv));
      if (result.csv.errors.length > 0) {
        io.stderr.write(`Atenție: documentele de pe rândurile greșite ale borderoului apar la «${UNASSIGNED_TITLE}».\n`);
      }
    }
    for (const w of result.warnings) io.stderr.write(/^ATENȚIE/u.test(w) ? `${w}\n` : `Atenție: ${w}\n`);

    const lines = result.files.map(({ file, list }) => {
      const t = list.totals;
      return `  ${path.basename(file)}  ${list.department ?? UNASSIGNED_TITLE}: ${countRo(t.documents, 'document', 'documente')}, ${countRo(t.sheets, 'filă', 'file')}, ${countRo(t.pages, 'pagină', 'pagini')}`;
    });
    const from = result.csv ? ` (borderou ${describeCsv(result.csv)})` : result.source === 'summary-reconciliation' ? ' (structurile din rezumatul lotului)' : '';
    io.stdout.write(`Am scris ${countRo(result.files.length, 'borderou de predare', 'borderouri de predare')} în ${path.resolve(cwd, values.out)}${from}:\n${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    return reportError(err, io, false);
  }
}

/** A path to a summary.json, or a batch id whose summary the journal knows where to find. */
function resolveBatchSummary(arg: string, cwd: string, io: CliIo, configFile: string | undefined): string {
  const asPath = path.resolve(cwd, arg);
  if (existsSync(asPath) || !isValidBatchId(arg)) return asPath;
  const station = openStationContext(loadConfig({ file: configFile, env: io.env, cwd }));
  try {
    const row = station.journal.get(arg);
    if (!row) throw new StationError('BATCH_NOT_FOUND', `Lotul ${arg} nu există în jurnalul stației (și nici un fișier cu acest nume).`, { batchId: arg });
    if (row.status !== 'completed') {
      throw new StationError('USAGE', `Lotul ${arg} nu este încheiat (stare: ${row.status}); terminați-l întâi (station scan --resume ${arg}).`, { batchId: arg, status: row.status });
    }
    const file = path.join(row.outDir, 'summary.json');
    if (!existsSync(file)) throw new StationError('INPUT_NOT_FOUND', `Rezumatul lotului ${arg} nu mai este în ${row.outDir} (dosarul a fost mutat sau șters?). Dați calea către summary.json.`, { batchId: arg, file });
    return file;
  } finally {
    station.close();
  }
}

function parseDateOption(text: string): string {
  const ro = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const [y, m, d] = ro ? [Number(ro[3]), Number(ro[2]), Number(ro[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [0, 0, 0];
  if (!isCalendarDate(y, m, d)) throw new StationError('USAGE', `Data „${text}” nu este validă (zz.ll.aaaa).`);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
