/** Hand-written result types of the audit operations. */
import type { Role } from '../../auth/graphql/types';

export type AuditAction = 'IMPORT' | 'PUBLISH' | 'UNPUBLISH' | 'USER_CREATE' | 'USER_UPDATE' | 'TOKEN_CREATE' | 'TOKEN_REVOKE';
export const AUDIT_ACTIONS: readonly AuditAction[] = ['IMPORT', 'PUBLISH', 'UNPUBLISH', 'USER_CREATE', 'USER_UPDATE', 'TOKEN_CREATE', 'TOKEN_REVOKE'];
export type AuditField = 'ROLE' | 'DISPLAY_NAME' | 'DISABLED';

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  userId: string | null;
  userName: string;
  target: string | null;
  municipality: { id: string; name: string } | null;
  fiscalYear: { year: number } | null;
  counts: { added: number; changed: number; unchanged: number } | null;
  fileHash: string | null;
  role: Role | null;
  expiresAt: string | null;
  changes: { field: AuditField; before: string | null; after: string | null }[];
}

export interface GetAuditLogResult {
  auditLog: { totalCount: number; nodes: AuditEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export interface GetAuditUsersResult {
  users: { id: string; displayName: string; email: string }[];
}
