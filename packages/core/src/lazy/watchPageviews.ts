/**
 * Calls `onChange(href)` whenever the URL changes without a page load: `pushState`,
 * `replaceState`, back/forward and hash changes. Returns a function that undoes the patching.
 */
export function watchPageviews(onChange: (href: string) => void): () => void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange(last);
  };
  const { pushState, replaceState } = history;
  const patchedPush: History['pushState'] = function (this: History, ...args) {
    pushState.apply(this, args);
    check();
  };
  const patchedReplace: History['replaceState'] = function (this: History, ...args) {
    replaceState.apply(this, args);
    check();
  };
  history.pushState = patchedPush;
  history.replaceState = patchedReplace;
  window.addEventListener('popstate', check);
  window.addEventListener('hashchange', check);
  return () => {
    // Leave another library's later patch in place rather than break it.
    if (history.pushState === patchedPush) history.pushState = pushState;
    if (history.replaceState === patchedReplace) history.replaceState = replaceState;
    window.removeEventListener('popstate', check);
    window.removeEventListener('hashchange', check);
  };
}
