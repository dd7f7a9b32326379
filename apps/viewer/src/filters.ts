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

/** The server's query string for the form: `filter` (JSON, all conditions ANDed) and `order`. */
export function toQuery(form: FilterForm): string {
  const conditions: unknown[] = form.signals.map((has) => ({ has }));
  const seconds = Number(form.minDurationSeconds);
  if (form.minDurationSeconds && seconds > 0)
    conditions.push({ duration: { min: seconds * 1000 } });
  if (form.url.trim()) conditions.push({ url: { contains: form.url.trim() } });
  if (form.event.trim()) conditions.push({ event: form.event.trim() });
  const params = new URLSearchParams({ limit: '100', order: form.order });
  if (conditions.length) params.set('filter', JSON.stringify({ and: conditions }));
  return params.toString();
}
