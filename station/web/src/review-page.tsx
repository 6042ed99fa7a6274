/**
 * «Verificare lot»: the batch as documents with their pages, separators and removed blank pages
 * apart (with why), the borderou reconciliation beside it, a large view of any page, and — once
 * the batch is finished — the clerk's corrections, applied by the station as they are made.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, fileUrl, thumbUrl } from './api.ts';
import { STATE_NAMES, when } from './batches-page.tsx';
import { CorrectionBar, describe, type Correction, type LayoutView } from './correction-bar.tsx';
import { PageViewer } from './page-viewer.tsx';

interface Doc { id: string; file: string | null; pages: number; sheets: number; flags: string[]; assignedId?: string }
interface Recon {
  expected: number; scanned: number;
  missing: { registrationNumber: string; department: string }[];
  unexpected: { id: string }[]; duplicates: { id: string; count: number }[];
  empty: { id: string }[]; sheetMismatch: { registrationNumber: string; expectedSheets: number; scannedSheets: number }[];
}
interface Summary { pagesIn: number; separatorPages: number; blankPages: number; documents: Doc[]; unassigned: { file: string; pages: number } | null; reconciliation?: Recon; version?: number }
interface Detail { batch: { id: string; state: string; startedAt: string; endedAt: string | null; outDir: string }; summary: Summary | null; pages: { seq: number; fate: string; documentId: string | null }[] }

const STEP = 40;
const FLAG_NAMES: Record<string, string> = { duplicate: 'dublură', empty: 'gol', generic: 'separator generic' };

function Thumb(props: { batchId: string; seq: number; why?: string; rotation: number; selected: boolean; onSelect: (seq: number) => void; onOpen: (seq: number) => void }) {
  return (
    <li class={props.selected ? 'selected' : undefined}>
      <button class="thumb" aria-pressed={props.selected} onClick={() => props.onSelect(props.seq)} onDblClick={() => props.onOpen(props.seq)}
        aria-label={`Pagina ${props.seq + 1}${props.why ? `, ${props.why}` : ''}`}>
        <img src={thumbUrl(props.batchId, props.seq)} alt="" width={96} loading="lazy" style={props.rotation ? { transform: `rotate(${props.rotation}deg)` } : undefined} />
      </button>
      <span>p. {props.seq + 1}{props.why ? ` · ${props.why}` : ''}</span>
    </li>
  );
}

/** The layout of a batch still scanning (or not finished): read from the journal's page fates. */
function layoutFromFates(d: Detail): LayoutView {
  const docs: LayoutView['documents'] = [];
  for (const p of d.pages) {
    if (p.fate !== 'document') continue;
    let doc = docs.find((x) => x.id === p.documentId);
    if (!doc) docs.push((doc = { key: `d${docs.length}`, id: p.documentId ?? '', pages: [], flags: [], department: null, changed: false }));
    doc.pages.push(p.seq);
  }
  const of = (fate: string) => d.pages.filter((p) => p.fate === fate).map((p) => p.seq);
  return { version: 1, documents: docs, unassigned: of('unassigned'), separators: of('separator').map((seq) => ({ seq, why: null })), blanks: of('blank').map((seq) => ({ seq, inkRatio: 0 })), removed: [], rotations: {}, missing: [] };
}

