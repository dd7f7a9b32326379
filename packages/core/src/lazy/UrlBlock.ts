/** How long to wait at most for an app to render the page it navigated to. */
const RENDER_WAIT_MS = 250;

/** Calls `run` once the app has likely rendered (after the next frame); returns a cancel. */
function afterRender(run: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    run();
  };
  // Hidden tabs get no frames: the timer is the fallback.
  const timer = setTimeout(once, RENDER_WAIT_MS);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  return () => {
    done = true;
    clearTimeout(timer);
  };
}

/**
 * `urlBlocklist`: nothing is kept while the page is on a blocked URL. Decided from the URL of
 * the moment each event is made, so a page opened on a blocked URL, or an app that renders in
 * its own `popstate` listener before Tapedeck hears of the navigation, sends nothing. On
 * leaving, recording resumes (with a fresh snapshot) only once the app has rendered the new
 * page, so the snapshot does not hold the blocked page's DOM.
 */
export class UrlBlock {
  readonly #rules: (string | RegExp)[];
  readonly #onResume: () => void;
  #paused: boolean;
  /** The page has been on a blocked URL since recording started. */
  everPaused: boolean;
  #seenHref: string;
  #seenBlocked: boolean;
  #cancelResume: (() => void) | undefined;

  constructor(rules: (string | RegExp)[], href: string, onResume: () => void) {
    this.#rules = rules;
    this.#onResume = onResume;
    this.#seenHref = href;
    this.#seenBlocked = this.matches(href);
    this.#paused = this.#seenBlocked;
    this.everPaused = this.#paused;
  }

  matches(href: string): boolean {
    return this.#rules.some((rule) =>
      typeof rule === 'string' ? href.includes(rule) : rule.test(href),
    );
  }

  /** Paused: on a blocked URL, or waiting for the app to render the page after one. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Whether an event made now is dropped. */
  drops(): boolean {
    if (this.#paused || this.#rules.length === 0) return this.#paused;
    const href = location.href;
    if (href !== this.#seenHref) {
      this.#seenHref = href;
      this.#seenBlocked = this.matches(href);
      if (this.#seenBlocked) this.everPaused = true;
    }
    return this.#seenBlocked;
  }

  /** The URL changed. Returns whether the page view may be reported now. */
  navigate(href: string): boolean {
    if (this.matches(href)) {
      this.#cancelResume?.();
      this.#cancelResume = undefined;
      this.#paused = true;
      this.everPaused = true;
      return false;
    }
    if (!this.#paused) return true;
    this.#cancelResume ??= afterRender(() => {
      this.#cancelResume = undefined;
      this.#paused = false;
      this.#onResume();
    });
    return false;
  }

  dispose(): void {
    this.#cancelResume?.();
  }
}
