/** Login: name and password; wrong password, lockout and server errors shown above the form. */
import { useState } from 'preact/hooks';
import { ApiError, sendJson } from '../api.ts';
import type { SessionInfo } from '../main.tsx';

export function LoginPage({ onLogin }: { onLogin: (s: SessionInfo) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await sendJson<SessionInfo>('POST', '/api/session', { name, password }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Autentificarea a eșuat.');
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <h1>Registratura — autentificare</h1>
      {error && <div class="error-summary" role="alert">{error}</div>}
      <form onSubmit={submit}>
        <label for="login-name">Nume de utilizator</label>
        <input id="login-name" name="username" autocomplete="username" required value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <label for="login-password">Parola</label>
        <input id="login-password" type="password" name="password" autocomplete="current-password" required value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>Intră</button>
      </form>
    </main>
  );
}
