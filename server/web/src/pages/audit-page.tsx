/** Jurnal de audit (admin): who did what, newest first; read-only. */
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { roInstant } from '../format.ts';

interface Entry { id: number; at: string; actor: string; action: string; target: string | null; address: string | null; details: Record<string, unknown> }

const ACTIONS: Record<string, string> = {
  login: 'Autentificare',
  'login-failed': 'Autentificare eșuată',
  'login-locked': 'Autentificare refuzată (prea multe încercări)',
  logout: 'Ieșire',
  'borderou-upload': 'Borderou încărcat',
  'user-add': 'Utilizator creat',
  'user-passwd': 'Parolă nouă',
  'user-disable': 'Utilizator dezactivat',
  'user-enable': 'Utilizator reactivat',
  'station-add': 'Stație adăugată',
  'station-token-rotate': 'Token nou pentru stație',
  'station-revoke': 'Token de stație revocat',
  'week-close': 'Săptămână închisă',
};

const DETAIL_NAMES: Record<string, string> = {
  role: 'rol', reason: 'motiv', entries: 'documente', replacedVersion: 'înlocuiește versiunea', sha256: 'SHA-256',
  registered: 'înregistrate', processed: 'procesate', scope: 'blocat',
};
const REASONS: Record<string, string> = {
  'wrong-password': 'parolă greșită', 'unknown-user': 'utilizator inexistent', disabled: 'utilizator dezactivat',
};

/** What locked a refused login (auth/login.ts LockScope). */
const LOCK_SCOPES: Record<string, string> = {
  'user-at-address': 'numele, la această adresă', address: 'adresa', user: 'numele, la adresele de unde nu s-a autentificat în ultimele 30 de zile',
};

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (key === 'reason' && typeof value === 'string') return REASONS[value] ?? value;
  if (key === 'scope' && typeof value === 'string') return LOCK_SCOPES[value] ?? value;
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k === 'documents' ? 'documente' : k === 'sheets' ? 'file' : k === 'pages' ? 'pagini' : k} ${String(v)}`).join(', ');
  }
  return String(value);
}

function details(d: Record<string, unknown>): string {
  return Object.entries(d).map(([k, v]) => `${DETAIL_NAMES[k] ?? k}: ${detailValue(k, v)}`).join('; ');
}

export function actor(a: string): string {
  if (a === 'cli') return 'linia de comandă';
  if (a === 'admin') return 'token de administrare';
  if (a === 'anonymous') return 'neautentificat';
  return a.replace(/^user:/, '').replace(/^station:/, 'stația ');
}

export function AuditPage() {
  const [entries, setEntries] = useState<Entry[]>([]);
  useEffect(() => { void getJson<{ entries: Entry[] }>('/api/audit?limit=500').then((r) => setEntries(r.entries)); }, []);
  return (
    <section>
      <h1>Jurnal de audit</h1>
      <p>Fiecare autentificare, încărcare de borderou și schimbare de utilizatori sau stații. Jurnalul nu poate fi modificat.</p>
      <table>
        <thead><tr><th>Când</th><th>Cine</th><th>Ce</th><th>Asupra</th><th>Adresa</th><th>Detalii</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{roInstant(e.at)}</td><td>{actor(e.actor)}</td><td>{ACTIONS[e.action] ?? e.action}</td><td>{e.target ?? ''}</td>
              <td>{e.address ?? ''}</td><td class="details">{details(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
