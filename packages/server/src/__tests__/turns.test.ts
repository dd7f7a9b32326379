import { describe, expect, it } from 'vitest';
import { Turns } from '../internal/Turns.js';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('Turns', () => {
  it('lets an owner run its limit at once, the next in order as each ends, others apart', async () => {
    const turns = new Turns(2);
    const [a, b, c, d] = Array.from({ length: 4 }, () => turns.enter('flood'));
    const other = turns.enter('honest');
    expect(await settled(a!.turn)).toBe(true);
    expect(await settled(b!.turn)).toBe(true);
    expect(await settled(c!.turn)).toBe(false);
    expect(await settled(other.turn)).toBe(true);
    a!.done();
    expect(await settled(c!.turn)).toBe(true);
    expect(await settled(d!.turn)).toBe(false);
    for (const t of [b, c, d, other]) t!.done();
    expect(await settled(d!.turn)).toBe(true);
    d!.done();
    expect(turns.owners).toBe(0);
  });

  it('drops a request that ends while waiting from the line, and counts each end once', async () => {
    const turns = new Turns(1);
    const first = turns.enter('x');
    const gone = turns.enter('x');
    const next = turns.enter('x');
    gone.done(); // its client went away while it waited
    first.done();
    first.done();
    expect(await settled(gone.turn)).toBe(false);
    expect(await settled(next.turn)).toBe(true);
    const after = turns.enter('x');
    expect(await settled(after.turn)).toBe(false);
    next.done();
    expect(await settled(after.turn)).toBe(true);
    after.done();
    expect(turns.owners).toBe(0);
  });
});
