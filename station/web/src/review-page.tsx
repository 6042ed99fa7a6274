/**
 * «Verificare lot»: the batch as documents with their pages, separators and removed blank pages
 * apart (with why), the borderou reconciliation beside it, a large view of any page. A batch still
 * scanning is shown live and read-only; once it has ended, the clerk's corrections, applied by the
 * station as they are made, each undoable (and redoable) until saved. What «Salvează corecturile» said
 * about the corrected report's delivery holds while the batch shows the report so; the batch read again
 * on a later change (the background sender, another page) replaces it with what changed (outbox-notice.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { BatchWarnings } from './batch-warnings.tsx';
import { STATE_NAMES, when } from './batches-page.tsx';
import { CorrectionBar, describe, type Correction } from './correction-bar.tsx';
import { NO_HISTORY, push, redo, undo, withdraw, type History } from './correction-history.ts';
import type { LiveState } from './live-state.ts';
import { newestAnswer } from './newest-answer.ts';
import { noticeNow, type Notice, type ReportState } from './outbox-notice.ts';
import { PageViewer } from './page-viewer.tsx';
import { ReconPanel } from './recon-panel.tsx';
import { ReviewDocuments } from './review-documents.tsx';
import { ServerProblems } from './server-problems.tsx';
import { layoutFromFates, SEPARATION_TEXT, warningsOf, type Detail, type LayoutView } from './review-model.ts';
import { countRo } from '../../../shared/src/count-ro.ts';

const STEP = 40;

/** The batch's report as its state says (null: a state that says nothing of it). */
function reportOf(batchId: string, state: string): { batchId: string; state: 'waiting' | 'attention' }[] | null {
  if (state === 'reported') return [];
  if (state === 'waiting') return [{ batchId, state: 'waiting' }];
  if (state === 'refused') return [{ batchId, state: 'attention' }];
  return null;
}
const ENDED = ['done', 'waiting', 'refused', 'reported', 'completed'];

/** Why the corrections cannot be made now (null: they can). */
function readOnlyReason(state: string, following: boolean, hasSummary: boolean): string | null {
  if (following || state === 'scanning') return 'Lotul se scanează acum: documentele și paginile apar aici pe măsură ce sosesc. Corecturile se pot face după ce lotul se încheie.';
  if (state === 'paused') return 'Lotul este în pauză: documentele lui se scriu abia când lotul se încheie, așa că nu pot fi corectate încă. Continuați scanarea din pagina «Loturi» sau încheiați lotul aici cu paginile scanate până acum; apoi îl puteți corecta.';
  if (!ENDED.includes(state) || !hasSummary) return 'Lotul nu s-a încheiat, deci nu are documente de corectat.';
  return null;
}

/**
 * Why the batch's report has not reached the registry (the words of «Loturi»: `outbox-words.ts`), what
 * the server found wrong in it, and where «Trimite din nou» is; nothing while it is delivered or simply waits.
 */
function ReportReason(props: { batchId: string; outbox: Detail['outbox'] }) {
  const o = props.outbox;
  if (!o?.reason) return null;
  return (
    <section class="report-reason" aria-label="Raportul lotului către registratură">
      <p><strong>Raportul lotului nu a ajuns la registratură.</strong> {o.reason}</p>
      <ServerProblems batchId={props.batchId} problems={o.problems} />
      <p class="hint">Ce este de făcut și butonul «Trimite din nou» se află în pagina <a href="#/loturi">Loturi</a>, la «Coada de trimitere».</p>
    </section>
  );
}

