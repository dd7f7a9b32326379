import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts.js';

/** The keyboard shortcuts of the session page, over it; Escape or a click outside closes. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop; Escape closes too.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape is handled above.
    <div className="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        ref={box}
      >
        <div className="dialog-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.what}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Keys do nothing while you type in a field.</p>
      </div>
    </div>
  );
}
