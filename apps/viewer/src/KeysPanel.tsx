import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ApiKey } from './api.js';
import { getJson } from './api.js';
import { formatWhen } from './format.js';

/** API keys: who can read, write or administer. A new key is shown once. */
export function KeysPanel() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    getJson<{ keys: ApiKey[] }>('/api/keys').then(
      (r) => setKeys(r.keys),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(load, [load]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const key = await getJson<{ key: string }>('/api/keys', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, role }),
      });
      setCreated(key.key);
      setName('');
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!confirm(`Revoke "${key.name}"? Anyone using it loses access at once.`)) return;
    await getJson(`/api/keys/${key.id}`, { method: 'DELETE' }).catch((e: Error) =>
      setError(e.message),
    );
    load();
  };
  if (error && !keys) return <p className="muted">Keys: {error}</p>;
  return (
    <section>
      <h2>API keys</h2>
      <table className="sessions">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Key</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys?.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.role}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.lastUsedAt ? formatWhen(k.lastUsedAt) : 'never'}</td>
              <td>
                <button type="button" className="danger" onClick={() => revoke(k)}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="save-playlist" onSubmit={create}>
        <input
          aria-label="Key name"
          placeholder="Who is it for?"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="viewer">viewer (read)</option>
          <option value="editor">editor (comments, playlists, tags)</option>
          <option value="admin">admin (delete, settings, keys)</option>
        </select>
        <button type="submit" disabled={!name.trim()}>
          Create key
        </button>
      </form>
      {created && (
        <p role="status">
          New key, shown once: <code>{created}</code>
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
