/** What the filter bar holds. */
export interface FilterForm {
  signals: string[];
  minDurationSeconds: string;
  url: string;
  event: string;
  order: string;
}

export const emptyForm: FilterForm = {
  signals: [],
  minDurationSeconds: '',
  url: '',
  event: '',
  order: 'start',
};

export const SIGNALS: [string, string][] = [
  ['rageClicks', 'Rage clicks'],
  ['deadClicks', 'Dead clicks'],
  ['consoleErrors', 'Console errors'],
  ['exceptions', 'Exceptions'],
  ['networkErrors', 'Network errors'],
];

/** The form as a server filter (all conditions ANDed), or null when it filters nothing. */
export function toFilter(form: FilterForm): unknown {
  const conditions: unknown[] = form.signals.map((has) => ({ has }));
  const seconds = Number(form.minDurationSeconds);
  if (form.minDurationSeconds && seconds > 0)
    conditions.push({ duration: { min: seconds * 1000 } });
  if (form.url.trim()) conditions.push({ url: { contains: form.url.trim() } });
  if (form.event.trim()) conditions.push({ event: form.event.trim() });
  return conditions.length ? { and: conditions } : null;
}

/** The server's query string for the form: `filter` (JSON) and `order`. */
export function toQuery(form: FilterForm): string {
  const params = new URLSearchParams({ limit: '100', order: form.order });
  const filter = toFilter(form);
  if (filter) params.set('filter', JSON.stringify(filter));
  return params.toString();
}
