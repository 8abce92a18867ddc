/**
 * `auditLog`: the audit log for administrators, newest first, by pages, filtered by kind of act,
 * days and user. A city's administrator sees its city's entries (row-level security keys the
 * table by city, as every other); a system administrator every entry. Anyone else: FORBIDDEN.
 */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FilterError } from '../graphql/errors.js';
import { SortDirection, paginate, parseId, type Connection } from '../graphql/pagination.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { roleOf } from '../auth/principal.js';
import { mayAdminister } from '../auth/roles.js';
import { forbidden } from '../auth/auth.resolver.js';
import { AuditEntryConnection, AuditEntryType, AuditFilter } from './audit.types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(v: string | undefined, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new FilterError(field, 'YYYY-MM-DD の形の日付を指定してください / a date as YYYY-MM-DD');
  return v;
}

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: '監査ログ（管理者、新しい順） / The audit log, newest first (administrators).' })
  async auditLog(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '件数（既定 50、最大 500） / Page size (default 50, at most 500).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'このカーソルの後から / After this cursor.' }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<AuditEntryType>> {
    if (!mayAdminister(roleOf(ctx.principal))) throw forbidden('監査ログは管理者だけが見られます', 'only administrators may read the audit log');
    const where: string[] = [];
    const bindings: unknown[] = [];
    const f = filter ?? {};
    if (f.actions?.length) {
      where.push('a.action = any(?)');
      bindings.push(f.actions);
    }
    const from = day(f.from, 'from');
    const to = day(f.to, 'to');
    // Days in Japan time: [from 00:00, to + 1 day 00:00) in Asia/Tokyo.
    if (from) {
      where.push(`a.at >= (?::date)::timestamp at time zone 'Asia/Tokyo'`);
      bindings.push(from);
    }
    if (to) {
      where.push(`a.at < (?::date + 1)::timestamp at time zone 'Asia/Tokyo'`);
      bindings.push(to);
    }
    if (f.userId) {
      where.push('a.user_id = ?');
      bindings.push(parseId(f.userId, 'userId'));
    }
    if (f.municipalityCode) {
      where.push('a.municipality_id = (select id from municipality where code = ?)');
      bindings.push(f.municipalityCode);
    }
    return paginate({
      em: ctx.em,
      from: 'audit_log a',
      select: 'a.*',
      idColumn: 'a.id',
      sortKey: 'a.id',
      orderName: 'NEWEST',
      direction: SortDirection.DESC,
      scope: { where, bindings },
      first,
      after,
      toNode: AuditEntryType.fromRow,
      withTotal: true,
    });
  }

  @FieldResolver(() => MunicipalityType, { nullable: true, description: '対象の自治体 / The city the act concerns.' })
  async municipality(@Root() e: AuditEntryType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType | null> {
    return e.municipalityId === null ? null : loaders.municipality.load(e.municipalityId);
  }
}
