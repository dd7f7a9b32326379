import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../internal/session.js';

const MIN = 60_000;

describe('Session', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('keeps the session and continues chunk numbers across page loads in a tab', () => {
    const first = new Session(30 * MIN, 1_000);
    expect([first.nextSeq(), first.nextSeq()]).toEqual([0, 1]);
    first.release(); // pagehide
    const reloaded = new Session(30 * MIN, 2_000);
    expect(reloaded.sessionId).toBe(first.sessionId);
    expect(reloaded.windowId).toBe(first.windowId);
    expect(reloaded.nextSeq()).toBe(2);
  });

  it('gives a duplicated tab its own window id, in the same session', () => {
    const original = new Session(30 * MIN, 1_000);
    original.nextSeq();
    // A duplicated tab starts with a copy of sessionStorage while the original still records.
    const duplicate = new Session(30 * MIN, 2_000);
    expect(duplicate.sessionId).toBe(original.sessionId);
    expect(duplicate.windowId).not.toBe(original.windowId);
    expect(duplicate.nextSeq()).toBe(0);
  });

  it('starts a new session after the idle timeout, with chunk numbers from 0', () => {
    const session = new Session(30 * MIN, 0);
    session.nextSeq();
    const before = session.sessionId;
    session.touch(10 * MIN);
    expect(session.isExpired(39 * MIN)).toBe(false);
    expect(session.isExpired(41 * MIN)).toBe(true);
    session.rotate(41 * MIN);
    expect(session.sessionId).not.toBe(before);
    expect(session.nextSeq()).toBe(0);
  });

  it('ends a session after 24 hours even when active', () => {
    const session = new Session(30 * MIN, 0);
    for (let t = 0; t < 24 * 60 * MIN; t += 10 * MIN) session.touch(t);
    expect(session.isExpired(24 * 60 * MIN + 1)).toBe(true);
  });

  it('joins the session another tab already rotated to', () => {
    const a = new Session(30 * MIN, 0);
    a.release();
    sessionStorage.clear(); // tab B has its own sessionStorage
    const b = new Session(30 * MIN, 0);
    expect(b.sessionId).toBe(a.sessionId);
    a.rotate(60 * MIN);
    b.rotate(60 * MIN + 5);
    expect(b.sessionId).toBe(a.sessionId);
  });
});
