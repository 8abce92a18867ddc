/**
 * "Now" for the cycle's reminders, injectable so tests move time by days without waiting.
 * Deadlines are calendar dates in Japan: `today` reads the clock in Asia/Tokyo.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and moves. */
export class ManualClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = new Date(at);
  }
  addDays(days: number): void {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

const TOKYO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in Japan at `at`, as YYYY-MM-DD. */
export const tokyoDate = (at: Date): string => TOKYO_DATE.format(at);

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
