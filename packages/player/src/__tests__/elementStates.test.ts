// @vitest-environment jsdom
import type { RecordedEvent } from '@tapedeck/protocol';
import { describe, expect, it } from 'vitest';
import { ElementStates } from '../internal/ElementStates.js';

const state = (timestamp: number, states: object[]): RecordedEvent => ({
  type: 5,
  timestamp,
  data: { tag: '$state', payload: { states } },
});

describe('element states', () => {
  it('sets each checkbox indeterminate as it was at the moment, and back', () => {
    const states = new ElementStates();
    states.add([
      state(2000, [{ id: 7, indeterminate: true }]),
      state(3000, [{ id: 7, indeterminate: false }]),
    ]);
    const input = document.createElement('input');
    input.type = 'checkbox';
    const nodeOf = (id: number) => (id === 7 ? input : null);

    states.apply(nodeOf, 1000);
    expect(input.indeterminate).toBe(false);
    states.apply(nodeOf, 2000);
    expect(input.indeterminate).toBe(true);
    states.apply(nodeOf, 3500);
    expect(input.indeterminate).toBe(false);
    states.apply(nodeOf, 2500);
    expect(input.indeterminate).toBe(true);
  });

  it('leaves other elements and unknown ids alone', () => {
    const states = new ElementStates();
    states.add([state(2000, [{ id: 7, indeterminate: true, popover: true }])]);
    const div = document.createElement('div');
    states.apply(() => div, 2500);
    states.apply(() => null, 2500);
    expect(div.attributes).toHaveLength(0);
  });

  it('shows in each slot of a manually assigning root the nodes it was given', () => {
    const states = new ElementStates();
    states.add([state(2000, [{ id: 3, assigned: [1] }]), state(3000, [{ id: 3, assigned: [2] }])]);
    const host = document.createElement('div');
    const a = host.appendChild(document.createElement('span'));
    const b = host.appendChild(document.createElement('span'));
    const slot = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('slot'));
    document.body.append(host);
    const nodeOf = (id: number) => [null, a, b, slot][id] ?? null;

    states.apply(nodeOf, 1000);
    expect(slot.assignedNodes()).toEqual([a, b]);
    states.apply(nodeOf, 2500);
    expect(slot.assignedNodes()).toEqual([a]);
    states.apply(nodeOf, 3500);
    expect(slot.assignedNodes()).toEqual([b]);
    host.remove();
  });
});
