/**
 * Authorization code with PKCE against the city's provider (openid-client): the redirect to the
 * provider, and the callback that checks state, nonce and the PKCE verifier, exchanges the code,
 * and maps the provider's claims to a user of the product. Roles stay in the product: a user
 * created at first sign-in is a viewer of the configured city until an administrator says more.
 */
import * as client from 'openid-client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AUDIT_COLUMNS, AuditAction } from '../../audit/audit.sql.js';
import { BUMP_ACCESS_VERSION, dataChanged } from '../../graphql/cache.js';
import { userFromRow } from '../auth.service.js';
import type { SignedInUser } from '../principal.js';
import type { OidcSettings } from './oidc-settings.js';

/** What the browser keeps (in an HttpOnly cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go once signed in (a same-site path). */
  redirect: string;
  /** Issued at (ms): a pending sign-in older than PENDING_MS is refused. */
  at: number;
}

/** How long a sign-in may take at the provider. */
export const PENDING_MS = 10 * 60 * 1000;

/** Why a sign-in through the provider did not happen (the sign-in page says it in words). */
export type OidcRefusal = 'not_registered' | 'disabled' | 'no_claim' | 'failed' | 'expired';

export class OidcRefused extends Error {
  constructor(
    readonly reason: OidcRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

/** Who signs users in through the provider for the product (the actor of users it creates). */
const ACTOR = { userName: 'シングルサインオン' };

export class OidcSignIn {
  private config: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly orm: MikroORM,
  ) {}

  /** The provider's metadata, read once (again after a failure). */
  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(this.settings.issuer, this.settings.clientId, undefined, client.ClientSecretPost(this.settings.clientSecret), {
        execute: this.settings.allowHttp ? [client.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        this.config = undefined;
        throw e;
      });
    return this.config;
  }

  /** The provider's authorization URL and what the browser must keep until the callback. */
  async start(redirect: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier, redirect, at: Date.now() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Checks the callback (state, nonce, PKCE), exchanges the code, and finds or creates the user. */
  async finish(currentUrl: URL, pending: PendingSignIn | undefined): Promise<SignedInUser> {
    if (!pending) throw new OidcRefused('failed', 'no sign-in was started in this browser');
    if (Date.now() - pending.at > PENDING_MS) throw new OidcRefused('expired', 'the sign-in took too long');
    const config = await this.configuration();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Providers that keep the profile out of the ID token (oidc-provider, some Keycloak and Entra setups) answer it at userinfo.
      if (claims && claims[this.settings.userClaim] === undefined && tokens.access_token) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        claims = { ...info, ...claims, [this.settings.userClaim]: info[this.settings.userClaim] } as client.IDToken;
      }
    } catch (e) {
      throw new OidcRefused('failed', e instanceof Error ? e.message : String(e));
    }
    if (!claims) throw new OidcRefused('failed', 'no ID token');
    return this.userFor(claims);
  }

  /** The product's user for the provider's claims: by subject, then by the configured claim; created when the setting allows. */
  private async userFor(claims: client.IDToken): Promise<SignedInUser> {
    const sql = (text: string, params: unknown[] = []) => this.orm.em.getConnection().execute(text, params) as Promise<Record<string, unknown>[]>;
    const subject = String(claims.sub);
    const [bySubject] = await sql(`select * from app_user where identity_provider = 'oidc' and external_subject = ?`, [subject]);
    if (bySubject) {
      if (bySubject.disabled) throw new OidcRefused('disabled', 'the account is disabled');
      return userFromRow(bySubject);
    }
    const raw = claims[this.settings.userClaim];
    if (typeof raw !== 'string' || !raw.trim()) throw new OidcRefused('no_claim', `the provider sent no "${this.settings.userClaim}" claim`);
    const email = raw.trim().toLowerCase();
    const [byEmail] = await sql(`select * from app_user where email = ?`, [email]);
    if (byEmail) {
      if (byEmail.disabled) throw new OidcRefused('disabled', 'the account is disabled');
      // A pre-registered user: from now on it signs in through the provider (its subject kept).
      const [linked] = await sql(`update app_user set identity_provider = 'oidc', external_subject = ?, password_hash = null where id = ? returning *`, [subject, byEmail.id]);
      return userFromRow(linked!);
    }
    if (!this.settings.createUsers) throw new OidcRefused('not_registered', `${email} is not registered`);
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
    // With the access version and the audit log, in the same statement (as AuthService.createUser).
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL (graphql/cache.ts, audit/audit.sql.ts); values are ? bindings
    const [created] = await sql(
      `with bump as (${BUMP_ACCESS_VERSION}),
            u as (insert into app_user (municipality_id, email, display_name, role, identity_provider, external_subject)
                  select id, ?, ?, 'viewer', 'oidc', ? from municipality where code = ? returning *),
            log as (insert into audit_log (${AUDIT_COLUMNS})
                    select u.municipality_id, null, ?, ?, u.email, jsonb_build_object('role', u.role, 'displayName', u.display_name) from u)
       select * from u`,
      [email, name, subject, this.settings.defaultMunicipalityCode, ACTOR.userName, AuditAction.USER_CREATE],
    );
    if (created) dataChanged();
    if (!created) throw new OidcRefused('failed', `OIDC_DEFAULT_MUNICIPALITY ${this.settings.defaultMunicipalityCode} is not a municipality here`);
    return userFromRow(created);
  }
}
