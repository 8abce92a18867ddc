/**
 * The evaluation cycle (issue 7): a subject's evaluation for a fiscal year and stage goes
 * draft → submitted → (returned → submitted …) → accepted. Every change bumps `version`
 * (optimistic locking: a save carrying an older version is refused) and writes
 * `evaluation_history` (who, when, before, after). Indicator actuals likewise, with
 * `indicator_value_history`. All of it runs in the request's transaction as the API's role, so
 * row-level security keeps every statement inside the caller's city.
 */
import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute } from '../graphql/loaders.js';
import { bumpDataVersion, refreshCitySummary, refreshRollups, refreshValueRollups } from '../analytics/rollups.js';
import { StageEnum, SubjectKindEnum } from '../graphql/filters.js';
import { DepartmentType } from '../department/department.type.js';
import { RatingScaleType } from '../rating/rating.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { displayName, type Principal } from '../auth/principal.js';
import { Role, STAGE_WRITER, mayReview } from '../auth/roles.js';
import { forbidden } from '../auth/auth.resolver.js';
import { MAX_FREE_TEXT_CHARS } from '../graphql/limits.js';
import { AuditAction, actorOf, auditInsert } from '../audit/audit.sql.js';
import { tokyoDate } from '../cycle/clock.js';
import { departmentDeadline } from '../cycle/deadlines.js';
import {
  DepartmentProgress,
  EvaluationEntry,
  EvaluationHistoryEntry,
  EvaluationRecord,
  EvaluationStatus,
  IndicatorActual,
  SaveEvaluationInput,
} from './workflow.types.js';

// Rows as the driver returns them (snake_case, types given by the SQL).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;
const TEXT_FIELDS = ['achievement', 'issues', 'response', 'comment', 'request'] as const;
const TRACKED = ['status', 'level_code', ...TEXT_FIELDS, 'version'] as const;
const COLUMN: Record<SubjectKindEnum, string> = { policy_node: 'policy_node_id', indicator: 'indicator_id', project: 'project_id' };

const bad = (field: string, ja: string, en: string) => new GraphQLError(`${field}: ${ja} / ${en}`, { extensions: { code: 'BAD_USER_INPUT', field } });
export const conflict = () =>
  new GraphQLError('他の人が先に更新しました。最新の内容を読み込み直してから、もう一度保存してください / someone else saved first: reload the latest version and save again', {
    extensions: { code: 'CONFLICT' },
  });
