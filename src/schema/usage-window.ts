import { badUserInput } from '../errors.ts';

/** The time window of `usageEvents` and `usageOverview`, as the DateTime scalar normalised it (UTC ISO-8601). */
export interface UsageWindowArgs {
  startTime: string;
  endTime?: string | null | undefined;
}

export interface UsageWindow {
  startTime: string;
  /** Undefined: up to now (the upstream's default). */
  endTime: string | undefined;
}

/**
 * Checks a window before any upstream request: a start in the future has no usage yet, and an
 * end before the start is empty by mistake; both are BAD_USER_INPUT rather than an empty answer.
 */
export function usageWindow(args: UsageWindowArgs): UsageWindow {
  const startMs = Date.parse(args.startTime);
  if (startMs > Date.now()) {
    throw badUserInput('"startTime" is in the future: there is no usage after now.', { argumentName: 'startTime' });
  }
  const endTime = args.endTime ?? undefined;
  if (endTime !== undefined && Date.parse(endTime) < startMs) {
    throw badUserInput('"endTime" is before "startTime".', { argumentName: 'endTime' });
  }
  return { startTime: args.startTime, endTime };
}
