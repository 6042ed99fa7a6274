/**
 * `station sync`: delivers the reports waiting in the outbox to the registry server now;
 * `--watch` keeps delivering (with backoff) until stopped. Reports the server refused for good
 * are not sent again here: `station outbox` shows them and what to do.
 */
import { loadConfig } from '../config.ts';
import { runSender } from '../report/outbox-sender.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { deliveryRo } from '../report/delivery-words.ts';
import { deliverNow, openStationContext, sendingBlock } from './station-context.ts';

export const SYNC_USAGE = `Utilizare: station sync [opțiuni]
  --watch              trimite mereu, pe măsură ce serverul este disponibil (Ctrl+C pentru oprire)
  --config FIȘIER      fișierul de configurare (implicit station.config.json)
  --json               rezultatul ca JSON pe ieșirea standard
Rapoartele refuzate de server nu se retrimit aici: vedeți „station outbox”.
`;

export async function syncCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values } = parseCliArgs(argv, { config: { type: 'string' }, json: { type: 'boolean' }, watch: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
    if (values.help) {
      io.stdout.write(SYNC_USAGE);
      return 0;
    }
    json = Boolean(values.json);
    const cfg = loadConfig({ file: values.config, env: io.env, cwd: io.cwd });
    const station = openStationContext(cfg);
    try {
      if (values.watch && station.client && !sendingBlock(station)) {
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        io.stdout.write('Rapoartele se trimit pe măsură ce serverul este disponibil (Ctrl+C pentru oprire).\n');
        await runSender(station.outbox, station.client, station.log, ac.signal, station.stationName);
        return 0;
      }
      const delivery = await deliverNow(station);
      const { result } = delivery;
      const pending = station.outbox.pending();
      if (json) io.stdout.write(`${JSON.stringify({ result, pending: pending.map((p) => ({ batchId: p.batchId, attempts: p.attempts, lastError: p.lastError, ...(p.attentionAt ? { needsAttention: true, problems: p.problems } : {}), ...(p.sendingElsewhere ? { sendingElsewhere: true } : {}) })) })}\n`);
      else {
        io.stdout.write(`${deliveryRo(delivery, 'cli')}\n`);
        for (const p of pending) {
          // on its way from another program of the station now (station ui, station sync --watch): its last error is past
          const state = p.attentionAt ? 'refuzat de server, așteaptă o decizie' : p.sendingElsewhere ? 'se trimite chiar acum din alt program al stației' : 'în așteptare';
          io.stdout.write(`  ${state}: lotul ${p.batchId} (încercări: ${p.attempts}${p.lastError && !p.sendingElsewhere ? `; ultima eroare: ${p.lastError}` : ''})\n`);
        }
      }
      return delivery.outcome === 'blocked' || (result && result.failed.length > 0) || station.outbox.needingAttention().length > 0 ? 1 : 0;
    } finally {
      station.close();
    }
  } catch (err) {
    return reportError(err, io, json);
  }
}
