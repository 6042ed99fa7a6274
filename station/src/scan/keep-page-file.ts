/**
 * Keeps the station's own durable copy of a page file in the batch's work folder (atomic copy),
 * for drivers whose files live elsewhere (a watched network folder).
 */
import { copyFile, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, tempNameFor } from '../fs/atomic-write.ts';

export async function keepPageFile(source: string, workDir: string, index: number): Promise<string> {
  if (path.dirname(path.resolve(source)) === path.resolve(workDir)) return source;
  const ext = path.extname(source).toLowerCase() || '.bin';
  const target = path.join(workDir, `page-${String(index).padStart(5, '0')}${ext}`);
  const tmp = tempNameFor(target);
  try {
    await copyFile(source, tmp);
    const fh = await open(tmp, 'r+');
    await fh.sync();
    await fh.close();
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(workDir);
  return target;
}
