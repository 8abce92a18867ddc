/**
 * Filter inputs shared by list fields and aggregations, and the SQL they become. Filters
 * combine (AND); within one filter a list means "any of". Every value is a bound parameter.
 */
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { STAGES, SUBJECT_KINDS, type Stage } from '../dataset/format.js';
import { FilterError } from './errors.js';
import { LATEST_RATED_YEARS_SQL } from '../municipality/fiscal-years.js';
import { MAX_LIST_ITEMS as MAX_FILTER_LIST, MAX_SEARCH_CHARS } from './limits.js';
import { isValidMunicipalityCode } from '../shared/municipality-code.js';

export enum StageEnum {
  SELF = 'self',
  SECONDARY = 'secondary',
  EXTERNAL = 'external',
  COUNCIL = 'council',
}
registerEnumType(StageEnum, {
  name: 'Stage',
  description: '評価の段階 / Evaluation stage',
  valuesConfig: {
    SELF: { description: '一次評価（主管課による自己評価） / Self-evaluation by the lead department' },
    SECONDARY: { description: '二次評価（企画課など） / Secondary evaluation by the planning division' },
    EXTERNAL: { description: '外部評価（市民委員会など） / External evaluation by a citizens’ committee' },
    COUNCIL: { description: '政策会議 / Policy council' },
  },
});

export enum SubjectKindEnum {
  POLICY_NODE = 'policy_node',
  INDICATOR = 'indicator',
  PROJECT = 'project',
}
registerEnumType(SubjectKindEnum, {
  name: 'SubjectKind',
  description: '評価の対象の種類 / What an evaluation rates',
  valuesConfig: {
    POLICY_NODE: { description: '施策体系のノード / A policy tree node' },
    INDICATOR: { description: '指標 / An indicator' },
    PROJECT: { description: '事業 / A project' },
  },
});

// The enums' values are the database's; keep them in step with the dataset format.
void (STAGES satisfies readonly `${StageEnum}`[]);
void (SUBJECT_KINDS satisfies readonly `${SubjectKindEnum}`[]);

@InputType({ description: '年度の指定（一覧か範囲） / Fiscal years: a list, or a range (from/to inclusive).' })
export class FiscalYearFilter {
  @Field(() => [Int], { nullable: true, description: '年度の一覧（西暦） / Western fiscal years.' })
  in?: number[];

  @Field(() => Int, { nullable: true, description: 'この年度から / From this fiscal year.' })
  from?: number;

  @Field(() => Int, { nullable: true, description: 'この年度まで / Up to this fiscal year.' })
  to?: number;

  @Field(() => StageEnum, {
    nullable: true,
    description:
      '各自治体それぞれの、この段階の評価（対象の種類を問わず、段階のついたもの）がある最新年度。自治体ごとに異なりうる。すべての自治体を1つのSQL文で求める。in・from・to とは併用不可 / ' +
      'Each city’s own latest fiscal year with rated evaluations (of any subject kind) at this stage; it may differ by city, and is worked out for every city in one statement. Not combined with in, from or to.',
  })
  latestRatedStage?: StageEnum;
}

/**
 * Where a subject sits: city, plan, departments, policy nodes. Used by every list and
 * aggregation over evaluations, indicators and projects.
 */
@InputType({ description: '評価・指標・事業の絞り込み / Filter for evaluations, indicators and projects; conditions combine with AND.' })
export class SubjectFilter {
  @Field(() => [String], { nullable: true, description: '自治体コード（複数可） / Municipality codes.' })
  municipalityCodes?: string[];

  @Field(() => [String], { nullable: true, description: '都道府県（複数可。県内のすべての市） / Prefectures: every city in them.' })
  prefectures?: string[];

  @Field(() => [ID], { nullable: true, description: '計画ID / Plan ids.' })
  planIds?: string[];

  @Field(() => [ID], { nullable: true, description: '組織ID（対象の主管課） / Department ids (the subject’s lead department).' })
  departmentIds?: string[];

  @Field(() => Boolean, { defaultValue: true, description: '配下の組織を含める / Include sub-departments.' })
  includeSubDepartments: boolean = true;

  @Field(() => [ID], { nullable: true, description: '施策体系のノードID / Policy node ids.' })
  policyNodeIds?: string[];

