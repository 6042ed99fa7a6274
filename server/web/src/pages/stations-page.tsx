/** Stații (admin): each station, its last report, reports in the last 7 days; add, rotate or revoke a token. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, sendJson } from '../api.ts';
import { roInstant } from '../format.ts';
import { ErrorSummary } from './error-summary.tsx';

interface Station { name: string; createdAt: string; batches: number; lastBatchAt: string | null; batchesLast7Days: number; revokedAt: string | null }

export function StationsPage() {
  const [stations, setStations] = useState<Station[]>([]);
  const [error, setError] = useState<{ message: string; problems: Array<{ reason: string; path?: string }> } | null>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [newName, setNewName] = useState('');

  const load = async () => setStations((await getJson<{ stations: Station[] }>('/api/stations')).stations);
  useEffect(() => { void load(); }, []);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    setToken(null);
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
      setToken(await sendJson<{ name: string; token: string }>('POST', '/api/stations', { name: newName }));
      setNewName('');
    });
  };
  const rotate = (name: string) => {
    if (!window.confirm(`Stația „${name}” primește un token nou; cel vechi nu mai funcționează. Continuați?`)) return;
    void act(async () => setToken(await sendJson<{ name: string; token: string }>('POST', `/api/stations/${encodeURIComponent(name)}/token`)));
  };
  const revoke = (name: string) => {
    if (!window.confirm(`Tokenul stației „${name}” va fi revocat: stația nu mai poate trimite rapoarte până primește un token nou. Continuați?`)) return;
    void act(async () => {
      await sendJson('POST', `/api/stations/${encodeURIComponent(name)}/revoke`);
      setNotice(`Tokenul stației „${name}” a fost revocat.`);
    });
  };

  return (
    <section>
      <h1>Stații de scanare</h1>
      {error && <ErrorSummary message={error.message} problems={error.problems} />}
      {notice && <div class="notice" role="status">{notice}</div>}
      {token && (
        <div class="notice" role="status">
          <p>Tokenul stației „{token.name}” (afișat o singură dată; treceți-l în configurația stației):</p>
          <p><code class="token">{token.token}</code></p>
        </div>
      )}
      <table>
        <thead><tr><th>Stația</th><th>Creată la</th><th>Loturi</th><th>În ultimele 7 zile</th><th>Ultimul raport</th><th>Stare</th><th>Acțiuni</th></tr></thead>
        <tbody>
          {stations.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td><td>{roInstant(s.createdAt)}</td><td class="num">{s.batches}</td><td class="num">{s.batchesLast7Days}</td>
              <td>{roInstant(s.lastBatchAt)}</td><td>{s.revokedAt ? `revocată la ${roInstant(s.revokedAt)}` : 'activă'}</td>
              <td>
                <button type="button" onClick={() => rotate(s.name)} aria-label={`Token nou pentru ${s.name}`}>Token nou</button>{' '}
                {!s.revokedAt && <button type="button" class="danger" onClick={() => revoke(s.name)} aria-label={`Revocă tokenul stației ${s.name}`}>Revocă</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} class="inline">
        <label for="station-name">Stație nouă (nume: litere, cifre, „.”, „_”, „-”)</label>
        <input id="station-name" required value={newName} onInput={(e) => setNewName((e.target as HTMLInputElement).value)} />
        <button type="submit">Adaugă stația</button>
      </form>
    </section>
  );
}
