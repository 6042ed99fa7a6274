/**
 * `station separators --borderou <file.csv> --out separators.pdf [--patch-t] [--ignore-invalid]`:
 * one A4 separator sheet per borderou document, in borderou order.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { describeCsv, formatCsvProblems } from '../borderou/format-csv-problems.ts';
import { readBorderouFile } from '../borderou/read-borderou-file.ts';
import { buildSeparatorsPdf } from '../separators/build-separators-pdf.ts';
import { outputExistsError, writeOutputFile } from '../fs/atomic-write.ts';
import { existsSync } from 'node:fs';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';

export const SEPARATORS_OPTIONS = {
  borderou: { type: 'string', short: 'b' },
  out: { type: 'string', short: 'o' },
  'patch-t': { type: 'boolean' },
  'ignore-invalid': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SEPARATORS_USAGE = `Utilizare: station separators --borderou <borderou.csv> --out <separatoare.pdf> [opțiuni]
  --borderou FIȘIER    borderoul CSV (numar_inregistrare, structura; opțional nr_file, data, observatii)
  --out FIȘIER         PDF-ul de tipărit: o foaie A4 pentru fiecare document, în ordinea borderoului
  --patch-t            adaugă pe fiecare foaie și codul Patch T (pentru scanerele care îl citesc)
  --ignore-invalid     tipărește și când borderoul are rânduri greșite (acestea rămân fără separator)
`;

export async function separatorsCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCliArgs(argv, SEPARATORS_OPTIONS, false);
    if (values.help) {
      io.stdout.write(SEPARATORS_USAGE);
      return 0;
    }
    if (positionals.length > 0 || !values.borderou || !values.out) {
      throw new StationError('USAGE', `Lipsește --borderou sau --out.\n${SEPARATORS_USAGE}`);
    }
    const cwd = io.cwd ?? process.cwd();
    const borderouFile = path.resolve(cwd, values.borderou);
    const outFile = path.resolve(cwd, values.out);
    if (existsSync(outFile)) throw outputExistsError(outFile); // like split: nothing is ever overwritten

    const csv = await readBorderouFile(borderouFile);
    io.stderr.write(formatCsvProblems(csv));
    if (csv.errors.length > 0 && !values['ignore-invalid']) {
      io.stderr.write(
        `Separatoarele NU au fost tipărite: corectați rândurile greșite din borderou sau folosiți --ignore-invalid ` +
          `(documentele de pe rândurile greșite rămân atunci fără separator).\n`,
      );
      return 1;
    }

    const { bytes } = await buildSeparatorsPdf(csv.entries, { patchT: Boolean(values['patch-t']) });
    await mkdir(path.dirname(outFile), { recursive: true });
    await writeOutputFile(outFile, bytes);
    io.stdout.write(
      `Am scris ${countRo(csv.entries.length, 'foaie separator', 'foi separator')} în ${outFile} ` +
        `(borderou ${describeCsv(csv)}${values['patch-t'] ? ', cu Patch T' : ''}).\n`,
    );
    if (csv.errors.length > 0) io.stderr.write(`Atenție: ${countRo(csv.errors.length, 'rând', 'rânduri')} din borderou fără separator.\n`);
    return 0;
  } catch (err) {
    return reportError(err, io, false);
  }
}
