import type { PlayerState } from '../types.js';
import { el } from './el.js';

type Shown = Pick<PlayerState, 'windows' | 'windowId' | 'followsActivity'>;

/**
 * Which window (tab) is on screen ("Tab 2 of 3"), a button per window that keeps it on
 * screen, and one to follow the user's activity again. Shown only for a recording of more
 * than one window. The window on screen is `aria-current`; the one kept there, pressed.
 */
export class WindowPicker {
  readonly element = el('div', 'td-player-windows');
  readonly #label = el('span', 'td-player-window-label');
  readonly #buttons = el('span', 'td-player-window-buttons');
  readonly #follow = el('button', 'td-player-window-follow', 'Follow activity');
  readonly #onPick: (windowId: string | null) => void;
  readonly #enabled: boolean;
  #shown: Shown | null = null;
  /** The ids the buttons are for. */
  #ids = '';

  /** `enabled` false: never shown (the page has a picker of its own). */
  constructor(onPick: (windowId: string | null) => void, enabled: boolean) {
    this.#onPick = onPick;
    this.#enabled = enabled;
    this.element.hidden = true;
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', 'Window shown');
    this.#label.setAttribute('aria-live', 'polite');
    this.#follow.type = 'button';
    this.#follow.title = 'Show the window the user was acting in';
    this.#follow.addEventListener('click', () => onPick(null));
    this.element.append(this.#label, this.#buttons, this.#follow);
  }

  render(state: PlayerState): void {
    const { windows, windowId, followsActivity } = state;
    const shown = this.#shown;
    if (
      shown?.windows === windows &&
      shown.windowId === windowId &&
      shown.followsActivity === followsActivity
    )
      return;
    this.#shown = { windows, windowId, followsActivity };
    this.element.hidden = !this.#enabled || windows.length < 2;
    if (this.element.hidden) return;
    const index = windows.findIndex((w) => w.id === windowId);
    this.#label.textContent = index < 0 ? '' : `Tab ${index + 1} of ${windows.length}`;
    const ids = windows.map((w) => `${w.id}\n`).join('');
    if (ids !== this.#ids) {
      this.#ids = ids;
      this.#buttons.replaceChildren(
        ...windows.map((w) => {
          const button = el('button', 'td-player-window', w.label);
          button.type = 'button';
          button.dataset.windowId = w.id;
          button.title = `Keep ${w.label} on screen`;
          button.addEventListener('click', () => this.#onPick(w.id));
          return button;
        }),
      );
    }
    for (const button of this.#buttons.children as HTMLCollectionOf<HTMLButtonElement>) {
      const id = button.dataset.windowId;
      if (id === windowId) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
      button.setAttribute('aria-pressed', String(!followsActivity && id === windowId));
    }
    this.#follow.setAttribute('aria-pressed', String(followsActivity));
  }
}