export function ReviewPage(props: { batchId: string; version: number }) {
  const [d, setD] = useState<Detail | null>(null);
  const [layout, setLayout] = useState<LayoutView | null>(null);
  const [pending, setPending] = useState<{ c: Correction; what: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  // a long batch is drawn as it is scrolled: the first documents at once, more as the end comes into view
  const [shown, setShown] = useState(STEP);
  const more = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = more.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setShown((n) => n + STEP), { rootMargin: '800px' });
    io.observe(el);
    return () => io.disconnect();
  });
  const base = `/api/batches/${encodeURIComponent(props.batchId)}`;
  const finished = d !== null && d.summary !== null && ['done', 'waiting', 'reported', 'completed'].includes(d.batch.state);

  const load = () => api<Detail>('GET', base).then(setD, (e: ApiError) => setError(e.message));
  useEffect(() => void load(), [props.batchId, props.version]);
  useEffect(() => {
    if (!finished) return;
    api<LayoutView>('POST', `${base}/layout`, { corrections: pending.map((p) => p.c) }).then(setLayout, (e: ApiError) => {
      setError(e.message);
      setPending((list) => list.slice(0, -1)); // the station refused the last one: it is dropped
    });
  }, [finished, pending, d]);

  if (!d) return <main><h1>Lotul {props.batchId}</h1>{error ? <p class="error" role="alert">{error}</p> : <p>Se încarcă…</p>}</main>;
  const l = finished ? layout : layoutFromFates(d);
  if (!l) return <main><h1>Verificare lot {d.batch.id}</h1><p>Se încarcă…</p></main>;
  const s = d.summary;
  const rot = (seq: number) => l.rotations[String(seq)] ?? 0;
  const order = [...l.unassigned, ...l.documents.flatMap((x) => x.pages), ...l.separators.map((x) => x.seq), ...l.blanks.map((x) => x.seq), ...l.removed];
  const addCorrection = (c: Correction) => {
    setError(null);
    setNote(null);
    setPending((list) => [...list, { c, what: describe(c, l) }]);
  };
  async function save() {
    setSaving(true);
    setError(null);
    try {
      const r = await api<{ version: number }>('POST', `${base}/corrections`, { corrections: pending.map((p) => p.c) });
      setNote(`Corecturile au fost salvate: versiunea ${r.version} a lotului. Documentele modificate au fost rescrise, iar raportul corectat așteaptă trimiterea.`);
      setPending([]);
      await load();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  }
  const thumb = (seq: number, why?: string) => <Thumb key={seq} batchId={d.batch.id} seq={seq} why={why} rotation={rot(seq)} selected={selected === seq} onSelect={setSelected} onOpen={setOpen} />;
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea, dialog')) return;
    const i = selected === null ? -1 : order.indexOf(selected);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = order[Math.max(0, Math.min(order.length - 1, i + (e.key === 'ArrowRight' ? 1 : -1)))];
      if (next !== undefined) {
        if (!l.documents.slice(0, shown).some((x) => x.pages.includes(next)) && !l.unassigned.includes(next)) setShown((n) => n + STEP);
        setSelected(next);
        (document.querySelector(`button.thumb[aria-label^="Pagina ${next + 1},"], button.thumb[aria-label="Pagina ${next + 1}"]`) as HTMLElement | null)?.focus();
      }
      e.preventDefault();
    } else if (e.key === 'Enter' && selected !== null && e.shiftKey) setOpen(selected);
    else if (finished && selected !== null && e.key === 'r') addCorrection({ type: 'rotate', seq: selected, degrees: 90 });
    else if (finished && selected !== null && e.key === 'x') addCorrection({ type: 'take-out', seq: selected });
    else if (finished && selected !== null && e.key === 'm') {
      const doc = l.documents.find((x) => x.pages.includes(selected));
      if (doc) addCorrection({ type: 'merge', key: doc.key });
    } else if (finished && e.key === 'u') setPending((list) => list.slice(0, -1));
  };
  const r = s?.reconciliation;
  return (
    <main class="review" onKeyDown={onKey}>
      <h1>Verificare lot {d.batch.id}</h1>
      <p>Stare: {STATE_NAMES[d.batch.state] ?? d.batch.state} · versiunea {l.version} · început {when(d.batch.startedAt)} · încheiat {when(d.batch.endedAt)} · dosar: <code>{d.batch.outDir}</code></p>
      {s && <p>{s.pagesIn} pagini intrate = {l.documents.reduce((n, x) => n + x.pages.length, 0)} în documente + {l.separators.length} separatoare + {l.blanks.length} albe eliminate{l.unassigned.length ? ` + ${l.unassigned.length} nerepartizate` : ''}{l.removed.length ? ` + ${l.removed.length} scoase de operator` : ''}.</p>}
      {finished && <p class="hint">Taste: ← → pagina anterioară / următoare · Shift+Enter mărește · r rotește · x scoate pagina · m unește documentul cu cel anterior · u anulează ultima corectură.</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {note && <p class="ok" role="status">{note}</p>}
      <div class="review-grid">
        <section aria-labelledby="docs-title">
          <h2 id="docs-title">Documente ({l.documents.length})</h2>
          {l.unassigned.length > 0 && (
            <article class="doc" aria-label="Pagini nerepartizate">
              <h3>Pagini nerepartizate (înaintea primului separator)</h3>
              <ul class="thumbs">{l.unassigned.map((seq) => thumb(seq))}</ul>
            </article>
          )}
          {l.documents.slice(0, shown).map((doc) => {
            const saved = s?.documents.find((x) => x.id === doc.id && !doc.changed);
            return (
              <article class={doc.changed && pending.length ? 'doc changed' : 'doc'} key={doc.key} aria-label={`Documentul ${doc.id}`}>
                <h3>{saved?.assignedId ?? doc.id} {[...new Set([...doc.flags, ...(saved?.flags ?? [])])].map((f) => <span key={f} class={`flag flag-${f}`}>{FLAG_NAMES[f] ?? f}</span>)}{doc.changed && pending.length > 0 && <span class="flag">modificat, nesalvat</span>}</h3>
                <p>{doc.department ?? 'structură necunoscută (nu e în borderou)'} · {doc.pages.length} {doc.pages.length === 1 ? 'pagină' : 'pagini'}{saved ? ` · ${saved.sheets} ${saved.sheets === 1 ? 'filă' : 'file'}` : ''}{saved?.file && <> · <a href={fileUrl(d.batch.id, saved.file)} target="_blank" rel="noopener">PDF</a></>}</p>
                <ul class="thumbs">{doc.pages.map((seq) => thumb(seq))}</ul>
              </article>
            );
          })}
          {shown < l.documents.length && <div ref={more} class="hint" role="status">Se afișează documentele {shown} din {l.documents.length}…</div>}
          {shown >= l.documents.length && <>
          <h2>Separatoare ({l.separators.length})</h2>
          <ul class="thumbs" aria-label="Separatoare">{l.separators.map((x) => thumb(x.seq, x.why ?? 'fără cod citit (verso)'))}</ul>
          <h2>Pagini albe eliminate ({l.blanks.length})</h2>
          <ul class="thumbs" aria-label="Pagini albe eliminate">{l.blanks.map((b) => thumb(b.seq, `cerneală ${(b.inkRatio * 100).toFixed(3)} %`))}</ul>
          {l.removed.length > 0 && <>
            <h2>Pagini scoase de operator ({l.removed.length})</h2>
            <ul class="thumbs" aria-label="Pagini scoase de operator">{l.removed.map((seq) => thumb(seq, 'păstrată separat'))}</ul>
          </>}
          </>}
        </section>
        <aside>
          <section aria-labelledby="recon-title">
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
          </section>
          {finished && <CorrectionBar layout={l} selected={selected} pending={pending.map((p) => p.what)} onAdd={addCorrection} onUndo={() => setPending((list) => list.slice(0, -1))} onSave={save} onView={() => setOpen(selected)} saving={saving} />}
          {!finished && <p>Corecturile se pot face după încheierea lotului.</p>}
        </aside>
      </div>
      <PageViewer batchId={d.batch.id} seqs={order} seq={open} rotation={rot} onClose={() => setOpen(null)} onMove={setOpen} />
    </main>
  );
}
