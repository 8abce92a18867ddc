/**
 * How an audit entry reads on screen: its time with the era (令和7年12月19日 14:05 in Japanese),
 * and what it did in words — the kind of act, a fiscal year, a role, before → after — from the
 * typed fields, so no code or enum value is shown as it is.
 */
import type { AuditEntry } from '../graphql/types';
import { formatDateTime } from '../../../shared/format';

type T = (key: string, named?: Record<string, unknown>) => string;

/** A time in Japan, with the era in Japanese (令和7年12月19日 14:05); `day`: the date only. */
export const auditTime = formatDateTime;

/** A recorded value of a user's field in words (a role by its name, disabled as yes/no). */
function value(t: T, field: string, v: string | null): string {
  if (v === null || v === '') return t('audit.none');
  if (field === 'ROLE') return t(`auth.roles.${v}`);
  if (field === 'DISABLED') return v === 'true' ? t('audit.disabled.yes') : t('audit.disabled.no');
  return v;
}

/** What the act did, in one line of words (empty when the kind says it all). */
export function auditDetail(t: T, e: AuditEntry, fiscalYearLabel: (y: number) => string, locale: string): string {
  switch (e.action) {
    case 'IMPORT':
      return e.counts ? t('audit.detail.import', { added: e.counts.added, changed: e.counts.changed, unchanged: e.counts.unchanged }) : '';
    case 'PUBLISH':
    case 'UNPUBLISH':
      return e.fiscalYear ? fiscalYearLabel(e.fiscalYear.year) : '';
    case 'USER_CREATE':
      return e.role ? t('audit.detail.role', { role: t(`auth.roles.${e.role}`) }) : '';
    case 'USER_UPDATE':
      return e.changes
        .map((c) => t('audit.detail.change', { field: t(`audit.fields.${c.field}`), before: value(t, c.field, c.before), after: value(t, c.field, c.after) }))
        .join(t('audit.separator'));
    case 'TOKEN_CREATE':
      return e.expiresAt ? t('audit.detail.expires', { day: auditTime(e.expiresAt, locale, true) }) : t('audit.detail.noExpiry');
    default:
      return '';
  }
}
