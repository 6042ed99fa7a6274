/**
 * Who holds the web app's port when `station ui` cannot listen on it: this same station (started
 * earlier: its data folder, hence its secret), another station (another data folder), or another
 * program. Asked over HTTP on 127.0.0.1 the way the station's own page asks: `GET /api/state` with the
 * secret in its header, which the app's guard (web/ui-guard.ts) lets through only with this station's
 * secret, and whose answer names the station's data folder.
 */
import path from 'node:path';
import { SECRET_HEADER } from '../web/ui-guard.ts';

export type PortHolder = 'this-station' | 'other-station' | 'other-program';

/** Who else holds the port, as the administrator reads it after «Portul N este … folosit ». */
export function otherHolderWords(holder: Exclude<PortHolder, 'this-station'>): string {
  return holder === 'other-station' ? 'de altă stație de scanare, pornită cu alt dosar de date' : 'de alt program';
}

/** How long a program on the port may take to answer before it is taken for another program. */
const ANSWER_TIMEOUT_MS = 10_000;

function sameFolder(a: string, b: string, platform: NodeJS.Platform): boolean {
  if (platform === 'win32') return path.win32.resolve(a).toLowerCase() === path.win32.resolve(b).toLowerCase();
  return path.resolve(a) === path.resolve(b);
}

async function jsonOf(res: Response): Promise<unknown> {
  if (!(res.headers.get('content-type') ?? '').includes('application/json')) return null;
  return res.json().catch(() => null);
}

export async function whoHoldsPort(
  port: number,
  secret: string,
  dataDir: string,
  o: { platform?: NodeJS.Platform; timeoutMs?: number } = {},
): Promise<PortHolder> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/api/state`, {
      headers: { [SECRET_HEADER]: secret, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs ?? ANSWER_TIMEOUT_MS),
    });
  } catch {
    return 'other-program'; // no HTTP answer: not a station
  }
  const body = (await jsonOf(res)) as { station?: { dataDir?: unknown }; error?: { code?: unknown } } | null;
  if (res.status === 200 && typeof body?.station?.dataDir === 'string') {
    return sameFolder(body.station.dataDir, dataDir, o.platform ?? process.platform) ? 'this-station' : 'other-station';
  }
  // the guard's own refusal: a station whose secret is not ours
  if (res.status === 401 && body?.error?.code === 'UNAUTHORIZED') return 'other-station';
  return 'other-program';
}
