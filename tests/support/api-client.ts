/**
 * A GraphQL client for HTTP tests against the built server (tests/browser/support/server.ts):
 * keeps the session cookie a sign-in sets, or sends a bearer token, and returns status, headers
 * and the parsed body. `seedAccounts` makes the first account as `npm run admin:create` would and
 * the users a test asks for, each signed in.
 */
import type { RunningServer } from '../browser/support/server.js';
import { hashPassword } from '../../server/src/auth/password.js';

export const PASSWORD = 'correct horse battery';

export type Body = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
export type Answer = Body & { status: number; headers: Headers; text: string };

export class ApiClient {
  cookie = '';
  constructor(
    readonly baseUrl: string,
    readonly bearer?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
      ...extra,
    };
  }

  async gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
    return this.post('/graphql', JSON.stringify({ query, variables }), headers);
  }

  /** A raw POST with a JSON content type (the body as given). */
  async post(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json', ...headers }), body });
    return this.answer(res);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.answer(await fetch(`${this.baseUrl}${path}`, { headers: this.headers(headers) }));
  }

  private async answer(res: Response): Promise<Answer> {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    let body: Body = {};
    try {
      body = JSON.parse(text) as Body;
    } catch {
      /* not JSON (a file, CSV) */
    }
    return { status: res.status, headers: res.headers, text, ...body };
  }

  async signIn(email: string, password = PASSWORD): Promise<Answer> {
    return this.gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id role } }`, { e: email, p: password });
  }
}

export const codeOf = (r: Body) => r.errors?.[0]?.extensions?.code as string | undefined;

/** Inserts the first account (a system administrator) and waits until the server requires sign-in. */
export async function firstAccount(server: RunningServer, email = 'root@example.jp'): Promise<ApiClient> {
  await server.db.query(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, $1, 'root', 'administrator', $2)`, [
    email,
    await hashPassword(PASSWORD),
  ]);
  const root = new ApiClient(server.baseUrl);
  const r = await root.signIn(email);
  if (r.errors) throw new Error(`root cannot sign in: ${r.text}`);
  return root;
}

/** Creates a user through the API (as `admin`) and returns a client signed in as that user. */
export async function makeUser(admin: ApiClient, email: string, role: string, municipalityCode: string | null, departmentId?: number): Promise<ApiClient> {
  const r = await admin.gql(
    `mutation ($e: String!, $r: Role!, $m: String, $d: ID, $p: String!) { createUser(email: $e, displayName: $e, role: $r, password: $p, municipalityCode: $m, departmentId: $d) { id } }`,
    { e: email, r: role, m: municipalityCode, d: departmentId ?? null, p: PASSWORD },
  );
  if (r.errors) throw new Error(`createUser ${email}: ${r.text}`);
  const c = new ApiClient(admin.baseUrl);
  const s = await c.signIn(email);
  if (s.errors) throw new Error(`${email} cannot sign in: ${s.text}`);
  return c;
}
