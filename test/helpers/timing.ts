/**
 * How late a loaded machine (CI, two cores shared with other jobs) may run a timer or answer on
 * loopback. A test's upper bound on wall-clock time is a configured time plus this slack, never a
 * bare number: it still tells "bounded by the setting" from "unbounded" (a hanging upstream never
 * answers) or from "waited for something much longer" (the settings are chosen so that the
 * alternative exceeds the bound by more than the slack), and a busy machine does not fail it.
 * test/suite.test.ts checks that no test uses a bare upper bound.
 */
export const SCHEDULING_SLACK_MS = 2_000;

/** Milliseconds since `started` (a performance.now() reading). */
export function elapsedSince(started: number): number {
  return performance.now() - started;
}
