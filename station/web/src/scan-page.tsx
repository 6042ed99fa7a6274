/** «Scanare»: the form, then the running batch live; a scanner problem opens a dialog. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, thumbUrl } from './api.ts';
import { BatchWarnings } from './batch-warnings.tsx';
import { countRo } from '../../../shared/src/count-ro.ts';
import type { LiveState } from './live-state.ts';
import { pagesPerMinute } from './live-state.ts';
import { ScanForm } from './scan-form.tsx';

const FATE_NAMES: Record<string, string> = { separator: 'separator', blank: 'albă, eliminată', unassigned: 'nerepartizată', document: '' };

function ProblemDialog(props: { live: LiveState; onError: (e: ApiError | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = props.live.runner === 'waiting' && props.live.problem !== null;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const decide = (decision: string) => api('POST', '/api/scan/decision', { decision }).catch((e: ApiError) => props.onError(e));
  return (
    <dialog ref={ref} aria-labelledby="problem-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="problem-title">Scanerul s-a oprit</h2>
      <p>{props.live.problem?.message}</p>
      <p>Paginile scanate până acum ({props.live.scanned}) sunt păstrate.</p>
      <div class="buttons">
        <button class="primary" onClick={() => decide('continue')}>Continuă</button>
        <button onClick={() => decide('end')}>Încheie lotul</button>
      </div>
      <p class="hint">«Continuă» reia același lot după ce ați rezolvat problema. «Încheie lotul» păstrează documentele scanate până acum și încheie lotul.</p>
    </dialog>
  );
}

function Live(props: { live: LiveState; onError: (e: ApiError | null) => void }) {
  const { live } = props;
  const ppm = pagesPerMinute(live);
  const busy = live.runner !== 'idle';
  const recent = [...live.pages.values()].filter((p) => p.thumb).slice(-48);
  return (
    <section aria-labelledby="live-title" class="live">
      <h2 id="live-title">Lotul {live.batchId}</h2>
      <dl class="counters">
        <div><dt>Pagini scanate</dt><dd data-testid="scanned">{live.scanned}</dd></div>
        <div><dt>Pagini prelucrate</dt><dd data-testid="processed">{live.processed}</dd></div>
        <div><dt>Pagini pe minut</dt><dd>{ppm ?? '—'}</dd></div>
        <div><dt>Documente</dt><dd data-testid="documents">{live.documents.length}</dd></div>
        <div class="wide"><dt>Document curent</dt><dd>{live.current ?? '—'}</dd></div>
        <div><dt>În așteptare</dt><dd title="pagini scanate, încă neprelucrate">{live.lag}</dd></div>
      </dl>
      <BatchWarnings warnings={live.warnings} live />
      {busy && <p><a href={`#/lot/${live.batchId}`}>Urmăriți lotul pe documente (pagina de verificare)</a></p>}
      {busy && (
        <div class="buttons">
          <button onClick={() => api('POST', '/api/scan/end').catch((e: ApiError) => props.onError(e))}>Încheie lotul</button>
          <button class="danger" onClick={() => api('POST', '/api/scan/cancel').catch((e: ApiError) => props.onError(e))}>Oprește (lotul rămâne în pauză)</button>
        </div>
      )}
      {live.ended && (
        <p class="ok" role="status">
          Lot încheiat: {countRo(live.ended.pagesIn, 'pagină', 'pagini')}, {countRo(live.ended.documents, 'document', 'documente')}, {countRo(live.ended.separatorPages, 'separator', 'separatoare')}, {countRo(live.ended.blankPages, 'pagină albă eliminată', 'pagini albe eliminate')}
          {live.ended.unassignedPages > 0 ? `, ${countRo(live.ended.unassignedPages, 'pagină nerepartizată', 'pagini nerepartizate')}` : ''}. <a href={`#/lot/${live.batchId}`}>Verifică lotul</a>
        </p>
      )}
      {live.error && !live.ended && <p class="error" role="alert">{live.error.message}</p>}
      <h3>Documente</h3>
      {live.documents.length === 0 ? <p>Niciun document încheiat încă.</p> : (
        <ol class="doc-list">{live.documents.map((d, i) => <li key={i}>{d.id} — {countRo(d.pages, 'pagină', 'pagini')}</li>)}</ol>
      )}
      <h3>Ultimele pagini</h3>
      <ul class="thumbs" aria-label="Ultimele pagini scanate">
        {recent.map((p) => (
          <li key={p.seq} class={`fate-${p.fate}`}>
            <img src={thumbUrl(live.batchId!, p.seq)} alt={`Pagina ${p.seq + 1}`} width={80} />
            <span>{p.seq + 1}{FATE_NAMES[p.fate] ? ` · ${FATE_NAMES[p.fate]}` : ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ScanPage(props: { live: LiveState; defaultDriver: string; configuredStorage: string }) {
  const [error, setError] = useState<ApiError | null>(null);
  const busy = props.live.runner !== 'idle';
  return (
    <main>
      <h1>Scanare</h1>
      {error && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>Există o problemă</h2>
          <p>{error.message}</p>
        </div>
      )}
      {props.live.batchId && busy && <Live live={props.live} onError={setError} />}
      <div hidden={busy}><ScanForm defaultDriver={props.defaultDriver} configuredStorage={props.configuredStorage} busy={busy} onError={setError} /></div>
      {props.live.batchId && !busy && <Live live={props.live} onError={setError} />}
      <ProblemDialog live={props.live} onError={setError} />
    </main>
  );
}
