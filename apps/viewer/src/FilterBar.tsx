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
      <input
        type="text"
        aria-label="Visited URL contains"
        placeholder="URL contains"
        value={form.url}
        onChange={(e) => onChange({ ...form, url: e.target.value })}
      />
      <input
        type="text"
        aria-label="Has event"
        placeholder="Has event"
        value={form.event}
        onChange={(e) => onChange({ ...form, event: e.target.value })}
      />
      <span className="drop-off">
        Did{' '}
        <input
          type="text"
          aria-label="Did event"
          placeholder="checkout_started"
          value={form.dropFrom}
          onChange={(e) => onChange({ ...form, dropFrom: e.target.value })}
        />{' '}
        but not{' '}
        <input
          type="text"
          aria-label="But not after"
          placeholder="payment_succeeded"
          value={form.dropTo}
          onChange={(e) => onChange({ ...form, dropTo: e.target.value })}
        />
      </span>
      <input
        type="text"
        aria-label="Person property"
        placeholder="plan=pro"
        value={form.person}
        onChange={(e) => onChange({ ...form, person: e.target.value })}
      />
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
      <input
        type="text"
        aria-label="Browser"
        placeholder="Browser"
        value={form.browser}
        onChange={(e) => onChange({ ...form, browser: e.target.value })}
      />
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
