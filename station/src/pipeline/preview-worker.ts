/**
 * Worker thread body: answers preview requests (`preview-look.ts`). The pixels it was sent go back
 * with the answer, and the gray preview it makes too, both moved (transferred), not copied: nothing
 * a megabyte large is left here for this thread's garbage collector (which would let dozens of dead
 * previews pile up before it ran: ~60 MB a worker).
 */
import { parentPort } from 'node:worker_threads';
import { measurePreview, type PreviewInput } from './preview-look.ts';

const port = parentPort;
if (!port) throw new Error('preview-worker must run in a worker thread');
port.on('message', (req: PreviewInput & { id: number }) => {
  const pixels = (req.rgb ?? req.gray)!.data;
  try {
    const value = measurePreview(req);
    const moved = [pixels.buffer as ArrayBuffer, ...(value.preview ? [value.preview.data.buffer as ArrayBuffer] : [])];
    port.postMessage({ id: req.id, ok: true, value: { ...value, pixels } }, moved);
  } catch (err) {
    port.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }, [pixels.buffer as ArrayBuffer]);
  }
});
port.postMessage({ ready: true });
