import type { Player } from '@tapedeck/player';
import { type ReactNode, useEffect, useRef, useState } from 'react';

type Tab = 'events' | 'console' | 'network';
const TABS: { id: Tab; label: string }[] = [
  { id: 'events', label: 'Events' },
  { id: 'console', label: 'Console' },
  { id: 'network', label: 'Network' },
];
const EMPTY: Record<Exclude<Tab, 'events'>, string> = {
  console: 'No console output in this recording. The SDK records it with recordConsole: true.',
  network:
    'No requests in this recording. The SDK records them with recordNetwork: true (bodies with recordBody and networkBodyAllowUrls).',
};

/** Hosts one of the player's panels (console or network): moved here, returned on unmount. */
function PanelSlot({ panel, empty }: { panel: HTMLElement | undefined; empty: string }) {
  const slot = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (panel) slot.current?.prepend(panel);
  }, [panel]);
  return (
    <div className="panel-slot" ref={slot}>
      <p className="muted pad panel-empty">{empty}</p>
    </div>
  );
}

/**
 * Beside the player, as PostHog and Sentry have it: the session's events, its console and its
 * network requests, each following playback.
 */
export function Inspector({ player, events }: { player: Player | null; events: ReactNode }) {
  const [tab, setTab] = useState<Tab>('events');
  return (
    <section className="inspector" aria-label="Inspector">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`inspector-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`inspector-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          id={`inspector-${t.id}`}
          role="tabpanel"
          aria-labelledby={`inspector-tab-${t.id}`}
          className="tab-panel"
          hidden={tab !== t.id}
        >
          {t.id === 'events' ? (
            events
          ) : (
            <PanelSlot panel={player?.panels[t.id]} empty={EMPTY[t.id]} />
          )}
        </div>
      ))}
    </section>
  );
}
