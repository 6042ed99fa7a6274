/**
 * Worker thread body (`page-workers.ts`): answers page requests (`page-work.ts`) with one zxing
 * reader of its own. The pixels a measure was sent go back with the answer, and the gray preview it
 * made too, both moved (transferred), not copied: nothing a megabyte large is left here for this
 * thread's garbage collector (which would let dozens of dead previews pile up before it ran).
 */
import { parentPort } from 'node:worker_threads';
import { BarcodeReader } from '../barcode/zxing-reader.ts';
import { answerPageRequest, type MeasuredAndLooked, type PageRequest } from './page-work.ts';
import { failureAnswer } from './worker-answer.ts';

const port = parentPort;
if (!port) throw new Error('page-worker must run in a worker thread');
const reader = await BarcodeReader.create();
port.on('message', (req: PageRequest & { id: number }) => {
  const sent = req.op === 'measure' ? [(req.input.rgb ?? req.input.gray)!.data.buffer as ArrayBuffer] : [];
  try {
    const value = answerPageRequest(reader, req);
    const preview = req.op === 'measure' ? (value as MeasuredAndLooked).preview : undefined;
    // a set: a preview that were a view of the pixels sent must not be listed twice
    port.postMessage({ id: req.id, ok: true, value }, [...new Set([...sent, ...(preview ? [preview.data.buffer as ArrayBuffer] : [])])]);
  } catch (err) {
    // a StationError's code and details go with it (a preview too large for the kernels: the page's INPUT_TOO_LARGE)
    port.postMessage(failureAnswer(req.id, err), sent);
  }
});
port.postMessage({ ready: true });
