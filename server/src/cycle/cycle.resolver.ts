/**
 * The cycle through GraphQL: administrators open a city's cycle for a fiscal year and stage with
 * an opening date, a default deadline, departments' own deadlines and who reviews; change or close
 * it. Everyone of the city reads it (the progress page, the overview's line). Written in the
 * request's transaction as the API's role (row-level security by city), each act with its audit
 * entry in the same transaction.
 */
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { GraphQLContext } from '../graphql/context.js';
import { execute } from '../graphql/loaders.js';
import { StageEnum } from '../graphql/filters.js';
import { DepartmentType } from '../department/department.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { AuditAction, actorOf, auditInsert } from '../audit/audit.sql.js';
import { administeredMunicipality, UserType } from '../auth/auth.resolver.js';
import { userFromRow, inputError } from '../auth/auth.service.js';
import { tokyoDate } from './clock.js';
import { departmentDeadline } from './deadlines.js';
import { OUTSTANDING_SQL } from './reminders.js';
import { bumpDataVersion } from '../analytics/rollups.js';
import {
  CycleSummaryType,
  DepartmentDeadlineInput,
  DepartmentDeadlineType,
  EvaluationCycleType,
  OpenCycleInput,
  UpdateCycleInput,
} from './cycle.types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** Departments' own deadlines one cycle may carry (a city has a few hundred departments at most). */
export const MAX_DEPARTMENT_DEADLINES = 1000;
const CYCLE_SELECT = `select c.id, c.municipality_id, c.fiscal_year, c.stage, c.opens_on::text as opens_on, c.deadline::text as deadline, c.reviewer_user_id, c.closed_at from evaluation_cycle c`;

/** A date as YYYY-MM-DD that exists in the calendar, or a clear error naming the field. */
export function checkDate(field: string, v: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
  if (!ok) throw inputError(field, `YYYY-MM-DD の形の日付にしてください（${v.slice(0, 20)}） / a date as YYYY-MM-DD`);
  return v;
}

/** Cycles with their departments' deadlines, read in one statement for all of them. */
async function cyclesOf(em: EntityManager, rows: Row[]): Promise<EvaluationCycleType[]> {
  if (!rows.length) return [];
  const own = await execute(em, `select cycle_id, department_id, deadline::text as deadline from cycle_deadline where cycle_id = any (?::int[]) order by cycle_id, department_id`, [
    rows.map((r) => Number(r.id)),
  ]);
  return rows.map((r) =>
    Object.assign(new EvaluationCycleType(), {
      id: String(r.id),
      fiscalYear: FiscalYear.of(Number(r.fiscal_year)),
      stage: r.stage as StageEnum,
      opensOn: r.opens_on,
      deadline: r.deadline,
      open: r.closed_at === null,
      municipalityId: Number(r.municipality_id),
      reviewerUserId: r.reviewer_user_id === null ? null : Number(r.reviewer_user_id),
      departmentDeadlines: own
        .filter((d) => Number(d.cycle_id) === Number(r.id))
        .map((d) => Object.assign(new DepartmentDeadlineType(), { id: `${r.id}:${d.department_id}`, departmentId: Number(d.department_id), deadline: d.deadline })),
    }),
  );
}

const cycleOf = async (em: EntityManager, r: Row): Promise<EvaluationCycleType> => (await cyclesOf(em, [r]))[0]!;

/** The owner's connection (accounts are not readable by the API's role), or the context's own in tests. */
const ownerEm = (ctx: GraphQLContext): EntityManager => ctx.ownerEm ?? ctx.em;

const reviewerLoaders = new WeakMap<GraphQLContext, DataLoader<number, Row | null>>();
/** The request's reviewers, all cycles' in one statement. */
function reviewers(ctx: GraphQLContext): DataLoader<number, Row | null> {
  let l = reviewerLoaders.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids: readonly number[]) => {
      const rows = await execute(ownerEm(ctx), `select * from app_user where id = any (?::int[])`, [[...ids]]);
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    reviewerLoaders.set(ctx, l);
  }
  return l;
}

async function checkReviewer(ctx: GraphQLContext, municipalityId: number, id: string | null | undefined): Promise<number | null> {
  if (id == null || id === '') return null;
  const [u] = await execute(ownerEm(ctx), `select id from app_user where id = ? and municipality_id = ? and role = 'reviewer' and not disabled`, [Number(id) || -1, municipalityId]);
  if (!u) throw inputError('reviewerId', 'この自治体の企画課（確認者）の利用者を選んでください / choose an active reviewer of this municipality');
  return Number(u.id);
}

