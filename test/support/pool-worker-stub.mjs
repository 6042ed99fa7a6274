// A worker for the worker pool's tests (plain JavaScript: no loader needed). It answers each request
// as it says: `echo` (its value back), `fail` (an error answer), `crash` (the thread exits), `block`
// (never answers: a hung worker). workerData.failStart: it fails while starting. workerData.onEvery:
// the action for requests that name none (the page pipeline's own requests).
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.failStart) throw new Error('stub worker refuses to start');
const port = parentPort;
port.on('message', (m) => {
  const action = m.action ?? workerData?.onEvery ?? 'echo';
  if (action === 'crash') process.exit(3);
  if (action === 'block') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (action === 'fail') port.postMessage({ id: m.id, ok: false, error: 'stub failure' });
  else port.postMessage({ id: m.id, ok: true, value: { echo: m.value ?? null } });
});
port.postMessage({ ready: true });
