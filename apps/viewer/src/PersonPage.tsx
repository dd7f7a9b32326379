import { useEffect, useState } from 'react';
import { getJson, type PersonWithSessions } from './api.js';
import { formatWhen } from './format.js';
import { SessionTable } from './SessionTable.js';

type Person = PersonWithSessions;

/** A person: their properties and every recording of theirs. */
export function PersonPage({ distinctId }: { distinctId: string }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<Person>(`/api/persons/${encodeURIComponent(distinctId)}`).then(setPerson, (e: Error) =>
      setError(e.message),
    );
  }, [distinctId]);
  if (error) return <p className="error">{error}</p>;
  if (!person) return <p className="muted">Loading…</p>;
  const erase = async () => {
    if (
      !confirm(
        `Delete ${person.distinctId} and all ${person.sessions.length} of their recordings for good?`,
      )
    )
      return;
    try {
      await getJson(`/api/persons/${encodeURIComponent(distinctId)}`, { method: 'DELETE' });
      location.hash = '#/';
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <div className="toolbar">
        <h1>{person.distinctId}</h1>
        <button type="button" className="danger" onClick={erase}>
          Delete this person and their recordings
        </button>
      </div>
      <dl className="meta">
        <dt>First seen</dt>
        <dd>{formatWhen(person.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>{formatWhen(person.lastSeen)}</dd>
        {Object.entries(person.properties).map(([key, value]) => (
          <div key={key} className="meta-row">
            <dt>{key}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <SessionTable sessions={person.sessions} />
    </section>
  );
}
