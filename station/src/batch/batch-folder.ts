/**
 * Where a batch keeps its own files in the station's data folder: its borderou (picked in the page or
 * taken from the registry), its scanned pages, thumbnails and handover lists. One place says it.
 */
import path from 'node:path';

export function batchFolder(dataDir: string, batchId: string): string {
  return path.join(dataDir, 'batches', batchId);
}
