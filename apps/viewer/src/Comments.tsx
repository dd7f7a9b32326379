import { formatTime } from '@tapedeck/player';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Comment } from './api.js';
import { getJson } from './api.js';

interface Props {
  sessionId: string;
  /** The player's current time, in ms. */
  now: () => number;
  seek: (ms: number) => void;
  onChange: (comments: Comment[]) => void;
}

/** Comments at moments of the recording: add one at the current time, click one to go there. */
export function Comments({ sessionId, now, seek, onChange }: Props) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    getJson<{ comments: Comment[] }>(`/api/sessions/${sessionId}/comments`).then(
      (r) => {
        setComments(r.comments);
        onChange(r.comments);
      },
      (e: Error) => setError(e.message),
    );
  }, [sessionId, onChange]);
  useEffect(load, [load]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await getJson(`/api/sessions/${sessionId}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ atMs: Math.round(now()), text }),
      });
      setText('');
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="comments" aria-label="Comments">
      <h2>Comments</h2>
      {comments.length === 0 && (
        <p className="muted">No comments yet: pause where it matters and say why.</p>
      )}
      <ol>
        {comments.map((c) => (
          <li key={c.id}>
            <button type="button" className="at" onClick={() => seek(c.atMs)}>
              {formatTime(c.atMs)}
            </button>{' '}
            {c.text} <span className="muted">— {c.author}</span>
          </li>
        ))}
      </ol>
      <form onSubmit={add}>
        <input
          aria-label="Comment"
          placeholder="Comment at the current moment"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={!text.trim()}>
          Add comment
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
