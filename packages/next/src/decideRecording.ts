/** Where `<TapedeckProvider>` writes its decision into the page, for initTapedeck(). */
export const DECISION_META = 'tapedeck-decision';

/** Whether, and how much, to record: handed from the server to the client provider. */
export interface RecordingDecision {
  enabled: boolean;
  sampleRate: number;
}

export interface RecordingRule<User> {
  /** Does this rule apply to the user (null for a visitor who is not signed in)? */
  when: (user: User | null) => boolean;
  /** Share of their sessions to record, 0 to 1. */
  sampleRate: number;
}

/**
 * Decides on the server whether to record this user — record every paying user and a tenth
 * of free ones, say. Rules are tried in order; the first that applies wins; with none, nothing
 * is recorded. Use it in a server component, route handler or middleware.
 */
export function decideRecording<User>(
  user: User | null,
  rules: RecordingRule<User>[] | ((user: User | null) => RecordingDecision),
): RecordingDecision {
  if (typeof rules === 'function') return rules(user);
  const rule = rules.find((r) => r.when(user));
  if (!rule) return { enabled: false, sampleRate: 0 };
  if (!(rule.sampleRate >= 0 && rule.sampleRate <= 1))
    throw new RangeError(
      `decideRecording: sampleRate must be from 0 to 1, got ${rule.sampleRate}.`,
    );
  return { enabled: rule.sampleRate > 0, sampleRate: rule.sampleRate };
}
