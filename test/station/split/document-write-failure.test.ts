/**
 * A document's PDF that cannot be made durable (its fsync fails, as a dying disk or a pulled USB
 * stick does) fails the batch as a whole: the error names the file, --out is left as it was, no
 * staged file and no open descriptor remain, and the next documents are never written.
 */
import { mkdir, open, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../station/src/config.ts';
import { PdfImageWriter, type PdfFile } from '../../../station/src/pdf/pdf-image-writer.ts';
import { closePageContext, makePageContext, runBatch, type PageContext } from '../../../station/src/pipeline/pipeline.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { writeInputs } from '../../support/split-run.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

// barcode reading in this thread: the test is about the output, not the workers
const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), barcodeWorkers: 0 };
let ctx: PageContext;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ctx = await makePageContext(cfg, []);
  ({ dir, cleanup } = await makeTempDir('doc-write-failure-'));
});
afterAll(async () => {
  await closePageContext(ctx);
  await cleanup();
});
afterEach(() => vi.restoreAllMocks());

/** Descriptors of this process open on files under `root`. */
async function openUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(root)) found.push(target);
  }
  return found;
}

describe('runBatch when a document cannot be made durable', () => {
  it('a failed fsync of the first document: OUTPUT_FAILED naming it, --out untouched, the second document never written', async () => {
    const created: string[] = [];
    const create = PdfImageWriter.create.bind(PdfImageWriter);
    // every PDF the batch makes goes through a file whose fsync fails (the kernel's EIO)
    vi.spyOn(PdfImageWriter, 'create').mockImplementation(async (file: string) => {
      created.push(path.basename(file));
      return create(file, async (p): Promise<PdfFile> => {
        const fh = await open(p, 'wx');
        return {
          writev: fh.writev.bind(fh) as PdfFile['writev'],
          sync: async () => {
            throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' });
          },
          close: () => fh.close(),
        };
      });
    });
    const input = path.join(dir, 'in');
    await mkdir(input);
    const pages = [
      await separatorPage(100, { value: '84512/27.09.2021', format: 'Code128' }),
      await contentPage(100, 1),
      await separatorPage(100, { value: '84513/27.09.2021', format: 'Code128' }),
      await contentPage(100, 2),
    ];
    const files = await writeInputs(input, await Promise.all(pages.map(async (p, i) => [`p${i + 1}.jpg`, new Uint8Array(await toJpeg(p, 85))] as [string, Uint8Array])));
    const out = path.join(dir, 'out');
    const err = await runBatch(files, ctx, cfg, { batchId: 'LOT', outDir: out, duplex: false, removeBlank: false, genericSeparators: [], concurrency: 2 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_FAILED', details: { errno: 'EIO' } });
    expect((err as Error).message).toContain('„84512_27.09.2021.pdf”');
    expect(created).toEqual(['84512_27.09.2021.pdf']);
    // nothing of the batch is left: no --out, no staging folder, no descriptor
    expect(await listTree(dir)).toEqual(['in/', 'in/p1.jpg', 'in/p2.jpg', 'in/p3.jpg', 'in/p4.jpg']);
    expect(await openUnder(dir)).toEqual([]);
  });
});
