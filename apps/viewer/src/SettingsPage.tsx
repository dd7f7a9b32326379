import { type FormEvent, useEffect, useState } from 'react';
import type { Settings, Usage } from './api.js';
import { getJson } from './api.js';
import { BarChart, StorageMeter } from './BarChart.js';
import { KeysPanel } from './KeysPanel.js';

const mb = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Retention, what the SDK records, and what storage costs: for admins to change. */
export function SettingsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    getJson<Settings>('/api/settings').then(setSettings, (e: Error) => setMessage(e.message));
    getJson<Usage>('/api/usage').then(setUsage, () => {});
  }, []);
  if (!settings) return <p className="muted">{message ?? 'Loading settings…'}</p>;
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const saved = await getJson<Settings>('/api/settings', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          retentionDays: Number(form.get('retentionDays')),
          recording: {
            ...settings.recording,
            enabled: form.get('enabled') === 'on',
            sampleRate: Number(form.get('sampleRate')) / 100,
            privacy: form.get('strict') === 'on' ? 'strict' : 'default',
          },
        }),
      });
      setSettings(saved);
      setMessage('Saved.');
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <section className="settings">
      <h1>Settings</h1>
      <form onSubmit={save}>
        <label>
          Keep recordings for{' '}
          <input
            name="retentionDays"
            type="number"
            min="1"
            max="365"
            defaultValue={settings.retentionDays}
          />{' '}
          days
        </label>
        <label>
          <input
            name="enabled"
            type="checkbox"
            defaultChecked={settings.recording.enabled !== false}
          />{' '}
          Record sessions
        </label>
        <label>
          Record{' '}
          <input
            name="sampleRate"
            type="number"
            min="0"
            max="100"
            defaultValue={Math.round((settings.recording.sampleRate ?? 1) * 100)}
          />{' '}
          % of sessions
        </label>
        <label>
          <input
            name="strict"
            type="checkbox"
            defaultChecked={settings.recording.privacy === 'strict'}
          />{' '}
          Mask all text (strict privacy)
        </label>
        <p className="muted">Options set in the SDK's code win over these.</p>
        <button type="submit">Save settings</button>
        {message && <span role="status"> {message}</span>}
      </form>
      <KeysPanel />
      {usage && (
        <>
          <h2>Usage</h2>
          <dl className="meta usage">
            <dt>Sessions stored</dt>
            <dd>{usage.totalSessions}</dd>
            <dt>Storage used</dt>
            <dd>{mb(usage.storedBytes)}</dd>
            <dt>Average session</dt>
            <dd>{mb(usage.averageSessionBytes)}</dd>
            <dt>Projected storage</dt>
            <dd>
              {mb(usage.projectedStoredBytes)} at this week's rate, kept {settings.retentionDays}{' '}
              days
            </dd>
          </dl>
          <StorageMeter used={usage.storedBytes} projected={usage.projectedStoredBytes} />
          <div className="charts">
            <BarChart
              title="Sessions per day"
              bars={usage.sessionsPerDay.map((d) => ({ label: d.day, value: d.sessions }))}
              format={(n) => String(n)}
            />
            <BarChart
              title="Stored per day"
              bars={usage.sessionsPerDay.map((d) => ({ label: d.day, value: d.bytes }))}
              format={mb}
            />
          </div>
        </>
      )}
    </section>
  );
}
