/**
 * The Node socket codes that mean PostgreSQL could not be reached or the connection to it was lost
 * (no answer at the address, name unknown, host or network unreachable, timed out, reset). One list
 * for the client that connects (`open-sql-client.ts`) and the migration's failure (`postgres-failure.ts`).
 */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE',
]);

export function isNetworkFailure(code: string): boolean {
  return NETWORK_CODES.has(code);
}

const DROPPED_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * The connection was made, then the other side dropped it: a reset (ECONNRESET, EPIPE), or closed
 * without a word, which pg reports with no code and only its own text («Connection terminated
 * unexpectedly», «Connection terminated due to connection timeout»). The one test of that text, for
 * the client that connects (`open-sql-client.ts`) and the migration's failure (`postgres-failure.ts`).
 */
export function isDroppedConnection(code: string, message: string): boolean {
  return DROPPED_CODES.has(code) || (code === '' && message.startsWith('Connection terminated'));
}

/**
 * Why a first connection failed at the network, in Romanian: nothing answering at the address is
 * not the same as a server (or something in between) that took the connection and then dropped it,
 * nor as a name that does not resolve. `message` is pg's own text (a connection closed without a
 * code says «Connection terminated unexpectedly»). Null when the failure is not the network's.
 */
export function networkFailureReason(code: string, message = ''): string | null {
  if (isDroppedConnection(code, message)) {
    return 'serverul de la această adresă a primit conexiunea, apoi a închis-o (poate PostgreSQL nu primește conexiuni de aici, '
      + 'are prea multe conexiuni deschise, sau un proxy ori un firewall o întrerupe)';
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'numele serverului PostgreSQL din adresă nu a fost găsit (DNS)';
  return isNetworkFailure(code) ? 'serverul PostgreSQL nu răspunde la această adresă' : null;
}
