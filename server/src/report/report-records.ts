/**
 * The annual report's records beyond ratings and indicators (issue 20): the city's department
 * policies of the year (部局運営方針, in full), per node of the plan its citizen-survey rows and
 * goals per year, and the plan's count of 重点 with the unknown ones apart. Every record carries
 * its source (document, line, page, note), so the report's screen view can open the line that
 * printed it. Five statements, run together.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { executePrepared } from '../graphql/loaders.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('ReportSource', { description: '報告書の記録の出典（文書・行・ページ・注記） / Where a record of the report was printed: document, lines, page and note.' })
export class ReportSourceType {
  @Field(() => ID, { description: '出典文書のID / Source document id.' })
  documentId!: string;
  @Field(() => String, { description: '出典文書の表題 / Document title.' })
  document!: string;
  @Field(() => Boolean, { description: '生成データの文書 / A generated document.' })
  generated!: boolean;
  @Field(() => Int, { nullable: true, description: '行 / Line.' })
  line!: number | null;
  @Field(() => Int, { nullable: true, description: '終わりの行 / Last line.' })
  lineEnd!: number | null;
  @Field(() => Int, { nullable: true, description: 'ページ / Page.' })
  page!: number | null;
  @Field(() => String, { nullable: true, description: '出典の注記 / Note.' })
  note!: string | null;
  @Field(() => Boolean, { description: '出典で確定できない記録 / Not settled by the document.' })
  uncertain!: boolean;
}

/** The source of a row read with `sourceColumns(alias)` (null where it names no document). */
export function sourceOf(r: SqlRow, prefix = 'src_'): ReportSourceType | null {
  if (r[`${prefix}doc`] == null) return null;
  return Object.assign(new ReportSourceType(), {
    documentId: String(r[`${prefix}doc`]),
    document: String(r[`${prefix}title`]),
    generated: Boolean(r[`${prefix}generated`]),
    line: r[`${prefix}line`] ?? null,
    lineEnd: r[`${prefix}line_end`] ?? null,
    page: r[`${prefix}page`] ?? null,
    note: r[`${prefix}note`] ?? null,
    uncertain: Boolean(r[`${prefix}uncertain`]),
  });
}

/**
 * The select-list part giving a record's source for `sourceOf`: `alias` is the record's table,
 * `doc` the alias of a joined source_document (`left join source_document doc on doc.id = alias.source_document_id`).
 */
export function sourceColumns(alias: string, doc: string, prefix = 'src_'): string {
  // sql-safe: aliases are fixed names given by the report's own statements
  return [
    `${doc}.id as ${prefix}doc`,
    `${doc}.title as ${prefix}title`,
    `${doc}.generated as ${prefix}generated`,
    `${alias}.source_line as ${prefix}line`,
    `${alias}.source_line_end as ${prefix}line_end`,
    `${alias}.source_page as ${prefix}page`,
    `${alias}.source_note as ${prefix}note`,
    `${alias}.uncertain as ${prefix}uncertain`,
  ].join(', ');
}

@ObjectType('ReportInitiative', { description: '部局運営方針の取組 / An initiative of a department policy.' })
export class ReportInitiativeType {
  @Field(() => String, { description: '区分 / Category.' })
  category!: string;
  @Field(() => String, { description: '表題 / Title.' })
  title!: string;
  @Field(() => String, { description: '本文 / Body.' })
  body!: string;
  @Field(() => ReportSourceType, { nullable: true, description: '出典 / Source.' })
  source!: ReportSourceType | null;
}

@ObjectType('ReportDepartmentPolicy', { description: '報告年度の部局運営方針（全文） / A department policy of the report’s year, in full.' })
export class ReportDepartmentPolicyType {
  @Field(() => ID, { description: '部局運営方針のID / Policy id.' })
  id!: string;
  @Field(() => ID, { description: '部局のID / Department id.' })
  departmentId!: string;
  @Field(() => String, { description: '部局 / Department.' })
  department!: string;
  @Field(() => String, { description: '部局運営に関する基本的考え方 / Basic approach.' })
  basicApproach!: string;
  @Field(() => [ReportInitiativeType], { description: '取組（印字の順） / Initiatives, as printed.' })
  initiatives!: ReportInitiativeType[];
  @Field(() => ReportSourceType, { nullable: true, description: '出典 / Source.' })
  source!: ReportSourceType | null;
}

@ObjectType('ReportSurveyResult', { description: '施策についての市民意識調査の結果 / A citizen survey row about a measure.' })
export class ReportSurveyResultType {
  @Field(() => ID, { description: 'ID / Id.' })
  id!: string;
  @Field(() => ID, { description: '施策（ノード）のID / The node it is about.' })
  nodeId!: string;
  @Field(() => Int, { description: '調査の年度（西暦） / Fiscal year of the survey.' })
  fiscalYear!: number;
  @Field(() => String, { description: '調査名 / Survey.' })
  survey!: string;
  @Field(() => String, { description: '数えたもの / What was counted.' })
  question!: string;
  @Field(() => String, { description: '項目 / Item.' })
  item!: string;
  @Field(() => Int, { nullable: true, description: '回答者数 / Respondents.' })
  respondents!: number | null;
  @Field(() => Int, { nullable: true, description: '人数 / Count.' })
  count!: number | null;
  @Field(() => Float, { nullable: true, description: '割合（%） / Share (percent).' })
  percent!: number | null;
  @Field(() => Int, { nullable: true, description: '順位 / Rank.' })
  rank!: number | null;
  @Field(() => Int, { nullable: true, description: '順位の母数 / Items ranked.' })
  rankOf!: number | null;
  @Field(() => ReportSourceType, { nullable: true, description: '出典 / Source.' })
  source!: ReportSourceType | null;
}