  @Field(() => Boolean, { defaultValue: true, description: '配下のノードを含める / Include the nodes’ subtrees.' })
  includeSubtree: boolean = true;

  @Field(() => String, {
    nullable: true,
    description:
      '名称・本文の部分一致検索（日本語可、語の分割なし。評価の検索は2文字以上なら2文字ずつの索引で絞り込む。1文字は索引を使わず、対象の全件を読むため、自治体を指定しないと時間切れ（QUERY_TIMEOUT）になりうる） / Substring search in names and texts. Evaluations: a term of two characters or more is narrowed by an index of every two-character substring; a one-character term reads every evaluation in the filter (name cities, or it may end in QUERY_TIMEOUT at the request budget).',
  })
  search?: string;

  @Field(() => Boolean, { nullable: true, description: '出典で確定できない記録のみ（true）／除く（false） / Only (true) or no (false) uncertain records.' })
  uncertain?: boolean;
}

@InputType({ description: '評価の絞り込み / Evaluation filter.' })
export class EvaluationFilter extends SubjectFilter {
  @Field(() => FiscalYearFilter, { nullable: true, description: '年度 / Fiscal years.' })
  fiscalYears?: FiscalYearFilter;

  @Field(() => [StageEnum], { nullable: true, description: '評価の段階 / Stages.' })
  stages?: StageEnum[];

  @Field(() => [String], { nullable: true, description: '評価尺度のキー / Rating scale keys.' })
  scaleKeys?: string[];

  @Field(() => [String], { nullable: true, description: '評価の段階コード（A、B、高…） / Rating level codes.' })
  levelCodes?: string[];

  @Field(() => [SubjectKindEnum], { nullable: true, description: '対象の種類 / Subject kinds.' })
  subjectKinds?: SubjectKindEnum[];
}

/** The evaluation texts a search reads, in the order the bigram index joins them (Migration20261228000000_stage_pairs_and_search). */
export const EVALUATION_SEARCH_COLUMNS = ['achievement', 'issues', 'response', 'comment', 'request'] as const;

/**
 * The expression of a bigram index (`text_bigrams`: every two-character substring) over text
 * columns, lowercased and joined by spaces; with `alias` ("es.") as a query writes it. A query
 * must write exactly the index's expression for PostgreSQL to use the index.
 */
export function bigramIndexExpression(columns: readonly string[], alias = ''): string {
  return `text_bigrams(lower(${columns.map((c) => `coalesce(${alias}${c}, '')`).join(` || ' ' || `)}))`;
}

/** SQL pieces: `where` is ANDed conditions with `?` placeholders. */
export interface SqlScope {
  where: string[];
  bindings: unknown[];
}

/** Items of a list filter: the one limit on every list a client sends (graphql/limits.ts), checked here again for in-process callers. */
export { MAX_LIST_ITEMS as MAX_FILTER_LIST } from './limits.js';

function ints(ids: string[] | undefined, field: string): number[] | undefined {
  if (!ids) return undefined;
  if (ids.length > MAX_FILTER_LIST) throw new FilterError(field, `${MAX_FILTER_LIST}件までです / at most ${MAX_FILTER_LIST} values`);
  return ids.map((id) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) throw new FilterError(field, `"${id}" はIDではありません / "${id}" is not an id`);
    return n;
  });
}

/** `like` pattern for a substring, with the wildcard characters escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The operator for a search term: `ilike`, or `like` when the term has no letter that has a case
 * (防災, 健康づくり, 2024): then the two match the same rows, and `like` compares bytes where
 * `ilike` first lowercases every text it looks at (a quarter of a city's text search).
 */
export function likeOperator(text: string): 'like' | 'ilike' {
  return text.toLowerCase() === text && text.toUpperCase() === text ? 'like' : 'ilike';
}

/**
 * Conditions on a subject whose policy node, lead department and municipality are available
 * as the SQL expressions given (e.g. `pn.path`, `pn.lead_department_id`).
 */
