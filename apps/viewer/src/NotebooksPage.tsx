import { type FormEvent, useEffect, useState } from 'react';
import type { Notebook } from './api.js';
import { getJson } from './api.js';

/** Notebooks: a hypothesis written beside the recordings that show it. */
export function NotebooksPage() {
  const [notebooks, setNotebooks] = useState<Notebook[]>([]);
  const [title, setTitle] = useState('');
  useEffect(() => {
    getJson<{ notebooks: Notebook[] }>('/api/notebooks').then(
      (r) => setNotebooks(r.notebooks),
      () => {},
    );
  }, []);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const created = await getJson<Notebook>('/api/notebooks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title, body: '' }),
    });
    location.hash = `#/notebooks/${created.id}`;
  };
  return (
    <section>
      <h1>Notebooks</h1>
      <ul>
        {notebooks.map((n) => (
          <li key={n.id}>
            <a href={`#/notebooks/${n.id}`}>{n.title}</a>{' '}
            <span className="muted">by {n.createdBy}</span>
          </li>
        ))}
      </ul>
      {notebooks.length === 0 && (
        <p className="muted">
          No notebooks yet. Write down a hypothesis, then add recordings to it from the player.
        </p>
      )}
      <form onSubmit={create} className="save-playlist">
        <input
          aria-label="Notebook title"
          placeholder="New notebook title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" disabled={!title.trim()}>
          Create notebook
        </button>
      </form>
    </section>
  );
}
