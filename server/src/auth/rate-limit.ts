/**
 * Sign-in limits that keep an office working (issue 19, finding 5). Cities sit behind shared
 * proxies: a limit per address alone (20 failures locked every account behind it for 10 minutes,
 * the administrator's correct password included) lets one careless or hostile person stop a whole
 * office. So failures count three ways, each with a number of free failures in the window and
 * then a backoff that doubles with every further failure, up to a ceiling — never a lockout that
 * outlasts the ceiling:
 *  - per (address, account): the usual case, one person or one guesser at one account;
 *  - per account, from any address: a guesser spread over many addresses; its ceiling is short
 *    (a minute), so the owner is slowed, never locked out;
 *  - per address, over every account: password spraying from one address; its free count is far
 *    above what one office produces.
 * The wait runs from the latest failure. An attempt is counted before anything else (so parallel
 * guesses count too), forgotten when it was refused for a wait (waiting does not lengthen the
 * wait) or when it succeeds, with the earlier failures of its pair.
 * The state is in the database (`sign_in_failure`), so every API process sees the same counts.
 * The numbers are in docs/security.md; tests/integration/sign-in-limits.test.ts holds them.
 */

export interface BackoffRule {
  /** Failures in the window before any wait. */
  free: number;
  /** The first wait, in seconds; each further failure doubles it. */
  firstWaitSeconds: number;
  /** The longest wait, in seconds. */
  maxWaitSeconds: number;
}

/** Window in which failures count. */
export const SIGN_IN_WINDOW_MINUTES = 15;
/** One address, one account. */
export const PAIR_RULE: BackoffRule = { free: 5, firstWaitSeconds: 2, maxWaitSeconds: 15 * 60 };
/** One account, any address. */
export const ACCOUNT_RULE: BackoffRule = { free: 10, firstWaitSeconds: 2, maxWaitSeconds: 60 };
/** One address, any account. */
export const ADDRESS_RULE: BackoffRule = { free: 100, firstWaitSeconds: 2, maxWaitSeconds: 15 * 60 };

/** Seconds to wait after `failures` failures under `rule`, the latest `sinceLastSeconds` ago; 0 when an attempt may be made now. */
export function backoffSeconds(rule: BackoffRule, failures: number, sinceLastSeconds: number): number {
  if (failures < rule.free) return 0;
  const wait = Math.min(rule.firstWaitSeconds * 2 ** Math.min(failures - rule.free, 30), rule.maxWaitSeconds);
  return Math.max(0, Math.ceil(wait - sinceLastSeconds));
}

/** Counts of failures in the window, and seconds since the latest, per key. */
export interface FailureCounts {
  pair: { n: number; since: number };
  account: { n: number; since: number };
  address: { n: number; since: number };
}

/** The wait before the next attempt: the longest any of the three rules asks. */
export function signInWait(c: FailureCounts): number {
  return Math.max(
    backoffSeconds(PAIR_RULE, c.pair.n, c.pair.since),
    backoffSeconds(ACCOUNT_RULE, c.account.n, c.account.since),
    backoffSeconds(ADDRESS_RULE, c.address.n, c.address.since),
  );
}

type Sql = <T>(sql: string, params: unknown[]) => Promise<T>;

/** The failures of the pair, the account and the address in the window (one statement), but the attempt `except`. */
export async function failureCounts(sql: Sql, email: string, address: string, except = 0): Promise<FailureCounts> {
  const [r] = await sql<Record<string, number>[]>(
    `select count(*) filter (where email = ? and address = ?)::int as pair_n,
            coalesce(extract(epoch from now() - max(at) filter (where email = ? and address = ?)), 0)::float8 as pair_since,
            count(*) filter (where email = ?)::int as account_n,
            coalesce(extract(epoch from now() - max(at) filter (where email = ?)), 0)::float8 as account_since,
            count(*) filter (where address = ?)::int as address_n,
            coalesce(extract(epoch from now() - max(at) filter (where address = ?)), 0)::float8 as address_since
       from sign_in_failure
      where at > now() - ? * interval '1 minute' and (email = ? or address = ?) and id <> ?`,
    [email, address, email, address, email, email, address, address, SIGN_IN_WINDOW_MINUTES, email, address, except],
  );
  return {
    pair: { n: Number(r?.pair_n ?? 0), since: Number(r?.pair_since ?? 0) },
    account: { n: Number(r?.account_n ?? 0), since: Number(r?.account_since ?? 0) },
    address: { n: Number(r?.address_n ?? 0), since: Number(r?.address_since ?? 0) },
  };
}

/**
 * Counts an attempt as a failure before anything else (attempts sent in parallel see each other);
 * returns its id, for `failureCounts` to leave it out and for `forgetAttempt`. Old rows go now and then.
 */
export async function recordAttempt(sql: Sql, email: string, address: string): Promise<number> {
  const [r] = await sql<{ id: number }[]>(`insert into sign_in_failure (email, address) values (?, ?) returning id`, [email, address]);
  if (Math.random() < 0.02) await sql(`delete from sign_in_failure where at < now() - ? * interval '1 minute'`, [SIGN_IN_WINDOW_MINUTES]);
  return Number(r!.id);
}

/** An attempt refused before its password was checked does not count. */
export async function forgetAttempt(sql: Sql, id: number): Promise<void> {
  await sql(`delete from sign_in_failure where id = ?`, [id]);
}

/** A successful sign-in: its own attempt and the earlier failures of the same address and account are forgotten. */
export async function forgetFailures(sql: Sql, email: string, address: string): Promise<void> {
  await sql(`delete from sign_in_failure where email = ? and address = ?`, [email, address]);
}
