/**
 * A Word document (or a PDF) given where the station expects the borderou CSV: refused with
 * NOT_A_BORDEROU, naming the file and saying what it is, and nothing made or kept. On the command
 * line (`station separators --borderou`), and in the web app over real HTTP (a batch started with a
 * picked file; separator sheets printed from one), where the file is named as the clerk picked it.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separatorsCommand } from '../../../station/src/cli/separators-command.ts';
import { pdfDocument, wordDocx } from '../../support/office-files.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { postJson, type RunningUi, startUi } from '../../support/ui-harness.ts';
import { collectIo } from '../cli/collect-io.ts';

const EXPECTED = 'nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.';

let root: string;
let cleanup: () => Promise<void>;
let docx: Buffer;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('not-borderou-'));
  docx = await wordDocx('Borderou 27.09.2021');
});
afterAll(async () => { await cleanup?.(); });

describe('station separators --borderou with a Word document', () => {
  it('NOT_A_BORDEROU naming the file, and no PDF written', async () => {
    const dir = path.join(root, 'cli');
    await mkdir(dir);
    await writeFile(path.join(dir, 'borderou.xlsx'), docx); // the name says Excel; the bytes say Word
    const c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'borderou.xlsx', '--out', 'sep.pdf'], c.io)).toBe(1);
    expect(c.err()).toBe(`Eroare [NOT_A_BORDEROU]: „${path.join(dir, 'borderou.xlsx')}” este un document Word, ${EXPECTED}\n`);
    expect(await readdir(dir)).toEqual(['borderou.xlsx']);
  });
});

describe('the station web app and a picked Word document or PDF', () => {
  let ui: RunningUi;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(root, 'data');
    ui = await startUi(dataDir);
  });
  afterAll(async () => { await ui?.close(); });
  const post = (url: string, body: unknown) => postJson(ui, url, body);

  it('a batch started with it: 415 NOT_A_BORDEROU naming it as picked, no batch, nothing kept', async () => {
    const folder = path.join(root, 'scanate');
    await mkdir(folder, { recursive: true });
    const res = await post('/api/scan', {
      driver: 'files', device: folder, separators: [], borderouCsv: docx.toString('base64'), borderouName: 'cerere Popescu.docx',
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'NOT_A_BORDEROU', message: `„cerere Popescu.docx” este un document Word, ${EXPECTED}` });
    expect(await readdir(path.join(dataDir, 'batches')).catch(() => [])).toEqual([]);
    expect(ui.runner.state().state).toBe('idle');
  });

  it('separator sheets printed from a PDF: 415 naming it, no sheets', async () => {
    const pdf = await pdfDocument();
    const res = await post('/api/separators', { borderouCsv: pdf.toString('base64'), borderouName: 'scanare.pdf' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'NOT_A_BORDEROU', message: `„scanare.pdf” este un document PDF, ${EXPECTED}` });
    expect(await readdir(path.join(dataDir, 'tmp')).catch(() => [])).toEqual([]);
  });
});
