/**
 * What a user does with their own account and what an administrator does for them beyond roles
 * (issue 23): reset a password (a one-time password the user replaces at next sign-in), change
 * one's password and name, list and revoke API tokens. On the owner's connection (accounts are
 * not readable by the API's role); each change with its audit entry and the access-version bump
 * in the same statement.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { inputError } from './auth.service.js';
import { BUMP_ACCESS_VERSION, dataChanged } from '../graphql/cache.js';
import { AUDIT_COLUMNS, AuditAction, type AuditActor } from '../audit/audit.sql.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface ApiTokenInfo {
  id: number;
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revoked: boolean;
}

/** A one-time password: 16 characters without look-alikes (0/O, 1/l/I), read out or typed easily. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

export class AccountService {
  constructor(private readonly owner: MikroORM) {}

  private sql(text: string, params: unknown[] = []): Promise<Row[]> {
    return this.owner.em.getConnection().execute(text, params) as Promise<Row[]>;
  }

  /**
   * Gives the user a one-time password (returned to show once) that must be changed at next
   * sign-in; their sessions end. Null when no such user is in `municipalityId` (null: any).
   */
  async resetPassword(actor: AuditActor, id: number, municipalityId: number | null): Promise<string | null> {
    const password = temporaryPassword();
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL; values are ? bindings
    const rows = await this.sql(
      `with u as (update app_user set password_hash = ?, must_change_password = true
                   where id = ? and identity_provider = 'local' and (?::int is null or municipality_id = ?::int) returning id, municipality_id, email),
            s as (delete from session where user_id in (select id from u)),
            bump as (${BUMP_ACCESS_VERSION} and exists (select 1 from u)),
            log as (insert into audit_log (${AUDIT_COLUMNS}) select u.municipality_id, ?::int, ?, ?, u.email, '{}'::jsonb from u)
       select id from u`,
      [await hashPassword(password), id, municipalityId, municipalityId, actor.userId, actor.userName, AuditAction.PASSWORD_RESET],
    );
    dataChanged();
    return rows.length ? password : null;
  }

  /** The user's own new password, after the current one (or the one-time one) is checked. */
  async changePassword(actor: AuditActor, userId: number, current: string, next: string): Promise<void> {
    const [u] = await this.sql(`select password_hash from app_user where id = ? and identity_provider = 'local'`, [userId]);
    if (!u || !(await verifyPassword(current, u.password_hash))) throw inputError('currentPassword', '今のパスワードが違います / the current password is wrong');
    const problem = passwordProblem(next);
    if (problem) throw inputError('newPassword', problem);
    if (next === current) throw inputError('newPassword', '今と違うパスワードにしてください / choose a password other than the current one');
    // sql-safe: BUMP_ACCESS_VERSION and AUDIT_COLUMNS are constant SQL; values are ? bindings
    await this.sql(
      `with bump as (${BUMP_ACCESS_VERSION}),
            u as (update app_user set password_hash = ?, must_change_password = false where id = ? returning id, municipality_id, email),
            log as (insert into audit_log (${AUDIT_COLUMNS}) select u.municipality_id, ?::int, ?, ?, u.email, '{}'::jsonb from u)
       select id from u`,
      [await hashPassword(next), userId, actor.userId, actor.userName, AuditAction.PASSWORD_CHANGE],
    );
    dataChanged();
  }

  /** A user's API tokens, newest first (revoked ones too, marked). */
  async listTokens(userId: number): Promise<ApiTokenInfo[]> {
    const rows = await this.sql(`select id, name, created_at, expires_at, last_used_at, revoked from api_token where user_id = ? order by id desc limit 200`, [userId]);
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      createdAt: new Date(r.created_at),
      expiresAt: r.expires_at ? new Date(r.expires_at) : null,
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
      revoked: Boolean(r.revoked),
    }));
  }

  /** The user with this id in `municipalityId` (null: any city), or null. */
  async userIn(id: number, municipalityId: number | null): Promise<Row | null> {
    const [u] = await this.sql(`select * from app_user where id = ? and (?::int is null or municipality_id = ?::int)`, [id, municipalityId, municipalityId]);
    return u ?? null;
  }
}
