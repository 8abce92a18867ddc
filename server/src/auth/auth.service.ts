/**
 * Authentication on the owner's connection (accounts, sessions and tokens are not readable by
 * the API's database role): sign-in with rate limits, sessions, API tokens, and turning a
 * request's cookie or bearer token into a {@link Principal}.
 *
 * OIDC: `app_user.identity_provider` / `external_subject` are reserved for signing in through a
 * city's identity provider (for example Entra ID or a LGWAN IdP). Not implemented: a user whose
 * provider is not 'local' has no password and cannot sign in yet; an OIDC callback would look
 * the user up by (identity_provider, external_subject) and then call {@link AuthService.startSession}.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { API_TOKEN_PREFIX, newSecret, secretHash } from './tokens.js';
import { failureCounts, forgetAttempt, forgetFailures, recordAttempt, signInWait } from './rate-limit.js';
import { ROLES, Role } from './roles.js';
import type { Principal, SignedInUser } from './principal.js';
import { AccountService } from './account.service.js';
import { BUMP_ACCESS_VERSION, dataChanged } from '../graphql/cache.js';
import { isDatabaseUnavailable } from '../http/database-errors.js';
import { AUDIT_COLUMNS, AuditAction, type AuditActor } from '../audit/audit.sql.js';

export const SESSION_COOKIE = 'seisaku_session';
export const SESSION_HOURS = 12;
/** The advisory lock under which administrators are demoted or disabled (the last one stays). */
const LAST_ADMIN_LOCK = 2_300_023;

// Rows as the driver returns them (snake_case, types given by the SQL).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `サインインの試行が多すぎます。${retryAfterSeconds}秒後にもう一度お試しください / too many sign-in attempts: try again in ${retryAfterSeconds} s`,
      { extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } } },
    );
  }
}

export const badCredentials = () =>
  new GraphQLError('メールアドレスまたはパスワードが違います / wrong email address or password', { extensions: { code: 'UNAUTHENTICATED' } });

export interface AuthOptions {
  adminToken?: string;
  publicMode: boolean;
  /** LOCAL_PASSWORDS=0: only the city's identity provider signs people in (default: passwords work). */
  localPasswords?: boolean;
  /** Sign-in with the city's identity provider is configured (auth/oidc/), with the button's label if set. */
  sso?: { label?: string };
  /**
   * With read replicas: runs a read of accounts on a standby, as the owner, when the primary
   * cannot be reached, so signed-in callers keep reading while it is down (db/replicas.ts).
   */
  readFallback?: (sql: string, params: unknown[]) => Promise<Row[]>;
}

export function userFromRow(r: Row): SignedInUser {
  return {
    id: Number(r.id),
    email: r.email,
    displayName: r.display_name,
    role: r.role as Role,
    municipalityId: r.municipality_id === null ? null : Number(r.municipality_id),
    departmentId: r.department_id === null ? null : Number(r.department_id),
    mustChangePassword: Boolean(r.must_change_password),
  };
}

export class AuthService {
  private usersKnown = false;
  /** Passwords, names and tokens (account.service.ts). */
  readonly accounts: AccountService;

  constructor(
    private readonly owner: MikroORM,
    readonly options: AuthOptions,
  ) {
    this.accounts = new AccountService(owner);
  }

  private sql<T = Row[]>(sql: string, params: unknown[] = []): Promise<T> {
    return this.owner.em.getConnection().execute(sql, params) as Promise<T>;
  }

  /** A read of accounts: on the primary, or on a standby (`readFallback`) while the primary cannot be reached. */
  private async read(sql: string, params: unknown[] = [], onStandby = sql): Promise<Row[]> {
    try {
      return await this.sql<Row[]>(sql, params);
    } catch (e) {
      if (!this.options.readFallback || !isDatabaseUnavailable(e)) throw e;
      return this.options.readFallback(onStandby, params).catch(() => Promise.reject(e));
    }
  }

