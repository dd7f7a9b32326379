import { Masking, REDACTED, redactUrl, sensitiveKeyMatcher } from '@tapedeck/protocol';
import type { ResolvedConfig } from '../internal/resolveConfig.js';

const either = (...selectors: (string | undefined | false)[]): string =>
  selectors.filter((s): s is string => Boolean(s)).join(', ');

export const stars = (text: string) => text.replace(/\S/g, '*');

/** Attributes that carry text, masked with their element's text. */
const TEXT_ATTRIBUTE = /^(placeholder|title|alt|value|label|(aria|data)-.*)$/;

/** Attributes that hold URLs: every one goes through `maskUrl`. */
const URL_ATTRIBUTE =
  /^(href|src|srcset|action|formaction|poster|data|cite|background|ping|xlink:href)$/;

/** Where text is input, not content: never described, whatever the masking rules. */
const FIELDS = 'input, textarea, select, option, [contenteditable]:not([contenteditable="false"])';
/** Text that is not shown. */
const UNSHOWN = 'script, style, noscript, template';

/**
 * Tapedeck's privacy rules, all in one place. Masking decides by the nearest rule: an element
 * inside `td-unmask` shows its text unless a nearer `td-mask` is inside that unmask.
 * Passwords are masked whatever the rules say.
 */