const notFound = (what: string, id: string) => new GraphQLError(`${what} ${id} が見つかりません / ${what} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });

interface Subject {
  municipalityId: number;
  departmentId: number | null;
  name: string;
}

/** The subject's city, department (as the view evaluation_subject defines it) and name. */
async function loadSubject(ctx: GraphQLContext, kind: SubjectKindEnum, id: number): Promise<Subject | null> {
  const sql: Record<SubjectKindEnum, string> = {
    policy_node: `select pn.municipality_id, pn.effective_department_id as department_id, pn.name from policy_node pn where pn.id = ?`,
    indicator: `select i.municipality_id, coalesce(ip.department_id, pn.effective_department_id) as department_id, i.name
                  from indicator i left join project ip on ip.id = i.project_id
                  left join policy_node pn on pn.id = coalesce(i.policy_node_id, ip.policy_node_id) and pn.municipality_id = i.municipality_id where i.id = ?`,
    project: `select p.municipality_id, coalesce(p.department_id, pn.effective_department_id) as department_id, p.name
                from project p left join policy_node pn on pn.id = p.policy_node_id where p.id = ?`,
  };
  const [r] = await execute(ctx.em, sql[kind], [id]);
  return r ? { municipalityId: Number(r.municipality_id), departmentId: r.department_id === null ? null : Number(r.department_id), name: r.name } : null;
}

/** Is `departmentId` the editor's department or below it? */
async function inDepartment(ctx: GraphQLContext, editorDepartmentId: number | null, departmentId: number | null): Promise<boolean> {
  if (editorDepartmentId === null || departmentId === null) return false;
  const [r] = await execute(
    ctx.em,
    `select exists (select 1 from department d join department e on d.municipality_id = e.municipality_id and d.path like e.path || '%'
                     where d.id = ? and e.id = ?) as ok`,
    [departmentId, editorDepartmentId],
  );
  return Boolean(r?.ok);
}

/** May this caller write (and submit) this stage for this subject? */
async function mayWrite(ctx: GraphQLContext, stage: StageEnum, subject: Subject): Promise<boolean> {
  const p = ctx.principal;
  // After an administrator's reset, nothing is written until the user has set a new password.
  if (p.kind !== 'user' || p.via !== 'session' || p.user.mustChangePassword) return false;
  if (p.user.municipalityId !== subject.municipalityId) return false;
  const writer = STAGE_WRITER[stage];
  if (!writer || p.user.role !== writer) return false;
  if (writer === Role.DEPARTMENT_EDITOR) return inDepartment(ctx, p.user.departmentId, subject.departmentId);
  return true;
}

function mayReviewIn(p: Principal, municipalityId: number): boolean {
  return p.kind === 'user' && p.via === 'session' && !p.user.mustChangePassword && mayReview(p.user.role) && p.user.municipalityId === municipalityId;
}

const actor = (p: Principal) => (p.kind === 'user' ? p.user.id : null);

const EVAL_SELECT = `select e.*, l.code as level_code from evaluation e left join rating_level l on l.id = e.level_id`;

function snapshot(r: Row | undefined): Record<string, unknown> | null {
  if (!r) return null;
  return Object.fromEntries(TRACKED.map((k) => [k, r[k] ?? null]));
}

/**
 * After a write to a city's evaluations or values, in the request's transaction: rebuild the
 * city's rating rollup (when ratings changed) and record counts, and bump its data version, so
 * neither the aggregations nor the response cache serve what was there before (the same helpers
 * as the importer: analytics/rollups.ts; `em.execute` runs in the request's transaction).
 */
async function cityChanged(ctx: GraphQLContext, municipalityId: number, ratingsChanged: boolean) {
  if (ratingsChanged) await refreshRollups(ctx.em, municipalityId);
  // An actual moves the achievement its band rule checks against (the rollup counts ratings only).
  else await refreshValueRollups(ctx.em, municipalityId);
  await refreshCitySummary(ctx.em, municipalityId);
  await bumpDataVersion(ctx.em, municipalityId);
}

async function writeHistory(ctx: GraphQLContext, before: Row | undefined, after: Row, action: string, comment: string | null = null) {
  await cityChanged(ctx, Number(after.municipality_id), true);
  await execute(
    ctx.em,
    `insert into evaluation_history (municipality_id, evaluation_id, user_id, user_name, action, comment, before, after) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)`,
    [after.municipality_id, after.id, actor(ctx.principal), displayName(ctx.principal), action, comment, before ? JSON.stringify(snapshot(before)) : null, JSON.stringify(snapshot(after))],
  );
}

const STEP = {
  submit: { event: 'submitted', audit: AuditAction.EVALUATION_SUBMIT },
  return: { event: 'returned', audit: AuditAction.EVALUATION_RETURN },
  accept: { event: 'accepted', audit: AuditAction.EVALUATION_ACCEPT },
} as const;

/**
 * A step's notification event (the reminder worker tells the reviewers or the writers:
 * server/src/cycle/reminders.ts) and its audit entry, both in the step's transaction.
 */
async function tellAndLog(ctx: GraphQLContext, after: Row, subject: Subject, action: keyof typeof STEP, comment: string | null) {
  await execute(ctx.em, `insert into notification_event (municipality_id, kind, evaluation_id, actor_user_id, comment) values (?, ?, ?, ?, ?)`, [
    after.municipality_id,
    STEP[action].event,
    after.id,
    actor(ctx.principal),
    comment,
  ]);
  await execute(
    ctx.em,
    ...auditInsert(actorOf(ctx.principal), {
      municipalityId: Number(after.municipality_id),
      action: STEP[action].audit,
      target: subject.name,
      details: { evaluationId: Number(after.id), fiscalYear: Number(after.fiscal_year), stage: after.stage, ...(comment ? { comment } : {}) },
    }),
  );
}

/** Did the caller write (create, save) or submit this evaluation, by its history? */
async function wroteOrSubmitted(ctx: GraphQLContext, evaluationId: number): Promise<boolean> {
  const me = actor(ctx.principal);
  if (me === null) return false;
  const [r] = await execute(
    ctx.em,
    `select exists (select 1 from evaluation_history where evaluation_id = ? and user_id = ? and action in ('create', 'save', 'submit')) as mine`,
    [evaluationId, me],
  );
  return Boolean(r?.mine);
}

async function recordOf(ctx: GraphQLContext, r: Row): Promise<EvaluationRecord> {
  const history = await execute(ctx.em, `select * from evaluation_history where evaluation_id = ? order by at, id`, [r.id]);
  return Object.assign(new EvaluationRecord(), {
    id: String(r.id),
    status: r.status as EvaluationStatus,
    version: Number(r.version),
    fiscalYear: FiscalYear.of(Number(r.fiscal_year)),
    stage: r.stage as StageEnum,
    levelCode: r.level_code ?? null,
    achievement: r.achievement ?? null,
    issues: r.issues ?? null,
    response: r.response ?? null,
    comment: r.comment ?? null,
    request: r.request ?? null,
    evaluator: r.evaluator ?? null,
    history: history.map((h) => {
      const before = (h.before ?? null) as Record<string, unknown> | null;
      const after = (h.after ?? null) as Record<string, unknown> | null;
      const changed = TRACKED.filter((k) => k !== 'version' && (before?.[k] ?? null) !== (after?.[k] ?? null));
      return Object.assign(new EvaluationHistoryEntry(), {
        id: String(h.id),
        at: new Date(h.at).toISOString(),
        userName: h.user_name,
        action: h.action,
        comment: h.comment ?? null,
        changedFields: [...changed],
        before: before ? JSON.stringify(before) : null,
        after: after ? JSON.stringify(after) : null,
      });
    }),
  });
}

async function findEvaluation(ctx: GraphQLContext, kind: SubjectKindEnum, subjectId: number, fiscalYear: number, stage: StageEnum): Promise<Row | undefined> {
  const rows = await execute(ctx.em, `${EVAL_SELECT} where e.${COLUMN[kind]} = ? and e.subject_kind = ?::evaluation_subject_kind and e.fiscal_year = ? and e.stage = ?::evaluation_stage order by e.id limit 1`, [
    subjectId,
    kind,
    fiscalYear,
    stage,
  ]);
  return rows[0];
}

/** The scale for a subject kind and stage: the one asked for, or the one this city uses there. */
async function chooseScale(ctx: GraphQLContext, subject: Subject, kind: SubjectKindEnum, stage: StageEnum, scaleId: string | null | undefined): Promise<Row | null> {
  if (scaleId) {
    const [s] = await execute(ctx.em, `select * from rating_scale where id = ? and municipality_id = ?`, [Number(scaleId) || -1, subject.municipalityId]);
    if (!s) throw bad('scaleId', 'この自治体の尺度ではありません', 'not a scale of this municipality');
    return s;
  }
  const [used] = await execute(
    ctx.em,
    `select s.*, count(*) as n from evaluation e join rating_scale s on s.id = e.scale_id
      where e.municipality_id = ? and e.subject_kind = ?::evaluation_subject_kind and e.stage = ?::evaluation_stage
      group by s.id order by n desc, s.id limit 1`,
    [subject.municipalityId, kind, stage],
  );
  if (used) return used;
  const scales = await execute(ctx.em, `select * from rating_scale where municipality_id = ? and subject_kind = ?::subject_kind order by id`, [subject.municipalityId, kind]);
  return scales.length === 1 ? scales[0]! : null;
}

function validateTexts(input: SaveEvaluationInput) {
  for (const f of TEXT_FIELDS) {
    const v = input[f];
    if (v != null && v.length > MAX_FREE_TEXT_CHARS) throw bad(f, `${MAX_FREE_TEXT_CHARS}文字以内にしてください（${v.length}文字）`, `at most ${MAX_FREE_TEXT_CHARS} characters (${v.length})`);
  }
  if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 1989 || input.fiscalYear > 2100)
    throw bad('fiscalYear', '1989〜2100年度で指定してください', 'a fiscal year between 1989 and 2100');
}

@Resolver(() => EvaluationEntry)
export class WorkflowResolver {
  @Query(() => EvaluationEntry, { description: '評価入力に要るもの（尺度・現在の評価・権限） / What the entry form needs: scale, current record, permissions.' })
  async evaluationEntry(
    @Arg('subjectKind', () => SubjectKindEnum) kind: SubjectKindEnum,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('fiscalYear', () => Int) fiscalYear: number,
    @Arg('stage', () => StageEnum) stage: StageEnum,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EvaluationEntry> {
    const subject = await loadSubject(ctx, kind, Number(subjectId) || -1);
    if (!subject) throw notFound('subject', subjectId);
    const row = await findEvaluation(ctx, kind, Number(subjectId), fiscalYear, stage);
    const scale = row?.scale_id
      ? (await execute(ctx.em, `select * from rating_scale where id = ?`, [row.scale_id]))[0]
      : await chooseScale(ctx, subject, kind, stage, null);
    const department = subject.departmentId === null ? null : await ctx.loaders.department.load(subject.departmentId);
    return Object.assign(new EvaluationEntry(), {
      subjectName: subject.name,
      department,
      scale: scale ? RatingScaleType.fromRow(scale) : null,
      record: row ? await recordOf(ctx, row) : null,
      mayEdit: await mayWrite(ctx, stage, subject),
      mayReview: mayReviewIn(ctx.principal, subject.municipalityId),
    });
  }

  @Mutation(() => EvaluationRecord, { description: '評価を保存する（作成または更新、版の確認つき） / Save an evaluation (create or update; version checked).' })
  async saveEvaluation(@Arg('input', () => SaveEvaluationInput) input: SaveEvaluationInput, @Ctx() ctx: GraphQLContext): Promise<EvaluationRecord> {
    validateTexts(input);
    const subjectId = Number(input.subjectId);
    const subject = Number.isInteger(subjectId) ? await loadSubject(ctx, input.subjectKind, subjectId) : null;
    if (!subject) throw bad('subjectId', '対象が見つかりません', 'no such subject');
    if (!(await mayWrite(ctx, input.stage, subject))) throw forbidden('この評価を書く権限がありません', 'you may not write this evaluation');
    const before = await findEvaluation(ctx, input.subjectKind, subjectId, input.fiscalYear, input.stage);
    if (before && input.version == null) throw conflict();
    if (!before && input.version != null) throw conflict();
    if (before && Number(before.version) !== input.version) throw conflict();
    if (before && !['draft', 'returned'].includes(before.status))
      throw new GraphQLError('提出済み・承認済みの評価は変更できません / a submitted or accepted evaluation cannot be changed', { extensions: { code: 'FORBIDDEN' } });

    const scale = before?.scale_id
      ? (await execute(ctx.em, `select * from rating_scale where id = ?`, [before.scale_id]))[0]!
      : await chooseScale(ctx, subject, input.subjectKind, input.stage, input.scaleId);
    let levelId: number | null = null;
    const code = input.levelCode?.trim() || null;
    if (code) {
      if (!scale) throw bad('scaleId', '尺度を選んでください', 'choose a scale');
      const levels = await execute(ctx.em, `select id, code from rating_level where scale_id = ? order by sort_order`, [scale.id]);
      const level = levels.find((l) => l.code === code);
      if (!level) throw bad('levelCode', `${levels.map((l) => l.code).join('・')} のいずれかを選んでください`, `choose one of ${levels.map((l) => l.code).join(', ')}`);
      levelId = Number(level.id);
    }
    const texts = TEXT_FIELDS.map((f) => input[f]?.trim() || null);
    let id: number;
    if (before) {
      const rows = await execute(
        ctx.em,
        `update evaluation set level_id = ?, achievement = ?, issues = ?, response = ?, comment = ?, request = ?, evaluator = ?, evaluated_on = current_date,
                status = 'draft', version = version + 1
          where id = ? and version = ? returning id`,
        [levelId, ...texts, displayName(ctx.principal), before.id, input.version],
      );
      if (!rows.length) throw conflict();
      id = Number(rows[0]!.id);
    } else {
      const rows = await execute(
        ctx.em,
        `insert into evaluation (municipality_id, subject_kind, ${COLUMN[input.subjectKind]}, fiscal_year, stage, scale_id, level_id,
                                 achievement, issues, response, comment, request, evaluator, evaluated_on, status, version)
         values (?, ?::evaluation_subject_kind, ?, ?, ?::evaluation_stage, ?, ?, ?, ?, ?, ?, ?, ?, current_date, 'draft', 1)
         on conflict do nothing returning id`,
        [subject.municipalityId, input.subjectKind, subjectId, input.fiscalYear, input.stage, scale?.id ?? null, levelId, ...texts, displayName(ctx.principal)],
      );
      if (!rows.length) throw conflict();
      id = Number(rows[0]!.id);
    }
    const [after] = await execute(ctx.em, `${EVAL_SELECT} where e.id = ?`, [id]);
    await writeHistory(ctx, before, after!, before ? 'save' : 'create');
    return recordOf(ctx, after!);
  }

  @Mutation(() => EvaluationRecord, { description: '評価を提出する / Submit an evaluation.' })
  async submitEvaluation(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: GraphQLContext): Promise<EvaluationRecord> {
    return this.transition(ctx, id, version, 'submit', ['draft', 'returned'], 'submitted');
  }

  @Mutation(() => EvaluationRecord, { description: '評価を差し戻す（理由つき、企画課） / Return an evaluation with a comment (reviewers).' })
  async returnEvaluation(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EvaluationRecord> {
    if (!comment.trim()) throw bad('comment', '差戻しの理由を書いてください', 'say why it is returned');
    if (comment.length > MAX_FREE_TEXT_CHARS) throw bad('comment', `${MAX_FREE_TEXT_CHARS}文字以内にしてください`, `at most ${MAX_FREE_TEXT_CHARS} characters`);
    return this.transition(ctx, id, version, 'return', ['submitted'], 'returned', comment.trim());
  }

  @Mutation(() => EvaluationRecord, { description: '評価を承認する（企画課） / Accept an evaluation (reviewers).' })
  async acceptEvaluation(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: GraphQLContext): Promise<EvaluationRecord> {
    return this.transition(ctx, id, version, 'accept', ['submitted'], 'accepted');
  }

  private async transition(ctx: GraphQLContext, idArg: string, version: number, action: 'submit' | 'return' | 'accept', from: string[], to: string, comment: string | null = null) {
    const [before] = await execute(ctx.em, `${EVAL_SELECT} where e.id = ?`, [Number(idArg) || -1]);
    if (!before) throw notFound('evaluation', idArg);
    const kind = before.subject_kind as SubjectKindEnum;
    const subject = await loadSubject(ctx, kind, Number(before[COLUMN[kind]]));
    if (!subject) throw notFound('evaluation', idArg);
    const allowed = action === 'submit' ? await mayWrite(ctx, before.stage, subject) : mayReviewIn(ctx.principal, subject.municipalityId);
    if (!allowed)
      throw action === 'submit'
        ? forbidden('この評価を提出する権限がありません', 'you may not submit this evaluation')
        : forbidden('差戻し・承認は企画課（reviewer）だけが行えます', 'only reviewers may return or accept');
    // Four eyes: a reviewer never accepts (nor, when the cycle says so, returns) what it wrote or submitted.
    if ((action === 'accept' || (action === 'return' && ctx.cycle.fourEyesOnReturn)) && (await wroteOrSubmitted(ctx, Number(before.id))))
      throw action === 'accept'
        ? forbidden('自分が書いた・提出した評価は承認できません（別の担当者が承認します）', 'you may not accept an evaluation you wrote or submitted: another reviewer accepts it')
        : forbidden('自分が書いた・提出した評価は差し戻せません（別の担当者が行います）', 'you may not return an evaluation you wrote or submitted: another reviewer does');
    if (Number(before.version) !== version) throw conflict();
    if (!from.includes(before.status))
      throw new GraphQLError(`状態が「${before.status}」のため${action}できません / cannot ${action} an evaluation that is ${before.status}`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      });
    const rows = await execute(ctx.em, `update evaluation set status = ?::evaluation_status, version = version + 1 where id = ? and version = ? returning id`, [to, before.id, version]);
    if (!rows.length) throw conflict();
    const [after] = await execute(ctx.em, `${EVAL_SELECT} where e.id = ?`, [before.id]);
    await writeHistory(ctx, before, after!, action, comment);
    await tellAndLog(ctx, after!, subject, action, comment);
    return recordOf(ctx, after!);
  }

  @Mutation(() => IndicatorActual, { description: '指標の実績値を保存する（所管課、版の確認つき） / Save an indicator’s actual value (its department; version checked).' })
  async saveIndicatorActual(
    @Arg('indicatorId', () => ID) indicatorId: string,
    @Arg('fiscalYear', () => Int) fiscalYear: number,
    @Arg('value', () => Float, { nullable: true }) value: number | null,
    @Arg('text', () => String, { nullable: true, description: '表記（省略時は数値から） / Printed text (default: from the value).' }) text: string | null,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IndicatorActual> {
    // Omitted nullable arguments arrive as undefined.
    value ??= null;
    text ??= null;
    version ??= null;
    if (fiscalYear < 1989 || fiscalYear > 2100) throw bad('fiscalYear', '1989〜2100年度で指定してください', 'a fiscal year between 1989 and 2100');
    if (value !== null && !Number.isFinite(value)) throw bad('value', '数値を入れてください', 'a number');
    if (text !== null && text.length > 200) throw bad('text', '200文字以内にしてください', 'at most 200 characters');
    const subject = await loadSubject(ctx, SubjectKindEnum.INDICATOR, Number(indicatorId) || -1);
    if (!subject) throw bad('indicatorId', '指標が見つかりません', 'no such indicator');
    const p = ctx.principal;
    const ok =
      p.kind === 'user' && p.via === 'session' && !p.user.mustChangePassword && p.user.role === Role.DEPARTMENT_EDITOR && p.user.municipalityId === subject.municipalityId &&
      (await inDepartment(ctx, p.user.departmentId, subject.departmentId));
    if (!ok) throw forbidden('この指標の実績値を入力する権限がありません', 'you may not enter actuals for this indicator');
    const shown = text?.trim() || (value === null ? '-' : String(value));
    const [before] = await execute(ctx.em, `select * from indicator_value where indicator_id = ? and fiscal_year = ? and kind = 'actual'`, [Number(indicatorId), fiscalYear]);
    if ((before ? Number(before.version) : null) !== version) throw conflict();
    const [row] = before
      ? await execute(ctx.em, `update indicator_value set value = ?, text = ?, version = version + 1 where id = ? and version = ? returning *`, [value, shown, before.id, version])
      : await execute(
          ctx.em,
          `insert into indicator_value (municipality_id, indicator_id, fiscal_year, kind, value, text, version) values (?, ?, ?, 'actual', ?, ?, 1)
           on conflict do nothing returning *`,
          [subject.municipalityId, Number(indicatorId), fiscalYear, value, shown],
        );
    if (!row) throw conflict();
    const pick = (r: Row | undefined) => (r ? { value: r.value, text: r.text, version: r.version } : null);
    await cityChanged(ctx, subject.municipalityId, false);
    await execute(
      ctx.em,
      `insert into indicator_value_history (municipality_id, indicator_id, indicator_value_id, user_id, user_name, action, before, after) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)`,
      [subject.municipalityId, Number(indicatorId), row.id, actor(p), displayName(p), before ? 'save' : 'create', before ? JSON.stringify(pick(before)) : null, JSON.stringify(pick(row))],
    );
    return Object.assign(new IndicatorActual(), { id: String(row.id), version: Number(row.version), fiscalYear: FiscalYear.of(fiscalYear), value: row.value, text: row.text });
  }

  @Query(() => [DepartmentProgress], { description: '課ごとの評価の進み具合（年度・段階） / Progress per department for a fiscal year and stage.' })
  async evaluationProgress(
    @Arg('municipalityCode', () => String) code: string,
    @Arg('fiscalYear', () => Int) fiscalYear: number,
    @Arg('stage', () => StageEnum) stage: StageEnum,
    @Arg('deadline', () => String, { nullable: true, description: '提出期限（YYYY-MM-DD） / Deadline.' }) deadline: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepartmentProgress[]> {
    deadline ??= null;
    if (deadline !== null && !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw bad('deadline', 'YYYY-MM-DD の形で', 'as YYYY-MM-DD');
    // Overdue depends on today and reminders on the worker: neither bumps a version.
    ctx.uncacheable = true;
    const [m] = await execute(ctx.em, `select id from municipality where code = ?`, [code]);
    if (!m) throw bad('municipalityCode', `自治体 ${code} が見つかりません`, `municipality ${code} not found`);
    const key = (r: Row) => `${r.subject_kind}:${r.policy_node_id ?? r.indicator_id ?? r.project_id}`;
    const subjects = await execute(
      ctx.em,
      `select distinct on (subject_kind, policy_node_id, indicator_id, project_id) subject_kind, policy_node_id, indicator_id, project_id, department_id
         from evaluation_subject where municipality_id = ? and stage = ?::evaluation_stage
        order by subject_kind, policy_node_id, indicator_id, project_id, fiscal_year desc`,
      [m.id, stage],
    );
    const current = await execute(
      ctx.em,
      `select es.subject_kind, es.policy_node_id, es.indicator_id, es.project_id, es.department_id, e.status
         from evaluation_subject es join evaluation e on e.id = es.id
        where es.municipality_id = ? and es.stage = ?::evaluation_stage and es.fiscal_year = ?`,
      [m.id, stage, fiscalYear],
    );
    // Deadlines: the one asked for, else the city's cycle for this year and stage (each
    // department's own or its parent's, else the default: cycle/deadlines.ts).
    const today = tokyoDate(new Date());
    const [cycle] = deadline === null
      ? await execute(ctx.em, `select id, deadline::text as deadline from evaluation_cycle where municipality_id = ? and fiscal_year = ? and stage = ?::evaluation_stage`, [m.id, fiscalYear, stage])
      : [];
    const own = new Map<number, string>(
      cycle ? (await execute(ctx.em, `select department_id, deadline::text as deadline from cycle_deadline where cycle_id = ?`, [cycle.id])).map((r) => [Number(r.department_id), String(r.deadline)]) : [],
    );
    const paths = new Map<number, string>(
      (await execute(ctx.em, `select id, path from department where municipality_id = ?`, [m.id])).map((r) => [Number(r.id), String(r.path)]),
    );
    const deadlineOf = (d: number | null): string | null =>
      deadline ?? (cycle ? departmentDeadline(own, String(cycle.deadline), d === null ? null : (paths.get(d) ?? null)) : null);
    // Overdue reminders sent, by the department of the editors they went to (owner's table: names users).
    const reminded = cycle
      ? await execute(ctx.ownerEm ?? ctx.em, `select department_id, max(created_at) as at from notification where cycle_id = ? and kind = 'deadline_passed' group by department_id`, [cycle.id])
      : [];
    const remindedAt = (d: number | null): string | null => {
      const ids = new Set((d === null ? '' : (paths.get(d) ?? '')).split('/').filter(Boolean).map(Number));
      const at = reminded.filter((r) => ids.has(Number(r.department_id))).map((r) => new Date(r.at).getTime());
      return at.length ? new Date(Math.max(...at)).toISOString() : null;
    };
    const byDept = new Map<string, DepartmentProgress>();
    const bucket = (d: number | null) => {
      const k = String(d);
      let p = byDept.get(k);
      if (!p) {
        const due = deadlineOf(d);
        byDept.set(k, (p = Object.assign(new DepartmentProgress(), { departmentId: d, total: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, missing: 0, late: 0, deadline: due, reminderSentAt: remindedAt(d) })));
      }
      return p;
    };
    const isLate = (p: DepartmentProgress) => p.deadline != null && today > p.deadline;
    const seen = new Set<string>();
    for (const r of current) {
      seen.add(key(r));
      const p = bucket(r.department_id ?? null);
      p.total++;
      p[r.status as 'draft' | 'submitted' | 'returned' | 'accepted']++;
      if (isLate(p) && (r.status === 'draft' || r.status === 'returned')) p.late++;
    }
    for (const r of subjects) {
      if (seen.has(key(r))) continue;
      const p = bucket(r.department_id ?? null);
      p.total++;
      p.missing++;
      if (isLate(p)) p.late++;
    }
    return [...byDept.values()].sort((a, b) => (a.departmentId ?? Infinity) - (b.departmentId ?? Infinity));
  }
}

@Resolver(() => DepartmentProgress)
export class DepartmentProgressResolver {
  @FieldResolver(() => DepartmentType, { nullable: true })
  async department(@Root() p: DepartmentProgress, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return p.departmentId === null ? null : loaders.department.load(p.departmentId);
  }
}

