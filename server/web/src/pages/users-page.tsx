/** Utilizatori (admin): people and their roles; add one, give a new password, disable or enable. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, sendJson, type Problem } from '../api.ts';
import { roInstant } from '../format.ts';
import type { Role } from '../main.tsx';
import { ErrorSummary } from './error-summary.tsx';

interface User { name: string; role: Role; createdAt: string; passwordChangedAt: string; disabledAt: string | null }

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'administrator (tot)', registratura: 'registratură (borderouri, reconciliere)', raport: 'rapoarte (doar citire)',
};

export function UsersPage() {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [secret, setSecret] = useState<{ name: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('registratura');

  const load = async () => setUsers((await getJson<{ users: User[] }>('/api/users')).users);
  useEffect(() => { void load(); }, []);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    setSecret(null);
    try {
      await what();
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    }
  };
  const add = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      setSecret(await sendJson<{ name: string; password: string }>('POST', '/api/users', { name, role }));
      setName('');
    });
  };
  const newPassword = (u: User) => {
    if (!window.confirm(`${u.name} primește o parolă nouă; cea veche nu mai funcționează. Continuați?`)) return;
    void act(async () => setSecret(await sendJson<{ name: string; password: string }>('POST', `/api/users/${encodeURIComponent(u.name)}/password`)));
  };
  const toggle = (u: User) => void act(async () => {
    await sendJson('POST', `/api/users/${encodeURIComponent(u.name)}/${u.disabledAt ? 'enable' : 'disable'}`);
    setNotice(u.disabledAt ? `${u.name} a fost reactivat.` : `${u.name} a fost dezactivat.`);
  });

  return (
    <section>
      <h1>Utilizatori</h1>
      {error && <ErrorSummary message={error.message} problems={error.problems} />}
      {notice && <div class="notice" role="status">{notice}</div>}
      {secret && (
        <div class="notice" role="status">
          <p>Parola lui {secret.name} (afișată o singură dată; transmiteți-o persoanei pe o cale sigură):</p>
          <p><code class="token">{secret.password}</code></p>
        </div>
      )}
      <table>
        <thead><tr><th>Utilizator</th><th>Rol</th><th>Creat la</th><th>Parolă schimbată la</th><th>Stare</th><th>Acțiuni</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.name}>
              <td>{u.name}</td><td>{ROLE_LABELS[u.role]}</td><td>{roInstant(u.createdAt)}</td><td>{roInstant(u.passwordChangedAt)}</td>
              <td>{u.disabledAt ? `dezactivat la ${roInstant(u.disabledAt)}` : 'activ'}</td>
              <td>
                <button type="button" onClick={() => newPassword(u)} aria-label={`Parolă nouă pentru ${u.name}`}>Parolă nouă</button>{' '}
                <button type="button" class={u.disabledAt ? '' : 'danger'} onClick={() => toggle(u)}
                  aria-label={`${u.disabledAt ? 'Reactivează' : 'Dezactivează'} ${u.name}`}>{u.disabledAt ? 'Reactivează' : 'Dezactivează'}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} class="inline">
        <h2>Utilizator nou</h2>
        <label for="user-name">Nume de utilizator (2–64 litere, cifre, „.”, „_”, „-”)</label>
        <input id="user-name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <label for="user-role">Rol</label>
        <select id="user-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {(Object.keys(ROLE_LABELS) as Role[]).map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
        <div><button type="submit">Creează utilizatorul</button></div>
      </form>
    </section>
  );
}
