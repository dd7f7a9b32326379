import type { ResolvedConfig } from '../internal/resolveConfig.js';

const either = (...selectors: (string | undefined | false)[]): string =>
  selectors.filter((s): s is string => Boolean(s)).join(', ');

const stars = (text: string) => text.replace(/\S/g, '*');

/** Elements whose text attributes (and text) follow their element's masking. */
export const TEXT_ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'alt', 'value'] as const;

/**
 * Tapedeck's privacy rules, all in one place. Masking decides by the nearest rule: an element
 * inside `td-unmask` shows its text unless a nearer `td-mask` is inside that unmask.
 * Passwords are masked whatever the rules say.
 */
export class Privacy {
  readonly maskSelector: string;
  readonly unmaskSelector: string;
  readonly blockSelector: string;
  readonly #strict: boolean;
  readonly #config: ResolvedConfig;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#strict = config.privacy === 'strict';
    const inputsMasked = config.maskAllInputs || this.#strict;
    this.maskSelector = either(
      '.td-mask',
      '[data-td-mask]',
      config.maskTextSelector,
      // Typing into contenteditable is input; option labels show a masked select's value.
      inputsMasked && '[contenteditable]:not([contenteditable="false"])',
      inputsMasked && 'option, optgroup',
    );
    this.unmaskSelector = either('.td-unmask', '[data-td-unmask]', config.unmaskTextSelector);
    this.blockSelector = either(
      '[data-td-block]',
      config.blockSelector,
      this.#strict && 'img, picture, video, audio, canvas, svg image, object, embed',
    );
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

  /** A text attribute's value as it may be recorded. */
  maskAttribute(element: Element, name: string, value: string): string {
    if (!(TEXT_ATTRIBUTES as readonly string[]).includes(name)) return value;
    if (name === 'value' && this.#isInputValue(element)) return value; // rrweb masks these
    return this.isTextMasked(element) ? stars(value) : value;
  }

  #isInputValue(element: Element): boolean {
    const tag = element.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
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
      maskTextClass: 'td-mask',
      // rrweb asks maskText only where this matches; unmask is decided inside maskText.
      maskTextSelector: strict ? '*' : this.maskSelector,
      maskTextFn: this.maskText,
      blockClass: 'td-block',
      blockSelector: this.blockSelector,
      ignoreClass: 'td-ignore',
    };
  }
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