async function checkDepartmentDeadlines(
  ctx: GraphQLContext,
  municipalityId: number,
  list: DepartmentDeadlineInput[] | null | undefined,
  opensOn: string,
): Promise<{ departmentId: number; deadline: string }[]> {
  if (!list) return [];
  if (list.length > MAX_DEPARTMENT_DEADLINES) throw inputError('departmentDeadlines', `${MAX_DEPARTMENT_DEADLINES}件までです / at most ${MAX_DEPARTMENT_DEADLINES}`);
  const out = list.map((d, i) => ({ departmentId: Number(d.departmentId) || -1, deadline: checkDate(`departmentDeadlines[${i}].deadline`, d.deadline) }));
  const early = out.findIndex((d) => d.deadline < opensOn);
  if (early >= 0) throw inputError(`departmentDeadlines[${early}].deadline`, '期限は開始日以後にしてください / the deadline comes on or after the opening date');
  const ids = [...new Set(out.map((d) => d.departmentId))];
  if (ids.length !== out.length) throw inputError('departmentDeadlines', '同じ課が2回あります / a department appears twice');
  const found = await execute(ctx.em, `select id from department where municipality_id = ? and id = any (?::int[])`, [municipalityId, `{${ids.join(',')}}`]);
  const known = new Set(found.map((r) => Number(r.id)));
  const i = out.findIndex((d) => !known.has(d.departmentId));
  if (i >= 0) throw inputError(`departmentDeadlines[${i}].departmentId`, 'この自治体の課ではありません / not a department of this municipality');
  return out;
}

async function writeDepartmentDeadlines(ctx: GraphQLContext, cycleId: number, municipalityId: number, list: { departmentId: number; deadline: string }[]) {
  await execute(ctx.em, `delete from cycle_deadline where cycle_id = ?`, [cycleId]);
  if (list.length)
    await execute(
      ctx.em,
      `insert into cycle_deadline (cycle_id, municipality_id, department_id, deadline) select ?, ?, d, x::date from unnest(?::int[], ?::text[]) as t(d, x)`,
      [cycleId, municipalityId, `{${list.map((d) => d.departmentId).join(',')}}`, `{${list.map((d) => d.deadline).join(',')}}`],
    );
}

@Resolver(() => EvaluationCycleType)
export class CycleResolver {
  @Query(() => [EvaluationCycleType], { description: '自治体の評価の周期（新しい順） / A city’s cycles, newest first.' })
  async evaluationCycles(@Arg('municipalityCode', () => String) code: string, @Ctx() ctx: GraphQLContext): Promise<EvaluationCycleType[]> {
    const rows = await execute(ctx.em, `${CYCLE_SELECT} join municipality m on m.id = c.municipality_id where m.code = ? order by c.fiscal_year desc, c.stage`, [code]);
    return cyclesOf(ctx.em, rows);
  }

  @Query(() => CycleSummaryType, { nullable: true, description: '受付中の周期の要約（概要ページの一行、なければ null） / The open cycle in one line, or null.' })
  async openCycleSummary(@Arg('municipalityCode', () => String) code: string, @Ctx() ctx: GraphQLContext): Promise<CycleSummaryType | null> {
    // Overdue depends on today, which bumps no version.
    ctx.uncacheable = true;
    const [r] = await execute(
      ctx.em,
      `${CYCLE_SELECT} join municipality m on m.id = c.municipality_id where m.code = ? and c.closed_at is null and c.opens_on <= ?::date order by c.fiscal_year desc, c.id desc limit 1`,
      [code, tokyoDate(new Date())],
    );
    if (!r) return null;
    const cycle = await cycleOf(ctx.em, r);
    const work = await execute(ctx.em, OUTSTANDING_SQL, [r.municipality_id, r.stage, r.municipality_id, r.stage, r.fiscal_year]);
    const own = new Map(cycle.departmentDeadlines.map((d) => [d.departmentId, d.deadline]));
    const today = tokyoDate(new Date());
    const assigned = work.reduce((a, w) => a + Number(w.assigned), 0);
    const outstanding = work.reduce((a, w) => a + Number(w.outstanding), 0);
    const overdue = work.filter((w) => Number(w.outstanding) > 0 && departmentDeadline(own, cycle.deadline, w.path) < today).length;
    return Object.assign(new CycleSummaryType(), { id: cycle.id, cycle, assigned, done: assigned - outstanding, overdueDepartments: overdue });
  }

