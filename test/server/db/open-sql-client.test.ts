/**
 * The first connection to PostgreSQL failing at the network, told apart in Romanian: nothing
 * listening at the address, a server there that takes the connection and drops it at once (a real
 * TCP reset, and a plain close, from a loopback listener), a name that does not resolve. Always
 * DATABASE_UNREACHABLE naming the database without its password.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { connectSqlClient } from '../../../server/src/db/open-sql-client.ts';
import { networkFailureReason } from '../../../server/src/db/postgres-network-errors.ts';

let listener: Server | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  listener = null;
});

/** A loopback listener that ends each connection at once, with a reset or a plain close; resolves to its port. */
function dropping(how: (socket: Socket) => void): Promise<number> {
  listener = createServer((socket) => {
    sockets.push(socket);
    how(socket);
  });
  return new Promise((resolve) => listener!.listen(0, '127.0.0.1', () => resolve((listener!.address() as { port: number }).port)));
}

async function failure(port: number): Promise<{ message: string; code: unknown }> {
  const error = await connectSqlClient({ engine: 'postgres', url: `postgres://reg:parola-secreta@127.0.0.1:${port}/registru` }).then(() => null, (err: unknown) => err);
  expect(isStationError(error, 'DATABASE_UNREACHABLE')).toBe(true);
  const { message, details } = error as Error & { details: { code?: unknown } };
  expect(message).not.toContain('parola-secreta');
  return { message, code: details.code };
}

const DROPPED = 'serverul de la această adresă a primit conexiunea, apoi a închis-o';

describe('a first connection to PostgreSQL failing at the network', () => {
  it('reset by the other side (ECONNRESET): it answered, then dropped the connection; not «nu răspunde»', async () => {
    const port = await dropping((socket) => socket.resetAndDestroy());
    const { message, code } = await failure(port);
    expect(code).toBe('ECONNRESET');
    expect(message).toBe(`Baza de date postgres://reg@127.0.0.1:${port}/registru nu poate fi folosită: ${networkFailureReason('ECONNRESET')}. `
      + 'Verificați DATABASE_URL (sau „database.url”) și că PostgreSQL este pornit.');
    expect(message).toContain(DROPPED);
    expect(message).not.toContain('nu răspunde');
  });

  it('closed without a word (pg: «Connection terminated unexpectedly»): the same words', async () => {
    const { message } = await failure(await dropping((socket) => socket.end()));
    expect(message).toContain(DROPPED);
  });

  it('nothing listening: «nu răspunde la această adresă»; a name that does not resolve says so', () => {
    expect(networkFailureReason('ECONNREFUSED')).toBe('serverul PostgreSQL nu răspunde la această adresă');
    expect(networkFailureReason('ETIMEDOUT')).toBe('serverul PostgreSQL nu răspunde la această adresă');
    expect(networkFailureReason('ENOTFOUND')).toBe('numele serverului PostgreSQL din adresă nu a fost găsit (DNS)');
    expect(networkFailureReason('EPIPE')).toContain(DROPPED);
  });
});