export class Privacy {
  readonly maskSelector: string;
  readonly unmaskSelector: string;
  readonly blockSelector: string;
  /** Whether a query, fragment, body or console key holds a secret. */
  readonly isSensitiveKey: (name: string) => boolean;
  readonly #strict: boolean;
  readonly #config: ResolvedConfig;
  /** The mask selector less the mask class, which rrweb tests by itself (`maskTextClass`). */
  readonly #rrwebMask: string;
  /** The block class and selectors together. */
  readonly #anyBlock: string;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#strict = config.privacy === 'strict';
    this.isSensitiveKey = sensitiveKeyMatcher(config.sensitiveKeys);
    const inputsMasked = config.maskAllInputs || this.#strict;
    this.#rrwebMask = either(
      `[${Masking.maskAttribute}]`,
      config.maskTextSelector,
      // Typing into contenteditable is input; option labels show a masked select's value.
      inputsMasked && '[contenteditable]:not([contenteditable="false"])',
      inputsMasked && 'option, optgroup',
    );
    this.maskSelector = either(`.${Masking.maskClass}`, this.#rrwebMask);
    this.unmaskSelector = either(
      `.${Masking.unmaskClass}`,
      `[${Masking.unmaskAttribute}]`,
      config.unmaskTextSelector,
    );
    this.blockSelector = either(
      `[${Masking.blockAttribute}]`,
      config.blockSelector,
      this.#strict && 'img, picture, video, audio, canvas, svg image, object, embed',
    );
    this.#anyBlock = either(`.${Masking.blockClass}`, this.blockSelector);
  }

  /** Whether the text of `element` is masked. */
  isTextMasked(element: Element | null): boolean {
    if (!element) return this.#strict;
    const mask = element.closest(this.maskSelector);
    const unmask = element.closest(this.unmaskSelector);
    // Both are on the element's ancestor chain: the nearer one decides.
    if (unmask && (!mask || mask.contains(unmask))) return false;
    return mask !== null || this.#strict;
  }

  /** Whether `element` is recorded as a placeholder (it or an ancestor is blocked). */
  isBlocked(element: Element): boolean {
    return element.closest(this.#anyBlock) !== null;
  }

  /** The outermost blocked element around `element` (itself included): what the recording shows. */
  outermostBlock(element: Element): Element | null {
    let found: Element | null = null;
    for (
      let el = element.closest(this.#anyBlock);
      el;
      el = el.parentElement?.closest(this.#anyBlock) ?? null
    )
      found = el;
    return found;
  }

  /** Whether the text directly in `element` may be sent as it is, in a description. */
  showsText(element: Element): boolean {
    return (
      !element.closest(FIELDS) &&
      !element.closest(UNSHOWN) &&
      !this.isBlocked(element) &&
      !this.isTextMasked(element)
    );
  }

  /** A URL as it may leave the page: secret parameters redacted, then the site's `maskUrl`. */
  maskUrl = (url: string): string => {
    const redacted = redactUrl(url, this.isSensitiveKey);
    if (!this.#config.maskUrl) return redacted;
    try {
      return String(this.#config.maskUrl(redacted));
    } catch {
      return REDACTED; // a failing hook sends nothing rather than the URL
    }
  };

  /** rrweb's maskTextFn: called for text rrweb would mask; honours unmask. */
  maskText = (text: string, element: HTMLElement | null): string => {
    if (!this.isTextMasked(element)) return text;
    return this.#config.maskTextFn ? this.#config.maskTextFn(text, element) : stars(text);
  };

  /** rrweb's maskInputFn: called for values rrweb would mask; honours unmask, never for passwords. */
  maskInput = (text: string, element: HTMLElement): string => {
    const isPassword = (element as HTMLInputElement).type === 'password';
    if (!isPassword && element.closest(this.unmaskSelector)) return text;
    return this.#config.maskInputFn ? this.#config.maskInputFn(text, element) : stars(text);
  };

  /**
   * An attribute's value as it may be recorded. Text attributes (also `data-*`, `aria-*`) are
   * masked with their element's text; URLs go through `maskUrl`, and inside masked text they
   * lose their query and fragment, and `mailto:`/`tel:` their address.
   */
  maskAttribute(element: Element | null, name: string, value: string): string {
    // An element rrweb cannot find counts as masked: when in doubt, nothing leaves the page.
    const textMasked = () => (element ? this.isTextMasked(element) : true);
    if (URL_ATTRIBUTE.test(name)) {
      const masked = name === 'srcset' ? maskSrcset(value, this.maskUrl) : this.maskUrl(value);
      return textMasked() ? maskedUrl(name, masked) : masked;
    }
    if (!TEXT_ATTRIBUTE.test(name)) return value;
    // rrweb masks the values of form fields itself.
    if (name === 'value' && /^(INPUT|TEXTAREA|SELECT)$/.test(element?.tagName as string))
      return value;
    return textMasked() ? stars(value) : value;
  }

  /** Options for rrweb's `record`. */
  recordOptions() {
    const strict = this.#strict;
    const all = this.#config.maskAllInputs || strict;
    return {
      // rrweb's own maskAllInputs would replace this list, which adds hidden inputs (often
      // carrying tokens) to what rrweb masks.
      maskAllInputs: false,
      maskInputOptions: {
        ...(all ? ALL_INPUTS : this.#config.maskInputOptions),
        password: true,
        hidden: true,
      },
      maskInputFn: this.maskInput,
      maskTextClass: Masking.maskClass,
      // rrweb asks maskText only where this matches; unmask is decided inside maskText.
      maskTextSelector: strict ? '*' : this.#rrwebMask,
      maskTextFn: this.maskText,
      blockClass: Masking.blockClass,
      blockSelector: this.blockSelector,
      ignoreClass: Masking.ignoreClass,
    };
  }
}

const maskSrcset = (value: string, maskUrl: (url: string) => string) =>
  value.replace(
    /(^|,)(\s*)(\S+)/g,
    (_, comma: string, space: string, url: string) => `${comma}${space}${maskUrl(url)}`,
  );

/** A URL inside masked text: images still load, but nothing after `?` or `#`, no address. */
function maskedUrl(name: string, url: string): string {
  if (name === 'srcset') return url.replace(/[?#][^\s,]*/g, '');
  if (/^data:image\//i.test(url) && name !== 'href') return url; // an image, not text
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https')
    return `${scheme}:${stars(url.slice(scheme.length + 1))}`;
  return url.replace(/[?#].*$/s, '');
}

const ALL_INPUTS = Object.fromEntries(
  [
    'color',
    'date',
    'datetime-local',
    'email',
    'month',
    'number',
    'range',
    'search',
    'tel',
    'text',
    'time',
    'url',
    'week',
    'textarea',
    'select',
    'checkbox',
    'radio',
  ].map((type) => [type, true]),
);
