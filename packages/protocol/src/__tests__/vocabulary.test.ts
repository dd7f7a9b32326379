import { describe, expect, it } from 'vitest';
import { EventType } from '../types.js';
import { IncrementalSource, isUserActivity } from '../vocabulary.js';

const incremental = (source: number) => ({ type: EventType.IncrementalSnapshot, data: { source } });

describe('isUserActivity', () => {
  it.each([
    ['MouseMove', IncrementalSource.MouseMove],
    ['MouseInteraction', IncrementalSource.MouseInteraction],
    ['Scroll', IncrementalSource.Scroll],
    ['Input', IncrementalSource.Input],
    ['TouchMove', IncrementalSource.TouchMove],
    ['Selection', IncrementalSource.Selection],
  ])('counts %s', (_, source) => expect(isUserActivity(incremental(source))).toBe(true));

  it.each([
    ['Mutation', IncrementalSource.Mutation],
    ['CanvasMutation (a canvas at 4 fps is not a user)', IncrementalSource.CanvasMutation],
    ['MediaInteraction (a video plays by itself)', IncrementalSource.MediaInteraction],
    ['StyleSheetRule', IncrementalSource.StyleSheetRule],
    ['Font', IncrementalSource.Font],
  ])('does not count %s', (_, source) => expect(isUserActivity(incremental(source))).toBe(false));

  it('counts no other event type', () => {
    expect(isUserActivity({ type: EventType.Custom, data: { source: 1 } })).toBe(false);
    expect(isUserActivity({ type: EventType.IncrementalSnapshot, data: null })).toBe(false);
  });
});
