import { formatTime } from '@tapedeck/player';
import { useEffect, useState } from 'react';
import { getJson } from './api.js';

/** Appends a link to this recording, at the player's current moment, to a notebook. */
export function AddToNotebook({ sessionId, now }: { sessionId: string; now: () => number }) {
  const [notebooks, setNotebooks] = useState<{ id: number; title: string }[]>([]);
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ notebooks: { id: number; title: string }[] }>('/api/notebooks').then(
      (r) => {
        setNotebooks(r.notebooks);
        setChosen(String(r.notebooks[0]?.id ?? ''));
      },
      () => {},
    );
  }, []);
  if (notebooks.length === 0) return null;
  const add = async () => {
    const seconds = Math.floor(now() / 1000);
    const notebook = await getJson<{ body: string }>(`/api/notebooks/${chosen}`);
    const link = `[Recording at ${formatTime(seconds * 1000)}](#/sessions/${sessionId}?t=${seconds})`;
    await getJson(`/api/notebooks/${chosen}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: notebook.body ? `${notebook.body}\n\n${link}` : link }),
    });
    setStatus(`Added ${formatTime(seconds * 1000)}.`);
  };
  return (
    <div className="add-to-notebook">
      <select aria-label="Notebook" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {notebooks.map((n) => (
          <option key={n.id} value={n.id}>
            {n.title}
          </option>
        ))}
      </select>
      <button type="button" onClick={add}>
        Add this moment to the notebook
      </button>
      {status && <span role="status"> {status}</span>}
    </div>
  );
}
