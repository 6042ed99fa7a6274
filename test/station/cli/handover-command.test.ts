import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { reconcile } from '../../../shared/src/reconciliation/reconcile.ts';
import { handoverCommand } from '../../../station/src/cli/handover-command.ts';
import { collectIo } from './collect-io.ts';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'handover-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BORDEROU = [
  'numar_inregistrare;structura;nr_file;observatii',
  '84512/27.09.2021;Direcția Relații cu Publicul;2;petent Ion Popescu',
  '84513/27.09.2021;Serviciul Stare Civilă;2;',
  '84514/27.09.2021;Serviciul Stare Civilă;1;',
  '84515/27.09.2021;Direcția Relații cu Publicul;6;',
].join('\r\n');

const doc = (id: string, pages: number, sheets: number, flags: string[] = []) => ({
  id,
  file: pages ? `${id.replace(/\//g, '_')}.pdf` : null,
  pages,
  sheets,
  sha256: pages ? 'x' : null,
  flags,
});
const DOCUMENTS = [doc('84512/27.09.2021', 4, 2), doc('84513/27.09.2021', 3, 3), doc('84514/27.09.2021', 0, 0, ['empty']), doc('99999/27.09.2021', 2, 1)];

async function summary(extra: Record<string, unknown> = {}, documents: unknown[] = DOCUMENTS): Promise<string> {
  const file = path.join(dir, 'lot', 'summary.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ batchId: '20210928-0930', pagesIn: 12, separatorPages: 4, blankPages: 0, documents, unassigned: null, warnings: [], ...extra }));
  return file;
}

async function text(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout;
}

describe('station handover', () => {
  it('writes one list per department from a Windows-1250 borderou, unassigned documents last', async () => {
    await summary();
    await writeFile(path.join(dir, 'b.csv'), iconv.encode(BORDEROU.replace(/ț/g, 'ţ').replace(/ș/g, 'ş'), 'windows-1250'));
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'predare', '--borderou', 'b.csv', '--date', '28.09.2021'], c.io)).toBe(0);
    expect(c.err()).toBe('');
    expect(c.out()).toContain('Am scris 3 borderouri de predare');
    expect(c.out()).toContain('Direcția Relații cu Publicul: 1 document, 2 file, 4 pagini');
    expect(await readdir(path.join(dir, 'predare'))).toEqual([
      'predare-2021-09-28-directia-relatii-cu-publicul.pdf',
      'predare-2021-09-28-nerepartizate.pdf',
      'predare-2021-09-28-serviciul-stare-civila.pdf',
    ]);
    const drp = await text(path.join(dir, 'predare/predare-2021-09-28-directia-relatii-cu-publicul.pdf'));
    expect(drp).toContain('Structura: Direcția Relații cu Publicul');
    expect(drp).toContain('Data predării: 28.09.2021');
    expect(drp).toMatch(/1\s+84512\/27\.09\.2021\s+2\s+4/);
    expect(drp).toContain('nescanate (nu se predau acum): 84515/27.09.2021');
    expect(drp).not.toContain('84513');
    expect(drp).not.toContain('Popescu');
    const ssc = await text(path.join(dir, 'predare/predare-2021-09-28-serviciul-stare-civila.pdf'));
    expect(ssc).toMatch(/84513\/27\.09\.2021\s+3\s+3\s+în borderou: 2 file/);
    expect(ssc).toContain('84514/27.09.2021'); // empty scan: listed as not handed over
    const none = await text(path.join(dir, 'predare/predare-2021-09-28-nerepartizate.pdf'));
    expect(none).toMatch(/99999\/27\.09\.2021\s+1\s+2\s+nu este în borderou/);
  });

  it('refuses to overwrite handover lists already in --out (like split) and writes none of them', async () => {
    await summary();
    await writeFile(path.join(dir, 'b.csv'), BORDEROU);
    await mkdir(path.join(dir, 'predare'));
    await writeFile(path.join(dir, 'predare', 'predare-2021-09-28-serviciul-stare-civila.pdf'), 'semnat de primitor');
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'predare', '--borderou', 'b.csv', '--date', '28.09.2021'], c.io)).toBe(1);
    expect(c.err()).toContain('Eroare [OUTPUT_NOT_EMPTY]: În dosarul');
    expect(c.err()).toContain('există deja „predare-2021-09-28-serviciul-stare-civila.pdf”');
    expect(await readdir(path.join(dir, 'predare'))).toEqual(['predare-2021-09-28-serviciul-stare-civila.pdf']);
    expect(await readFile(path.join(dir, 'predare', 'predare-2021-09-28-serviciul-stare-civila.pdf'), 'utf8')).toBe('semnat de primitor');
  });

  it('a number scanned twice is two rows of the list, each with its own sheets and pages', async () => {
    await summary({}, [doc('84512/27.09.2021', 4, 2), { ...doc('84512/27.09.2021', 2, 1, ['duplicate']), file: '84512_27.09.2021-2.pdf' }]);
    await writeFile(path.join(dir, 'b.csv'), BORDEROU);
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'predare', '--borderou', 'b.csv', '--date', '28.09.2021'], c.io)).toBe(0);
    const drp = await text(path.join(dir, 'predare/predare-2021-09-28-directia-relatii-cu-publicul.pdf'));
    expect(drp).toMatch(/1\s+84512\/27\.09\.2021\s+2\s+4\s+scanat de 2 ori: exemplarul 1 din\s+2 \(84512_27\.09\.2021\.pdf\)/);
    expect(drp).toMatch(/2\s+84512\/27\.09\.2021\s+1\s+2\s+în borderou: 2 file; scanat de 2\s+ori: exemplarul 2 din 2\s+\(84512_27\.09\.2021-2\.pdf\)/);
    expect(drp).toContain('Total: 2 documente, 3 file, 6 pagini');
  });

  it('uses the borderou named in summary.json, relative to it', async () => {
    const file = await summary({ borderou: '../b.csv' });
    await writeFile(path.join(dir, 'b.csv'), BORDEROU);
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', file, '--out', 'p', '--date', '2021-09-28'], c.io)).toBe(0);
    expect(c.out()).toContain('Serviciul Stare Civilă: 1 document, 3 file, 3 pagini');
  });

  it('uses the reconciliation stored in summary.json when there is no borderou file', async () => {
    const r = reconcile(parseBorderouCsv(new TextEncoder().encode(BORDEROU)).entries, DOCUMENTS);
    await summary({ reconciliation: JSON.parse(JSON.stringify(r)) });
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'p', '--date', '28.09.2021'], c.io)).toBe(0);
    expect(c.out()).toContain('(structurile din rezumatul lotului)');
    expect((await readdir(path.join(dir, 'p'))).length).toBe(3);
  });

  it('without any borderou everything is unassigned, and the clerk is told', async () => {
    await summary();
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'p', '--date', '28.09.2021'], c.io)).toBe(0);
    expect(c.err()).toContain('Fără borderou');
    expect(c.out()).toContain('Nerepartizate: 3 documente, 6 file, 9 pagini');
  });

  it('generic separators are assigned in order, with a loud warning when the counts differ', async () => {
    await summary({}, [doc('20210928-0930-001', 4, 2, ['generic']), doc('20210928-0930-002', 3, 3, ['generic'])]);
    await writeFile(path.join(dir, 'b.csv'), BORDEROU);
    const c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'p', '--borderou', 'b.csv', '--date', '28.09.2021'], c.io)).toBe(0);
    expect(c.err()).toMatch(/^ATENȚIE: separatoarele generice au delimitat 2 documente, dar borderoul are 4 intrări/m);
    expect(c.err()).not.toContain('Atenție: ATENȚIE');
    const ssc = await text(path.join(dir, 'p/predare-2021-09-28-serviciul-stare-civila.pdf'));
    expect(ssc).toMatch(/84513\/27\.09\.2021\s+3\s+3/);
  });

  it('reports bad usage, a bad date, and a batch with nothing to hand over', async () => {
    let c = collectIo(dir);
    expect(await handoverCommand(['--out', 'p'], c.io)).toBe(2);
    expect(c.err()).toContain('Lipsește --batch sau --out');

    await summary({}, [doc('1/01.10.2021', 0, 0, ['empty'])]);
    c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'p', '--date', '31.02.2021'], c.io)).toBe(2);
    expect(c.err()).toContain('Data „31.02.2021” nu este validă');

    c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'lot/summary.json', '--out', 'p'], c.io)).toBe(1);
    expect(c.err()).toContain('[INPUT_EMPTY]');

    c = collectIo(dir);
    expect(await handoverCommand(['--batch', 'nu-exista.json', '--out', 'p'], c.io)).toBe(1);
    expect(c.err()).toContain('[INPUT_NOT_FOUND]');
  });
});
