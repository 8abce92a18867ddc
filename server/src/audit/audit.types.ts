/**
 * The audit log through GraphQL: its entries (who, when, what, with what each kind of act adds as
 * typed fields, so a screen can say it in Japanese), the kinds of act, and the filter.
 */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { Role } from '../auth/roles.js';
import { ConnectionType } from '../graphql/pagination.js';
import type { SqlRow } from '../provenance/provenance.type.js';
import { AuditAction } from './audit.sql.js';

export { AuditAction };
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: '監査ログの操作の種類 / Kind of act in the audit log.',
  valuesConfig: {
    IMPORT: { description: 'データの取込 / A dataset imported.' },
    PUBLISH: { description: '年度の公開 / A fiscal year published.' },
    UNPUBLISH: { description: '年度の非公開 / A fiscal year unpublished.' },
    USER_CREATE: { description: '利用者の作成 / A user created.' },
    USER_UPDATE: { description: '利用者の変更（役割・表示名・無効化） / A user changed: role, display name, disabled.' },
    TOKEN_CREATE: { description: 'APIトークンの作成 / An API token created.' },
    TOKEN_REVOKE: { description: 'APIトークンの無効化 / An API token revoked.' },
    PASSWORD_RESET: { description: 'パスワードの再設定（管理者） / A password reset by an administrator.' },
    PASSWORD_CHANGE: { description: 'パスワードの変更（本人） / A password changed by its user.' },
    CYCLE_OPEN: { description: '評価の周期の開始 / A cycle opened.' },
    CYCLE_UPDATE: { description: '評価の周期の変更（期限・確認者） / A cycle changed: deadlines, reviewer.' },
    CYCLE_CLOSE: { description: '評価の周期の締切 / A cycle closed.' },
    EVALUATION_SUBMIT: { description: '評価の提出 / An evaluation submitted.' },
    EVALUATION_RETURN: { description: '評価の差戻し / An evaluation returned.' },
    EVALUATION_ACCEPT: { description: '評価の承認 / An evaluation accepted.' },
  },
});

export enum AuditField {
  ROLE = 'role',
  DISPLAY_NAME = 'displayName',
  DISABLED = 'disabled',
  DEPARTMENT = 'departmentId',
}
registerEnumType(AuditField, {
  name: 'AuditField',
  description: '利用者の変更された項目 / A field of a user that changed.',
  valuesConfig: {
    ROLE: { description: '役割 / Role.' },
    DISPLAY_NAME: { description: '表示名 / Display name.' },
    DISABLED: { description: '無効 / Disabled.' },
    DEPARTMENT: { description: '所属課（ID） / Department (id).' },
  },
});

/** A recorded value as the API shows it: a role as its GraphQL name (VIEWER), anything else as text. */
function asShown(field: AuditField, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return field === AuditField.ROLE ? String(v).toUpperCase() : String(v);
}

@ObjectType('AuditChange', { description: '変更前と変更後 / A field before and after.' })
export class AuditChange {
  @Field(() => AuditField) field!: AuditField;
  @Field(() => String, { nullable: true, description: '変更前（役割は Role の値、無効は true/false） / Before.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: '変更後 / After.' }) after!: string | null;
}

@ObjectType('AuditImportCounts', { description: '取込で追加・変更・変更なしの件数 / Records an import added, changed and left alone.' })
export class AuditImportCounts {
  @Field(() => Int) added!: number;
  @Field(() => Int) changed!: number;
  @Field(() => Int) unchanged!: number;
}

@ObjectType('AuditEntry', { description: '監査ログの1件（管理の操作：誰が・いつ・何を） / One act of administration: who, when, what.' })
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '日時（ISO 8601） / When (ISO 8601).' }) at!: string;
  @Field(() => AuditAction, { description: '操作の種類 / Kind of act.' }) action!: AuditAction;
  @Field(() => ID, { nullable: true, description: '操作した利用者（トークン・コマンドラインは null） / The acting user (null: a token, the command line).' })
  userId!: string | null;
  @Field(() => String, { description: '操作した人（その時の表示名） / Who acted, as named then.' }) userName!: string;
  @Field(() => String, { nullable: true, description: '対象（ファイル名・メールアドレス・トークン名） / What it acted on: file name, e-mail, token name.' })
  target!: string | null;
  @Field(() => FiscalYear, { nullable: true, description: '公開・非公開にした年度 / The fiscal year published or unpublished.' }) fiscalYear!: FiscalYear | null;
  @Field(() => AuditImportCounts, { nullable: true, description: '取込の件数 / An import’s counts.' }) counts!: AuditImportCounts | null;
  @Field(() => String, { nullable: true, description: '取り込んだファイルの SHA-256 / SHA-256 of the imported file.' }) fileHash!: string | null;
  @Field(() => Role, { nullable: true, description: '作成した利用者の役割 / The role of a user created.' }) role!: Role | null;
  @Field(() => String, { nullable: true, description: '作成したAPIトークンの有効期限（ISO 8601、無期限は null） / When a token created expires (null: never).' })
  expiresAt!: string | null;
  @Field(() => [AuditChange], { description: '変更した項目（利用者の変更） / Fields changed (a user changed).' }) changes!: AuditChange[];
  @Field(() => String, { description: '詳細（JSON） / Everything recorded, as JSON.' }) details!: string;
  /** Internal: the city, for the municipality field. */
  municipalityId!: number | null;

  static fromRow(r: SqlRow): AuditEntryType {
    const d = (typeof r.details === 'string' ? JSON.parse(r.details) : (r.details ?? {})) as Record<string, unknown>;
    const before = (d.before ?? {}) as Record<string, unknown>;
    const after = (d.after ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (v === undefined || v === null ? null : String(v));
    return Object.assign(new AuditEntryType(), {
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      action: r.action as AuditAction,
      userId: r.user_id === null ? null : String(r.user_id),
      userName: r.user_name,
      target: r.target ?? null,
      fiscalYear: typeof d.fiscalYear === 'number' ? FiscalYear.of(d.fiscalYear) : null,
      counts: d.totals ? Object.assign(new AuditImportCounts(), d.totals) : null,
      fileHash: text(d.sha256),
      role: (d.role as Role | undefined) ?? null,
      expiresAt: typeof d.expiresAt === 'string' ? new Date(d.expiresAt).toISOString() : null,
      changes: Object.values(AuditField)
        .filter((f) => f in after && before[f] !== after[f])
        .map((f) => Object.assign(new AuditChange(), { field: f, before: asShown(f, before[f]), after: asShown(f, after[f]) })),
      details: JSON.stringify(d),
      municipalityId: r.municipality_id === null ? null : Number(r.municipality_id),
    });
  }
}

export const AuditEntryConnection = ConnectionType(AuditEntryType, 'AuditEntry', '監査ログ');

@InputType({ description: '監査ログの絞り込み（条件は AND） / Audit log filter; conditions combine with AND.' })
export class AuditFilter {
  @Field(() => [AuditAction], { nullable: true, description: '操作の種類 / Kinds of act.' }) actions?: AuditAction[];
  @Field(() => String, { nullable: true, description: 'この日から（YYYY-MM-DD、日本時間） / From this day (Japan time).' }) from?: string;
  @Field(() => String, { nullable: true, description: 'この日まで（YYYY-MM-DD、日本時間） / Up to and including this day (Japan time).' }) to?: string;
  @Field(() => ID, { nullable: true, description: '操作した利用者 / The acting user.' }) userId?: string;
  @Field(() => String, { nullable: true, description: '自治体コード（システム管理者） / Municipality code (system administrators).' }) municipalityCode?: string;
}