  /**
   * Whether any account exists. Until the first one is created (`npm run admin:create`), the API
   * reads without signing in, as it did before accounts; from then on it needs a user (or
   * PUBLIC_MODE). Once seen, remembered (accounts are not all removed while the server runs);
   * until then asked of the database by every anonymous request, each with a statement of its
   * own started after it arrived: the first account, made by another process, closes the API
   * for the very next request (a check shared or remembered for a while left anonymous reads
   * open for 0.6 s). A database that cannot answer fails the request (503), never opens it.
   */
  async accountsExist(): Promise<boolean> {
    if (this.usersKnown) return true;
    const [r] = await this.read(`select exists (select 1 from app_user where not disabled) as x`);
    if (r?.x) this.usersKnown = true;
    return Boolean(r?.x);
  }

  /**
   * Checks the password and opens a session. Limited per (address, account), per account and per
   * address, with backoff (auth/rate-limit.ts; the counts are in the database): a wait refuses the
   * attempt before the password is checked.
   */
  async signIn(emailIn: string, password: string, ip: string): Promise<{ user: SignedInUser; token: string; expiresAt: Date }> {
    if (this.options.localPasswords === false)
      throw new GraphQLError('パスワードでのサインインは無効です。庁内アカウントでサインインしてください / local passwords are turned off: sign in with the city’s identity provider', {
        extensions: { code: 'FORBIDDEN' },
      });
    const email = emailIn.trim().toLowerCase();
    const sql = <T>(text: string, params: unknown[]) => this.sql<T>(text, params);
    const attempt = await recordAttempt(sql, email, ip);
    const wait = signInWait(await failureCounts(sql, email, ip, attempt));
    if (wait > 0) {
      await forgetAttempt(sql, attempt);
      throw new RateLimitedError(wait);
    }
    const [row] = await this.sql<Row[]>(`select * from app_user where email = ? and not disabled and identity_provider = 'local'`, [email]);
    const ok = await verifyPassword(password, row?.password_hash);
    if (!row || !ok) throw badCredentials();
    await forgetFailures(sql, email, ip);
    const user = userFromRow(row);
    return { user, ...(await this.startSession(user, ip)) };
  }

  async startSession(user: SignedInUser, ip: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    await this.sql(`insert into session (municipality_id, user_id, token_hash, expires_at, ip) values (?, ?, ?, ?, ?)`, [
      user.municipalityId,
      user.id,
      secretHash(token),
      expiresAt,
      ip,
    ]);
    // Expired sessions go away now and then.
    if (Math.random() < 0.05) await this.sql(`delete from session where expires_at < now()`);
    return { token, expiresAt };
  }

  async signOut(token: string): Promise<void> {
    await this.sql(`delete from session where token_hash = ?`, [secretHash(token)]);
  }

  /** True once an account is known to exist (no statement). */
  accountsKnown(): boolean {
    return this.usersKnown;
  }

