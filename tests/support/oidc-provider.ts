/**
 * A real OpenID provider in the test process (the `oidc-provider` package) for the product to
 * sign in through: its own login and consent pages (development interactions: any login name,
 * any password), accounts whose e-mail is `<login>@city.example.jp`, PKCE required, and an
 * authorization code lifetime a test may shorten to see an expired code refused.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Seconds an authorization code lives (default 60). */
  setCodeTtl: (seconds: number) => void;
  stop: () => Promise<void>;
}

/** Starts the provider on `port` at `host` for a client that may return to `redirectUris`. */
export async function startProvider(host: string, port: number, redirectUris: string[]): Promise<TestProvider> {
  const issuer = `http://${host}:${port}`;
  const clientId = 'seisaku-hyoka';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  let codeTtl = 60;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@city.example.jp`, email_verified: true, name: `${id} さん` }),
    }),
    ttl: { AuthorizationCode: () => codeTtl },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  return {
    issuer,
    clientId,
    clientSecret,
    setCodeTtl: (s) => (codeTtl = s),
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}
