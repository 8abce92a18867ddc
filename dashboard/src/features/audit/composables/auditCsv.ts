/**
 * The audit log as CSV for Excel (UTF-8 with BOM): every entry the filter selects, page by page
 * within the API's limits, in the words the page shows — the time with its era, the kind of act,
 * who, the city, the target, what it did — never a code or an enum value.
 */
import type { ApolloClient } from '@apollo/client/core';
import GetAuditLog from '../graphql/get_audit_log.query.graphql';
import type { AuditEntry, GetAuditLogResult } from '../graphql/types';
import { auditDetail, auditTime } from './auditText';
import { toCsv } from '../../../shared/csv';

type T = (key: string, named?: Record<string, unknown>) => string;

/** Entries per request (under the API's cost limit with every field the page selects) and requests at most. */
export const CSV_PAGE = 200;
export const CSV_MAX_PAGES = 250;

/** Every entry of the filter (at most CSV_PAGE × CSV_MAX_PAGES), newest first. */
export async function allAuditEntries(client: ApolloClient<unknown>, filter: Record<string, unknown>): Promise<{ entries: AuditEntry[]; complete: boolean }> {
  const entries: AuditEntry[] = [];
  let after: string | null = null;
  for (let page = 0; page < CSV_MAX_PAGES; page++) {
    const r: { data: GetAuditLogResult } = await client.query<GetAuditLogResult>({ query: GetAuditLog, variables: { filter, first: CSV_PAGE, after }, fetchPolicy: 'network-only', errorPolicy: 'none' });
    entries.push(...r.data.auditLog.nodes);
    if (!r.data.auditLog.pageInfo.hasNextPage) return { entries, complete: true };
    after = r.data.auditLog.pageInfo.endCursor;
  }
  return { entries, complete: false };
}

/** The CSV text of these entries, headers and cells in the interface's language. */
export function auditCsv(entries: AuditEntry[], t: T, te: (key: string) => boolean, locale: string, fiscalYearLabel: (y: number) => string): string {
  const header = [t('audit.at'), t('audit.kind'), t('audit.who'), t('audit.city'), t('audit.target'), t('audit.what'), t('audit.hash')];
  const rows = entries.map((e) => [
    auditTime(e.at, locale),
    te(`audit.actions.${e.action}`) ? t(`audit.actions.${e.action}`) : t('audit.otherAction'),
    e.userName,
    e.municipality?.name ?? t('audit.allCities'),
    e.target ?? '',
    auditDetail(t, e, fiscalYearLabel, locale),
    e.fileHash ?? '',
  ]);
  return toCsv(header, rows);
}
