/** Worker thread body: answers `look` and `read` requests with one zxing reader of its own. */
import { parentPort } from 'node:worker_threads';
import { lookAtPreview } from './preview-look.ts';
import { BarcodeReader } from './zxing-reader.ts';
import type { WorkerRequest, WorkerResponse } from './barcode-worker-pool.ts';

const port = parentPort;
if (!port) throw new Error('barcode-worker must run in a worker thread');
const reader = await BarcodeReader.create();
port.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    const value = req.op === 'look' ? lookAtPreview(reader, req.img, req.opts) : reader.read(req.img, req.opts);
    res = { id: req.id, ok: true, value };
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(res);
});
port.postMessage({ ready: true });
