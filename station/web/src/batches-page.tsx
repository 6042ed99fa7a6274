/** «Loturi»: the station's batches from the journal, and the reports waiting to be sent. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { newestAnswer } from './newest-answer.ts';
import { OutboxSection } from './outbox-section.tsx';
import { countRo } from '../../../shared/src/count-ro.ts';

interface BatchItem {
  id: string; kind: string; state: string; startedAt: string; endedAt: string | null; scanner: string;
  pages: number; documents: number; reconciliation: { missing: number; unexpected: number; duplicates: number } | null;
  error: string | null; outboxReason: string | null;
}

export const STATE_NAMES: Record<string, string> = {
  scanning: 'se scanează', paused: 'în pauză', failed: 'eșuat', cancelled: 'anulat', reported: 'raportat', waiting: 'în coada de trimitere', refused: 'raport refuzat de server', done: 'încheiat', completed: 'încheiat', running: 'în lucru',
};

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('ro-RO', { dateStyle: 'short', timeStyle: 'short' }) : '—');

export function BatchesPage(props: { version: number }) {
  const [batches, setBatches] = useState<BatchItem[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [handover, setHandover] = useState<{ batchId: string; set: string; files: { name: string; department: string; documents: number }[]; warnings: string[] } | null>(null);
  // asked again at each event of the batch: an older answer overtaken by a newer one is not shown
  const newest = useMemo(newestAnswer, []);
  const load = () => void newest(api<{ batches: BatchItem[] }>('GET', '/api/batches'), (r) => setBatches(r.batches), (e) => setError(e as ApiError));
  useEffect(load, [props.version]);

  async function resume(id: string, pagesSoFar = false) {
    setError(null);
    try {
      await api('POST', '/api/scan/resume', { batchId: id, pagesSoFar });
      location.hash = '#/scanare';
    } catch (e) {
      setError(e as ApiError);
    }
  }
  async function handoverLists(id: string) {
    setError(null);
    try {
      const r = await api<{ set: string; files: { name: string; department: string; documents: number }[]; warnings: string[] }>('POST', `/api/batches/${encodeURIComponent(id)}/handover`);
      setHandover({ batchId: id, ...r });
    } catch (e) {
      setError(e as ApiError);
    }
  }
  return (
    <main>
      <h1>Loturi</h1>
      {error && <p class="error" role="alert">{error.message}</p>}
      {!batches ? <p>Se încarcă…</p> : batches.length === 0 ? <p>Niciun lot în jurnalul stației.</p> : (
        <table>
          <caption>Loturile stației, cele mai noi primele</caption>
          <thead><tr><th scope="col">Lot</th><th scope="col">Început</th><th scope="col">Scaner</th><th scope="col">Pagini</th><th scope="col">Documente</th><th scope="col">Stare</th><th scope="col">Față de borderou</th><th scope="col">Acțiuni</th></tr></thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <th scope="row">{b.id}</th>
                <td>{when(b.startedAt)}</td>
                <td>{b.scanner}</td>
                <td class="num">{b.pages}</td>
                <td class="num">{b.documents}</td>
                <td><span class={`state state-${b.state}`}>{STATE_NAMES[b.state] ?? b.state}</span>{b.outboxReason && <div class="hint">{b.outboxReason}</div>}{b.error && b.state !== 'paused' && <div class="hint">{b.error}</div>}</td>
                <td>{b.reconciliation ? (b.reconciliation.missing + b.reconciliation.unexpected + b.reconciliation.duplicates === 0 ? 'totul se potrivește' : `${b.reconciliation.missing} lipsă, ${b.reconciliation.unexpected} în plus, ${b.reconciliation.duplicates} duble`) : '—'}</td>
                <td class="actions">
                  <a href={`#/lot/${b.id}`} aria-label={`Verifică lotul ${b.id}`}>Verifică</a>
                  {b.state === 'paused' && b.kind === 'scan' && <button onClick={() => resume(b.id)} aria-label={`Continuă scanarea lotului ${b.id}`}>Continuă scanarea</button>}
                  {b.state === 'paused' && b.kind === 'scan' && <button onClick={() => resume(b.id, true)} aria-label={`Încheie lotul ${b.id} cu paginile scanate până acum`}>Încheie lotul</button>}
                  {['done', 'waiting', 'refused', 'reported'].includes(b.state) && <button onClick={() => handoverLists(b.id)} aria-label={`Liste de predare pentru lotul ${b.id}`}>Liste de predare</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {handover && (
        <section aria-labelledby="handover-title" class="handover">
          <h2 id="handover-title">Liste de predare pentru lotul {handover.batchId}</h2>
          <ul>{handover.files.map((f) => <li key={f.name}><a href={`/api/batches/${encodeURIComponent(handover.batchId)}/handover/${handover.set}/${encodeURIComponent(f.name)}`} target="_blank" rel="noopener">{f.department}</a> — {countRo(f.documents, 'document', 'documente')}</li>)}</ul>
          {handover.warnings.map((w, i) => <p key={i} class="hint">{w}</p>)}
        </section>
      )}

      <OutboxSection version={props.version} onChanged={load} />
    </main>
  );
}
