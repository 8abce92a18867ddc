/**
 * Sign-in limits that keep an office working (issue 19, finding 5; the numbers in
 * server/src/auth/rate-limit.ts and docs/security.md). The tester locked every account behind one
 * address for 10 minutes with 20 failed sign-ins under any e-mail, the administrator's correct
 * password included. Now failures count per (address, account), per account and per address,
 * each with free failures and then a doubling wait with a ceiling; the counts are in the
 * database, so a second API process refuses the same.
 *
 * Addresses are given with X-Forwarded-For (the server trusts it from loopback, as behind a
 * proxy on the same machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherServer, startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, PASSWORD, codeOf, firstAccount, makeUser, type Answer } from '../support/api-client.js';
import { ACCOUNT_RULE, ADDRESS_RULE, PAIR_RULE, SIGN_IN_WINDOW_MINUTES, backoffSeconds } from '../../server/src/auth/rate-limit.js';

let server: RunningServer;
let second: RunningServer;
let root: ApiClient;
const SIGN_IN = `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`;
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/** A sign-in from `address`, on `base` (default: the first server). */
function signIn(email: string, password: string, address: string, base = server.baseUrl): Promise<Answer> {
  return new ApiClient(base).gql(SIGN_IN, { e: email, p: password }, { 'x-forwarded-for': address });
}

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  second = await startAnotherServer(server.db, { PUBLIC_MODE: '0' });
  root = await firstAccount(server);
  const A = (await server.db.query<{ code: string; name: string }>(`select code, name from municipality`)).find((c) => c.name.includes('伊勢崎'))!;
  for (const u of ['admin', 'owner', 'spread', 'office1', 'office2']) await makeUser(root, `${u}@a.jp`, u === 'admin' ? 'ADMINISTRATOR' : 'VIEWER', A.code);
}, 240_000);
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

describe('sign-in limits', () => {
  it('20 failed sign-ins under any e-mail from one address leave everyone behind it working', async () => {
    const office = '10.1.1.1';
    for (let i = 0; i < 20; i++) expect(codeOf(await signIn(`nobody${i}@example.jp`, 'wrong password', office))).toBe('UNAUTHENTICATED');
    for (const who of ['admin', 'office1', 'office2']) {
      const r = await signIn(`${who}@a.jp`, PASSWORD, office);
      expect(r.errors, `${who}: ${r.text.slice(0, 200)}`).toBeUndefined();
    }
  });

  it('per address and account: the owner is slowed (a doubling wait), not locked out, and others are not slowed', async () => {
    const desk = '10.2.2.2';
    for (let i = 0; i < PAIR_RULE.free; i++) expect(codeOf(await signIn('owner@a.jp', 'wrong password', desk))).toBe('UNAUTHENTICATED');
    // The next attempt waits, even with the right password, and is told how long.
    const waiting = await signIn('owner@a.jp', PASSWORD, desk);
    expect(waiting.status).toBe(429);
    expect(codeOf(waiting)).toBe('RATE_LIMITED');
    expect(waiting.errors![0]!.extensions!.retryAfter).toBe(PAIR_RULE.firstWaitSeconds);
    expect(waiting.headers.get('retry-after')).toBe(String(PAIR_RULE.firstWaitSeconds));
    // Waiting does not lengthen the wait; a colleague at the same desk is not slowed.
    expect((await signIn('office1@a.jp', PASSWORD, desk)).errors).toBeUndefined();
    // The same account from another address is not slowed either (the account's own count is below its free failures).
    expect((await signIn('owner@a.jp', PASSWORD, '10.2.2.3')).errors).toBeUndefined();
    // After the wait the owner signs in; then the pair's failures are forgotten.
    await sleep(PAIR_RULE.firstWaitSeconds + 0.2);
    expect((await signIn('owner@a.jp', PASSWORD, desk)).errors).toBeUndefined();
    expect((await signIn('owner@a.jp', 'wrong password', desk)).status).toBe(200);
  });

  it('per account over many addresses: a short ceiling, so the owner waits at most a minute', async () => {
    for (let i = 0; i < ACCOUNT_RULE.free; i++) expect(codeOf(await signIn('spread@a.jp', 'wrong password', `10.3.0.${i + 1}`))).toBe('UNAUTHENTICATED');
    const r = await signIn('spread@a.jp', PASSWORD, '10.3.1.1');
    expect(codeOf(r)).toBe('RATE_LIMITED');
    expect(r.errors![0]!.extensions!.retryAfter).toBeLessThanOrEqual(ACCOUNT_RULE.maxWaitSeconds);
    // The state is in the database: the other API process refuses the same.
    expect(codeOf(await signIn('spread@a.jp', PASSWORD, '10.3.1.2', second.baseUrl))).toBe('RATE_LIMITED');
    await sleep(ACCOUNT_RULE.firstWaitSeconds + 0.2);
    expect((await signIn('spread@a.jp', PASSWORD, '10.3.1.1')).errors).toBeUndefined();
  });

  it(`per address over every account: only after ${ADDRESS_RULE.free} failures, far above one office`, async () => {
    const sprayer = '10.4.4.4';
    // Recorded directly (as that many failed sign-ins would be): 100 password checks take a while.
    await server.db.query(`insert into sign_in_failure (email, address) select 'spray' || g || '@example.jp', $1 from generate_series(1, $2) g`, [sprayer, ADDRESS_RULE.free - 1]);
    expect(codeOf(await signIn('spray-last@example.jp', 'wrong password', sprayer))).toBe('UNAUTHENTICATED');
    const r = await signIn('office2@a.jp', PASSWORD, sprayer);
    expect(codeOf(r)).toBe('RATE_LIMITED');
    expect(r.errors![0]!.extensions!.retryAfter).toBe(ADDRESS_RULE.firstWaitSeconds);
    // Another address is untouched.
    expect((await signIn('office2@a.jp', PASSWORD, '10.4.4.5')).errors).toBeUndefined();
  });

  it('the backoff doubles up to its ceiling, and failures leave the window', () => {
    expect([5, 6, 7, 8, 9, 14, 30].map((n) => backoffSeconds(PAIR_RULE, n, 0))).toEqual([2, 4, 8, 16, 32, 900, 900]);
    expect([9, 10, 11, 12, 15].map((n) => backoffSeconds(ACCOUNT_RULE, n, 0))).toEqual([0, 2, 4, 8, 60]);
    expect(backoffSeconds(PAIR_RULE, 7, 5)).toBe(3);
    expect(SIGN_IN_WINDOW_MINUTES).toBe(15);
  });
});
