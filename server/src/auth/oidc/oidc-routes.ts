/**
 * The browser's way through the provider: /auth/oidc/login sends it there (state, nonce and the
 * PKCE verifier kept in an HttpOnly cookie for the callback), /auth/oidc/callback signs it in
 * with the same session cookie as a password would, or back to the sign-in page saying why not.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { readCookie, sessionCookie, type AuthService } from '../auth.service.js';
import { OidcRefused, PENDING_MS, type OidcSignIn, type PendingSignIn } from './oidc-sign-in.js';

const PENDING_COOKIE = 'seisaku_oidc';
/** The cookie goes back only to the callback; Lax, as the provider's redirect is a navigation from its site. */
const COOKIE_PATH = '/auth/oidc';

function pendingCookie(value: string, secure: boolean): string {
  const attrs = [`${PENDING_COOKIE}=${value}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax'];
  if (secure) attrs.push('Secure');
  attrs.push(value ? `Max-Age=${PENDING_MS / 1000}` : 'Max-Age=0');
  return attrs.join('; ');
}

function readPending(req: Request): PendingSignIn | undefined {
  const raw = readCookie(req.headers.cookie, PENDING_COOKIE);
  if (!raw || raw.length > 2000) return undefined;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PendingSignIn;
    return typeof p.state === 'string' && typeof p.nonce === 'string' && typeof p.verifier === 'string' && typeof p.redirect === 'string' && typeof p.at === 'number' ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Only same-site paths are followed after signing in (as the dashboard's safeRedirect). */
const safePath = (p: unknown) => (typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/signin') && p.length <= 500 ? p : '/');

/** The routes, mounted at /auth/oidc. */
export function oidcRouter(deps: { oidc: OidcSignIn; auth: AuthService; redirectUri: string; logger: Logger }): Router {
  const router = Router();
  const back = (res: Response, req: Request, reason: string) => {
    res.append('Set-Cookie', pendingCookie('', req.secure));
    res.redirect(303, `/signin?sso=${encodeURIComponent(reason)}`);
  };

  router.get('/login', async (req, res) => {
    try {
      const { url, pending } = await deps.oidc.start(safePath(req.query.redirect));
      res.append('Set-Cookie', pendingCookie(Buffer.from(JSON.stringify(pending)).toString('base64url'), req.secure));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, url.href);
    } catch (e) {
      deps.logger.error({ err: (e as Error).message }, 'the identity provider cannot be reached');
      back(res, req, 'unavailable');
    }
  });

  router.get('/callback', async (req, res) => {
    const pending = readPending(req);
    // The URL the provider sent the browser to, as registered there (a proxy may have rewritten host and scheme).
    const current = new URL(deps.redirectUri);
    current.search = new URL(req.originalUrl, 'http://x').search;
    try {
      if (current.searchParams.get('error')) throw new OidcRefused('failed', `the provider answered ${current.searchParams.get('error')}`);
      const user = await deps.oidc.finish(current, pending);
      const { token, expiresAt } = await deps.auth.startSession(user, req.ip ?? 'unknown');
      res.append('Set-Cookie', pendingCookie('', req.secure));
      res.append('Set-Cookie', sessionCookie(token, expiresAt, req.secure));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, safePath(pending?.redirect));
    } catch (e) {
      const reason = e instanceof OidcRefused ? e.reason : 'unavailable';
      deps.logger.warn({ reason, detail: (e as Error).message }, 'sign-in through the identity provider refused');
      back(res, req, reason);
    }
  });
  return router;
}
