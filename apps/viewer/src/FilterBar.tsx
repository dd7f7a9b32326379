import { type FilterForm, SIGNALS } from './filters.js';

/** Filters for the recordings list; every change applies at once. */
export function FilterBar({
  form,
  onChange,
}: {
  form: FilterForm;
  onChange: (f: FilterForm) => void;
}) {
  const toggle = (signal: string) =>
    onChange({
      ...form,
      signals: form.signals.includes(signal)
        ? form.signals.filter((s) => s !== signal)
        : [...form.signals, signal],
    });
  type TextField = 'url' | 'event' | 'dropFrom' | 'dropTo' | 'person' | 'browser' | 'country';
  // A plain function, not a component: a component defined here would remount on every render.
  const text = (field: TextField, label: string, placeholder: string) => (
    <input
      type="text"
      aria-label={label}
      placeholder={placeholder}
      value={form[field]}
      onChange={(e) => onChange({ ...form, [field]: e.target.value })}
    />
  );
  return (
    <fieldset className="filters">
      <legend className="muted">Filter</legend>
      {SIGNALS.map(([signal, label]) => (
        <label key={signal}>
          <input
            type="checkbox"
            checked={form.signals.includes(signal)}
            onChange={() => toggle(signal)}
          />{' '}
          {label}
        </label>
      ))}
      <label>
        Longer than{' '}
        <input
          type="number"
          min="0"
          size={4}
          aria-label="Minimum duration in seconds"
          value={form.minDurationSeconds}
          onChange={(e) => onChange({ ...form, minDurationSeconds: e.target.value })}
        />{' '}
        s
      </label>
      {text('url', 'Visited URL contains', 'URL contains')}
      {text('event', 'Has event', 'Has event')}
      <span className="drop-off">
        Did {text('dropFrom', 'Did event', 'checkout_started')} but not{' '}
        {text('dropTo', 'But not after', 'payment_succeeded')}
      </span>
      {text('person', 'Person property', 'plan=pro, age=30, id="30"')}
      <select
        aria-label="Device"
        value={form.deviceType}
        onChange={(e) => onChange({ ...form, deviceType: e.target.value })}
      >
        <option value="">Any device</option>
        <option value="desktop">Desktop</option>
        <option value="mobile">Mobile</option>
        <option value="tablet">Tablet</option>
      </select>
      {text('browser', 'Browser', 'Browser')}
      {text('country', 'Country codes', 'Country: DE, AT')}
      <label>
        Order{' '}
        <select value={form.order} onChange={(e) => onChange({ ...form, order: e.target.value })}>
          <option value="start">Newest</option>
          <option value="duration">Longest</option>
          <option value="active">Most active time</option>
          <option value="activity">Most activity</option>
          <option value="consoleErrors">Most console errors</option>
        </select>
      </label>
    </fieldset>
  );
}
