import type { RecordedEvent } from '@tapedeck/protocol';
import { describe, expect, it } from 'vitest';
import { ImportedStyles } from '../internal/ImportedStyles.js';

const style = (cssText: string) => ({
  type: 2,
  id: 5,
  tagName: 'style',
  attributes: { _cssText: cssText },
  childNodes: [],
});
const snapshot = (timestamp: number, cssText: string): RecordedEvent => ({
  type: 2,
  timestamp,
  data: { node: { type: 0, id: 1, childNodes: [style(cssText)] } },
});
const report = (timestamp: number, css: string): RecordedEvent => ({
  type: 5,
  timestamp,
  data: { tag: '$styles', payload: { styles: [{ id: 5, css }] } },
});
const cssOf = (event: RecordedEvent) =>
  (event.data as { node: { childNodes: { attributes: { _cssText: string } }[] } }).node
    .childNodes[0]!.attributes._cssText;

describe('imported styles', () => {
  it("puts each sheet's reported text in place of rrweb's flattened one, per snapshot", () => {
    const styles = new ImportedStyles();
    const first = snapshot(1000, 'flat 1');
    const second = snapshot(5000, 'flat 2');
    expect(styles.add([first, report(1001, '@layer base {kept 1}')])).toBe(false);
    expect(cssOf(first)).toBe('@layer base {kept 1}');
    // The second snapshot's report comes in a later batch: what was added before changed.
    expect(styles.add([second])).toBe(false);
    expect(styles.add([report(5002, '@layer base {kept 2}')])).toBe(true);
    expect(cssOf(first)).toBe('@layer base {kept 1}');
    expect(cssOf(second)).toBe('@layer base {kept 2}');
  });

  it('leaves sheets without a report as rrweb recorded them', () => {
    const styles = new ImportedStyles();
    const first = snapshot(1000, 'flat');
    styles.add([first, report(900, 'too early')]);
    expect(cssOf(first)).toBe('flat');
  });
});
