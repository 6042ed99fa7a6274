/**
 * `station sync`: delivers the reports waiting in the outbox to the registry server now;
 * `--watch` keeps delivering (with backoff) until stopped.
 */
import { loadConfig } from '../config.ts';
import { runSender } from '../report/outbox-sender.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { deliverNow, openStationContext } from './station-context.ts';

export async function syncCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = parseCliArgs(argv, { config: { type: 'string' }, json: { type: 'boolean' }, watch: { type: 'boolean' } }, false);
    json = Boolean(values.json);
    const cfg = loadConfig({ file: values.config, env: io.env, cwd: io.cwd });
    const station = openStationContext(cfg);
    try {
      if (values.watch && station.client) {
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        io.stdout.write('Rapoartele se trimit pe măsură ce serverul este disponibil (Ctrl+C pentru oprire).\n');
        await runSender(station.outbox, station.client, station.log, ac.signal);
        return 0;
      }
      const { text, result } = await deliverNow(station);
      const pending = station.outbox.pending();
      if (json) io.stdout.write(`${JSON.stringify({ result, pending: pending.map((p) => ({ batchId: p.batchId, attempts: p.attempts, lastError: p.lastError })) })}\n`);
      else {
        io.stdout.write(`${text}\n`);
        for (const p of pending) io.stdout.write(`  în așteptare: lotul ${p.batchId} (încercări: ${p.attempts}${p.lastError ? `; ultima eroare: ${p.lastError}` : ''})\n`);
      }
      return result && result.failed.length > 0 ? 1 : 0;
    } finally {
      station.close();
    }
  } catch (err) {
    return reportError(err, io, json);
  }
}
