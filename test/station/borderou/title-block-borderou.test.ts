/**
 * The station given a borderou exported with a title block above the table (the header on line 9):
 * `station separators` prints its sheets; a wrong header under the block is refused naming the file,
 * the line and the delimiter the table uses, and nothing is written. In the web app over real HTTP the
 * file is named as the clerk picked it, never by the station's copy, and nothing is kept.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBorderouFile } from '../../../station/src/borderou/read-borderou-file.ts';
import { separatorsCommand } from '../../../station/src/cli/separators-command.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { exportTable, titleBlock, utf8Bom, windows1250 } from '../../support/borderou-export.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { pdfinfo } from '../../support/pdf-tools.ts';
import { postJson, type RunningUi, startUi } from '../../support/ui-harness.ts';
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

  it('an empty file and one with no rows: the file is the sentence\'s subject, «Borderoul» said once', async () => {
    for (const [name, bytes, said] of [
      ['gol.csv', new Uint8Array(0), 'este gol (0 octeți).'],
      ['fara-randuri.csv', utf8Bom(['', '  ', '']), 'nu conține niciun rând.'],
    ] as const) {
      const file = path.join(root, name);
      await writeFile(file, bytes);
      const c = collectIo(root);
      expect(await separatorsCommand(['--borderou', name, '--out', path.join(root, `${name}.pdf`)], c.io)).toBe(1);
      // old code: «Borderoul …/gol.csv: Borderoul CSV este gol (0 octeți).»
      expect(c.err()).toBe(`Eroare [CSV_INVALID]: Borderoul ${file} ${said}\n`);
    }
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

describe('the station web app and a borderou with a title block, picked by the clerk', () => {
  let ui: RunningUi;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(root, 'data');
    ui = await startUi(dataDir);
  });
  afterAll(async () => { await ui?.close(); });
  const post = (url: string, body: unknown) => postJson(ui, url, body);
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const kept = async () => [...await readdir(path.join(dataDir, 'tmp')).catch(() => []), ...await readdir(path.join(dataDir, 'batches')).catch(() => [])];

  it('separator sheets from the Windows-1250 export: one page per document', async () => {
    const res = await post('/api/separators', { borderouCsv: base64(windows1250([...titleBlock(';', true), ...exportTable(';')])), borderouName: 'borderou 27.09.csv' });
    expect(res.status).toBe(200);
    const pdf = path.join(root, 'web-sep.pdf');
    await writeFile(pdf, res.bytes);
    expect(Number((await pdfinfo(pdf)).Pages)).toBe(2);
    expect(await kept()).toEqual([]);
  });

  it('separator sheets and a batch from the misnamed `,` export: 400 naming the file as picked and line 9, nothing kept', async () => {
    const borderouCsv = base64(utf8Bom([...titleBlock(',', false), ...exportTable(',', 'Compartiment')]));
    const sheets = await post('/api/separators', { borderouCsv, borderouName: 'borderou 28.09.csv' });
    expect(sheets.status).toBe(400);
    expect(JSON.parse(sheets.body).error).toMatchObject({ code: 'CSV_INVALID', message: `Borderoul „borderou 28.09.csv”: ${MISNAMED}` });

    const folder = path.join(root, 'scanate');
    await mkdir(folder, { recursive: true });
    const batch = await post('/api/scan', { driver: 'files', device: folder, separators: [], borderouCsv, borderouName: 'borderou 28.09.csv' });
    expect(batch.status).toBe(400);
    expect(JSON.parse(batch.body).error).toMatchObject({ code: 'CSV_INVALID', message: `Borderoul „borderou 28.09.csv”: ${MISNAMED}` });
    expect(ui.runner.state().state).toBe('idle');
    expect(await kept()).toEqual([]);
  });

  it('a row of documents above the header: a bad row, named with the file as picked', async () => {
    const borderouCsv = base64(utf8Bom(['Borderou 29.09.2021;;', '500/29.09.2021;Direcția Urbanism;2', 'Număr înregistrare;Structura;Nr. file', '501/29.09.2021;Cabinet Primar;1']));
    const res = await post('/api/separators', { borderouCsv, borderouName: 'zi.csv' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe([
      'Borderoul „zi.csv” are rânduri greșite; corectați-le și reluați.',
      'Rânduri greșite în borderou: 1',
      '  linia 2: rând de date deasupra antetului de pe linia 3; rândurile de date trebuie să stea sub antet',
      'Observații la citirea borderoului: 1',
      '  linia 1: rând de titlu deasupra antetului, ignorat',
    ].join('\n'));
    expect(await kept()).toEqual([]);
  });
});
