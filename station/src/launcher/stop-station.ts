/**
 * `station ui --stop`: asks the app of this station (its data folder, its secret) running on the port
 * to stop, the way its page talks to it (web/routes/station-routes.ts), then waits — bounded — until
 * it has let go: nothing listens on the port and its process has ended (its journal closed, so the
 * administrator may update the station or change its configuration). Nothing listening: nothing to stop.
 */
import { connect } from 'node:net';
import { StationError } from '../../../shared/src/errors.ts';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { processRuns } from '../exec/process-runs.ts';
import { SECRET_HEADER } from '../web/ui-guard.ts';
import { otherHolderWords, whoHoldsPort } from './running-station.ts';

/** How long the app may take to let go once it accepted (it finishes its requests, closes the journal). */
export const STOP_WAIT = { totalMs: 60_000, stepMs: 50 };
/** How long the app may take to answer: with --force it first pauses the batch (the page in flight is finished). */
const ANSWER_TIMEOUT_MS = 180_000;

export type StopOutcome =
  | { stopped: false }
  | { stopped: true; pid: number; pausedBatch: { id: string; kind: 'scan' | 'split'; status: string | null } | null };

/** Whether a program listens on 127.0.0.1:`port` (a connection is accepted); refused: the port is free. */
export function portAnswers(port: number, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // something holds it without answering
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code !== 'ECONNREFUSED'));
  });
}

async function until(cond: () => Promise<boolean>, clock: Clock, wait: { totalMs: number; stepMs: number }): Promise<boolean> {
  const start = clock.now();
  for (;;) {
    if (await cond()) return true;
    if (clock.now() - start >= wait.totalMs) return false;
    await new Promise<void>((resolve) => clock.after(wait.stepMs, resolve));
  }
}

async function errorOf(res: Response): Promise<StationError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const code = body?.error?.code;
  if (code === 'CONFLICT' && body?.error?.message) return new StationError('CONFLICT', body.error.message, { status: res.status });
  return new StationError('INTERNAL', `Stația nu a putut fi oprită: a răspuns cu ${res.status}${code ? ` (${code})` : ''}. Detaliile sunt în jurnalul stației.`, { status: res.status, code });
}

export async function stopRunningStation(o: {
  port: number; dataDir: string; pauseBatch: boolean; clock?: Clock; wait?: { totalMs: number; stepMs: number };
  /** This station's secret (read only once something listens on the port). */
  secret: () => Promise<string>;
}): Promise<StopOutcome> {
  const { port } = o;
  if (!(await portAnswers(port))) return { stopped: false };
  const secret = await o.secret();
  const holder = await whoHoldsPort(port, secret, o.dataDir);
  if (holder !== 'this-station') {
    if (holder === 'other-program' && !(await portAnswers(port))) return { stopped: false }; // it stopped meanwhile
    throw new StationError('PORT_IN_USE',
      `Portul ${port} este folosit ${otherHolderWords(holder)}, nu de această stație: nu a fost oprit nimic. `
      + 'Dacă stația de oprit folosește alt port sau altă configurare, dați-le cu --port sau --config.', { port, holder });
  }
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/api/station/stop`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ pauseBatch: o.pauseBatch }),
      redirect: 'manual',
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (err) {
    throw new StationError('PROCESS_TIMEOUT', `Stația de pe portul ${port} nu a răspuns la cererea de oprire. Încercați din nou.`, { port }, { cause: err });
  }
  if (res.status !== 202) throw await errorOf(res);
  const answer = (await res.json()) as { pid: number; pausedBatch: Extract<StopOutcome, { stopped: true }>['pausedBatch'] };
  // a station run inside this same process (tests) cannot end before us: its port is what we wait for
  const own = answer.pid === process.pid;
  const gone = await until(async () => !(await portAnswers(port)) && (own || !processRuns(answer.pid)), o.clock ?? systemClock, o.wait ?? STOP_WAIT);
  if (!gone) {
    throw new StationError('PROCESS_TIMEOUT',
      `Stația a primit cererea de oprire, dar nu s-a oprit în ${Math.round((o.wait ?? STOP_WAIT).totalMs / 1000)} de secunde. `
      + `Încercați din nou; dacă tot nu se oprește, închideți procesul node cu PID ${answer.pid} din Managerul de activități.`, { port, pid: answer.pid });
  }
  return { stopped: true, pid: answer.pid, pausedBatch: answer.pausedBatch };
}
