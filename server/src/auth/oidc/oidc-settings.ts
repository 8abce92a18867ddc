/**
 * Sign-in with the city's identity provider (OpenID Connect): the settings, from the
 * environment (docs/auth.md says what Entra ID and Keycloak need).
 */

export interface OidcSettings {
  /** OIDC_ISSUER: the provider's issuer URL (its /.well-known/openid-configuration is read). */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** OIDC_REDIRECT_URI: this server's callback as registered at the provider (…/auth/oidc/callback). */
  redirectUri: string;
  /** OIDC_SCOPES (default "openid email profile"). */
  scopes: string;
  /** OIDC_USER_CLAIM: the claim that names the user (default "email"; e.g. "preferred_username", "upn"). */
  userClaim: string;
  /** OIDC_CREATE_USERS=1: unknown users are created at first sign-in (else only pre-registered users get in). */
  createUsers: boolean;
  /** OIDC_DEFAULT_MUNICIPALITY: the city (code) of users created at first sign-in; they start as viewers. */
  defaultMunicipalityCode?: string;
  /** OIDC_BUTTON_LABEL: what the sign-in page's button says (default 「庁内アカウントでサインイン」). */
  buttonLabel?: string;
  /** OIDC_ALLOW_HTTP=1: an http:// issuer (a test or a provider on the same host); never in production. */
  allowHttp: boolean;
}

const on = (v: string | undefined) => ['1', 'true', 'on', 'yes'].includes((v ?? '').toLowerCase());

/** The settings, or undefined when OIDC_ISSUER is unset; a partial configuration is an error at startup. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  const missing = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`OIDC_ISSUER is set but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not`);
  let issuer: URL;
  try {
    issuer = new URL(env.OIDC_ISSUER);
  } catch {
    throw new Error(`OIDC_ISSUER must be a URL, got "${env.OIDC_ISSUER}"`);
  }
  const createUsers = on(env.OIDC_CREATE_USERS);
  if (createUsers && !env.OIDC_DEFAULT_MUNICIPALITY) throw new Error('OIDC_CREATE_USERS=1 needs OIDC_DEFAULT_MUNICIPALITY (the city code of users created at first sign-in)');
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUri: env.OIDC_REDIRECT_URI!,
    scopes: env.OIDC_SCOPES || 'openid email profile',
    userClaim: env.OIDC_USER_CLAIM || 'email',
    createUsers,
    defaultMunicipalityCode: env.OIDC_DEFAULT_MUNICIPALITY || undefined,
    buttonLabel: env.OIDC_BUTTON_LABEL || undefined,
    allowHttp: on(env.OIDC_ALLOW_HTTP),
  };
}