  @Mutation(() => EvaluationCycleType, { description: '評価の周期を開く（管理者） / Open a cycle (administrators).' })
  async openCycle(@Arg('input', () => OpenCycleInput) input: OpenCycleInput, @Ctx() ctx: GraphQLContext): Promise<EvaluationCycleType> {
    const municipalityId = (await administeredMunicipality(ctx, input.municipalityCode))!;
    if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 1989 || input.fiscalYear > 2100) throw inputError('fiscalYear', '1989〜2100年度 / between 1989 and 2100');
    const opensOn = checkDate('opensOn', input.opensOn);
    const deadline = checkDate('deadline', input.deadline);
    if (deadline < opensOn) throw inputError('deadline', '期限は開始日以後にしてください / the deadline comes on or after the opening date');
    const reviewer = await checkReviewer(ctx, municipalityId, input.reviewerId);
    const own = await checkDepartmentDeadlines(ctx, municipalityId, input.departmentDeadlines, opensOn);
    const [r] = await execute(
      ctx.em,
      `insert into evaluation_cycle (municipality_id, fiscal_year, stage, opens_on, deadline, reviewer_user_id) values (?, ?, ?::evaluation_stage, ?::date, ?::date, ?)
       on conflict do nothing returning id`,
      [municipalityId, input.fiscalYear, input.stage, opensOn, deadline, reviewer],
    );
    if (!r) throw inputError('fiscalYear', 'この年度・段階の周期はもうあります / this city already has a cycle for that fiscal year and stage');
    await writeDepartmentDeadlines(ctx, Number(r.id), municipalityId, own);
    // The city's cached answers (its cycles) go.
    await bumpDataVersion(ctx.em, municipalityId);
    await execute(
      ctx.em,
      ...auditInsert(actorOf(ctx.principal), {
        municipalityId,
        action: AuditAction.CYCLE_OPEN,
        target: null,
        details: { fiscalYear: input.fiscalYear, stage: input.stage, opensOn, deadline, reviewerUserId: reviewer, departmentDeadlines: own },
      }),
    );
    const [row] = await execute(ctx.em, `${CYCLE_SELECT} where c.id = ?`, [r.id]);
    return cycleOf(ctx.em, row!);
  }

  @Mutation(() => EvaluationCycleType, { description: '周期の期限・確認者を変える（管理者） / Change a cycle’s deadlines or reviewer (administrators).' })
  async updateCycle(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateCycleInput) input: UpdateCycleInput, @Ctx() ctx: GraphQLContext): Promise<EvaluationCycleType> {
    const before = await this.administered(ctx, id);
    const municipalityId = Number(before.municipality_id);
    const deadline = input.deadline == null ? before.deadline : checkDate('deadline', input.deadline);
    if (deadline < before.opens_on) throw inputError('deadline', '期限は開始日以後にしてください / the deadline comes on or after the opening date');
    const reviewer = input.reviewerId === undefined ? before.reviewer_user_id : await checkReviewer(ctx, municipalityId, input.reviewerId);
    await execute(ctx.em, `update evaluation_cycle set deadline = ?::date, reviewer_user_id = ? where id = ?`, [deadline, reviewer, before.id]);
    let own: { departmentId: number; deadline: string }[] | undefined;
    if (input.departmentDeadlines != null) {
      own = await checkDepartmentDeadlines(ctx, municipalityId, input.departmentDeadlines, before.opens_on);
      await writeDepartmentDeadlines(ctx, Number(before.id), municipalityId, own);
    }
    await bumpDataVersion(ctx.em, municipalityId);
    await execute(
      ctx.em,
      ...auditInsert(actorOf(ctx.principal), {
        municipalityId,
        action: AuditAction.CYCLE_UPDATE,
        target: null,
        details: { fiscalYear: Number(before.fiscal_year), stage: before.stage, before: { deadline: before.deadline, reviewerUserId: before.reviewer_user_id }, after: { deadline, reviewerUserId: reviewer }, departmentDeadlines: own },
      }),
    );
    const [row] = await execute(ctx.em, `${CYCLE_SELECT} where c.id = ?`, [before.id]);
    return cycleOf(ctx.em, row!);
  }

  @Mutation(() => EvaluationCycleType, { description: '周期を締め切る（管理者） / Close a cycle (administrators).' })
  async closeCycle(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<EvaluationCycleType> {
    const before = await this.administered(ctx, id);
    if (before.closed_at === null) {
      await execute(ctx.em, `update evaluation_cycle set closed_at = now() where id = ?`, [before.id]);
      await bumpDataVersion(ctx.em, Number(before.municipality_id));
      await execute(
        ctx.em,
        ...auditInsert(actorOf(ctx.principal), { municipalityId: Number(before.municipality_id), action: AuditAction.CYCLE_CLOSE, target: null, details: { fiscalYear: Number(before.fiscal_year), stage: before.stage } }),
      );
    }
    const [row] = await execute(ctx.em, `${CYCLE_SELECT} where c.id = ?`, [before.id]);
    return cycleOf(ctx.em, row!);
  }

  /** The cycle, when the caller administers its city. */
  private async administered(ctx: GraphQLContext, id: string): Promise<Row> {
    const [row] = await execute(ctx.em, `${CYCLE_SELECT} where c.id = ?`, [Number(id) || -1]);
    if (!row) throw new GraphQLError(`周期 ${id} が見つかりません / cycle ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
    const [m] = await execute(ctx.em, `select code from municipality where id = ?`, [row.municipality_id]);
    await administeredMunicipality(ctx, m!.code);
    return row;
  }

  @FieldResolver(() => UserType, { nullable: true, description: '確認する企画課の利用者（null は企画課の全員） / The reviewer (null: every reviewer).' })
  async reviewer(@Root() c: EvaluationCycleType, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    if (c.reviewerUserId === null) return null;
    const u = await reviewers(ctx).load(c.reviewerUserId);
    return u ? UserType.of(userFromRow(u)) : null;
  }
}

@Resolver(() => DepartmentDeadlineType)
export class DepartmentDeadlineResolver {
  @FieldResolver(() => DepartmentType, { nullable: true })
  async department(@Root() d: DepartmentDeadlineType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return loaders.department.load(d.departmentId);
  }
}

