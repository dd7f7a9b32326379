/** What the filter bar holds. */
export interface FilterForm {
  signals: string[];
  minDurationSeconds: string;
  url: string;
  event: string;
  /** A drop-off: did `dropFrom` but not `dropTo` after it. */
  dropFrom: string;
  dropTo: string;
  /** A person property, `key=value` (or just `key`, meaning it is set); see `typedValue`. */
  person: string;
  deviceType: string;
  browser: string;
  /** Country codes, comma-separated: `DE` or `DE, AT`. */
  country: string;
  order: string;
}

export const emptyForm: FilterForm = {
  signals: [],
  minDurationSeconds: '',
  url: '',
  event: '',
  dropFrom: '',
  dropTo: '',
  person: '',
  deviceType: '',
  browser: '',
  country: '',
  order: 'start',
};

export const SIGNALS: [string, string][] = [
  ['rageClicks', 'Rage clicks'],
  ['deadClicks', 'Dead clicks'],
  ['consoleErrors', 'Console errors'],
  ['exceptions', 'Exceptions'],
  ['networkErrors', 'Network errors'],
  ['poorVitals', 'Poor Web Vitals'],
];

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * What a typed value means, as the server compares it (typed JSON equality: 1 is not "1"):
 * `30` or `1.5` is a number, `true`/`false` a boolean, `null` null, as a JSON reader takes
 * them; `"30"` (in double quotes, as JSON writes it) is the string 30; anything else is the
 * text as typed (`pro`, `0150`, `1,5`). So `age=30` finds `{ age: 30 }`, `zip="30"` finds
 * `{ zip: "30" }`, and `plan=pro` finds `{ plan: "pro" }`.
 */
export function typedValue(text: string): string | number | boolean | null {
  if (text === 'true' || text === 'false' || text === 'null') return JSON.parse(text);
  if (JSON_NUMBER.test(text) && Number.isFinite(Number(text))) return Number(text);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not a JSON string (`"a"b"`): the text as typed.
    }
  }
  return text;
}

/** The form as a server filter (all conditions ANDed), or null when it filters nothing. */
export function toFilter(form: FilterForm): unknown {
  const conditions: unknown[] = form.signals.map((has) => ({ has }));
  const seconds = Number(form.minDurationSeconds);
  if (form.minDurationSeconds && seconds > 0)
    conditions.push({ duration: { min: seconds * 1000 } });
  if (form.url.trim()) conditions.push({ url: { contains: form.url.trim() } });
  if (form.event.trim()) conditions.push({ event: form.event.trim() });
  if (form.dropFrom.trim() && form.dropTo.trim())
    conditions.push({
      eventThenNot: { first: form.dropFrom.trim(), notAfter: form.dropTo.trim() },
    });
  const [key, ...value] = form.person.split('=');
  if (key?.trim())
    conditions.push({
      person: value.length
        ? { key: key.trim(), equals: typedValue(value.join('=').trim()) }
        : { key: key.trim(), isSet: true },
    });
  if (form.deviceType) conditions.push({ deviceType: form.deviceType });
  if (form.browser.trim()) conditions.push({ browser: form.browser.trim() });
  const countries = form.country
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => /^[A-Z]{2}$/.test(c));
  if (countries.length === 1) conditions.push({ country: countries[0] });
  else if (countries.length > 1) conditions.push({ country: { in: countries.slice(0, 50) } });
  return conditions.length ? { and: conditions } : null;
}

/** The server's query string for the form: `filter` (JSON) and `order`. */
export function toQuery(form: FilterForm): string {
  const params = new URLSearchParams({ limit: '100', order: form.order });
  const filter = toFilter(form);
  if (filter) params.set('filter', JSON.stringify(filter));
  return params.toString();
}
