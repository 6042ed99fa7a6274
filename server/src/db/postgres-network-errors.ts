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
