import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { expandInputs, expandInputsReporting, isIgnoredName } from '../../../station/src/inputs/expand-inputs.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir('inputs-')));
afterEach(() => cleanup());

const touch = (rel: string, content = 'x') => writeFile(path.join(dir, rel), content);

async function fails(p: Promise<unknown>, code: string, ...fragments: string[]) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isStationError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  for (const f of fragments) expect((err as Error).message).toContain(f);
}

describe('expandInputs', () => {
  it('lists a folder in natural order: p2 before p10', async () => {
    for (const n of [10, 2, 1, 11, 3, 20]) await touch(`p${n}.jpg`);
    const files = await expandInputs(['.'], dir);
    expect(files.map((f) => path.basename(f))).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg', 'p10.jpg', 'p11.jpg', 'p20.jpg']);
    expect(files.every((f) => path.isAbsolute(f))).toBe(true);
  });

  it('keeps the order of the command line when files and folders are mixed', async () => {
    await mkdir(path.join(dir, 'a'));
    await mkdir(path.join(dir, 'b'));
    await touch('a/p2.png');
    await touch('a/p1.png');
    await touch('b/x.tif');
    await touch('single.pdf');
    const files = await expandInputs(['b', 'single.pdf', 'a'], dir);
    expect(files.map((f) => path.relative(dir, f))).toEqual([path.join('b', 'x.tif'), 'single.pdf', path.join('a', 'p1.png'), path.join('a', 'p2.png')]);
  });

  it('leaves out hidden, temporary and bookkeeping files and sub-folders, but reads any page name', async () => {
    const ignored = ['.p0.jpg', '~$lista.docx', 'p5.jpg.part', 'p6.tmp', 'p7.crdownload', 'summary.json', 'note.txt', 'lista.csv', 'scan.log', 'Thumbs.db', 'desktop.ini', 'x.partial'];
    for (const n of ignored) await touch(n);
    for (const n of ['p1.jpg', 'p2.JPEG', 'scan', 'p3.pnm']) await touch(n);
    await mkdir(path.join(dir, 'sub'));
    await touch('sub/p0.jpg');
    const files = await expandInputs([dir]);
    expect(files.map((f) => path.basename(f))).toEqual(['p1.jpg', 'p2.JPEG', 'p3.pnm', 'scan']);
    for (const n of ignored) expect(isIgnoredName(n), n).toBe(true);
  });

  it('says which files and sub-folders it left out of a folder (not the hidden or temporary ones)', async () => {
    for (const n of ['p1.jpg', 'note.txt', 'lista.csv', 'summary.json', 'scan.log', '.ascuns.txt', 'p6.tmp', 'Thumbs.db', '~$lista.csv']) await touch(n);
    await mkdir(path.join(dir, 'sub'));
    const { files, skipped } = await expandInputsReporting(['.'], dir);
    expect(files.map((f) => path.basename(f))).toEqual(['p1.jpg']);
    expect(skipped.map((s) => path.basename(s.file)).sort()).toEqual(['lista.csv', 'note.txt', 'scan.log', 'sub', 'summary.json']);
    expect(skipped.find((s) => s.file.endsWith('note.txt'))!.message).toBe('Fișierul „note.txt” din dosarul „.” nu este o imagine sau un PDF și nu a fost citit. Dacă trebuia să fie o pagină a lotului, salvați-o ca imagine (JPEG, PNG, TIFF) sau PDF și prelucrați-o într-un lot separat; altfel nu este nimic de făcut.');
    expect(skipped.find((s) => s.file.endsWith('sub'))!.message).toContain('Subdosarul „sub” din dosarul „.” nu a fost citit');
  });

  it('a file named explicitly is read even when a folder listing would skip it', async () => {
    await touch('page.tmp');
    expect((await expandInputs(['page.tmp'], dir)).map((f) => path.basename(f))).toEqual(['page.tmp']);
  });

  it('a zero-byte file stops everything with INPUT_EMPTY naming it', async () => {
    await touch('p1.jpg');
    await touch('p2.jpg', '');
    await fails(expandInputs([dir]), 'INPUT_EMPTY', '„p2.jpg”', '0 octeți');
    await fails(expandInputs(['p2.jpg'], dir), 'INPUT_EMPTY', 'p2.jpg');
  });

  it('a missing input is INPUT_NOT_FOUND naming it as typed', async () => {
    await fails(expandInputs(['lipsa/p1.jpg'], dir), 'INPUT_NOT_FOUND', '„lipsa/p1.jpg”', 'nu există');
  });

  it('a dangling symbolic link is not found; a link to a file is followed', async () => {
    await touch('real.jpg');
    await symlink(path.join(dir, 'real.jpg'), path.join(dir, 'link.jpg'));
    await symlink(path.join(dir, 'gone.jpg'), path.join(dir, 'dangling.jpg'));
    expect(await expandInputs(['link.jpg'], dir)).toEqual([path.join(dir, 'link.jpg')]);
    await fails(expandInputs(['dangling.jpg'], dir), 'INPUT_NOT_FOUND', 'dangling.jpg');
  });

  it('inside a folder: a link to a page is followed in name order; a dangling link stops with its name', async () => {
    await mkdir(path.join(dir, 'scan'));
    await touch('elsewhere.jpg');
    await touch('scan/p1.jpg');
    await symlink(path.join(dir, 'elsewhere.jpg'), path.join(dir, 'scan', 'p2.jpg'));
    await touch('scan/p3.jpg');
    expect((await expandInputs([path.join(dir, 'scan')])).map((f) => path.basename(f))).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg']);
    await symlink(path.join(dir, 'gone.jpg'), path.join(dir, 'scan', 'p4.jpg'));
    await fails(expandInputs([path.join(dir, 'scan')]), 'INPUT_NOT_FOUND', 'p4.jpg');
  });

  it('no inputs is a usage error; folders without pages are INPUT_NOT_FOUND', async () => {
    await fails(expandInputs([], dir), 'USAGE');
    await mkdir(path.join(dir, 'empty'));
    await touch('empty/.DS_Store');
    await fails(expandInputs(['empty'], dir), 'INPUT_NOT_FOUND', 'nicio imagine');
  });

  it('something that is neither a file nor a folder is refused', async () => {
    await fails(expandInputs(['/dev/null'], dir), 'INPUT_UNSUPPORTED', '/dev/null');
  });
});
