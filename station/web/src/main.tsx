/** The station's web app: navigation, the secret, and the one event stream every page reads. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, followEvents, STREAM_RESTART, takeSecret, type StationEvent } from './api.ts';
import { BatchesPage } from './batches-page.tsx';
import { EMPTY, fold, type LiveState } from './live-state.ts';
import { ReviewPage } from './review-page.tsx';
import { ScanPage } from './scan-page.tsx';
import './styles.css';

function route(): { page: 'scan' | 'batches' | 'review'; batchId?: string } {
  const h = location.hash;
  const m = /^#\/lot\/([A-Za-z0-9_-]+)$/.exec(h);
  if (m) return { page: 'review', batchId: m[1]! };
  if (h.startsWith('#/loturi')) return { page: 'batches' };
  return { page: 'scan' };
}

interface StationInfo {
  defaultDriver: string;
  storage: string;
}

function App() {
  const [r, setR] = useState(route());
  const [live, setLive] = useState<LiveState>(EMPTY);
  const [connected, setConnected] = useState(false);
  // the station's settings the pages need, asked once for the whole app
  const [station, setStation] = useState<StationInfo>({ defaultDriver: 'sane', storage: 'original' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const onHash = () => setR(route());
    addEventListener('hashchange', onHash);
    onHash(); // an address changed between the first render and this listener (the page's first frames)
    api<{ station: { defaultDriver: string; storage?: string } }>('GET', '/api/state').then((s) => setStation({ defaultDriver: s.station.defaultDriver, storage: s.station.storage ?? 'original' }), () => {});
    let pagesRead = 0;
    const stop = followEvents((e: StationEvent) => {
      setLive((s) => fold(s, e));
      if (e.event === 'batch-start' || e.event === STREAM_RESTART) pagesRead = 0;
      // a batch is in the journal, running, once its first page is read: the 'runner' event that starts it comes
      // before that (a resumed batch would stay «în pauză» in «Loturi» until its first document)
      const firstPage = (e.event === 'page-scanned' || e.event === 'page') && pagesRead++ === 0;
      // pages that list batches or show one follow the batch as it goes, and the outbox as the station's
      // background sender delivers it ('outbox': a pass that delivered, failed or put back a report)
      if (firstPage || ['batch-end', 'runner', 'document', 'paused', 'resumed', 'outbox', STREAM_RESTART].includes(e.event)) setVersion((v) => v + 1);
    }, setConnected);
    return () => {
      stop();
      removeEventListener('hashchange', onHash);
    };
  }, []);
  useEffect(() => {
    const title = r.page === 'scan' ? 'Scanare' : r.page === 'batches' ? 'Loturi' : `Lotul ${r.batchId}`;
    document.title = `${title} — Stația de scanare`;
  }, [r]);
  const link = (href: string, label: string, active: boolean) => <a href={href} aria-current={active ? 'page' : undefined}>{label}</a>;
  return (
    <>
      <header>
        <span class="brand">Stația de scanare</span>
        <nav aria-label="Pagini">
          {link('#/scanare', 'Scanare', r.page === 'scan')}
          {link('#/loturi', 'Loturi', r.page === 'batches')}
        </nav>
        <span class={connected ? 'conn up' : 'conn down'} role="status">{connected ? 'conectat la stație' : 'fără legătură cu stația'}</span>
      </header>
      {r.page === 'scan' && <ScanPage live={live} defaultDriver={station.defaultDriver} configuredStorage={station.storage} />}
      {r.page === 'batches' && <BatchesPage version={version} />}
      {r.page === 'review' && <ReviewPage batchId={r.batchId!} version={version} live={live} />}
    </>
  );
}

function NoSecret() {
  return (
    <main>
      <h1>Stația de scanare</h1>
      <p>Această adresă nu conține cheia stației. Deschideți stația din pictograma «Stația de scanare» de pe Desktop; dacă nu o găsiți, anunțați administratorul calculatorului.</p>
    </main>
  );
}

const root = document.getElementById('app')!;
if (!takeSecret()) render(<NoSecret />, root);
else {
  // the session cookie lets <img> thumbnails and PDF links read; writes always need the secret header
  api('POST', '/api/session').finally(() => render(<App />, root));
}
