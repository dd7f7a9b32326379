import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type SessionSummary } from './api.js';
import { FilterBar } from './FilterBar.js';
import { FirstStart } from './FirstStart.js';
import { emptyForm, type FilterForm, toQuery } from './filters.js';
import { LoadMore } from './LoadMore.js';
import { SavePlaylist } from './SavePlaylist.js';
import { SessionTable } from './SessionTable.js';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'done'; sessions: SessionSummary[]; next: string | null };

type Page = { sessions: SessionSummary[]; next: string | null };

/** Recordings, filtered and ordered; the first page refreshes every 10 s, more load on demand. */
export function SessionList() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const query = toQuery(form);
  // After "load more", the periodic refresh would drop the extra pages: it waits instead.
  const loadedMore = useRef(false);
  const refresh = useCallback(() => {
    loadedMore.current = false;
    getJson<Page>(`/api/sessions?${query}`).then(
      (page) => setLoad({ state: 'done', sessions: page.sessions, next: page.next }),
      (error: Error) => setLoad({ state: 'error', message: error.message }),
    );
  }, [query]);
  const more = () => {
    if (load.state !== 'done' || !load.next) return;
    const shown = load.sessions;
    loadedMore.current = true;
    getJson<Page>(`/api/sessions?${query}&cursor=${load.next}`).then(
      (page) => setLoad({ state: 'done', sessions: [...shown, ...page.sessions], next: page.next }),
      (error: Error) => setLoad({ state: 'error', message: error.message }),
    );
  };
  useEffect(() => {
    refresh();
    const timer = setInterval(() => loadedMore.current || refresh(), 10_000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className="page">
      <div className="toolbar">
        <h1>Recordings</h1>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <FilterBar form={form} onChange={setForm} />
      <SavePlaylist form={form} />
      {load.state === 'loading' && <p className="muted">Loading recordings…</p>}
      {load.state === 'error' && (
        <p className="error">Could not load recordings: {load.message} Is the server running?</p>
      )}
      {load.state === 'done' && load.sessions.length === 0 && query.includes('filter') && (
        <div className="empty">
          <p>No recordings match these filters. Loosen them to see more.</p>
        </div>
      )}
      {load.state === 'done' && load.sessions.length === 0 && !query.includes('filter') && (
        <FirstStart />
      )}
      {load.state === 'done' && load.sessions.length > 0 && (
        <>
          <SessionTable sessions={load.sessions} />
          {load.next && <LoadMore onVisible={more} />}
        </>
      )}
    </section>
  );
}
