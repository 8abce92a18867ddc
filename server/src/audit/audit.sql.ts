/**
 * Writing the audit log: who acted (`actorOf`), and the statement that records an act, run in the
 * same transaction as the act itself (or, as a `with` part, in the same statement), so an act and
 * its entry are both there or neither is.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Principal } from '../auth/principal.js';

/**
 * The kinds of act the log records (issue 23 adds workflow steps, edits and exports). Plain here,
 * so the command line writes them without the GraphQL types; registered for GraphQL in audit.types.ts.
 */
export enum AuditAction {
  IMPORT = 'import',
  PUBLISH = 'publish',
  UNPUBLISH = 'unpublish',
  USER_CREATE = 'user_create',
  USER_UPDATE = 'user_update',
  TOKEN_CREATE = 'token_create',
  TOKEN_REVOKE = 'token_revoke',
  // Issue 23 (cycle23): passwords, the cycle and its workflow steps.
  PASSWORD_RESET = 'password_reset',
  PASSWORD_CHANGE = 'password_change',
  CYCLE_OPEN = 'cycle_open',
  CYCLE_UPDATE = 'cycle_update',
  CYCLE_CLOSE = 'cycle_close',
  EVALUATION_SUBMIT = 'evaluation_submit',
  EVALUATION_RETURN = 'evaluation_return',
  EVALUATION_ACCEPT = 'evaluation_accept',
}

export interface AuditActor {
  userId: number | null;
  userName: string;
}

export interface AuditRecord {
  municipalityId: number | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
}

/** Who a request acts as, for the log. */
export function actorOf(p: Principal): AuditActor {
  if (p.kind === 'user') return { userId: p.user.id, userName: p.user.displayName };
  if (p.kind === 'admin-token') return { userId: null, userName: '管理用トークン' };
  if (p.kind === 'system') return { userId: null, userName: 'システム' };
  return { userId: null, userName: '匿名' };
}

/** The command line (`npm run import`, `npm run admin:create`): the operating system's user. */
export function commandLineActor(): AuditActor {
  let who = '';
  try {
    who = userInfo().username;
  } catch {
    /* no such user (a container): just the command line */
  }
  return { userId: null, userName: who ? `コマンドライン（${who}）` : 'コマンドライン' };
}

/** The bundled datasets loaded into an empty database at startup. */
export const SEED_ACTOR: AuditActor = { userId: null, userName: 'システム（同梱データ）' };

/** The columns an entry is written with, in `auditValues` order. */
export const AUDIT_COLUMNS = 'municipality_id, user_id, user_name, action, target, details';

/** One entry as an insert statement and its bindings (`?` placeholders). */
export function auditInsert(actor: AuditActor, r: AuditRecord): [string, unknown[]] {
  return [
    // sql-safe: a constant column list; values are ? bindings
    `insert into audit_log (${AUDIT_COLUMNS}) values (?, ?, ?, ?, ?, ?::jsonb)`,
    [r.municipalityId, actor.userId, actor.userName, r.action, r.target, JSON.stringify(r.details)],
  ];
}

/** SHA-256 of a file's bytes, as the log records an import's file. */
export const fileSha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
