// A worker for the worker pool's tests (plain JavaScript: no loader needed). It answers each request
// as it says: `echo` (its value back), `fail` (an error answer), `answer` (the failure answer it is
// sent: a StationError's text, code and details), `crash` (the thread exits), `exit0`
// (it exits with code 0, unasked), `throw-null` (it throws null: not an Error), `block` (never
// answers: a hung worker). workerData.failStart: it fails while starting; workerData.start: 'hang'
// (it never says it is ready), 'on-go' (it says so once sent { go: true }). workerData.onEvery: the
// action for requests that name none (the page pipeline's own requests).
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.failStart) throw new Error('stub worker refuses to start');
const port = parentPort;
port.on('message', (m) => {
  if (m.go) return port.postMessage({ ready: true });
  const action = m.action ?? workerData?.onEvery ?? 'echo';
  if (action === 'crash') process.exit(3);
  if (action === 'exit0') process.exit(0);
  if (action === 'throw-null') throw null;
  if (action === 'block') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (action === 'fail') port.postMessage({ id: m.id, ok: false, error: 'stub failure' });
  else if (action === 'answer') port.postMessage({ id: m.id, ok: false, ...m.answer });
  else port.postMessage({ id: m.id, ok: true, value: { echo: m.value ?? null } });
});
if (!workerData?.start) port.postMessage({ ready: true });
