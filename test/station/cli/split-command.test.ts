/**
 * `station split` as the clerk runs it: exit codes, Romanian messages, --json, the real binary,
 * hostile barcode values, and bad inputs that must leave --out exactly as it was.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { SKIPPED_FILE_ADVICE } from '../../../station/src/inputs/expand-inputs.ts';
import { contentPage, separatorPage, toJpeg, toPgm, toPng, toTiff, type BarcodeSpec } from '../../support/make-pages.ts';
import { readPdfMarks } from '../../support/pdf-tools.ts';
import { checkSummary, runSplit, runStationBinary, writeInputs } from '../../support/split-run.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
const DPI = 100; // the CLI's behaviour does not depend on resolution; big modules keep 100 dpi readable
const big = (b: BarcodeSpec): BarcodeSpec => ({ moduleMm: b.format === 'QRCode' || b.format === 'DataMatrix' ? 1.2 : 0.6, ...b });
const sepJpeg = async (b: BarcodeSpec) => new Uint8Array(await toJpeg(await separatorPage(DPI, big(b))));
const contentJpeg = async (mark: number, barcodes?: BarcodeSpec[]) => new Uint8Array(await toJpeg(await contentPage(DPI, mark, { barcodes: barcodes?.map(big) })));

let root: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('split-cli-')));
afterAll(() => cleanup());

/** A fresh case folder: `case/in` with the given files; the station's data folder lives elsewhere. */
async function newCase(files: [string, Uint8Array][]): Promise<{ dir: string; inDir: string; dataDir: string }> {
  const dir = path.join(root, `case${++n}`);
  const inDir = path.join(dir, 'in');
  await mkdir(inDir, { recursive: true });
  await writeInputs(inDir, files);
  return { dir, inDir, dataDir: path.join(root, `data${n}`) };
}