  /**
   * The principal of a request from its cookie or Authorization header. `accounts: false`: an
   * anonymous caller is taken as not `open` without asking whether accounts exist (before the
   * first account, the caller settles that later: request-scope.ts `settle`).
   */
  async identify(headers: { cookie?: string; authorization?: string }, opts: { accounts?: boolean } = {}): Promise<Principal> {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const given = auth.slice(7).trim();
      if (this.options.adminToken && safeEqual(given, this.options.adminToken)) return { kind: 'admin-token' };
      if (given.startsWith(API_TOKEN_PREFIX)) {
        const [row] = await this.read(
          `update api_token t set last_used_at = now() from app_user u
            where t.token_hash = ? and not t.revoked and (t.expires_at is null or t.expires_at > now()) and u.id = t.user_id and not u.disabled
            returning u.*`,
          [secretHash(given)],
          // On a standby (the primary down): the same check, without noting the use.
          `select u.* from api_token t join app_user u on u.id = t.user_id
            where t.token_hash = ? and not t.revoked and (t.expires_at is null or t.expires_at > now()) and not u.disabled`,
        );
        if (row) return { kind: 'user', user: userFromRow(row), via: 'token' };
        throw new GraphQLError('APIトークンが無効です / the API token is not valid', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      // Any other bearer (a wrong ADMIN_TOKEN): no credentials; administration is then refused.
    }
    const session = readCookie(headers.cookie, SESSION_COOKIE);
    if (session) {
      const [row] = await this.read(
        `select u.*, s.write_lsn::text as write_lsn__ from session s join app_user u on u.id = s.user_id where s.token_hash = ? and s.expires_at > now() and not u.disabled`,
        [secretHash(session)],
      );
      if (row) return { kind: 'user', user: userFromRow(row), via: 'session', writeLsn: row.write_lsn__ ?? null };
    }
    const open = opts.accounts === false ? false : !(await this.accountsExist());
    return { kind: 'anonymous', open, publicMode: this.options.publicMode };
  }

  /**
   * After a mutation committed: the primary's WAL position, kept in the caller's session (if it
   * has one) so its reads through any API process see the write (graphql/read-routing.ts), and
   * every process told to read the cached versions again (NOTIFY `channel`).
   */
  async recordWrite(cookie: string | undefined, channel: string): Promise<string | null> {
    const session = readCookie(cookie, SESSION_COOKIE);
    const [row] = session
      ? await this.sql<Row[]>(`update session set write_lsn = pg_current_wal_lsn() from (select pg_notify(?, ?)) n where token_hash = ? returning write_lsn::text as lsn`, [
          channel,
          String(process.pid),
          secretHash(session),
        ])
      : [];
    if (row) return row.lsn as string;
    const [plain] = await this.sql<Row[]>(`select pg_current_wal_lsn()::text as lsn, pg_notify(?, ?)`, [channel, String(process.pid)]);
    return (plain?.lsn as string | undefined) ?? null;
  }

  /** Municipalities with at least one published fiscal year (PUBLIC_MODE). */
  async publishedMunicipalityIds(): Promise<number[]> {
    const rows = await this.read(`select distinct municipality_id from publication`);
    return rows.map((r) => Number(r.municipality_id));
  }

  async createUser(actor: AuditActor, input: {
    email: string;
    displayName: string;
    role: Role;
    municipalityId: number | null;
    departmentId: number | null;
    password: string;
  }): Promise<SignedInUser> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw inputError('email', 'メールアドレスの形式ではありません / not an email address');
    if (!ROLES.includes(input.role)) throw inputError('role', '役割が不明です / unknown role');
    const problem = passwordProblem(input.password);
    if (problem) throw inputError('password', problem);
    if (input.role === 'department_editor' && input.departmentId === null)
      throw inputError('departmentId', '所管課の入力担当には課が必要です / a department editor needs a department');
    if (input.municipalityId === null && input.role !== 'administrator')
      throw inputError('municipalityCode', '自治体のない利用者はシステム管理者だけです / only a system administrator has no municipality');
    if (input.departmentId !== null) {
      const [d] = await this.sql<Row[]>(`select municipality_id from department where id = ?`, [input.departmentId]);
      if (!d || Number(d.municipality_id) !== input.municipalityId)
        throw inputError('departmentId', 'その課はこの自治体にありません / that department is not in this municipality');
    }
    const [exists] = await this.sql<Row[]>(`select 1 from app_user where email = ?`, [email]);
    if (exists) throw inputError('email', 'このメールアドレスは登録済みです / this email address is already registered');
    // With the access version (cached answers such as `users` change with it) and the audit log, in the same statement.
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL (graphql/cache.ts, audit/audit.sql.ts); values are ? bindings
    const [row] = await this.sql<Row[]>(
      `with bump as (${BUMP_ACCESS_VERSION}),
            u as (insert into app_user (municipality_id, email, display_name, role, department_id, password_hash) values (?, ?, ?, ?, ?, ?) returning *),
            log as (insert into audit_log (${AUDIT_COLUMNS})
                    select u.municipality_id, ?::int, ?, ?, u.email, jsonb_build_object('role', u.role, 'displayName', u.display_name) from u)
       select * from u`,
      [input.municipalityId, email, input.displayName.trim() || email, input.role, input.departmentId, await hashPassword(input.password), actor.userId, actor.userName, AuditAction.USER_CREATE],
    );
    this.usersKnown = true;
    dataChanged();
    return userFromRow(row!);
  }

