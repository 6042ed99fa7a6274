/**
 * «Coada de trimitere» on the batches page: the reports not delivered yet, refused ones first,
 * each with why in plain words, what to do, the server's problem list, and «Trimite din nou».
 * The line said after «Trimite din nou» holds only while the list shows its reports as they were
 * then: the list read again on a later change (another page, the background sender) that shows one
 * of them otherwise replaces it with what changed (outbox-notice.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { newestAnswer } from './newest-answer.ts';
import { noticeNow, type Notice, type ReportState } from './outbox-notice.ts';
import { ServerProblems, type ServerProblem } from './server-problems.tsx';
import { when } from './batches-page.tsx';
import { countRo } from '../../../shared/src/count-ro.ts';

interface OutboxItem {
  batchId: string; state: 'waiting' | 'attention'; attempts: number; createdAt: string; nextAttemptAt: string | null;
  reason: string; advice: string; problems: ServerProblem[];
  /** Another program of the station is sending it right now: this one skips it meanwhile. */
  sendingElsewhere: boolean;
}
interface Outbox { serverConfigured: boolean; blocked: string | null; items: OutboxItem[] }

export function OutboxSection(props: { version: number; onChanged: () => void }) {
  // the list shown, with the number of the request that read it (lists asked before a notice are not compared with it)
  const [shown, setShown] = useState<{ list: Outbox; asked: number } | null>(null);
  const outbox = shown?.list ?? null;
  const asked = useRef(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // an older answer overtaken by a newer one is not shown
  const newest = useMemo(newestAnswer, []);
  const load = () => {
    const n = ++asked.current;
    return newest(api<Outbox>('GET', '/api/outbox'), (list) => setShown({ list, asked: n }), (e) => setError((e as ApiError).message));
  };
  useEffect(() => void load(), [props.version]);

  async function retry(batchId?: string) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const r = await api<{ message: string; reports: { batchId: string; state: ReportState }[] }>('POST', '/api/outbox/retry', batchId ? { batchId } : {});
      // what was sent is said once the list below shows it (not beside the list from before)
      const from = asked.current + 1;
      await load();
      setNotice({ text: r.message, reports: r.reports, from });
      props.onChanged();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  // a report the notice speaks of shown otherwise by a list read since: the notice says what changed instead
  const said = noticeNow(notice, shown);
  useEffect(() => {
    if (said !== notice) setNotice(said);
  }, [said]);

  const items = outbox ? [...outbox.items].sort((a, b) => Number(b.state === 'attention') - Number(a.state === 'attention')) : [];
  const refused = items.filter((i) => i.state === 'attention').length;
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Coada de trimitere</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {outbox && !outbox.serverConfigured && <p>Nu este configurat niciun server al registraturii: rapoartele așteaptă în stație și nu se pierd. Anunțați administratorul stației să configureze serverul; după aceea pleacă singure.</p>}
      {outbox?.blocked && <p class="read-only">{outbox.blocked}</p>}
      {outbox && (items.length === 0 ? <p>Niciun raport nu așteaptă trimiterea.</p> : <>
        {refused > 0 && <p class="error">{refused === 1 ? 'Un raport a fost refuzat de server și așteaptă o decizie.' : `${countRo(refused, 'raport', 'rapoarte')} au fost refuzate de server și așteaptă o decizie.`}</p>}
        <table>
          <caption>Rapoarte netrimise</caption>
          <thead><tr><th scope="col">Lot</th><th scope="col">Din</th><th scope="col">Încercări</th><th scope="col">Stare</th><th scope="col">De ce nu a ajuns</th><th scope="col">Acțiuni</th></tr></thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.batchId}>
                <th scope="row">{i.batchId}</th>
                <td>{when(i.createdAt)}</td>
                <td class="num">{i.attempts}</td>
                <td><span class={i.state === 'attention' ? 'state state-failed' : 'state state-waiting'}>{i.state === 'attention' ? 'refuzat de server' : i.sendingElsewhere ? 'se trimite acum' : 'în așteptare'}</span></td>
                <td>
                  <p>{i.reason}</p>
                  <ServerProblems batchId={i.batchId} problems={i.problems} />
                  <p class="hint">{i.advice}{i.state === 'waiting' && !i.sendingElsewhere && i.nextAttemptAt && i.attempts > 0 ? ` Următoarea încercare: ${when(i.nextAttemptAt)}.` : ''}</p>
                </td>
                <td class="actions">{outbox.serverConfigured && <button disabled={busy} onClick={() => retry(i.batchId)} aria-label={`Trimite din nou raportul lotului ${i.batchId}`}>Trimite din nou</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {outbox.serverConfigured && <button disabled={busy} onClick={() => retry()}>Trimite din nou toate rapoartele</button>}
      </>)}
      {said && <p role="status">{said.text}</p>}
    </section>
  );
}
