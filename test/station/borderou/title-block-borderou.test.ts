/**
 * The station given a borderou exported with a title block above the table (the header on line 9):
 * `station separators` prints its sheets; a wrong header under the block is refused naming the file,
 * the line and the delimiter the table uses, and nothing is written.
 */
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBorderouFile } from '../../../station/src/borderou/read-borderou-file.ts';
import { separatorsCommand } from '../../../station/src/cli/separators-command.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { exportTable, titleBlock, utf8Bom, windows1250 } from '../../support/borderou-export.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { collectIo } from '../cli/collect-io.ts';

const run = promisify(execFile);
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => { ({ dir: root, cleanup } = await makeTempDir('title-block-')); });
afterAll(async () => { await cleanup?.(); });

const MISNAMED = 'Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.';

describe('station separators --borderou with a title block above the table', () => {
  it('Windows-1250 with `;`: one sheet per document, the title lines named as ignored', async () => {
    const dir = path.join(root, 'good');
    const c = collectIo(root);
    await writeFile(path.join(root, 'borderou 27.09.csv'), windows1250([...titleBlock(';', true), ...exportTable(';')]));
    expect(await separatorsCommand(['--borderou', 'borderou 27.09.csv', '--out', path.join(dir, 'sep.pdf')], c.io)).toBe(0);
    expect(c.out()).toContain('Am scris 2 foi separator');
    expect(c.out()).toContain('Windows-1250, separator „;”');
    expect(c.err()).toBe([
      'Observații la citirea borderoului: 7',
      ...[1, 2, 3, 4, 6, 7].map((line) => `  linia ${line}: rând de titlu deasupra antetului, ignorat`),
      '  linia 9: coloane necunoscute, ignorate: Nr. crt., Petent',
      '',
    ].join('\n'));
    const text = (await run('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'sep.pdf'), '-'])).stdout;
    expect(text).toContain('84512/27.09.2021');
    expect(text).toContain('Serviciul Stare Civilă');
    expect(text).not.toContain('Popescu');
  });

  it('UTF-8 with a BOM and `,`, «Compartiment» for «Structura»: refused naming the file and line 9, no PDF', async () => {
    const dir = path.join(root, 'misnamed');
    const file = path.join(root, 'borderou-virgula.csv');
    await writeFile(file, utf8Bom([...titleBlock(',', false), ...exportTable(',', 'Compartiment')]));
    const c = collectIo(root);
    expect(await separatorsCommand(['--borderou', 'borderou-virgula.csv', '--out', path.join(dir, 'sep.pdf')], c.io)).toBe(1);
    expect(c.err()).toBe(`Eroare [CSV_INVALID]: Borderoul ${file}: ${MISNAMED}\n`);
    expect(await readdir(dir).catch(() => [])).toEqual([]);

    const err = await readBorderouFile(file).catch((e: unknown) => e);
    expect(isStationError(err, 'CSV_INVALID')).toBe(true);
    expect((err as { details: unknown }).details).toEqual({ reason: 'missing-column', missing: ['structura'], delimiter: ',', line: 9, file });
  });
});