  /**
   * Changes a user's role, department, display name or whether the account is disabled (a
   * disabled account cannot sign in, and its sessions and tokens stop working at once). Null when
   * no such user is in `municipalityId` (null: any city). Never leaves a city without an active
   * administrator (its own or a system administrator): the check and the change run in one
   * transaction under one lock, so two administrators demoting each other at once cannot both succeed.
   */
  async updateUser(
    actor: AuditActor,
    id: number,
    municipalityId: number | null,
    change: { role?: Role; displayName?: string; disabled?: boolean; departmentId?: number | null; byUserId?: number },
  ): Promise<{ before: SignedInUser & { disabled: boolean }; after: SignedInUser & { disabled: boolean } } | null> {
    if (change.role !== undefined && !ROLES.includes(change.role)) throw inputError('role', '役割が不明です / unknown role');
    if (change.displayName !== undefined && !change.displayName.trim()) throw inputError('displayName', '表示名を入れてください / give a display name');
    const result = await this.owner.em.fork().transactional(async (em) => {
      const sql = <T = Row[]>(text: string, params: unknown[] = []) => em.execute(text, params) as Promise<T>;
      await sql(`select pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`);
      const [before] = await sql<Row[]>(
        municipalityId === null ? `select * from app_user where id = ?` : `select * from app_user where id = ? and municipality_id = ?`,
        municipalityId === null ? [id] : [id, municipalityId],
      );
      if (!before) return null;
      const role = change.role ?? (before.role as Role);
      const departmentId = change.departmentId === undefined ? (before.department_id === null ? null : Number(before.department_id)) : change.departmentId;
      const disabled = change.disabled ?? Boolean(before.disabled);
      if (role === Role.DEPARTMENT_EDITOR && departmentId === null)
        throw inputError('departmentId', '所管課の入力担当には課が必要です / a department editor needs a department');
      if (before.municipality_id === null && role !== Role.ADMINISTRATOR)
        throw inputError('role', '自治体のない利用者はシステム管理者だけです / only a system administrator has no municipality');
      if (departmentId !== null && departmentId !== before.department_id) {
        const [d] = await sql<Row[]>(`select municipality_id from department where id = ?`, [departmentId]);
        if (!d || Number(d.municipality_id) !== Number(before.municipality_id))
          throw inputError('departmentId', 'その課はこの自治体にありません / that department is not in this municipality');
      }
      const wasAdmin = before.role === Role.ADMINISTRATOR && !before.disabled;
      if (wasAdmin && (role !== Role.ADMINISTRATOR || disabled)) {
        const [other] = await sql<Row[]>(
          `select count(*)::int as n from app_user where id <> ? and role = 'administrator' and not disabled and (municipality_id is null or municipality_id = ?)`,
          [id, before.municipality_id],
        );
        if (!Number(other?.n))
          throw new GraphQLError('最後の管理者は無効にしたり管理者でなくしたりできません（先に別の管理者を作ってください） / the last administrator cannot be disabled or lose the role: make another administrator first', {
            extensions: { code: 'FORBIDDEN', field: 'id' },
          });
      }
      if (change.byUserId === id && (disabled || role !== Role.ADMINISTRATOR) && before.role === Role.ADMINISTRATOR)
        throw new GraphQLError('自分自身を無効にしたり管理者でなくしたりはできません / you may not disable yourself or give up your own administrator role', {
          extensions: { code: 'FORBIDDEN' },
        });
      const shown = (r: Row) => ({ role: r.role, displayName: r.display_name, disabled: Boolean(r.disabled), departmentId: r.department_id === null ? null : Number(r.department_id) });
      // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL (graphql/cache.ts, audit/audit.sql.ts); values are ? bindings
      const [after] = await sql<Row[]>(
        `with bump as (${BUMP_ACCESS_VERSION}),
              u as (update app_user set role = ?, display_name = ?, disabled = ?, department_id = ? where id = ? returning *),
              log as (insert into audit_log (${AUDIT_COLUMNS})
                      select u.municipality_id, ?::int, ?, ?, u.email,
                             jsonb_build_object('before', ?::jsonb, 'after', jsonb_build_object('role', u.role, 'displayName', u.display_name, 'disabled', u.disabled, 'departmentId', u.department_id)) from u)
         select * from u`,
        [role, change.displayName?.trim() ?? before.display_name, disabled, departmentId, id, actor.userId, actor.userName, AuditAction.USER_UPDATE, JSON.stringify(shown(before))],
      );
      return { before, after: after! };
    });
    if (!result) return null;
    dataChanged();
    return { before: { ...userFromRow(result.before), disabled: Boolean(result.before.disabled) }, after: { ...userFromRow(result.after), disabled: Boolean(result.after.disabled) } };
  }