@ObjectType('ReportYearlyGoal', { description: '施策の各年度の目標 / A measure’s goal for one year.' })
export class ReportYearlyGoalType {
  @Field(() => ID, { description: 'ID / Id.' })
  id!: string;
  @Field(() => ID, { description: '施策（ノード）のID / The node whose goal it is.' })
  nodeId!: string;
  @Field(() => Int, { description: '年度（西暦） / Fiscal year.' })
  fiscalYear!: number;
  @Field(() => String, { description: '目標 / Goal.' })
  goal!: string;
  @Field(() => ReportSourceType, { nullable: true, description: '出典 / Source.' })
  source!: ReportSourceType | null;
}

@ObjectType('ReportPriorityCount', { description: '計画の施策体系の重点の数（不明は重点に数えない） / Counts of 重点 in the plan’s tree; unknown ones are not counted as 重点.' })
export class ReportPriorityCountType {
  @Field(() => Int, { description: '重点 / Priority nodes.' })
  priority!: number;
  @Field(() => Int, { description: '重点かどうか不明 / Nodes whose 重点 is unknown.' })
  unknown!: number;
}

export interface ReportRecords {
  departmentPolicies: ReportDepartmentPolicyType[];
  surveyResults: ReportSurveyResultType[];
  yearlyGoals: ReportYearlyGoalType[];
  priorityCount: ReportPriorityCountType;
}

/** The report's department policies of `year` and the plan's survey rows and goals, with their sources. */
export async function reportRecords(em: EntityManager, municipalityId: number, planId: number, year: number): Promise<ReportRecords> {
  // sql-safe: sourceColumns() writes fixed column names for the fixed aliases given here; every value is a ? binding
  const [policies, initiatives, survey, goals, priority] = await Promise.all([
    executePrepared<SqlRow[]>(
      em,
      `select dp.id, dp.department_id, d.name as department, dp.basic_approach, ${sourceColumns('dp', 'doc')}
         from department_policy dp join department d on d.id = dp.department_id
         left join source_document doc on doc.id = dp.source_document_id
        where dp.municipality_id = ? and dp.fiscal_year = ?
        order by d.path, dp.id`,
      [municipalityId, year],
    ),
    executePrepared<SqlRow[]>(
      em,
      `select x.policy_id, x.category, x.title, x.body, ${sourceColumns('x', 'doc')}
         from department_policy_initiative x join department_policy dp on dp.id = x.policy_id
         left join source_document doc on doc.id = x.source_document_id
        where x.municipality_id = ? and dp.fiscal_year = ?
        order by x.policy_id, x.sort_order`,
      [municipalityId, year],
    ),
    executePrepared<SqlRow[]>(
      em,
      `select s.*, ${sourceColumns('s', 'doc')}
         from survey_result s join policy_node pn on pn.id = s.policy_node_id
         left join source_document doc on doc.id = s.source_document_id
        where s.municipality_id = ? and pn.plan_id = ? and s.fiscal_year <= ?
        order by pn.sort_order, pn.id, s.fiscal_year, s.sort_order, s.id`,
      [municipalityId, planId, year],
    ),
    executePrepared<SqlRow[]>(
      em,
      `select g.*, ${sourceColumns('g', 'doc')}
         from yearly_goal g join policy_node pn on pn.id = g.policy_node_id
         left join source_document doc on doc.id = g.source_document_id
        where g.municipality_id = ? and pn.plan_id = ?
        order by pn.sort_order, pn.id, g.fiscal_year`,
      [municipalityId, planId],
    ),
    executePrepared<SqlRow[]>(
      em,
      `select count(*) filter (where priority)::int as priority, count(*) filter (where priority is null)::int as unknown
         from policy_node where municipality_id = ? and plan_id = ?`,
      [municipalityId, planId],
    ),
  ]);
  const byPolicy = new Map<string, ReportInitiativeType[]>();
  for (const r of initiatives) {
    const list = byPolicy.get(String(r.policy_id)) ?? [];
    list.push(Object.assign(new ReportInitiativeType(), { category: r.category, title: r.title, body: r.body, source: sourceOf(r) }));
    byPolicy.set(String(r.policy_id), list);
  }
  return {
    departmentPolicies: policies.map((r) =>
      Object.assign(new ReportDepartmentPolicyType(), {
        id: String(r.id),
        departmentId: String(r.department_id),
        department: r.department,
        basicApproach: r.basic_approach,
        initiatives: byPolicy.get(String(r.id)) ?? [],
        source: sourceOf(r),
      }),
    ),
    surveyResults: survey.map((r) =>
      Object.assign(new ReportSurveyResultType(), {
        id: String(r.id),
        nodeId: String(r.policy_node_id),
        fiscalYear: Number(r.fiscal_year),
        survey: r.survey,
        question: r.question,
        item: r.item,
        respondents: r.respondents ?? null,
        count: r.count ?? null,
        percent: r.percent ?? null,
        rank: r.rank ?? null,
        rankOf: r.rank_of ?? null,
        source: sourceOf(r),
      }),
    ),
    yearlyGoals: goals.map((r) =>
      Object.assign(new ReportYearlyGoalType(), { id: String(r.id), nodeId: String(r.policy_node_id), fiscalYear: Number(r.fiscal_year), goal: r.goal, source: sourceOf(r) }),
    ),
    priorityCount: Object.assign(new ReportPriorityCountType(), { priority: Number(priority[0]?.priority ?? 0), unknown: Number(priority[0]?.unknown ?? 0) }),
  };
}