export function subjectScope(
  f: SubjectFilter | undefined,
  cols: { municipalityId: string; planId: string; nodeId: string; nodePath: string; departmentId: string; uncertain: string; searchText: string[] },
): SqlScope {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (!f) return { where, bindings };
  /** The city of the plans, departments or nodes named, stated too (it is implied) so the planner can start from it. */
  const cityOf = (table: 'plan' | 'department' | 'policy_node', ids: number[]) => {
    // sql-safe: table is one of three literal names (its type), ids are bound
    if (ids.length === 1) where.push(`${cols.municipalityId} = (select municipality_id from ${table} where id = ?)`);
    // sql-safe: table is one of three literal names (its type), ids are bound
    else where.push(`${cols.municipalityId} = any(array(select distinct municipality_id from ${table} where id = any(?)))`);
    bindings.push(ids.length === 1 ? ids[0] : ids);
  };
  if (f.municipalityCodes?.length) {
    checkMunicipalityCodeFormat(f.municipalityCodes, 'municipalityCodes');
    // An InitPlan (`= (select …)`, `= any(array(…))`), not `in (select …)`: the planner then starts from
    // the city's rows through an index and, for one city, estimates their number right.
    if (f.municipalityCodes.length === 1) {
      where.push(`${cols.municipalityId} = (select id from municipality where code = ?)`);
      bindings.push(f.municipalityCodes[0]);
    } else {
      where.push(`${cols.municipalityId} = any(array(select id from municipality where code = any(?)))`);
      bindings.push(f.municipalityCodes);
    }
  }
  if (f.prefectures?.length) {
    if (f.prefectures.length > 47) throw new FilterError('prefectures', '47件までです / at most 47 values');
    where.push(`${cols.municipalityId} = any(array(select id from municipality where prefecture = any(?)))`);
    bindings.push(f.prefectures);
  }
  const plans = ints(f.planIds, 'planIds');
  if (plans?.length) {
    // The owning city is implied; stated, it lets the planner start from the city's rows (an index) at national scale.
    where.push(`${cols.planId} = any(?)`);
    bindings.push(plans);
    cityOf('plan', plans);
  }
  const depts = ints(f.departmentIds, 'departmentIds');
  if (depts?.length) {
    if (f.includeSubDepartments) {
      where.push(`${cols.departmentId} in (select d.id from department d join department root on d.municipality_id = root.municipality_id and d.path like root.path || '%' where root.id = any(?))`);
    } else where.push(`${cols.departmentId} = any(?)`);
    bindings.push(depts);
    cityOf('department', depts);
  }
  const nodes = ints(f.policyNodeIds, 'policyNodeIds');
  if (nodes?.length) {
    if (f.includeSubtree) {
      where.push(`exists (select 1 from policy_node root where root.id = any(?) and ${cols.nodePath} like root.path || '%')`);
    } else where.push(`${cols.nodeId} = any(?)`);
    bindings.push(nodes);
    cityOf('policy_node', nodes);
  }
  if (f.uncertain !== undefined && f.uncertain !== null) {
    where.push(`${cols.uncertain} = ?`);
    bindings.push(f.uncertain);
  }
  const text = searchTerm(f.search);
  if (text) {
    const op = likeOperator(text);
    // sql-safe: op is one of two keywords (likeOperator); the pattern is bound
    where.push(`(${cols.searchText.map((c) => `${c} ${op} ?`).join(' or ')})`);
    for (let i = 0; i < cols.searchText.length; i++) bindings.push(likePattern(text));
  }
  return { where, bindings };
}

/** A copy of a filter input (same class) with some fields replaced. */
export function withFields<T extends object>(f: T, patch: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(f)) as T, f, patch);
}

/** The search text of a filter, trimmed; null when none. */
function searchTerm(search: string | null | undefined): string | null {
  if (search === undefined || search === null) return null;
  const text = search.trim();
  if (text.length > MAX_SEARCH_CHARS) throw new FilterError('search', `${MAX_SEARCH_CHARS}文字までです / at most ${MAX_SEARCH_CHARS} characters`);
  if (text.includes('\0')) throw new FilterError('search', '使えない文字（NUL）が含まれています / contains the NUL character');
  return text || null;
}

/**
 * The conditions of a year filter on `column` (`alias.fiscal_year`). `latestRatedStage` reads the
 * row's city from `alias.municipality_id` (every table carries it) and keeps each city's own latest
 * rated year (`LATEST_RATED_YEARS_SQL`).
 */
