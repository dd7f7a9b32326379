import { type FormEvent, useState } from 'react';
import { apiKey, getJson, type Me } from './api.js';

/** Asks for a personal API key and checks it with the server. */
export function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    apiKey.set(key.trim());
    try {
      onLogin((await getJson<{ key: Me }>('/api/me')).key);
    } catch (e) {
      apiKey.clear();
      setError((e as Error).message);
    }
  };
  return (
    <form className="login" onSubmit={submit}>
      <h1>Log in to Tapedeck</h1>
      <p>
        Paste a personal API key. The server printed an admin key at its first start; an admin can
        make more, or run <code>tapedeck create-key --role viewer</code>.
      </p>
      <label>
        API key
        <input
          name="key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!key.trim()}>
        Log in
      </button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