describe('station split: output on the terminal and as JSON', () => {
  let files: [string, Uint8Array][];
  beforeAll(async () => {
    files = [
      ['p1.jpg', await sepJpeg({ value: '84512/27.09.2021', format: 'Code128' })],
      ['p2.jpg', await contentJpeg(1)],
      ['p3.jpg', await contentJpeg(2)],
    ];
  });

  it('--json writes exactly the summary, one line, to stdout', async () => {
    const c = await newCase(files);
    const res = await runSplit(['in', '--out', 'out', '--json'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout.endsWith('\n')).toBe(true);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    const s = JSON.parse(res.stdout) as SplitSummary;
    expect(JSON.parse(await readFile(path.join(c.dir, 'out', 'summary.json'), 'utf8'))).toEqual(s);
    expect(s.documents.map((d) => [d.id, d.file, d.pages])).toEqual([['84512/27.09.2021', '84512_27.09.2021.pdf', 2]]);
    await checkSummary(path.join(c.dir, 'out'), s);
  });

  it('without --json prints a Romanian report for the clerk', async () => {
    const c = await newCase(files);
    const res = await runSplit([c.inDir, '-o', path.join(c.dir, 'out')], { cwd: root, dataDir: c.dataDir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Imagini citite:             3');
    expect(res.stdout).toContain('Pagini separator eliminate: 1');
    expect(res.stdout).toMatch(/84512\/27\.09\.2021\s+2\s+2\s+84512_27\.09\.2021\.pdf/);
    expect(() => JSON.parse(res.stdout)).toThrow();
  });
});

describe('station split: files left out of an input folder are named', () => {
  it('a text file beside the pages is not read, and the summary and the clerk are told so', async () => {
    const c = await newCase([
      ['p1.jpg', await sepJpeg({ value: '84512/27.09.2021', format: 'Code128' })],
      ['p2.jpg', await contentJpeg(1)],
      ['lista.txt', new TextEncoder().encode('lista de azi')],
    ]);
    const res = await runSplit(['in', '--out', 'out'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Fișierul „lista.txt” din dosarul „in” nu este o imagine sau un PDF și nu a fost citit. ${SKIPPED_FILE_ADVICE}`);
    const s = JSON.parse(await readFile(path.join(c.dir, 'out', 'summary.json'), 'utf8')) as SplitSummary;
    expect(s.warnings).toContainEqual({ code: 'INPUT_SKIPPED', message: `Fișierul „lista.txt” din dosarul „in” nu este o imagine sau un PDF și nu a fost citit. ${SKIPPED_FILE_ADVICE}` });
    expect(s.pagesIn).toBe(2);
  });
});

describe('the real binary: node bin/station.js split', () => {
  it('generic separators (--separator PATCHT, Code 39) give <batch>-001, <batch>-002 …', async () => {
    const c = await newCase([
      ['p1.jpg', await sepJpeg({ value: 'PATCHT', format: 'Code39' })],
      ['p2.jpg', await contentJpeg(1)],
      ['p3.jpg', await contentJpeg(2)],
      ['p4.jpg', await sepJpeg({ value: '9/03.10.2021', format: 'Code128' })],
      ['p5.jpg', await contentJpeg(3)],
      ['p6.jpg', await sepJpeg({ value: 'PATCHT', format: 'Code39' })],
      ['p7.jpg', await contentJpeg(4)],
      // the generic value only counts when given: a patch sheet for another value is content
      ['p8.jpg', await contentJpeg(5, [{ value: 'PATCH2', format: 'Code39', at: { x: 0.2, y: 0.8 } }])],
    ]);
    const res = await runStationBinary(['split', 'in', '--out', 'out', '--separator', 'PATCHT', '--batch-id', 'LOT7', '--json'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout) as SplitSummary;
    expect(s.documents.map((d) => ({ id: d.id, file: d.file, pages: d.pages, flags: d.flags }))).toEqual([
      { id: 'LOT7-001', file: 'LOT7-001.pdf', pages: 2, flags: ['generic'] },
      { id: '9/03.10.2021', file: '9_03.10.2021.pdf', pages: 1, flags: [] },
      { id: 'LOT7-002', file: 'LOT7-002.pdf', pages: 2, flags: ['generic'] },
    ]);
    expect(s.batchId).toBe('LOT7');
    expect(await readPdfMarks(path.join(c.dir, 'out', 'LOT7-002.pdf'))).toEqual([4, 5]);
    await checkSummary(path.join(c.dir, 'out'), s);
  });

  it('usage errors exit with 2 and a Romanian message on stderr', async () => {
    const res = await runStationBinary(['split', 'in'], { cwd: root, dataDir: path.join(root, 'data-usage') });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Lipsește --out');
    expect(res.stdout).toBe('');
  });
});

describe('hostile barcode values', () => {
  it('with --separator-pattern ^.*$, «../../x» and «CON» become safe files inside --out; control characters and huge values never separate', async () => {
    const c = await newCase([
      ['p1.jpg', await sepJpeg({ value: '../../x', format: 'QRCode' })],
      ['p2.jpg', await contentJpeg(1)],
      ['p3.jpg', await contentJpeg(2, [{ value: 'A\u0001B\u001b[2J', format: 'QRCode', at: { x: 0.6, y: 0.75 } }])],
      ['p4.jpg', await sepJpeg({ value: 'CON', format: 'QRCode' })],
      ['p5.jpg', await contentJpeg(3, [{ value: `${'9'.repeat(300)}`, format: 'QRCode', at: { x: 0.55, y: 0.7 }, moduleMm: 0.8 }])],
    ]);
    const res = await runSplit(['in', '--out', 'out', '--separator-pattern', '^.*$', '--json'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    const s = JSON.parse(res.stdout) as SplitSummary;
    expect(s.documents.map((d) => [d.id, d.file, d.pages])).toEqual([
      ['../../x', 'x.pdf', 2],
      ['CON', '_CON.pdf', 1],
    ]);
    // nothing was written anywhere but --out
    const everything = (await listTree(root))!;
    expect(everything.filter((p) => /(^|\/)(x|x\.pdf|CON|CON\.pdf)\/?$/i.test(p) && !p.startsWith(`case${n}/out/`))).toEqual([]);
    expect((await listTree(c.dir))!.filter((p) => !p.startsWith('in/'))).toEqual(['out/', 'out/_CON.pdf', 'out/summary.json', 'out/x.pdf']);
    expect(await readPdfMarks(path.join(c.dir, 'out', 'x.pdf'))).toEqual([1, 2]);
    const ignored = s.warnings.filter((w) => w.code === 'IGNORED_BARCODE');
    expect(ignored.map((w) => w.seq)).toEqual([2, 4]);
    expect(ignored[0]!.message).toContain('p3.jpg');
    expect(ignored[0]!.message).toContain('A\\u0001B\\u001b[2J'); // shown escaped, never raw
    expect(ignored[1]!.message).toContain('(300 caractere)');
    for (const w of s.warnings) expect(w.message).not.toMatch(/[\u0000-\u001f]/);
    await checkSummary(path.join(c.dir, 'out'), s);
  });
});

describe('bad input stops the job and leaves --out as it was', () => {
  let good: { sep: Uint8Array; c1: Uint8Array; c2: Uint8Array; jpeg: Uint8Array; png: Uint8Array };
  beforeAll(async () => {
    const page = await contentPage(DPI, 9);
    good = {
      sep: await sepJpeg({ value: '1/04.10.2021', format: 'Code128' }),
      c1: await contentJpeg(1),
      c2: await contentJpeg(2),
      jpeg: new Uint8Array(await toJpeg(page)),
      png: new Uint8Array(await toPng(page)),
    };
  });

  /** Corrupts the first IDAT chunk's data (the CRC no longer matches, the deflate stream breaks). */
  function flipIdat(png: Uint8Array): Uint8Array {
    const b = Buffer.from(png);
    const at = b.indexOf('IDAT', 8, 'latin1');
    for (let i = at + 4 + 20; i < at + 4 + 60; i++) b[i] = b[i]! ^ 0xff;
    return new Uint8Array(b);
  }

  async function multiPageTiff(dir: string): Promise<Uint8Array> {
    const parts: string[] = [];
    for (const mark of [11, 12, 13]) {
      const p = path.join(dir, `part${mark}.tif`);
      await writeFile(p, await toTiff(await contentPage(DPI, mark), 'none'));
      parts.push(p);
    }
    const multi = path.join(dir, 'multi.tif');
    await run('tiffcp', [...parts, multi]);
    return new Uint8Array(await readFile(multi));
  }

  const cases: { name: string; file: string; make: (work: string) => Promise<Uint8Array>; code: string; message: RegExp }[] = [
    { name: 'a zero-byte file', file: 'p3.jpg', make: async () => new Uint8Array(0), code: 'INPUT_EMPTY', message: /„p3\.jpg” este gol \(0 octeți\)/ },
    { name: 'a truncated JPEG (its first half)', file: 'p3.jpg', make: async () => good.jpeg.slice(0, good.jpeg.length >> 1), code: 'INPUT_CORRUPT', message: /p3\.jpg.*deteriorat/ },
    { name: 'a PNG with flipped bytes in IDAT', file: 'p3.png', make: async () => flipIdat(good.png), code: 'INPUT_CORRUPT', message: /p3\.png.*deteriorat/ },
    { name: 'a text file named .jpg', file: 'p3.jpg', make: async () => new Uint8Array(Buffer.from('Registratura generala\nLista documentelor predate\n')), code: 'INPUT_UNSUPPORTED', message: /„p3\.jpg” nu este o imagine/ },
    { name: 'a truncated PNM', file: 'p3.pnm', make: async () => new Uint8Array(toPgm(await contentPage(DPI, 3)).subarray(0, 50_000)), code: 'INPUT_CORRUPT', message: /p3\.pnm.*PNM.*deteriorat/ },
    { name: 'a half-written TIFF', file: 'p3.tif', make: async () => { const t = await toTiff(await contentPage(DPI, 3)); return new Uint8Array(t.subarray(0, t.length >> 1)); }, code: 'INPUT_CORRUPT', message: /p3\.tif.*deteriorat/ },
    { name: 'a truncated three-page TIFF (page 3 cut)', file: 'p3.tif', make: async (work) => { const t = await multiPageTiff(work); return t.slice(0, t.length - 20_000); }, code: 'INPUT_CORRUPT', message: /p3\.tif.*pagin(a|ii) 3/ },
  ];

  for (const tc of cases) {
    for (const outState of ['absent', 'empty'] as const) {
      it(`${tc.name}; --out ${outState === 'absent' ? 'absent (with parents to create)' : 'an existing empty folder'}`, async () => {
        const c = await newCase([]);
        const bad = await tc.make(c.dir);
        await writeInputs(c.inDir, [['p1.jpg', good.sep], ['p2.jpg', good.c1], [tc.file, bad], ['p4.jpg', good.c2]]);
        const out = outState === 'absent' ? path.join(c.dir, 'new', 'deeper', 'out') : path.join(c.dir, 'out');
        if (outState === 'empty') await mkdir(out);
        const before = await listTree(c.dir);
        const res = await runSplit(['in', '--out', path.relative(c.dir, out)], { cwd: c.dir, dataDir: c.dataDir });
        expect(res.code).toBe(1);
        expect(res.stdout).toBe('');
        expect(res.stderr).toMatch(new RegExp(`^Eroare \\[${tc.code}\\]: `));
        expect(res.stderr).toMatch(tc.message);
        expect(await listTree(c.dir)).toEqual(before);
      });
    }
  }

  it('--json reports the error as a JSON line on stdout', async () => {
    const c = await newCase([['p1.jpg', good.sep], ['p2.jpg', new Uint8Array(0)]]);
    const res = await runSplit(['in', '--out', 'out', '--json'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ event: 'error', code: 'INPUT_EMPTY', message: expect.stringContaining('p2.jpg') });
  });

  it('a non-empty --out is refused before anything is read', async () => {
    const c = await newCase([['p1.jpg', good.sep], ['p2.jpg', good.c1]]);
    await mkdir(path.join(c.dir, 'out'));
    await writeFile(path.join(c.dir, 'out', '84512_27.09.2021.pdf'), 'documentul de ieri');
    const before = await listTree(c.dir);
    const res = await runSplit(['in', '--out', 'out'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Eroare \[OUTPUT_NOT_EMPTY\]: Dosarul de ieșire „[^”]*out” nu este gol/);
    expect(await listTree(c.dir)).toEqual(before);
    expect(await readFile(path.join(c.dir, 'out', '84512_27.09.2021.pdf'), 'utf8')).toBe('documentul de ieri');
  });

  it('a missing input names what was typed', async () => {
    const c = await newCase([]);
    const res = await runSplit(['in/lipsa.jpg', '--out', 'out'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Eroare [INPUT_NOT_FOUND]: Intrarea „in/lipsa.jpg” nu există.');
    expect(await listTree(c.dir)).toEqual(['in/']);
  });
});

describe('command-line usage', () => {
  it.each([
    [['in'], /Lipsește --out/],
    [['in', '--out', 'o', '--bogus'], /Opțiunea --bogus nu există/],
    [['in', '--out'], /nu are valoare/],
    [['in', '--out', 'o', '--remove-blank', '--keep-blank'], /nu pot fi folosite împreună/],
    [['in', '--out', 'o', '--batch-id', '../x'], /Identificatorul lotului/],
    [['in', '--out', 'o', '--separator-pattern', '('], /separatorPattern nu este o expresie regulată validă/],
    [['in', '--out', 'o', '--separation', 'etichete'], /separation trebuie să fie „sheet” \(foi separator\), „label” \(etichete de înregistrare\) sau „auto”/],
  ])('%j', async (args, message) => {
    const res = await runSplit(args, { cwd: root, dataDir: path.join(root, 'data-usage') });
    expect(res.code).toBeGreaterThan(0);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });

  it('--help prints the options and exits 0', async () => {
    const res = await runSplit(['--help'], { cwd: root, dataDir: path.join(root, 'data-usage') });
    expect(res.code).toBe(0);
    for (const opt of ['--out', '--duplex', '--remove-blank', '--keep-blank', '--separator', '--separator-pattern', '--separation', '--batch-id', '--json']) expect(res.stdout).toContain(opt);
  });

  it('a sharp-unreadable image still names the file (not an internal error)', async () => {
    // an image format station does not take (WebP): refused by content, not by name
    const c = await newCase([['p1.jpg', new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).webp().toBuffer())]]);
    const res = await runSplit(['in', '--out', 'out'], { cwd: c.dir, dataDir: c.dataDir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Eroare \[INPUT_UNSUPPORTED\]: Fișierul „p1\.jpg” nu este o imagine/);
  });
});
