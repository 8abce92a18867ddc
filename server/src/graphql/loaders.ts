/**
 * Per-request DataLoaders: every relation the API resolves goes through one of these, so a
 * nested list costs one statement per level, not one per parent row. Created per request
 * (`createLoaders(em)` in the GraphQL context); each caches within the request only.
 */
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { selects } from './selection.js';
import { BudgetSpentError, cancelRunning, spent, type Budget } from './budget.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PlanType } from '../plan/plan.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { DepartmentType } from '../department/department.type.js';
import { IndicatorType, IndicatorValueType } from '../indicator/indicator.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { ProjectAmountType, ProjectType } from '../project/project.type.js';
import { ProjectCostType, ProjectShareType } from '../cost/cost.type.js';
import { DepartmentPolicyType, InitiativeType } from '../department-policy/department-policy.type.js';
import { RatingLevelType, RatingScaleType } from '../rating/rating.type.js';
import { SourceDocumentType } from '../provenance/provenance.type.js';
import { SurveyResultType } from '../survey/survey-result.type.js';
import { YearlyGoalType } from '../yearly-goal/yearly-goal.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';
import { citySummarySelect } from '../analytics/city-summary.js';
import { latestFiscalYearLoader } from '../municipality/fiscal-years.js';
import type { ReadPool } from '../db/replicas.js';

type Row = SqlRow;

/**
 * Runs SQL with `?` placeholders through the EntityManager's connection. knex expands an
 * array binding into a list (`any(1, 2)`), so arrays go as one PostgreSQL array literal
 * instead; `col = any(?)` then infers the array's type from the column.
 */
export function execute<T = Row[]>(em: EntityManager, sql: string, bindings: readonly unknown[] = []): Promise<T> {
  // A read-only request's own connection (`openReadTransaction`): the text as MikroORM would send it.
  const session = sessions.get(em);
  if (session) return send(session, em.getPlatform().formatQuery(sql, driverValues(bindings))).then((r) => r.rows as T);
  // Inside the request's transaction when there is one (its SET LOCAL city scope applies).
  return em
    .getConnection()
    .execute(sql, driverValues(bindings), 'all', em.getTransactionContext()) as Promise<T>;
}
const driverValues = (bindings: readonly unknown[]) => bindings.map((b) => (Array.isArray(b) ? arrayLiteral(b) : b));

/**
 * As `execute`, as a named prepared statement with its values as parameters: for statements
 * that are run often with different values and take longer to plan than to run (row-level
 * security adds its policies to every table a statement reads). PostgreSQL keeps the statement
 * per connection and, with `plan_cache_mode = force_generic_plan` (set for API requests, see
 * request-scope.ts), plans it once; every parameter's type must be clear from its context
 * (`col = ?`, `col = any(?)`, `?::text`).
 */
export async function executePrepared<T = Row[]>(em: EntityManager, sql: string, bindings: readonly unknown[] = []): Promise<T> {
  const name = preparedNames.get(sql) ?? preparedName(sql);
  const session = sessions.get(em);
  try {
    if (session) return (await send(session, { name, text: positionalText(em, sql), values: driverValues(bindings) })).rows as T;
    const query = em
      .getConnection()
      .getKnex()
      .raw(sql, driverValues(bindings) as never[])
      .options({ name });
    const trx = em.getTransactionContext();
    if (trx) query.transacting(trx);
    const res = (await query) as { rows: Row[] };
    return res.rows as T;
  } catch (e) {
    // A table changed under a statement prepared before (a migration by a newer instance while
    // this one runs: `select *` then returns other columns). PostgreSQL refuses to run it again;
    // from now on the statements are prepared under new names. This request fails once.
    if ((e as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((e as Error).message))) {
      preparedGeneration++;
      preparedNames.clear();
    }
    throw e;
  }
}

/** `?` placeholders as `$1`, `$2`… (and `\?` as a literal `?`), numbered by knex's own PostgreSQL client. */
const positional = new Map<string, string>();
function positionalText(em: EntityManager, sql: string): string {
  let text = positional.get(sql);
  if (text === undefined) {
    text = poolOf(em).positionBindings(sql);
    if (positional.size < 10_000) positional.set(sql, text);
  }
  return text;
}

// ---- read-only requests on their own connection ------------------------------------------------

