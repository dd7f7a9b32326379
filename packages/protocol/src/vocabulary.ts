import type { RecordedEvent } from './types.js';

/** rrweb's incremental snapshot sources (`data.source` of an `IncrementalSnapshot`). */
export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15,
  CustomElement: 16,
} as const;

/** rrweb's mouse interaction kinds (`data.type` of a `MouseInteraction`). */
export const MouseInteraction = {
  MouseUp: 0,
  MouseDown: 1,
  Click: 2,
  ContextMenu: 3,
  DblClick: 4,
  Focus: 5,
  Blur: 6,
  TouchStart: 7,
  TouchEnd: 9,
  TouchCancel: 10,
} as const;

/**
 * Whether `event` is the user acting: what keeps a session alive and counts as active time.
 * Not mutations, canvas frames, style or font changes, media state (a video plays by itself)
 * or logs: a page that animates on its own is idle.
 */
export function isUserActivity(event: Pick<RecordedEvent, 'type' | 'data'>): boolean {
  if (event.type !== 3) return false; // IncrementalSnapshot
  switch ((event.data as { source?: unknown } | null)?.source) {
    case IncrementalSource.MouseMove:
    case IncrementalSource.MouseInteraction:
    case IncrementalSource.Scroll:
    case IncrementalSource.ViewportResize:
    case IncrementalSource.Input:
    case IncrementalSource.TouchMove:
    case IncrementalSource.Drag:
    case IncrementalSource.Selection:
      return true;
    default:
      return false;
  }
}

/** Plugin ids of `Plugin` events. */
export const PluginId = {
  /** rrweb's console plugin format, so rrweb players show it. */
  console: 'rrweb/console@1',
  network: 'tapedeck/network@1',
} as const;

/** The custom events Tapedeck adds to the rrweb stream (`data.tag` of a `Custom` event). */
export const TapedeckEvent = {
  pageview: '$pageview',
  route: '$route',
  rageClick: '$rageclick',
  deadClick: '$dead_click',
  mouseThrashing: '$mouse_thrashing',
  uTurn: '$u_turn',
  exception: '$exception',
  identify: '$identify',
  sessionStarting: '$session_starting',
  sessionEnding: '$session_ending',
  gap: '$gap',
  recordingStopped: '$recording_stopped',
  animations: '$animations',
  fonts: '$fonts',
  /** State no attribute shows: popovers open, checkboxes indeterminate. */
  state: '$state',
  /** Stylesheets with `@import`s, as one rule each (rrweb flattens them). */
  styles: '$styles',
  /** One Core Web Vital of one page view (see `WebVitalPayload`). */
  webVitals: '$web_vitals',
} as const;

/** The class and attribute names that mask, unmask and block parts of a page. */
export const Masking = {
  maskClass: 'td-mask',
  unmaskClass: 'td-unmask',
  blockClass: 'td-block',
  ignoreClass: 'td-ignore',
  maskAttribute: 'data-td-mask',
  unmaskAttribute: 'data-td-unmask',
  blockAttribute: 'data-td-block',
} as const;
