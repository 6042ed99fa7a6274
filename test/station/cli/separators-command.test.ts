import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { separatorsCommand } from '../../../station/src/cli/separators-command.ts';
import { collectIo } from './collect-io.ts';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sep-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GOOD = 'Număr înregistrare;Structura;Nr. file;Observaţii\r\n84512/27.09.2021;Direcţia Relaţii cu Publicul;2;petent Ion Popescu\r\n84513/27.09.2021;Serviciul Stare Civilă;;\r\n';

async function text(pdf: string): Promise<string> {
  return (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).stdout;
}

describe('station separators', () => {
  it('prints one sheet per document from a Windows-1250 borderou, writing the PDF atomically', async () => {
    await writeFile(path.join(dir, 'b.csv'), iconv.encode(GOOD, 'windows-1250'));
    const c = collectIo(dir);
    const code = await separatorsCommand(['--borderou', 'b.csv', '--out', 'out/sep.pdf', '--patch-t'], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toContain('Am scris 2 foi separator');
    expect(c.out()).toContain('Windows-1250, separator „;”, cu Patch T');
    const t = await text(path.join(dir, 'out/sep.pdf'));
    expect(t).toContain('84512/27.09.2021');
    expect(t).toContain('Direcția Relații cu Publicul');
    expect(t).toContain('Serviciul Stare Civilă');
    expect(t).not.toContain('Popescu');
    expect(await readdir(path.join(dir, 'out'))).toEqual(['sep.pdf']);
  });

  it('refuses to overwrite an existing --out file (like split), and leaves it untouched', async () => {
    await writeFile(path.join(dir, 'b.csv'), iconv.encode(GOOD, 'windows-1250'));
    await writeFile(path.join(dir, 'sep.pdf'), 'documentul meu');
    const c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'b.csv', '--out', 'sep.pdf'], c.io)).toBe(1);
    expect(c.err()).toBe(`Eroare [OUTPUT_NOT_EMPTY]: Fișierul „${path.join(dir, 'sep.pdf')}” există deja. Alegeți alt nume sau alt dosar: nu suprascriem nimic.\n`);
    expect(await readFile(path.join(dir, 'sep.pdf'), 'utf8')).toBe('documentul meu');
    expect((await readdir(dir)).sort()).toEqual(['b.csv', 'sep.pdf']);
  });

  it('refuses to print when rows are bad, naming their lines, and leaves no file', async () => {
    await writeFile(path.join(dir, 'b.csv'), 'numar_inregistrare;structura\n84512/27.09.2021;Urbanism\n84512/31.09.2021;Urbanism\n84514/27.09.2021;\n');
    const c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'b.csv', '--out', 'sep.pdf'], c.io)).toBe(1);
    expect(c.err()).toContain('Rânduri greșite în borderou: 2');
    expect(c.err()).toContain('linia 3 (numar_inregistrare): „84512/31.09.2021”');
    expect(c.err()).toContain('linia 4 (structura)');
    expect(c.err()).toContain('NU au fost tipărite');
    expect(await readdir(dir)).toEqual(['b.csv']);
  });

  it('--ignore-invalid prints the good rows and says how many have no separator', async () => {
    await writeFile(path.join(dir, 'b.csv'), 'numar_inregistrare,structura\n84512/27.09.2021,Urbanism\nx,Urbanism\n');
    const c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'b.csv', '--out', 'sep.pdf', '--ignore-invalid'], c.io)).toBe(0);
    expect(c.out()).toContain('Am scris 1 foaie separator');
    expect(c.err()).toContain('Atenție: 1 rând din borderou fără separator.');
    expect((await run('pdfinfo', [path.join(dir, 'sep.pdf')])).stdout).toMatch(/Pages:\s+1\n/);
  });

  it('reports a missing borderou, a file that is not CSV, and bad usage', async () => {
    let c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'nu-exista.csv', '--out', 'sep.pdf'], c.io)).toBe(1);
    expect(c.err()).toMatch(/^Eroare \[INPUT_NOT_FOUND\]: Borderoul .*nu-exista\.csv nu există/);

    await writeFile(path.join(dir, 'b.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]));
    c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'b.csv', '--out', 'sep.pdf'], c.io)).toBe(1);
    expect(c.err()).toContain('[CSV_INVALID]');
    expect(c.err()).toContain('Excel');

    c = collectIo(dir);
    expect(await separatorsCommand(['--borderou', 'b.csv'], c.io)).toBe(2);
    expect(c.err()).toContain('Lipsește --borderou sau --out');

    c = collectIo(dir);
    expect(await separatorsCommand(['--nu-exista'], c.io)).toBe(2);

    c = collectIo(dir);
    expect(await separatorsCommand(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Utilizare: station separators');
  });
});