export function fiscalYearScope(f: FiscalYearFilter | undefined, column: string): SqlScope {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (!f) return { where, bindings };
  if (f.latestRatedStage) {
    if (f.in?.length || f.from != null || f.to != null)
      throw new FilterError('fiscalYears.latestRatedStage', 'in・from・to と同時には指定できません / cannot be combined with in, from or to');
    const city = column.replace(/\.fiscal_year$/, '.municipality_id');
    if (city === column) throw new Error(`fiscalYearScope: ${column} is not an alias's fiscal_year`);
    // sql-safe: both columns are the caller's fixed expressions; the stage is bound
    where.push(`(${city}, ${column}) in (${LATEST_RATED_YEARS_SQL})`);
    bindings.push(f.latestRatedStage);
  }
  checkFiscalYears(f, 'fiscalYears');
  if (f.in?.length) {
    where.push(`${column} = any(?)`);
    bindings.push(f.in);
  }
  if (f.from !== undefined && f.from !== null) {
    where.push(`${column} >= ?`);
    bindings.push(f.from);
  }
  if (f.to !== undefined && f.to !== null) {
    where.push(`${column} <= ?`);
    bindings.push(f.to);
  }
  return { where, bindings };
}

/** The fiscal years a filter may name: the tables' own bounds (`fiscal_year between 1989 and 2100`), as `fiscalYear` arguments have. */
export const FISCAL_YEAR_RANGE = { min: 1989, max: 2100 } as const;

/**
 * Refuses a year filter's `in`, `from` and `to` outside FISCAL_YEAR_RANGE, too many years, and
 * `from` after `to`, naming the argument (`path`, e.g. `filter.fiscalYears`) and the value.
 */
export function checkFiscalYears(f: FiscalYearFilter, path: string): void {
  const { min, max } = FISCAL_YEAR_RANGE;
  const year = (v: number | null | undefined, where: string) => {
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < min || v > max))
      throw new FilterError(where, `${min}から${max}の年度を指定してください（指定: ${v}） / must be a fiscal year from ${min} to ${max} (got ${v})`);
  };
  if (f.in && f.in.length > MAX_FILTER_LIST) throw new FilterError(`${path}.in`, `${MAX_FILTER_LIST}件までです / at most ${MAX_FILTER_LIST} values`);
  f.in?.forEach((v, i) => year(v, `${path}.in[${i}]`));
  year(f.from, `${path}.from`);
  year(f.to, `${path}.to`);
  if (f.from != null && f.to != null && f.from > f.to) throw new FilterError(path, `from (${f.from}) が to (${f.to}) より後です / from is after to`);
}

/**
 * Refuses municipality codes that are not 全国地方公共団体コード (6 digits with the check digit),
 * naming the argument (`path`, e.g. `filter.municipalityCodes`) and the item.
 */
export function checkMunicipalityCodeFormat(codes: readonly string[], path: string): void {
  if (codes.length > MAX_FILTER_LIST) throw new FilterError(path, `${MAX_FILTER_LIST}件までです / at most ${MAX_FILTER_LIST} values`);
  codes.forEach((code, i) => {
    if (!isValidMunicipalityCode(code))
      throw new FilterError(
        `${path}[${i}]`,
        `「${code}」は自治体コードではありません（6桁の全国地方公共団体コード、6桁目は検査数字。例 伊勢崎市 102041） / "${code}" is not a municipality code (6 digits of the national local-government code, the last a check digit; e.g. 102041)`,
      );
  });
}

/**
 * The evaluations a filter selects, as a SQL fragment over the view `evaluation_subject` (one
 * row per evaluation with its subject's policy node, path, lead department and plan).
 * Alias: `es`.
 */
