/** The registry's web app: login, then one page per task, chosen by the address' #fragment. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, sendJson, setCsrfToken } from './api.ts';
import { LoginPage } from './pages/login-page.tsx';
import { BorderouPage } from './pages/borderou-page.tsx';
import { ReconciliationPage } from './pages/reconciliation-page.tsx';
import { StationsPage } from './pages/stations-page.tsx';
import { WeeklyReportPage } from './pages/weekly-report-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import './style.css';

export type Role = 'admin' | 'registratura' | 'raport';
export interface SessionInfo {
  user: { name: string; role: Role };
  csrfToken: string;
}

const PAGES = [
  { id: 'reconciliere', title: 'Reconciliere', roles: ['admin', 'registratura'], Page: ReconciliationPage },
  { id: 'borderou', title: 'Borderou', roles: ['admin', 'registratura'], Page: BorderouPage },
  { id: 'raport', title: 'Raport săptămânal', roles: ['admin', 'raport'], Page: WeeklyReportPage },
  { id: 'statii', title: 'Stații', roles: ['admin'], Page: StationsPage },
  { id: 'utilizatori', title: 'Utilizatori', roles: ['admin'], Page: UsersPage },
  { id: 'audit', title: 'Jurnal de audit', roles: ['admin'], Page: AuditPage },
] as const;

const ROLE_NAMES: Record<Role, string> = { admin: 'administrator', registratura: 'registratură', raport: 'rapoarte' };

function currentHash(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [hash, setHash] = useState(currentHash());

  useEffect(() => {
    getJson<SessionInfo>('/api/session')
      .then((s) => { setCsrfToken(s.csrfToken); setSession(s); })
      .catch(() => setSession(null));
    const onHash = () => setHash(currentHash());
    const onLost = () => setSession(null);
    window.addEventListener('hashchange', onHash);
    window.addEventListener('session-lost', onLost);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('session-lost', onLost);
    };
  }, []);

  if (session === undefined) return <p>Se încarcă…</p>;
  if (session === null) {
    return <LoginPage onLogin={(s) => { setCsrfToken(s.csrfToken); setSession(s); }} />;
  }

  const allowed = PAGES.filter((p) => (p.roles as readonly string[]).includes(session.user.role));
  const page = allowed.find((p) => p.id === hash) ?? allowed[0]!;
  const logout = async () => {
    try {
      await sendJson('DELETE', '/api/session');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
    setSession(null);
  };
  document.title = `${page.title} — Registratura`;

  return (
    <>
      <header class="top">
        <span class="brand">Registratura</span>
        <nav aria-label="Pagini">
          <ul>
            {allowed.map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined}>{p.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.user.name} ({ROLE_NAMES[session.user.role]})
          <button type="button" class="link" onClick={logout}>Ieșire</button>
        </span>
      </header>
      <main>
        <page.Page key={page.id} session={session} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
