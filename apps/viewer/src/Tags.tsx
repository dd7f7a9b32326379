import { type FormEvent, useEffect, useState } from 'react';
import { getJson } from './api.js';

/** A session's tags: add one, remove one. */
export function Tags({ sessionId }: { sessionId: string }) {
  const [tags, setTags] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ tags: string[] }>(`/api/sessions/${sessionId}/tags`).then(
      (r) => setTags(r.tags),
      () => {},
    );
  }, [sessionId]);
  const save = async (next: string[]) => {
    try {
      const r = await getJson<{ tags: string[] }>(`/api/sessions/${sessionId}/tags`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tags: next }),
      });
      setTags(r.tags);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) void save([...tags, draft.trim()]).then(() => setDraft(''));
  };
  return (
    <form className="tags" onSubmit={add}>
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}{' '}
          <button
            type="button"
            aria-label={`Remove tag ${tag}`}
            onClick={() => save(tags.filter((t) => t !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        aria-label="New tag"
        placeholder="Add a tag"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      {error && <span className="error">{error}</span>}
    </form>
  );
}