export function evaluationScope(f: EvaluationFilter | undefined): SqlScope {
  const text = searchTerm(f?.search);
  const s = subjectScope(text && f ? withFields(f, { search: undefined }) : f, {
    municipalityId: 'es.municipality_id',
    planId: 'es.plan_id',
    nodeId: 'es.subject_node_id',
    nodePath: 'es.subject_node_path',
    departmentId: 'es.department_id',
    uncertain: 'es.uncertain',
    searchText: [],
  });
  const y = fiscalYearScope(f?.fiscalYears, 'es.fiscal_year');
  const where = [...s.where, ...y.where];
  const bindings = [...s.bindings, ...y.bindings];
  if (text) {
    // The texts, or the subject's name. An evaluation has exactly one subject (a check
    // constraint), so its name matches when its indicator, project or node is among those whose
    // name matches: small lookups (in the filter's cities) instead of the view's joins, and
    // the evaluations themselves read without the view.
    const pattern = likePattern(text);
    const op = likeOperator(text);
    const codes = f?.municipalityCodes ?? [];
    const city = codes.length === 1 ? ' and municipality_id = (select id from municipality where code = ?)' : codes.length ? ' and municipality_id = any(array(select id from municipality where code = any(?)))' : '';
    const cityBinding = codes.length === 1 ? [codes[0]] : codes.length ? [codes] : [];
    const texts = EVALUATION_SEARCH_COLUMNS.map((c) => `es.${c}`);
    // Two characters or more over every city: narrowed by the bigram indexes (every bigram of the
    // term is in the text), then the exact match. One character has no bigram: the match alone
    // (no index). Within chosen cities, their rows come by the city's index and the match alone is
    // cheaper: computing each matching row's bigrams made a one-city search 11.7x its floor.
    const indexed = [...text].length >= 2 && codes.length === 0;
    // Written after the exact match: a scan in page order then computes the bigrams only of the
    // rows that match (an AND inside an OR is evaluated as written); an index uses it either way.
    const narrow = (expr: string) => (indexed ? ` and ${expr} @> text_bigrams(lower(?::text))` : '');
    const narrowBinding = indexed ? [text] : [];
    // `= any(array(…))`: each subject kind's matches are an index condition on the evaluations
    // (with the texts' bigram index, a BitmapOr), not a filter applied to every row.
    const subjects = ([['es.indicator_id', 'indicator'], ['es.project_id', 'project'], ['es.policy_node_id', 'policy_node']] as const).map(
      // sql-safe: column and table are the literal pairs above, op one of two keywords; the pattern and the cities are bound
      ([column, table]) => `${column} = any(array(select id from ${table} where name ${op} ?${narrow(bigramIndexExpression(['name']))}${city}))`,
    );
    // sql-safe: op is one of two keywords (likeOperator); the index expression is fixed text
    where.push(`(((${texts.map((c) => `${c} ${op} ?`).join(' or ')})${narrow(bigramIndexExpression(EVALUATION_SEARCH_COLUMNS, 'es.'))}) or ${subjects.join(' or ')})`);
    bindings.push(...texts.map(() => pattern), ...narrowBinding, ...[0, 1, 2].flatMap(() => [pattern, ...narrowBinding, ...cityBinding]));
  }
  if (f?.stages?.length) {
    where.push('es.stage = any(?)');
    bindings.push(f.stages as Stage[]);
  }
  if (f?.scaleKeys?.length) {
    where.push('es.scale_key = any(?)');
    bindings.push(f.scaleKeys);
  }
  if (f?.levelCodes?.length) {
    where.push('es.level_code = any(?)');
    bindings.push(f.levelCodes);
  }
  if (f?.subjectKinds?.length) {
    where.push('es.subject_kind = any(?)');
    bindings.push(f.subjectKinds);
  }
  return { where, bindings };
}

/** Columns the view evaluation_subject passes through from `evaluation` unchanged. */
const EVALUATION_OWN_COLUMNS = new Set([
  'id', 'municipality_id', 'subject_kind', 'policy_node_id', 'indicator_id', 'project_id', 'fiscal_year', 'stage', 'scale_id', 'level_id', 'uncertain',
  'achievement', 'issues', 'response', 'comment', 'request',
]);

/**
 * `evaluation es` when the given SQL (conditions, selected columns) reads only the evaluation's
 * own columns through `es.`, else the view `evaluation_subject es`. The view's six joins cost
 * planning and execution (under row-level security each joined table brings its policy) even
 * where the planner cannot remove them.
 */
export function evaluationSource(...sql: readonly string[]): string {
  for (const part of sql) for (const m of part.matchAll(/\bes\.(\w+)/g)) if (!EVALUATION_OWN_COLUMNS.has(m[1]!)) return 'evaluation_subject es';
  return 'evaluation es';
}

/** `where a and b …` or an empty string. */
export const whereSql = (s: SqlScope) => (s.where.length ? `where ${s.where.join(' and ')}` : '');