/** The part of a pg client a request transaction uses. */
interface PgClient {
  query(q: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
  escapeLiteral(s: string): string;
  end(): Promise<void>;
  /** Set by knex when the connection broke; the pool then destroys it instead of handing it out. */
  __knex__disposed?: unknown;
  /** The backend's key for a cancel request (budget.ts `cancelRunning`). */
  processID: number | null;
  secretKey: number | null;
  host?: string;
  port?: number;
}
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(c: PgClient): Promise<void>;
  positionBindings(sql: string): string;
  pool?: { numFree(): number; numUsed(): number; numPendingAcquires(): number; numPendingCreates(): number; max: number };
}
interface ReadSession {
  client: PgClient;
  /** The last statement sent: the next waits for it (one at a time per connection). */
  tail: Promise<unknown>;
  pool: KnexClient;
  /** `select set_config(…)` of the transaction's settings. */
  settings: string;
  /** The second connection in the same snapshot (`sideConnection`), once asked for; null: none to be had. */
  side?: Promise<EntityManager | null>;
  /** Ended (`closeReadTransaction`): statements sent now fail rather than run outside the transaction. */
  closed: boolean;
  /** The request's time budget: statements are refused once it is spent, and the running one cancelled then. */
  budget?: Budget;
  /** The timer that cancels at the budget's deadline. */
  timer?: NodeJS.Timeout;
  /** The cancel request sent at the deadline, until the server has taken it (the connection goes back to the pool only then). */
  cancelled?: Promise<void>;
}
/** Request EntityManagers whose statements go to a connection of their own (read-only operations). */
const sessions = new WeakMap<EntityManager, ReadSession>();
const poolOf = (em: EntityManager) => em.getConnection().getKnex().client as unknown as KnexClient;

/**
 * Sends a statement on the session's connection after the ones before it. PostgreSQL runs a
 * connection's statements one at a time anyway; queued here rather than in node-pg (which
 * deprecates queueing a query while another runs: the DataLoaders of one step send theirs at once).
 */
