import { useEffect, useState } from 'react';
import type { Notebook } from './api.js';
import { getJson } from './api.js';
import { Markdown } from './markdown.js';

/** One notebook: markdown to edit, and its rendering with links to recordings at moments. */
export function NotebookPage({ id }: { id: string }) {
  const [notebook, setNotebook] = useState<Notebook | null>(null);
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    getJson<Notebook>(`/api/notebooks/${id}`).then(
      (n) => {
        setNotebook(n);
        setBody(n.body);
      },
      (e: Error) => setStatus(e.message),
    );
  }, [id]);
  if (!notebook) return <p className="muted">{status ?? 'Loading…'}</p>;
  const save = async () => {
    try {
      await getJson(`/api/notebooks/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body }),
      });
      setStatus('Saved.');
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  return (
    <section className="notebook">
      <h1>{notebook.title}</h1>
      <textarea
        aria-label="Notebook text"
        rows={10}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <div>
        <button type="button" onClick={save}>
          Save notebook
        </button>{' '}
        {status && <span role="status">{status}</span>}
      </div>
      <Markdown text={body} />
    </section>
  );
}