  /** A new API token for a user (shown once; stored as its SHA-256). */
  async createApiToken(actor: AuditActor, user: SignedInUser, name: string, days: number | null): Promise<{ id: number; token: string }> {
    const token = newSecret(API_TOKEN_PREFIX);
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL (graphql/cache.ts, audit/audit.sql.ts); values are ? bindings
    const [row] = await this.sql<Row[]>(
      `with bump as (${BUMP_ACCESS_VERSION}),
            t as (insert into api_token (municipality_id, user_id, name, token_hash, expires_at) values (?, ?, ?, ?, ?) returning id, municipality_id, name, expires_at),
            log as (insert into audit_log (${AUDIT_COLUMNS})
                    select t.municipality_id, ?::int, ?, ?, t.name, jsonb_build_object('tokenId', t.id, 'expiresAt', t.expires_at) from t)
       select id from t`,
      [user.municipalityId, user.id, name, secretHash(token), days ? new Date(Date.now() + days * 86_400_000) : null, actor.userId, actor.userName, AuditAction.TOKEN_CREATE],
    );
    dataChanged();
    return { id: Number(row!.id), token };
  }

  /** Revokes one of the user's tokens; its name, or null when the user has no such token. */
  async revokeApiToken(actor: AuditActor, user: Pick<SignedInUser, 'id'>, id: number): Promise<string | null> {
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL (graphql/cache.ts, audit/audit.sql.ts); values are ? bindings
    const rows = await this.sql<Row[]>(
      `with t as (update api_token set revoked = true where id = ? and user_id = ? and not revoked returning id, municipality_id, name),
            bump as (${BUMP_ACCESS_VERSION} and exists (select 1 from t)),
            log as (insert into audit_log (${AUDIT_COLUMNS}) select t.municipality_id, ?::int, ?, ?, t.name, jsonb_build_object('tokenId', t.id) from t)
       select name from t`,
      [id, user.id, actor.userId, actor.userName, AuditAction.TOKEN_REVOKE],
    );
    dataChanged();
    return rows[0] ? String(rows[0].name) : null;
  }

  async municipalityIdByCode(code: string): Promise<number | null> {
    const [r] = await this.sql<Row[]>(`select id from municipality where code = ?`, [code]);
    return r ? Number(r.id) : null;
  }

  async listUsers(municipalityId: number | null): Promise<(SignedInUser & { disabled: boolean })[]> {
    const rows = await this.sql<Row[]>(
      municipalityId === null ? `select * from app_user order by id` : `select * from app_user where municipality_id = ? order by id`,
      municipalityId === null ? [] : [municipalityId],
    );
    return rows.map((r) => ({ ...userFromRow(r), disabled: Boolean(r.disabled) }));
  }
}

export function inputError(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The Set-Cookie value for a session (HttpOnly, SameSite=Strict, Secure over TLS). */
export function sessionCookie(token: string, expiresAt: Date | null, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (secure) attrs.push('Secure');
  attrs.push(expiresAt ? `Expires=${expiresAt.toUTCString()}` : 'Max-Age=0');
  return attrs.join('; ');
}
