/// <reference lib="dom" />
/**
 * Sign-in with the city's identity provider (issue 23) in Chromium, against a real OpenID
 * provider started in this process (tests/support/oidc-provider.ts) on another site (localhost
 * vs 127.0.0.1): authorization code with PKCE. Two API processes on one database: one creates
 * users at first sign-in, the other lets in pre-registered users only and has passwords off.
 * Cases: first sign-in (created, a viewer), a pre-registered user, a refused user, sign-out, a
 * tampered state, an expired code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { freePort, startAnotherServer, startServer, type RunningServer } from './support/server.js';
import { ApiClient, firstAccount, makeUser } from '../support/api-client.js';
import { startProvider, type TestProvider } from '../support/oidc-provider.js';

const SHOTS = resolve(import.meta.dirname, '../screenshots');

describe.skipIf(!browserTestsEnabled())('sign-in with the city’s identity provider (browser)', () => {
  let provider: TestProvider;
  /** Creates users at first sign-in. */
  let open: RunningServer;
  /** Pre-registered users only; passwords off. */
  let closed: RunningServer;
  let browser: Browser;
  let isesaki: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [idpPort, openPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    const callback = (port: number) => `http://127.0.0.1:${port}/auth/oidc/callback`;
    provider = await startProvider('localhost', idpPort, [callback(openPort), callback(closedPort)]);
    const env = (port: number) => ({
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_REDIRECT_URI: callback(port),
      OIDC_ALLOW_HTTP: '1',
    });
    open = await startServer({ ...env(openPort), OIDC_CREATE_USERS: '1', OIDC_DEFAULT_MUNICIPALITY: '102041' });
    isesaki = '102041';
    closed = await startAnotherServer(open.db, { ...env(closedPort), LOCAL_PASSWORDS: '0' });
    const root = await firstAccount(open);
    // Pre-registered by an administrator (with a password it will no longer need).
    await makeUser(root, 'tanaka@city.example.jp', 'REVIEWER', isesaki);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await closed?.stop();
    await open?.stop();
    await provider?.stop();
  });

  async function page(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
    contexts.push(context);
    return context.newPage();
  }

  /** From the product's sign-in page through the provider's login and consent pages. */
  async function throughProvider(p: Page, server: RunningServer, login: string) {
    await p.goto(`${server.baseUrl}/signin`, { waitUntil: 'networkidle' });
    await p.click('[data-testid="sso-signin"]');
    await p.waitForURL((u) => u.host === new URL(provider.issuer).host);
    await p.fill('input[name="login"]', login);
    await p.fill('input[name="password"]', 'any');
    await p.click('button[type="submit"]');
    await p.waitForSelector('button[type="submit"]:has-text("Continue")');
    await p.click('button[type="submit"]');
  }

  /**
   * Holds the provider's answer to the consent page (the redirect chain that ends at the product's
   * callback with the code and state), lets `change` alter that callback URL or wait, and sends the
   * browser on. (A page route never sees the requests of a redirect chain past its first.)
   */
  async function interceptCallback(p: Page, change: (callback: URL) => Promise<void> | void) {
    const host = new URL(provider.issuer).host;
    await p.route(`${provider.issuer}/**`, async (route) => {
      const req = route.request();
      if (req.method() !== 'POST' || !req.postData()?.includes('prompt=consent')) return route.continue();
      const first = await route.fetch({ maxRedirects: 0 });
      let location = new URL(first.headers().location!, provider.issuer);
      // Through the provider's own redirects (its resume endpoint) to the product's callback.
      for (let i = 0; i < 5 && location.host === host; i++) {
        const next = await p.context().request.get(location.href, { maxRedirects: 0 });
        location = new URL(next.headers().location!, location);
      }
      expect(location.pathname).toBe('/auth/oidc/callback');
      await change(location);
      await route.fulfill({ status: 303, headers: { location: location.href } });
    });
  }

  const me = (p: Page) => p.evaluate(async () => {
    const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email role } }' }) });
    return ((await r.json()) as { data?: { me: { email: string; role: string } | null } }).data?.me ?? null;
  });

  it('first sign-in creates the user as a viewer of the configured city; sign-out ends the session', async () => {
    const p = await page();
    await throughProvider(p, open, 'sato');
    await p.waitForURL((u) => u.host === new URL(open.baseUrl).host && !u.pathname.startsWith('/signin') && !u.pathname.startsWith('/auth'));
    await expect.poll(() => p.locator('.app-header').innerText()).toContain('sato さん');
    expect(await me(p)).toEqual({ email: 'sato@city.example.jp', role: 'VIEWER' });
    const [row] = await open.db.query<{ identity_provider: string; external_subject: string; role: string; code: string }>(
      `select u.identity_provider, u.external_subject, u.role, m.code from app_user u join municipality m on m.id = u.municipality_id where u.email = 'sato@city.example.jp'`,
    );
    expect(row).toEqual({ identity_provider: 'oidc', external_subject: 'sato', role: 'viewer', code: isesaki });
    expect((await open.db.query(`select user_name, target from audit_log where action = 'user_create' and target = 'sato@city.example.jp'`))[0]).toEqual({ user_name: 'シングルサインオン', target: 'sato@city.example.jp' });
    await p.screenshot({ path: join(SHOTS, 'oidc-signed-in.png') });

    await p.click('text=サインアウト');
    await expect.poll(() => me(p)).toBeNull();
    await p.goto(`${open.baseUrl}/`, { waitUntil: 'networkidle' });
    await p.waitForURL(/\/signin/);
  });

  it('with pre-registered users only: a registered user gets in, an unknown one is refused in words', async () => {
    const p = await page();
    // Passwords are off here: the page offers the city's provider only, and the API refuses passwords.
    await p.goto(`${closed.baseUrl}/signin`, { waitUntil: 'networkidle' });
    await p.locator('[data-testid="sso-signin"]').waitFor();
    expect(await p.locator('#signin-password').count()).toBe(0);
    const pw = await new ApiClient(closed.baseUrl).signIn('tanaka@city.example.jp');
    expect(pw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await throughProvider(p, closed, 'suzuki');
    await p.waitForURL(/\/signin\?sso=not_registered/);
    await expect.poll(() => p.locator('[data-testid="sso-error"]').textContent()).toBe('このアカウントは登録されていません。管理者に利用者の登録を依頼してください。');
    expect(await me(p)).toBeNull();
    expect(await closed.db.query(`select 1 from app_user where email = 'suzuki@city.example.jp'`)).toEqual([]);
    await p.screenshot({ path: join(SHOTS, 'oidc-refused.png') });

    const q = await page();
    await throughProvider(q, closed, 'tanaka');
    await q.waitForURL((u) => !u.pathname.startsWith('/signin') && !u.pathname.startsWith('/auth'));
    expect(await me(q)).toEqual({ email: 'tanaka@city.example.jp', role: 'REVIEWER' });
  });

  it('a tampered state is refused and signs nobody in', async () => {
    // The interception alone changes nothing: untouched, the same way in signs in.
    const control = await page();
    await interceptCallback(control, () => {});
    await throughProvider(control, open, 'ito');
    await control.waitForURL((u) => !u.pathname.startsWith('/signin') && !u.pathname.startsWith('/auth'));
    expect(await me(control)).toEqual({ email: 'ito@city.example.jp', role: 'VIEWER' });

    const p = await page();
    await interceptCallback(p, (u) => u.searchParams.set('state', `${u.searchParams.get('state')}x`));
    await throughProvider(p, open, 'ito');
    await p.waitForURL(/\/signin\?sso=failed/);
    await expect.poll(() => p.locator('[data-testid="sso-error"]').textContent()).toContain('確認できませんでした');
    expect(await me(p)).toBeNull();
  });

  it('an expired authorization code is refused', async () => {
    provider.setCodeTtl(1);
    try {
      const p = await page();
      await interceptCallback(p, () => new Promise((r) => setTimeout(r, 2500)));
      await throughProvider(p, open, 'kato');
      await p.waitForURL(/\/signin\?sso=failed/, { timeout: 20_000 });
      expect(await me(p)).toBeNull();
      expect(await open.db.query(`select 1 from app_user where email = 'kato@city.example.jp'`)).toEqual([]);
    } finally {
      provider.setCodeTtl(60);
    }
  });
});
