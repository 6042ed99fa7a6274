/**
 * `station outbox`: the reports that did not reach the registry yet — waiting (retried on their own)
 * or refused by the server (they wait for the clerk) — why, and what to do about them.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { loadConfig } from '../config.ts';
import { describeOutbox, readdressReports, retryReports, type OutboxEntry } from '../report/outbox-actions.ts';
import { MISSING, SENDING_ELSEWHERE_CLI } from '../web/outbox-words.ts';
import { parseCliArgs, reportError, type CliIo } from './cli-io.ts';
import { reconcileAction, reconcileDays } from './outbox-reconcile-action.ts';
import { deliveryRo } from '../report/delivery-words.ts';
import { deliverNow, openStationContext, reportsRo, type StationContext } from './station-context.ts';

export const OUTBOX_USAGE = `Utilizare: station outbox [list | show LOT | retry LOT… | readdress LOT… | reconcile] [opțiuni]
  list                 rapoartele netrimise încă: în așteptare sau refuzate de server (implicit)
  show LOT             raportul unui lot: de ce nu a ajuns, problemele găsite de server
  retry LOT…|--all     trimite din nou rapoartele refuzate, după ce ați remediat cauza
  readdress LOT…|--all adresează rapoartele stației din configurație (STATION_NAME) și fixează
                       acest nume ca nume al stației; apoi le trimite
  reconcile [--days N] întreabă registratura de rapoartele trimise în ultimele N zile (implicit 30) și
                       le trimite din nou pe cele pe care nu le mai are (după restaurarea unei copii
                       de siguranță mai vechi decât atât)
  --all                toate rapoartele netrimise
  --config FIȘIER      fișierul de configurare (implicit station.config.json)
  --json               rezultatul ca JSON pe ieșirea standard
Cod de ieșire: 0 nimic nu așteaptă o decizie, 1 sunt rapoarte refuzate de server, 2 comandă greșită.
`;

const OPTIONS = { all: { type: 'boolean' }, days: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function entryLines(e: OutboxEntry, full: boolean): string[] {
  const head = e.state === 'attention'
    ? `  lotul ${e.batchId}: REFUZAT de server, așteaptă o decizie (stația „${e.station ?? '—'}”, ${countRo(e.documents, 'document', 'documente')}, încercări: ${e.attempts})`
    : `  lotul ${e.batchId}: în așteptare (stația „${e.station ?? '—'}”, ${countRo(e.documents, 'document', 'documente')}, încercări: ${e.attempts}${e.attempts > 0 && e.nextAttemptAt && !e.sendingElsewhere ? `, următoarea încercare: ${e.nextAttemptAt}` : ''})`;
  const lines = [head];
  // on its way from another program now: its last error is past, its next attempt not this program's (the outbox page's choice)
  if (e.sendingElsewhere) lines.push(`      motiv: ${SENDING_ELSEWHERE_CLI}`);
  else if (e.lastError) lines.push(`      motiv: ${e.lastError}`);
  else if (e.missingAt) lines.push(`      motiv: ${MISSING.reason}`); // the outbox page's words
  const problems = full ? e.problems : e.problems.slice(0, 3);
  for (const p of problems) lines.push(`      - ${p.path ? `${p.path}: ` : ''}${p.reason}`);
  if (problems.length < e.problems.length) lines.push(`      … încă ${e.problems.length - problems.length} (station outbox show ${e.batchId})`);
  return lines;
}

function advice(entries: OutboxEntry[]): string {
  if (!entries.some((e) => e.state === 'attention')) return '';
  return (
    'Rapoartele refuzate nu se mai trimit singure (o reîncercare nu ar ajuta). După ce ați remediat cauza:\n' +
    '  station outbox retry <lot>       (de exemplu după corectarea datelor sau a tokenului pe server)\n' +
    '  station outbox readdress <lot>   (raportul poartă alt nume de stație decât cel configurat)\n'
  );
}

function listText(entries: OutboxEntry[], ctx: StationContext, full = false): string {
  if (entries.length === 0) return 'Coada stației este goală: toate rapoartele au ajuns la registratură.\n';
  const attention = entries.filter((e) => e.state === 'attention').length;
  const lines = [
    `Stația: „${ctx.stationName || '—'}”${ctx.identityConflict ? ` (configurația spune „${ctx.identityConflict.configured}”)` : ''}. În coadă: ${reportsRo(entries.length)}${attention ? `, din care ${attention} refuzat${attention === 1 ? '' : 'e'} de server` : ''}.`,
    ...entries.flatMap((e) => entryLines(e, full)),
  ];
  return `${lines.join('\n')}\n${advice(entries)}`;
}

export async function outboxCommand(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseCliArgs(argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(OUTBOX_USAGE);
      return 0;
    }
    json = Boolean(values.json);
    const [action = 'list', ...ids] = positionals;
    if (!['list', 'show', 'retry', 'readdress', 'reconcile'].includes(action)) throw new StationError('USAGE', `Acțiunea „${action}” nu există.\n${OUTBOX_USAGE}`);
    if (values.days !== undefined && action !== 'reconcile') throw new StationError('USAGE', `--days este doar pentru „reconcile”.\n${OUTBOX_USAGE}`);
    const days = action === 'reconcile' ? reconcileDays(values.days) : 0;
    if (((action === 'list' || action === 'reconcile') && ids.length > 0) || (action === 'show' && ids.length !== 1)) throw new StationError('USAGE', OUTBOX_USAGE);
    if ((action === 'retry' || action === 'readdress') && ids.length === 0 && !values.all) throw new StationError('USAGE', `Indicați lotul (sau --all).\n${OUTBOX_USAGE}`);
    const cfg = loadConfig({ file: values.config, env: io.env, cwd: io.cwd });
    const station = openStationContext(cfg);
    try {
      const target = values.all ? 'all' as const : ids;
      if (action === 'reconcile') {
        const { check, text } = await reconcileAction(station, days);
        const remaining = describeOutbox(station.outbox);
        io.stdout.write(json ? `${JSON.stringify({ action, days, checked: check.checked, requeued: check.requeued, reports: remaining })}\n` : text);
        return remaining.some((e) => e.state === 'attention') ? 1 : 0;
      }
      if (action === 'list' || action === 'show') {
        const entries = describeOutbox(station.outbox).filter((e) => action === 'list' || e.batchId === ids[0]);
        if (action === 'show' && entries.length === 0) {
          const item = station.outbox.get(ids[0]!);
          if (!item) throw new StationError('BATCH_NOT_FOUND', `Lotul ${ids[0]} nu are niciun raport în coada stației.`, { batchId: ids[0] });
          if (json) io.stdout.write(`${JSON.stringify({ batchId: item.batchId, deliveredAt: item.deliveredAt })}\n`);
          else io.stdout.write(`Raportul lotului ${item.batchId} a fost primit de registratură (${item.deliveredAt}).\n`);
          return 0;
        }
        if (json) io.stdout.write(`${JSON.stringify({ station: station.stationName || null, identityConflict: station.identityConflict, reports: entries })}\n`);
        else io.stdout.write(listText(entries, station, action === 'show'));
        return entries.some((e) => e.state === 'attention') ? 1 : 0;
      }
      const chosen = action === 'retry'
        ? { batchIds: retryReports(station.outbox, target) }
        : readdressReports(station, cfg.server.stationName, target);
      let again = station;
      if (action === 'readdress') {
        // the identity may have changed: deliver with a context that knows it
        station.close();
        again = openStationContext(cfg, station.log);
      }
      try {
        const delivery = await deliverNow(again);
        const remaining = describeOutbox(again.outbox);
        if (json) io.stdout.write(`${JSON.stringify({ action, ...chosen, result: delivery.result, reports: remaining })}\n`);
        else {
          const what = action === 'retry' ? 'repus în coadă' : `adresat stației „${(chosen as { name: string }).name}”`;
          io.stdout.write(`${chosen.batchIds.length === 1 ? `Raportul lotului ${chosen.batchIds[0]}` : `${reportsRo(chosen.batchIds.length)}`} ${chosen.batchIds.length === 1 ? what : what.replace('repus', 'repuse').replace('adresat', 'adresate')}.\n${deliveryRo(delivery, 'cli')}\n`);
          if (remaining.length > 0) io.stdout.write(listText(remaining, again));
        }
        return remaining.some((e) => e.state === 'attention') ? 1 : 0;
      } finally {
        if (again !== station) again.close();
      }
    } finally {
      if (station.db.open) station.close();
    }
  } catch (err) {
    return reportError(err, io, json);
  }
}