function send(s: ReadSession, q: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> {
  if (s.closed) return Promise.reject(new Error('the request has ended: its read transaction is closed'));
  const result = s.tail.then(() => {
    // The budget spent while this statement waited for the ones before it: not sent at all.
    if (s.budget && spent(s.budget)) throw new BudgetSpentError(s.budget);
    return s.client.query(q);
  });
  s.tail = result.catch(() => undefined);
  return result;
}

/**
 * Opens a read-only operation's transaction on a connection taken from the EntityManager's pool,
 * with `settings` applied by `set_config(name, value, true)` (local to the transaction): BEGIN
 * and the settings in one round trip. From then on `execute` and `executePrepared` with this
 * EntityManager send their statements straight to that connection: no knex or MikroORM
 * transaction object, query builder or result wrapper per statement (a third of a small
 * request's time). Writes keep MikroORM's transactions (`em.begin()`).
 *
 * After `closeReadTransaction` a statement fails instead of running outside the transaction (a
 * resolver still running when the request ended).
 *
 * REPEATABLE READ: every statement of the operation sees the database as it was at its first
 * (an import committing meanwhile does not show half-way in one answer), and `sideConnection`
 * can share that snapshot.
 */
export async function openReadTransaction(em: EntityManager, settings: Record<string, string>, budget?: Budget, from?: ReadPool): Promise<void> {
  if (sessions.has(em)) throw new Error('this EntityManager already has a read transaction');
  // `from`: a read replica's pool (read-routing.ts); by default the EntityManager's own.
  const pool = (from as KnexClient | undefined) ?? poolOf(em);
  const client = await pool.acquireConnection();
  if (budget && spent(budget)) {
    // The budget ran out while the request waited for a connection: it fails without using it.
    await pool.releaseConnection(client);
    throw new BudgetSpentError(budget);
  }
  const set = `select ${Object.entries(settings)
    .map(([k, v]) => `set_config(${client.escapeLiteral(k)}, ${client.escapeLiteral(v)}, true)`)
    .join(', ')}`;
  try {
    await client.query(`begin isolation level repeatable read read only; ${set}`);
  } catch (e) {
    // BEGIN may have run before the settings failed: the connection is in an aborted transaction.
    await giveBack(pool, client, false);
    throw e;
  }
  sessions.set(em, withBudget({ client, pool, settings: set, tail: Promise.resolve(), closed: false }, budget));
}

/**
 * Arms the session's budget: at the deadline the statement running then is cancelled (PostgreSQL
 * answers it with 57014, as for statement_timeout) and `send` refuses the ones after it.
 */
function withBudget(s: ReadSession, budget: Budget | undefined): ReadSession {
  if (!budget) return s;
  s.budget = budget;
  s.timer = setTimeout(() => {
    if (!s.closed) s.cancelled = cancelRunning(s.client);
  }, Math.max(0, budget.deadline - performance.now()));
  s.timer.unref();
  return s;
}

/** True while `em` has a read transaction open. */
export const hasReadTransaction = (em: EntityManager): boolean => sessions.get(em)?.closed === false;

/**
 * A second connection in the same snapshot and with the same settings as `em`'s read
 * transaction, for statements that can run beside the others (PostgreSQL runs each connection's
 * statements in turn; the annual report's evaluations took as long as its other four
 * statements together). The snapshot is exported by the first transaction and imported by the
 * second (`pg_export_snapshot`, `SET TRANSACTION SNAPSHOT`), so both read the same data. A
 * connection is taken only when nobody waits for one and the pool has one idle or room for
 * another: under load, or without a read transaction (mutations, CLIs), this returns `em` itself
 * and everything runs on the one connection.
 */
export function sideConnection(em: EntityManager): Promise<EntityManager> {
  const s = sessions.get(em);
  if (!s) return Promise.resolve(em);
  s.side ??= (async () => {
    // Nobody waiting for a connection, and one idle or room to open one.
    const p = s.pool.pool;
    if (!p || p.numPendingAcquires() > 0 || (p.numFree() === 0 && p.numUsed() + p.numPendingCreates() >= p.max)) return null;
    const [row] = (await send(s, 'select pg_export_snapshot() as snapshot')).rows;
    const client = await s.pool.acquireConnection();
    try {
      await client.query(`begin isolation level repeatable read read only; set transaction snapshot ${client.escapeLiteral(String(row!.snapshot))}; ${s.settings}`);
    } catch {
      // Typically the first transaction ended meanwhile and its snapshot with it; BEGIN had run.
      await giveBack(s.pool, client, false);
      return null;
    }
    const side = em.fork();
    if (s.closed) {
      // The request ended while this connection was being set up.
      await giveBack(s.pool, client, false);
      return null;
    }
    sessions.set(side, withBudget({ client, tail: Promise.resolve(), pool: s.pool, settings: s.settings, side: Promise.resolve(null), closed: false }, s.budget));
    return side;
  })().catch(() => null);
  return s.side.then((side) => side ?? em);
}

/**
 * Ends the read transaction of `em` (and of its side connection): COMMIT (or ROLLBACK) after
 * the statements sent, and the connection back to the pool (`giveBack`: never in a transaction).
 * The returned promise settles once the connection is back. Ending one that is not open does nothing.
 */
export function closeReadTransaction(em: EntityManager, commit: boolean): Promise<void> {
  const s = sessions.get(em);
  if (!s || s.closed) return Promise.resolve();
  s.closed = true;
  clearTimeout(s.timer);
  const own = s.tail
    .then(() => s.cancelled)
    .then(() => giveBack(s.pool, s.client, commit))
    .catch(() => undefined);
  const side = s.side?.then((e) => (e && e !== em ? closeReadTransaction(e, commit) : undefined));
  return Promise.all([own, side]).then(() => undefined);
}
/**
 * Ends whatever transaction `client` is in and returns it to the pool: COMMIT when `commit` (a
 * failed transaction's COMMIT rolls back), else ROLLBACK; when that fails too, the connection is
 * closed and marked broken, so the pool destroys it rather than hand it to the next request
 * (a connection left "idle in transaction (aborted)" failed every request that got it).
 */
async function giveBack(pool: KnexClient, client: PgClient, commit: boolean): Promise<void> {
  try {
    await client.query(commit ? 'commit' : 'rollback');
  } catch (e) {
    try {
      await client.query('rollback');
    } catch {
      client.__knex__disposed = e instanceof Error ? e.message : String(e);
      await client.end().catch(() => undefined);
    }
  }
  await pool.releaseConnection(client);
}

const preparedNames = new Map<string, string>();
let preparedGeneration = 0;
function preparedName(sql: string): string {
  const name = `s${preparedGeneration}_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  if (preparedNames.size < 10_000) preparedNames.set(sql, name);
  return name;
}

/** Every column of `evaluation` but the texts (which are most of a row's bytes). */
const EVALUATION_HEAD_COLUMNS = [
  'id', 'municipality_id', 'source_document_id', 'source_line', 'source_line_end', 'source_note', 'uncertain', 'subject_kind', 'policy_node_id',
  'indicator_id', 'project_id', 'fiscal_year', 'stage', 'scale_id', 'level_id', 'evaluator', 'evaluated_on', 'status', 'version',
];
/** Fields of an evaluation that read its texts. */
const EVALUATION_TEXT_FIELDS = ['achievement', 'issues', 'response', 'comment', 'request', 'otherTexts'];

/**
 * An evaluation for a field whose answer may not select its texts (a transition's or a stage
 * comparison's side): loaded without them then (hundreds of sides with their texts were a
 * megabyte to read for ids and levels), with them otherwise.
 */
export async function loadEvaluation(loaders: Loaders, id: number, info: GraphQLResolveInfo): Promise<EvaluationType | null> {
  // Decided once per field of the query (every item of a list shares its field nodes).
  let texts = selectsTexts.get(info.fieldNodes);
  if (texts === undefined) selectsTexts.set(info.fieldNodes, (texts = EVALUATION_TEXT_FIELDS.some((f) => selects(info, f))));
  return (texts ? loaders.evaluation : loaders.evaluationHead).load(id);
}
const selectsTexts = new WeakMap<GraphQLResolveInfo['fieldNodes'], boolean>();

/** ['a', 1] → '{"a","1"}' (every element quoted, so commas, braces and quotes are safe). */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Municipality rows as the municipality resolver shapes them. */
/** A date column as YYYY-MM-DD (pg returns a Date at local midnight, or the text). */
function isoDay(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

export function municipalityFromRow(r: Row): MunicipalityType {
  return Object.assign(new MunicipalityType(), {
    id: String(r.id),
    code: r.code,
    name: r.name,
    nameEn: r.name_en ?? null,
    prefecture: r.prefecture,
    generated: Boolean(r.generated),
    dataVersion: r.data_version,
    population: r.population ?? null,
    populationAsOf: isoDay(r.population_as_of),
    areaKm2: r.area_km2 ?? null,
    areaAsOf: isoDay(r.area_as_of),
    category: r.category ?? null,
    similarGroup: r.similar_group ?? null,
    attributesSource: r.attributes_source ?? null,
    attributesNote: r.attributes_note ?? null,
    attributesUncertain: Boolean(r.attributes_uncertain),
  });
}

/** The subject context of an evaluation from the view `evaluation_subject`. */
export interface EvaluationSubjectInfo {
  subjectName: string | null;
  departmentId: number | null;
}

/**
 * Batches collect every key asked for until the event loop reaches its I/O phase, so loads
 * from different depths of one resolution step share a statement (the default, a tick after
 * the current promise job, splits them and makes the statement count depend on the data).
 */
const batchScheduleFn = (callback: () => void) => void setImmediate(callback);

export function createLoaders(em: EntityManager) {
  // Prepared: each loader's statement is the same text for every batch (the keys are one array
  // parameter), and under row-level security planning it took as long as running it.
  const run = (sql: string, params: unknown[]) => executePrepared<Row[]>(em, sql, params);

  /** One row per id from `table` (or any `select … where <alias>.id = any(?)`). */
  function byId<T>(sql: string, toNode: (r: Row) => T) {
    return new DataLoader<number, T | null>(
      async (ids) => {
        const rows = await run(sql, [[...ids]]);
        const map = new Map(rows.map((r) => [Number(r.id), toNode(r)]));
        return ids.map((id) => map.get(id) ?? null);
      },
      { batchScheduleFn },
    );
  }
  const table = (t: string) => `select * from ${t} where id = any(?)`;

  /** Rows grouped by a parent key; `sql` selects rows whose `key__` is any of `?`, in order. */
  function byKey<T>(sql: string, toNode: (r: Row) => T) {
    return new DataLoader<number, T[]>(async (keys) => {
      const rows = await run(sql, [[...keys]]);
      const map = new Map<number, T[]>();
      for (const r of rows) {
        const k = Number(r.key__);
        let list = map.get(k);
        if (!list) map.set(k, (list = []));
        list.push(toNode(r));
      }
      return keys.map((k) => map.get(k) ?? []);
    }, { batchScheduleFn });
  }

  return {
    municipality: byId(table('municipality'), municipalityFromRow),
    /**
     * Each city's record counts: the summary kept by every write (analytics/city-summary.ts), or,
     * where it is hidden (PUBLIC_MODE counts only what is published) or missing, counted now — in
     * one statement for all such cities.
     */
    citySummary: new DataLoader<number, Row>(
      async (ids) => {
        const kept = await run(`select * from municipality_summary where municipality_id = any(?)`, [[...ids]]);
        const map = new Map(kept.map((r) => [Number(r.municipality_id), r]));
        const missing = ids.filter((id) => !map.has(id));
        if (missing.length) for (const r of await run(citySummarySelect('m.id = any(?)'), [missing])) map.set(Number(r.id), r);
        return ids.map((id) => map.get(id) ?? {});
      },
      { batchScheduleFn },
    ),
    /** Each city's default fiscal year for a stage (municipality/fiscal-years.ts), every city asked for in one statement. */
    latestFiscalYear: latestFiscalYearLoader(run, { batchScheduleFn }),
    sourceDocument: byId(table('source_document'), SourceDocumentType.fromRow),

    plan: byId(table('plan'), PlanType.fromRow),
    plansByMunicipality: byKey(
      `select *, municipality_id as key__ from plan where municipality_id = any(?) order by start_year, id`,
      PlanType.fromRow,
    ),
    plansByParent: byKey(`select *, parent_id as key__ from plan where parent_id = any(?) order by start_year, id`, PlanType.fromRow),

    policyNode: byId(table('policy_node'), PolicyNodeType.fromRow),
    /** Depth-1 nodes of a plan. */
    rootsByPlan: byKey(
      `select *, plan_id as key__ from policy_node where plan_id = any(?) and parent_id is null order by sort_order, id`,
      PolicyNodeType.fromRow,
    ),
    childrenByNode: byKey(
      `select *, parent_id as key__ from policy_node where parent_id = any(?) order by sort_order, id`,
      PolicyNodeType.fromRow,
    ),
    /** Every node below a node (not itself), by the materialised path. */
    descendantsByNode: byKey(
      `select n.*, root.id as key__ from policy_node root
         join policy_node n on n.plan_id = root.plan_id and n.path like root.path || '%' and n.id <> root.id
        where root.id = any(?) order by n.depth, n.sort_order, n.id`,
      PolicyNodeType.fromRow,
    ),
    policyNodesByLeadDepartment: byKey(
      `select *, lead_department_id as key__ from policy_node where lead_department_id = any(?) order by plan_id, path, id`,
      PolicyNodeType.fromRow,
    ),

    department: byId(table('department'), DepartmentType.fromRow),
    departmentsByParent: byKey(
      `select *, parent_id as key__ from department where parent_id = any(?) order by path, id`,
      DepartmentType.fromRow,
    ),
    relatedDepartmentsByNode: byKey(
      `select d.*, r.policy_node_id as key__ from policy_node_related_department r join department d on d.id = r.department_id
        where r.policy_node_id = any(?) order by r.id`,
      DepartmentType.fromRow,
    ),

    indicator: byId(table('indicator'), IndicatorType.fromRow),
    indicatorsByNode: byKey(
      `select *, policy_node_id as key__ from indicator where policy_node_id = any(?) order by sort_order, id`,
      IndicatorType.fromRow,
    ),
    indicatorsByProject: byKey(
      `select *, project_id as key__ from indicator where project_id = any(?) order by sort_order, id`,
      IndicatorType.fromRow,
    ),
    valuesByIndicator: byKey(
      `select *, indicator_id as key__ from indicator_value where indicator_id = any(?)
        order by fiscal_year, array_position(array['baseline','target','actual'], kind::text), id`,
      IndicatorValueType.fromRow,
    ),

    evaluation: byId(table('evaluation'), EvaluationType.fromRow),
    /** Evaluations without their texts: for answers that select none (see `loadEvaluation`). */
    evaluationHead: byId(
      // sql-safe: a fixed list of column names
      `select ${EVALUATION_HEAD_COLUMNS.join(', ')}, null as achievement, null as issues, null as response, null as comment, null as request, null as other_texts
         from evaluation where id = any(?)`,
      EvaluationType.fromRow,
    ),
    evaluationsByNode: byKey(
      `select *, policy_node_id as key__ from evaluation where policy_node_id = any(?)
        order by fiscal_year, array_position(array['self','secondary','external','council'], stage::text), id`,
      EvaluationType.fromRow,
    ),
    evaluationsByIndicator: byKey(
      `select *, indicator_id as key__ from evaluation where indicator_id = any(?)
        order by fiscal_year, array_position(array['self','secondary','external','council'], stage::text), id`,
      EvaluationType.fromRow,
    ),
    evaluationsByProject: byKey(
      `select *, project_id as key__ from evaluation where project_id = any(?)
        order by fiscal_year, array_position(array['self','secondary','external','council'], stage::text), id`,
      EvaluationType.fromRow,
    ),
    evaluationSubject: new DataLoader<number, EvaluationSubjectInfo | null>(async (ids) => {
      const rows = await run(`select id, subject_name, department_id from evaluation_subject where id = any(?)`, [[...ids]]);
      const map = new Map(rows.map((r) => [Number(r.id), { subjectName: r.subject_name ?? null, departmentId: r.department_id ?? null }]));
      return ids.map((id) => map.get(id) ?? null);
    }, { batchScheduleFn }),

    project: byId(table('project'), ProjectType.fromRow),
    projectsByNode: byKey(
      `select *, policy_node_id as key__ from project where policy_node_id = any(?) order by sort_order, id`,
      ProjectType.fromRow,
    ),
    amountsByProject: byKey(
      `select *, project_id as key__ from project_amount where project_id = any(?)
        order by fiscal_year, array_position(array['settled','budget'], kind::text), id`,
      ProjectAmountType.fromRow,
    ),

    costsByProject: byKey(`select *, project_id as key__ from project_cost where project_id = any(?) order by fiscal_year, id`, ProjectCostType.fromRow),
    sharesByProject: byKey(`select *, project_id as key__ from project_share where project_id = any(?) order by share desc, id`, ProjectShareType.fromRow),

    departmentPolicy: byId(table('department_policy'), DepartmentPolicyType.fromRow),
    initiativesByPolicy: byKey(
      `select *, policy_id as key__ from department_policy_initiative where policy_id = any(?) order by sort_order, id`,
      InitiativeType.fromRow,
    ),
    policiesByDepartment: byKey(
      `select *, department_id as key__ from department_policy where department_id = any(?) order by fiscal_year desc, id`,
      DepartmentPolicyType.fromRow,
    ),
    surveyResultsByNode: byKey(
      `select *, policy_node_id as key__ from survey_result where policy_node_id = any(?) order by fiscal_year, sort_order, id`,
      SurveyResultType.fromRow,
    ),
    yearlyGoalsByNode: byKey(
      `select *, policy_node_id as key__ from yearly_goal where policy_node_id = any(?) order by fiscal_year, id`,
      YearlyGoalType.fromRow,
    ),
    /** Counts of 重点 per depth of a plan's tree (unknown counted apart). */
    priorityCountsByPlan: byKey(
      `select plan_id as key__, depth, count(*) filter (where priority)::int as yes, count(*) filter (where not priority)::int as no,
              count(*) filter (where priority is null)::int as unknown
         from policy_node where plan_id = any(?) group by plan_id, depth order by depth`,
      (r) => ({ depth: Number(r.depth), priority: Number(r.yes), notPriority: Number(r.no), unknown: Number(r.unknown) }),
    ),

    ratingScale: byId(table('rating_scale'), RatingScaleType.fromRow),
    ratingScalesByMunicipality: byKey(
      `select *, municipality_id as key__ from rating_scale where municipality_id = any(?) order by id`,
      RatingScaleType.fromRow,
    ),
    ratingLevel: byId(table('rating_level'), RatingLevelType.fromRow),
    levelsByScale: byKey(
      `select *, scale_id as key__ from rating_level where scale_id = any(?) order by sort_order, id`,
      RatingLevelType.fromRow,
    ),
  };
}

/** The per-request loader registry. */
export type Loaders = ReturnType<typeof createLoaders>;

/** Loads many ids, dropping the ones that do not exist. */
export async function loadAll<T>(loader: DataLoader<number, T | null>, ids: readonly number[]): Promise<T[]> {
  const out = await loader.loadMany(ids);
  return out.filter((x): x is T => x !== null && !(x instanceof Error));
}
