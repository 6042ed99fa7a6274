/**
 * «Verificare lot»: the batch as documents with their pages, separators and removed blank pages
 * apart (with why), the borderou reconciliation beside it, and a large view of any page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, fileUrl, largeUrl, thumbUrl } from './api.ts';
import { STATE_NAMES, when } from './batches-page.tsx';

interface Page { seq: number; fate: string; documentId: string | null; label: string; pageInFile: number }
interface Doc { id: string; file: string | null; pages: number; sheets: number; flags: string[]; separatorSeq?: number | null; assignedId?: string }
interface Recon {
  expected: number; scanned: number;
  matched: { registrationNumber: string; department: string; documents: { id: string }[] }[];
  missing: { registrationNumber: string; department: string }[];
  unexpected: { id: string }[]; duplicates: { id: string; count: number }[];
  empty: { id: string }[]; sheetMismatch: { registrationNumber: string; expectedSheets: number; scannedSheets: number }[];
}
interface Summary {
  pagesIn: number; separatorPages: number; blankPages: number; documents: Doc[];
  unassigned: { file: string; pages: number } | null;
  removedBlanks: { seq: number; inkRatio: number }[];
  separators: { seq: number; value: string; format: string }[];
  reconciliation?: Recon;
}
interface Detail {
  batch: { id: string; state: string; startedAt: string; endedAt: string | null; outDir: string };
  summary: Summary | null;
  pages: Page[];
}

function Thumb(props: { batchId: string; page: Page; why?: string; onOpen: (seq: number) => void }) {
  return (
    <li>
      <button class="thumb" onClick={() => props.onOpen(props.page.seq)} aria-label={`Pagina ${props.page.seq + 1}${props.why ? `, ${props.why}` : ''}: mărește`}>
        <img src={thumbUrl(props.batchId, props.page.seq)} alt="" width={96} loading="lazy" />
      </button>
      <span>p. {props.page.seq + 1}{props.why ? ` · ${props.why}` : ''}</span>
    </li>
  );
}

function PageViewer(props: { batchId: string; seqs: number[]; seq: number | null; onClose: () => void; onMove: (seq: number) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.seq !== null && !d.open) d.showModal();
    if (props.seq === null && d.open) d.close();
  }, [props.seq]);
  const at = props.seq === null ? -1 : props.seqs.indexOf(props.seq);
  const go = (delta: number) => {
    const next = props.seqs[at + delta];
    if (next !== undefined) props.onMove(next);
  };
  return (
    <dialog ref={ref} class="viewer" aria-label="Pagina mărită" onClose={props.onClose}
      onKeyDown={(e) => { if (e.key === 'ArrowRight') go(1); if (e.key === 'ArrowLeft') go(-1); if (e.key === '+') setZoom((z) => Math.min(4, z * 1.25)); if (e.key === '-') setZoom((z) => Math.max(0.5, z / 1.25)); }}>
      <div class="viewer-bar">
        <strong>Pagina {props.seq === null ? '' : props.seq + 1}</strong>
        <button onClick={() => go(-1)} disabled={at <= 0}>← Pagina anterioară</button>
        <button onClick={() => go(1)} disabled={at < 0 || at >= props.seqs.length - 1}>Pagina următoare →</button>
        <button onClick={() => setZoom((z) => Math.max(0.5, z / 1.25))}>Micșorează</button>
        <button onClick={() => setZoom((z) => Math.min(4, z * 1.25))}>Mărește</button>
        <button onClick={props.onClose}>Închide</button>
      </div>
      <div class="viewer-body">{props.seq !== null && <img src={largeUrl(props.batchId, props.seq)} alt={`Pagina ${props.seq + 1}`} style={{ height: `${zoom * 100}%` }} />}</div>
    </dialog>
  );
}

export function ReviewPage(props: { batchId: string; version: number }) {
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => void api<Detail>('GET', `/api/batches/${encodeURIComponent(props.batchId)}`).then(setD, setError), [props.batchId, props.version]);
  if (error) return <main><h1>Lotul {props.batchId}</h1><p class="error" role="alert">{error.message}</p></main>;
  if (!d) return <main><h1>Lotul {props.batchId}</h1><p>Se încarcă…</p></main>;
  const s = d.summary;
  const departmentOf = new Map<string, string>();
  for (const m of s?.reconciliation?.matched ?? []) for (const doc of m.documents) departmentOf.set(doc.id, m.department);
  const pagesOf = (id: string | null, fate: string) => d.pages.filter((p) => p.fate === fate && p.documentId === id);
  const separatorOf = new Map((s?.separators ?? []).map((x) => [x.seq, x]));
  const blankOf = new Map((s?.removedBlanks ?? []).map((x) => [x.seq, x]));
  const seen = new Set<string>();
  const docs = (s?.documents ?? []).filter((doc) => (seen.has(doc.id) ? false : (seen.add(doc.id), true)));
  const r = s?.reconciliation;
  return (
    <main class="review">
      <h1>Verificare lot {d.batch.id}</h1>
      <p>Stare: {STATE_NAMES[d.batch.state] ?? d.batch.state} · început {when(d.batch.startedAt)} · încheiat {when(d.batch.endedAt)} · dosar: <code>{d.batch.outDir}</code></p>
      {s && <p>{s.pagesIn} pagini intrate = {s.documents.reduce((n, x) => n + x.pages, 0)} în documente + {s.separatorPages} separatoare + {s.blankPages} albe eliminate{s.unassigned ? ` + ${s.unassigned.pages} nerepartizate` : ''}.</p>}
      <div class="review-grid">
        <section aria-labelledby="docs-title">
          <h2 id="docs-title">Documente ({s?.documents.length ?? 0})</h2>
          {!s && <p>Lotul nu este încheiat; documentele apar după încheiere.</p>}
          {docs.map((doc) => (
            <article class="doc" key={doc.id} aria-label={`Documentul ${doc.id}`}>
              <h3>{doc.assignedId ?? doc.id} {doc.flags.map((f) => <span key={f} class={`flag flag-${f}`}>{f === 'duplicate' ? 'dublură' : f === 'empty' ? 'gol' : f === 'generic' ? 'separator generic' : f}</span>)}</h3>
              <p>{departmentOf.get(doc.assignedId ?? doc.id) ?? 'structură necunoscută (nu e în borderou)'} · {doc.pages} {doc.pages === 1 ? 'pagină' : 'pagini'} · {doc.sheets} {doc.sheets === 1 ? 'filă' : 'file'}{doc.file && <> · <a href={fileUrl(d.batch.id, doc.file)} target="_blank" rel="noopener">PDF</a></>}</p>
              <ul class="thumbs">{pagesOf(doc.id, 'document').map((p) => <Thumb key={p.seq} batchId={d.batch.id} page={p} onOpen={setOpen} />)}</ul>
            </article>
          ))}
          {s?.unassigned && (
            <article class="doc" aria-label="Pagini nerepartizate">
              <h3>Pagini nerepartizate (înaintea primului separator)</h3>
              <ul class="thumbs">{pagesOf(null, 'unassigned').map((p) => <Thumb key={p.seq} batchId={d.batch.id} page={p} onOpen={setOpen} />)}</ul>
            </article>
          )}
          <h2>Separatoare ({d.pages.filter((p) => p.fate === 'separator').length})</h2>
          <ul class="thumbs" aria-label="Separatoare">{d.pages.filter((p) => p.fate === 'separator').map((p) => {
            const sep = separatorOf.get(p.seq);
            return <Thumb key={p.seq} batchId={d.batch.id} page={p} why={sep ? `${sep.format}: ${sep.value}` : 'verso al separatorului'} onOpen={setOpen} />;
          })}</ul>
          <h2>Pagini albe eliminate ({d.pages.filter((p) => p.fate === 'blank').length})</h2>
          <ul class="thumbs" aria-label="Pagini albe eliminate">{d.pages.filter((p) => p.fate === 'blank').map((p) => {
            const b = blankOf.get(p.seq);
            return <Thumb key={p.seq} batchId={d.batch.id} page={p} why={b ? `cerneală ${(b.inkRatio * 100).toFixed(3)} %` : 'albă'} onOpen={setOpen} />;
          })}</ul>
        </section>
        <aside aria-labelledby="recon-title">
          <h2 id="recon-title">Față de borderou</h2>
          {!r ? <p>Lotul nu a fost verificat față de un borderou.</p> : (
            <dl class="recon">
              <dt>Așteptate / scanate</dt><dd>{r.expected} / {r.scanned}</dd>
              <dt>Lipsă ({r.missing.length})</dt><dd>{r.missing.map((m) => `${m.registrationNumber} (${m.department})`).join(', ') || '—'}</dd>
              <dt>În plus ({r.unexpected.length})</dt><dd>{r.unexpected.map((u) => u.id).join(', ') || '—'}</dd>
              <dt>Duble ({r.duplicates.length})</dt><dd>{r.duplicates.map((x) => `${x.id} ×${x.count}`).join(', ') || '—'}</dd>
              <dt>Goale ({r.empty.length})</dt><dd>{r.empty.map((x) => x.id).join(', ') || '—'}</dd>
              <dt>File diferite ({r.sheetMismatch.length})</dt><dd>{r.sheetMismatch.map((x) => `${x.registrationNumber}: ${x.scannedSheets} în loc de ${x.expectedSheets}`).join(', ') || '—'}</dd>
            </dl>
          )}
        </aside>
      </div>
      <PageViewer batchId={d.batch.id} seqs={d.pages.map((p) => p.seq)} seq={open} onClose={() => setOpen(null)} onMove={setOpen} />
    </main>
  );
}
