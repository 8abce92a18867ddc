import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Municipality } from '../municipality/municipality.entity.js';

/**
 * 監査ログ: one act of administration (an import, publishing a year, a user or token created or
 * changed): who, when, what. Table `audit_log` (Migration20261219000200_audit_log); written with
 * SQL in the transaction of the act (audit.sql.ts), read through `auditLog` (audit.resolver.ts).
 */
@Entity({ tableName: 'audit_log' })
// The migration's indexes: pages of the newest entries by city, kind and user, and days.
@Index({ name: 'audit_log_municipality_id_id_index', properties: ['municipality', 'id'] })
@Index({ name: 'audit_log_action_id_index', properties: ['action', 'id'] })
@Index({ name: 'audit_log_user_id_id_index', properties: ['userId', 'id'] })
@Index({ name: 'audit_log_at_index', properties: ['at'] })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  /** The city the act concerns; none for acts on system administrators. */
  @ManyToOne(() => Municipality, { nullable: true, deleteRule: 'cascade' })
  municipality?: Municipality | null;

  /** Who acted (an account; null for ADMIN_TOKEN, the command line, the system). References app_user, which has no entity (accounts are SQL only). */
  @Property({ type: 'integer', nullable: true })
  userId?: number | null;

  /** Who acted, as shown then (the account's display name, or what else acted). */
  @Property({ type: 'text' })
  userName!: string;

  /** The kind of act (AuditAction). */
  @Property({ type: 'text' })
  action!: string;

  /** What it acted on, as a person reads it: the file name, the e-mail address, the token's name. */
  @Property({ type: 'text', nullable: true })
  target?: string | null;

  /** What the kind of act adds: counts and hash of an import, the fiscal year, before and after. */
  @Property({ type: 'jsonb', defaultRaw: `'{}'` })
  details!: Record<string, unknown>;
}
