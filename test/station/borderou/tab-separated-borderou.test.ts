/**
 * `station separators` given the day's borderou as Excel saves it as tab-delimited text (a .txt file):
 * «Text Unicode» (UTF-16LE with a BOM) and «Text (delimitat de tabulatori)» (Windows-1250), under the
 * registry's title block. The sheets are printed, the terminal says how the file was read.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separatorsCommand } from '../../../station/src/cli/separators-command.ts';
import { exportTable, titleBlock, utf16leBom, windows1250 } from '../../support/borderou-export.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { collectIo } from '../cli/collect-io.ts';

const run = promisify(execFile);
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => { ({ dir: root, cleanup } = await makeTempDir('tab-borderou-')); });
afterAll(async () => { await cleanup?.(); });

describe('station separators --borderou with a tab-delimited text saved from Excel', () => {
  it.each([
    ['«Text Unicode» (UTF-16LE)', 'borderou 27.09 unicode.txt', utf16leBom, 'UTF-16, separator tabulator'],
    ['«Text (delimitat de tabulatori)» (Windows-1250)', 'borderou 27.09.txt', windows1250, 'Windows-1250, separator tabulator'],
  ] as const)('%s: one sheet per document, the encoding and the tab named', async (_name, file, encode, read) => {
    const out = path.join(root, `${file}.pdf`);
    await writeFile(path.join(root, file), encode([...titleBlock('\t', true), ...exportTable('\t')]));
    const c = collectIo(root);
    expect(await separatorsCommand(['--borderou', file, '--out', out], c.io)).toBe(0);
    expect(c.out()).toContain('Am scris 2 foi separator');
    expect(c.out()).toContain(`(borderou ${read})`);
    const text = (await run('pdftotext', ['-enc', 'UTF-8', out, '-'])).stdout;
    expect(text).toContain('84512/27.09.2021');
    expect(text).toContain('Serviciul Stare Civilă');
    expect(text).not.toContain('Popescu');
  });
});