export function ReviewPage(props: { batchId: string; version: number; live: LiveState }) {
  const [d, setD] = useState<Detail | null>(null);
  const [layout, setLayout] = useState<LayoutView | null>(null);
  const [history, setHistory] = useState<History>(NO_HISTORY);
  const accepted = useRef<History>(NO_HISTORY); // the last list the station applied
  const [error, setError] = useState<string | null>(null);
  // the line after a save: what was saved, and what became of the corrected report (kept true to the batch's state)
  const [note, setNote] = useState<{ saved: string; delivery: Notice } | null>(null);
  const asked = useRef(0); // the batch's reads: `dAsked` is the one drawn
  const [dAsked, setDAsked] = useState(0);
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
  const following = props.live.batchId === props.batchId && props.live.runner !== 'idle';
  const reason = d ? readOnlyReason(d.batch.state, following, d.summary !== null) : null;
  const finished = d !== null && reason === null;
  const pending = history.done;

  // asked again at each event, and a layout at each correction: only the newest answer of each is drawn
  const newestDetail = useMemo(newestAnswer, []);
  const newestLayout = useMemo(newestAnswer, []);
  const load = () => {
    const n = ++asked.current;
    return newestDetail(api<Detail>('GET', base), (v) => {
      setD(v);
      setDAsked(n);
    }, (e) => setError((e as ApiError).message));
  };
  useEffect(() => void load(), [props.batchId, props.version]);
  useEffect(() => {
    if (!finished) return;
    void newestLayout(api<LayoutView>('POST', `${base}/layout`, { corrections: pending.map((p) => p.c) }), (l) => {
      accepted.current = history;
      setLayout(l);
    }, (e) => {
      setError((e as ApiError).message);
      setHistory(accepted.current); // the station refused: back to the last list it applied
    });
  }, [finished, history, d]);

  // the delivery's line against the batch as drawn: replaced by what changed once a later read shows the report otherwise
  const items = d ? reportOf(d.batch.id, d.batch.state) : null;
  const delivery = note && items ? noticeNow(note.delivery, { list: { items }, asked: dAsked }) : (note?.delivery ?? null);
  useEffect(() => {
    if (note && delivery && delivery !== note.delivery) setNote({ ...note, delivery });
  }, [delivery]);

  if (!d) return <main><h1>Lotul {props.batchId}</h1>{error ? <p class="error" role="alert">{error}</p> : <p>Se încarcă…</p>}</main>;
  const l = finished ? layout : layoutFromFates(d, following ? props.live.pages : null);
  // the layout refused (a damaged summary): said, not «Se încarcă…» for ever
  if (!l) return <main><h1>Verificare lot {d.batch.id}</h1>{error ? <p class="error" role="alert">{error}</p> : <p>Se încarcă…</p>}</main>;
  const s = d.summary;
  const rot = (seq: number) => l.rotations[String(seq)] ?? 0;
  const order = [...l.unassigned, ...l.documents.flatMap((x) => x.pages), ...l.separators.map((x) => x.seq), ...l.blanks.map((x) => x.seq), ...l.removed];
  const change = (next: History) => {
    setError(null);
    setNote(null);
    setHistory(next);
  };
  const addCorrection = (c: Correction) => change(push(history, { c, what: describe(c, l) }));
  async function save() {
    setSaving(true);
    setError(null);
    try {
      const r = await api<{ version: number; delivery: string | null; report: ReportState | null }>('POST', `${base}/corrections`, { corrections: pending.map((p) => p.c) });
      const from = asked.current + 1;
      setNote({
        saved: `Corecturile au fost salvate: versiunea ${r.version} a lotului. Documentele modificate au fost rescrise.`,
        delivery: { text: r.delivery ?? 'Raportul corectat așteaptă trimiterea.', reports: r.report ? [{ batchId: props.batchId, state: r.report }] : [], from },
      });
      accepted.current = NO_HISTORY;
      setHistory(NO_HISTORY);
      await load();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  }
  const select = (seq: number) => {
    if (!l.documents.slice(0, shown).some((x) => x.pages.includes(seq)) && !l.unassigned.includes(seq)) setShown((n) => n + STEP);
    setSelected(seq);
    (document.querySelector(`button.thumb[aria-label^="Pagina ${seq + 1},"], button.thumb[aria-label="Pagina ${seq + 1}"]`) as HTMLElement | null)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea, dialog')) return;
    const i = selected === null ? -1 : order.indexOf(selected);
    const key = e.key.toLowerCase();
    const doc = selected === null ? undefined : l.documents.find((x) => x.pages.includes(selected));
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = order[Math.max(0, Math.min(order.length - 1, i + (e.key === 'ArrowRight' ? 1 : -1)))];
      if (next !== undefined) select(next);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      // the first page of the next / previous document
      const at = doc ? l.documents.indexOf(doc) : -1;
      const target = l.documents[e.key === 'ArrowDown' ? at + 1 : Math.max(0, at - 1)];
      if (target?.pages[0] !== undefined) select(target.pages[0]);
    } else if (e.key === 'Enter' && selected !== null && e.shiftKey) setOpen(selected);
    else if (finished && (e.ctrlKey || e.metaKey) && (key === 'y' || (key === 'z' && e.shiftKey))) change(redo(history));
    else if (finished && (e.ctrlKey || e.metaKey) && key === 'z') change(undo(history));
    else if (e.ctrlKey || e.metaKey || e.altKey) return;
    else if (finished && e.key === 'U') change(redo(history));
    else if (finished && e.key === 'u') change(undo(history));
    else if (finished && selected !== null && e.key === 'r') addCorrection({ type: 'rotate', seq: selected, degrees: 90 });
    else if (finished && selected !== null && e.key === 'x') addCorrection({ type: 'take-out', seq: selected });
    else if (finished && doc && e.key === 'm') addCorrection({ type: 'merge', key: doc.key });
    else if (finished && selected !== null && e.key === 'n') document.getElementById('new-id')?.focus(); // the number, then Enter: a new document from here
    else return;
    e.preventDefault();
  };
  const separation = s?.options?.separation ?? d.batch.options?.separation;
  return (
    <main class="review" onKeyDown={onKey}>
      <h1>Verificare lot {d.batch.id}</h1>
      <p>Stare: {STATE_NAMES[d.batch.state] ?? d.batch.state} · versiunea {l.version} · început {when(d.batch.startedAt)} · încheiat {when(d.batch.endedAt)} · dosar: <code>{d.batch.outDir}</code></p>
      <ReportReason batchId={d.batch.id} outbox={d.outbox} />
      {separation && SEPARATION_TEXT[separation] && <p>{SEPARATION_TEXT[separation]}</p>}
      {s && <p>{countRo(s.pagesIn, 'pagină intrată', 'pagini intrate')} = {l.documents.reduce((n, x) => n + x.pages.length, 0)} în documente + {countRo(l.separators.length, 'separator', 'separatoare')} + {countRo(l.blanks.length, 'albă eliminată', 'albe eliminate')}{l.unassigned.length ? ` + ${countRo(l.unassigned.length, 'nerepartizată', 'nerepartizate')}` : ''}{l.removed.length ? ` + ${countRo(l.removed.length, 'scoasă de operator', 'scoase de operator')}` : ''}.</p>}
      <BatchWarnings warnings={warningsOf(d, following ? props.live.warnings : null)} />
      {!s && <p role="status">Până acum: {countRo(order.length, 'pagină prelucrată', 'pagini prelucrate')}, {countRo(l.documents.length, 'document', 'documente')}.</p>}
      <p class="hint">Taste: ← → pagina anterioară / următoare · ↑ ↓ documentul anterior / următor · Shift+Enter mărește{finished ? ' · r rotește · x scoate pagina · m unește documentul cu cel anterior · n document nou de aici (scrieți numărul, apoi Enter) · u sau Ctrl+Z anulează ultima corectură · Shift+U sau Ctrl+Y o reface' : ''}.</p>
      {error && <p class="error" role="alert">{error}</p>}
      {note && <p class="ok" role="status">{note.saved} {delivery?.text}</p>}
      <div class="review-grid">
        <ReviewDocuments layout={l} summary={s} shown={shown} unsaved={pending.length > 0} live={!finished} more={more}
          batchId={d.batch.id} rotation={rot} selected={selected} onSelect={setSelected} onOpen={setOpen} />
        <aside>
          <ReconPanel recon={s?.reconciliation} />
          {reason && <p class="read-only" role="note">{reason}</p>}
          {d.batch.state === 'paused' && !following && (
            <button onClick={() => api('POST', '/api/scan/resume', { batchId: d.batch.id, pagesSoFar: true }).catch((e: ApiError) => setError(e.message))}>Încheie lotul cu paginile scanate până acum</button>
          )}
          <CorrectionBar layout={l} selected={selected} pending={pending.map((p) => p.what)} redoable={history.undone.length} readOnly={reason !== null}
            onAdd={addCorrection} onUndo={() => change(undo(history))} onRedo={() => change(redo(history))} onWithdraw={(i) => change(withdraw(history, i))}
            onSave={save} onView={() => setOpen(selected)} saving={saving} />
        </aside>
      </div>
      <PageViewer batchId={d.batch.id} seqs={order} seq={open} rotation={rot} onClose={() => setOpen(null)} onMove={setOpen} />
    </main>
  );
}
