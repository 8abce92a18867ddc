/**
 * Sign-in attempts, limited in memory per account and per IP address: after too many failures
 * within the window, further attempts are refused (without checking the password) until the
 * oldest failure leaves the window. One process only; behind several processes use a shared store.
 */
export interface RateLimitRule {
  max: number;
  windowMs: number;
}

export const ACCOUNT_RULE: RateLimitRule = { max: 5, windowMs: 15 * 60_000 };
export const IP_RULE: RateLimitRule = { max: 20, windowMs: 15 * 60_000 };

export class FailureLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    private rule: RateLimitRule,
    private now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one may be made now. */
  retryAfter(key: string): number {
    const list = this.prune(key);
    if (list.length < this.rule.max) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.rule.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const list = this.prune(key);
    list.push(this.now());
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.sweep();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private sweep() {
    for (const key of [...this.failures.keys()]) this.prune(key);
  }
}
