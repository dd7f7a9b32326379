import type { LinkedSessions as Linked, LinkedSession } from '@tapedeck/protocol/api';
import { useEffect, useState } from 'react';
import { getJson } from './api.js';
import { formatWhen } from './format.js';

const href = (s: LinkedSession) => `#/sessions/${s.id}`;

/**
 * Links to the sessions around this one: the same person's previous and next, the session it
 * continues (another tab, or after the idle timeout) and those continuing it.
 */
export function LinkedSessions({ id }: { id: string }) {
  const [linked, setLinked] = useState<Linked | null>(null);
  useEffect(() => {
    setLinked(null);
    getJson<Linked>(`/api/sessions/${id}/linked`).then(setLinked, () => {});
  }, [id]);
  if (!linked) return null;
  const { previous, next, continuedFrom, continuedIn } = linked;
  if (!previous && !next && !continuedFrom && continuedIn.length === 0) return null;
  return (
    <nav className="linked-sessions" aria-label="Linked sessions">
      {previous && (
        <a href={href(previous)} title={`Started ${formatWhen(previous.startTime)}`}>
          ← Previous session
        </a>
      )}
      {continuedFrom && (
        <a href={href(continuedFrom)}>Continued from {formatWhen(continuedFrom.startTime)}</a>
      )}
      {continuedIn.map((s) => (
        <a key={s.id} href={href(s)}>
          Continued in {formatWhen(s.startTime)}
        </a>
      ))}
      {next && (
        <a href={href(next)} title={`Started ${formatWhen(next.startTime)}`}>
          Next session →
        </a>
      )}
    </nav>
  );
}
