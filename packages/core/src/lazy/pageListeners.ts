export interface PageHandlers {
  click(event: MouseEvent): void;
  /** A scroll, or a text selection that is not collapsed. */
  scrollOrSelection(): void;
  pagehide(): void;
  pageshow(): void;
  hidden(): void;
  visible(): void;
}

/** Listens to the page (capture phase, passive); returns the function that stops listening. */
export function listenToPage(handlers: PageHandlers): () => void {
  const undo: (() => void)[] = [];
  const listen = <E extends Event>(target: EventTarget, type: string, handler: (e: E) => void) => {
    const options = { capture: true, passive: true };
    target.addEventListener(type, handler as EventListener, options);
    undo.push(() => target.removeEventListener(type, handler as EventListener, options));
  };
  listen<MouseEvent>(document, 'click', handlers.click);
  listen(document, 'scroll', handlers.scrollOrSelection);
  listen(document, 'selectionchange', () => {
    if (document.getSelection()?.isCollapsed === false) handlers.scrollOrSelection();
  });
  listen(window, 'pagehide', handlers.pagehide);
  listen(window, 'pageshow', handlers.pageshow);
  listen(document, 'visibilitychange', () =>
    document.visibilityState === 'hidden' ? handlers.hidden() : handlers.visible(),
  );
  return () => {
    for (const stop of undo) stop();
  };
}
