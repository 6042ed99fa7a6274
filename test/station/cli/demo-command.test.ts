/**
 * `station demo` and its oracle, compareWithTruth (also used by the scan end-to-end tests): the
 * oracle finds every kind of difference between a split summary and a batch's truth; the demo
 * generates a batch, splits it, and every output PDF holds exactly its document's pages (page
 * marks read back with poppler), with clear Romanian errors for bad options.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { compareWithTruth, demoCommand } from '../../../station/src/cli/demo-command.ts';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { readFixturePageMarks } from '../../support/pdf-tools.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
let truth: Truth;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('demo-cli-'));
  truth = JSON.parse(await readFile(path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies', 'truth.json'), 'utf8')) as Truth;
});
afterAll(() => cleanup());

/** The summary a perfect split of `t` would write. */
function perfectSummary(t: Truth): SplitSummary {
  return {
    batchId: 'LOT-TEST',
    startedAt: '2021-09-27T08:00:00.000Z',
    endedAt: '2021-09-27T08:01:00.000Z',
    pagesIn: t.totals.pagesIn,
    separatorPages: t.totals.separatorPages,
    blankPages: t.totals.blankPages,
    documents: t.documents.map((d, i) => ({ id: d.id ?? `generic-${i + 1}`, file: `${i + 1}.pdf`, pages: d.pages.length, sheets: d.sheets, sha256: null, flags: [...d.flags] })),
    unassigned: t.totals.unassignedPages ? { file: 'unassigned.pdf', pages: t.totals.unassignedPages, sheets: t.totals.unassignedPages, sha256: '' } : null,
    warnings: [],
    removedBlanks: [],
    separators: [],
    options: { duplex: t.options.duplex, removeBlank: t.options.removeBlank, genericSeparators: [], separatorPattern: '' },
    inputs: [],
  };
}

describe('compareWithTruth', () => {
  it('finds nothing when the split is exactly the truth', () => {
    expect(truth.documents.length).toBeGreaterThan(2);
    expect(compareWithTruth(perfectSummary(truth), truth)).toEqual([]);
  });

  it('names each count that is off, in Romanian, with what it got and what it wanted', () => {
    const s = perfectSummary(truth);
    const t = truth.totals;
    expect(compareWithTruth({ ...s, pagesIn: t.pagesIn + 1 }, truth)).toEqual([`imagini citite: ${t.pagesIn + 1} în loc de ${t.pagesIn}`]);
    expect(compareWithTruth({ ...s, separatorPages: t.separatorPages - 1 }, truth)).toEqual([`pagini separator: ${t.separatorPages - 1} în loc de ${t.separatorPages}`]);
    expect(compareWithTruth({ ...s, blankPages: 2 }, truth)).toEqual([`pagini albe: 2 în loc de ${t.blankPages}`]);
    expect(compareWithTruth({ ...s, unassigned: { file: 'unassigned.pdf', pages: 1, sheets: 1, sha256: '' } }, truth)).toEqual(['pagini nerepartizate: 1 în loc de 0']);
  });

  it('finds a document with another id, a page too many, a sheet too few, and a missing document', () => {
    const s = perfectSummary(truth);
    const [d1, d2, ...rest] = s.documents;
    const want1 = truth.documents[0]!;
    const want2 = truth.documents[1]!;
    expect(compareWithTruth({ ...s, documents: [{ ...d1!, id: '1/01.01.2021' }, d2!, ...rest] }, truth)).toEqual([`documentul 1: 1/01.01.2021 în loc de ${want1.id}`]);
    expect(compareWithTruth({ ...s, documents: [d1!, { ...d2!, pages: d2!.pages + 1 }, ...rest] }, truth)).toEqual([`documentul ${want2.id}: ${want2.pages.length + 1} pagini în loc de ${want2.pages.length}`]);
    expect(compareWithTruth({ ...s, documents: [{ ...d1!, sheets: d1!.sheets - 1 }, d2!, ...rest] }, truth)).toEqual([`documentul ${want1.id}: ${want1.sheets - 1} file în loc de ${want1.sheets}`]);
    expect(compareWithTruth({ ...s, documents: s.documents.slice(0, -1) }, truth)).toEqual([`documente: ${truth.documents.length - 1} în loc de ${truth.documents.length}`]);
  });

  it('does not compare the id of a document opened by a generic separator (the truth has none)', () => {
    const generic: Truth = { ...truth, documents: truth.documents.map((d, i) => (i === 0 ? { ...d, id: null } : d)) };
    const s = perfectSummary(truth);
    expect(compareWithTruth({ ...s, documents: [{ ...s.documents[0]!, id: 'oricare' }, ...s.documents.slice(1)] }, generic)).toEqual([]);
  });
});

describe('station demo', () => {
  it('generates a batch, splits it, and every PDF holds exactly its document\'s pages', async () => {
    const out = path.join(root, 'demo-ok');
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data') } });
    const code = await demoCommand(['--json', '--out', out, '--scenario', 'simplex-symbologies', '--dpi', '100'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(io.out()) as { summary: SplitSummary; truthMatches: boolean; problems: string[] };
    expect(result).toMatchObject({ truthMatches: true, problems: [] });
    const generated = JSON.parse(await readFile(path.join(out, 'truth.json'), 'utf8')) as Truth; // beside the scanned pages, not among them
    const marks: Record<string, unknown> = {};
    for (const d of result.summary.documents) marks[d.id] = d.file === null ? [] : await readFixturePageMarks(path.join(out, 'documente', d.file));
    expect(marks).toEqual(Object.fromEntries(generated.documents.map((d) => [d.id, d.pages])));
  });

  it('prints a Romanian summary and the check against the generated batch', async () => {
    const out = path.join(root, 'demo-text');
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data') } });
    expect(await demoCommand(['--out', out, '--scenario', 'simplex-symbologies', '--dpi', '100'], io)).toBe(0);
    expect(io.out()).toContain('Se generează un lot scanat de probă („simplex-symbologies”, 100 dpi)');
    expect(io.out()).toContain('Verificare: rezultatul corespunde exact lotului generat.');
  });

  it.each([
    [['--scenario', 'nu-exista'], 'Scenariul „nu-exista” nu există. Scenarii: '],
    [['--dpi', '72'], 'Rezoluția demonstrației poate fi 100, 150, 200 sau 300 dpi.'],
  ])('refuses %j with USAGE (exit 2) and writes nothing', async (args, message) => {
    const out = path.join(root, `demo-bad-${args[0]!.slice(2)}`);
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data') } });
    expect(await demoCommand(['--out', out, ...args], io)).toBe(2);
    expect(io.err()).toContain(`Eroare [USAGE]: ${message}`);
    expect(await readdir(out).catch(() => null)).toBeNull();
  });

  it('refuses an output folder that is not empty (OUTPUT_NOT_EMPTY) and leaves it as it was', async () => {
    const out = path.join(root, 'demo-full');
    await mkdir(out);
    await writeFile(path.join(out, 'a clerk\'s file.pdf'), 'keep me');
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: path.join(root, 'data') } });
    expect(await demoCommand(['--out', out, '--scenario', 'simplex-symbologies', '--dpi', '100'], io)).toBe(1);
    expect(io.err()).toMatch(/^Eroare \[OUTPUT_NOT_EMPTY\]: Dosarul „.*” nu este gol\.\n$/);
    expect(await readdir(out)).toEqual(['a clerk\'s file.pdf']);
  });
});
