/**
 * `form.reset()` (or a reset button) puts every field back to its default without an input
 * event or a property setter, so rrweb never sees the new values. Once the reset is applied,
 * each value is assigned to itself: rrweb's hooked setters record it, masked as usual.
 */
export function watchFormResets(): () => void {
  const onReset = (event: Event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    // The reset happens after the event's listeners have run.
    setTimeout(() => {
      for (const field of Array.from(form.elements)) {
        if (field instanceof HTMLInputElement) {
          if (field.type === 'checkbox' || field.type === 'radio') {
            const checked = field.checked;
            field.checked = checked;
          } else if (field.type !== 'file') {
            const value = field.value;
            field.value = value;
          }
        } else if (field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) {
          const value = field.value;
          field.value = value;
        }
      }
    }, 0);
  };
  document.addEventListener('reset', onReset, true);
  return () => document.removeEventListener('reset', onReset, true);
}

/**
 * A custom element defined after the snapshot upgrades without any DOM change: its shadow
 * root and its `:defined` styling never reach the replay. When a definition upgrades elements
 * already on the page, `onUpgrade` is called (once for a burst of definitions).
 */
export function watchLateDefinitions(onUpgrade: () => void): () => void {
  const registry = window.customElements;
  if (!registry) return () => {};
  const define = registry.define;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const patched: typeof define = function (this: CustomElementRegistry, name, definition, options) {
    define.call(this, name, definition, options);
    if (!document.querySelector(name)) return;
    clearTimeout(timer);
    timer = setTimeout(onUpgrade, 50);
  };
  registry.define = patched;
  return () => {
    clearTimeout(timer);
    if (registry.define === patched) registry.define = define;
  };
}
