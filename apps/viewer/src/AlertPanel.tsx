import { useCallback, useEffect, useState } from 'react';
import { type Alert, type AlertDelivery, type AlertDeliveryList, getJson } from './api.js';
import { formatWhen } from './format.js';

const json = (body: unknown): RequestInit => ({
  method: 'PUT',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * A playlist's alert: the webhook told of sessions that newly match the playlist's filter
 * (once they have ended, at most one batch a minute), and the log of what was sent.
 */
export function AlertPanel({ playlistId, hasFilter }: { playlistId: string; hasFilter: boolean }) {
  const [alert, setAlert] = useState<Alert | null>(null);
  const [deliveries, setDeliveries] = useState<AlertDelivery[]>([]);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<'slack' | 'json'>('slack');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const base = `/api/playlists/${playlistId}`;

  const load = useCallback(async () => {
    const found = await getJson<Alert>(`${base}/alert`).catch(() => null);
    setAlert(found);
    if (found) {
      setUrl(found.url);
      setFormat(found.format);
      const log = await getJson<AlertDeliveryList>(`${base}/alerts/deliveries?limit=20`);
      setDeliveries(log.deliveries);
    }
  }, [base]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (enabled: boolean) => {
    setMessage(null);
    try {
      await getJson<Alert>(`${base}/alert`, json({ url, format, secret, enabled }));
      setSecret('');
      setMessage(enabled ? 'Saved: new matches will be sent.' : 'Paused.');
      await load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const remove = async () => {
    await getJson(`${base}/alert`, { method: 'DELETE' }).catch(() => {});
    setAlert(null);
    setDeliveries([]);
  };

  if (!hasFilter) return <p className="muted small">Alerts need a playlist with a filter.</p>;
  return (
    <details className="alert-panel" open={alert !== null}>
      <summary>Alert {alert ? (alert.enabled ? '· on' : '· paused') : '· off'}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(true);
        }}
      >
        <input
          type="url"
          required
          aria-label="Webhook URL"
          placeholder="https://hooks.slack.com/services/…"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <select
          aria-label="Format"
          value={format}
          onChange={(e) => setFormat(e.target.value as 'slack' | 'json')}
        >
          <option value="slack">Slack</option>
          <option value="json">JSON</option>
        </select>
        <input
          type="password"
          required
          minLength={16}
          aria-label="Signing secret"
          placeholder={alert ? 'Secret (type it again to save)' : 'Signing secret, 16+ characters'}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit">Save alert</button>
        {alert?.enabled && (
          <button type="button" onClick={() => void save(false)} disabled={secret.length < 16}>
            Pause
          </button>
        )}
        {alert && (
          <button type="button" className="danger" onClick={() => void remove()}>
            Remove
          </button>
        )}
      </form>
      {message && <p className="muted small">{message}</p>}
      {alert && (
        <table className="deliveries">
          <thead>
            <tr>
              <th>Queued</th>
              <th>Status</th>
              <th className="num">Sessions</th>
              <th className="num">Attempts</th>
              <th>Answer</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  Nothing sent yet.
                </td>
              </tr>
            )}
            {deliveries.map((d) => (
              <tr key={d.id} className={`delivery-${d.status}`}>
                <td>{formatWhen(d.createdAt)}</td>
                <td>{d.status}</td>
                <td className="num">{d.sessionCount}</td>
                <td className="num">{d.attempts}</td>
                <td>{d.error ?? d.httpStatus ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
