/**
 * The canonical dataset format (データセット形式): one file describes one city's plan data
 * for one or more fiscal years. JSON files are parsed straight into this schema; Excel
 * workbooks are read sheet by sheet into the same shape (see `xlsx.ts`).
 *
 * Records carry stable keys (the city's own codes where it prints them), so importing the
 * same file twice changes nothing and next year's file adds to what is there.
 * The reference page with every field is docs/dataset-format.md.
 */
import { z } from 'zod';
import { TAXONOMY_SCHEMES } from '../comparison/taxonomy-classes.js';

/** Format version written in every file; bumped when a field changes meaning. */
export const FORMAT_VERSION = 1;

const key = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/]([^/]*[^\s/])?$/, 'key must not be blank, contain "/", or start/end with spaces');

/** The largest line or page number a source can have (fits the database's integer columns). */
const MAX_LINE = 10_000_000;

/** A Western fiscal year (年度): April of `year` to March of `year + 1`. */
export const fiscalYear = z.number().int().min(1989).max(2100);

/**
 * Where a record came from: the document (by its key in `documents`) and the 1-based line
 * of the source text, plus an optional note. `uncertain` marks a value the document itself
 * does not settle (say which and why in `note`).
 */
export const provenance = z
  .object({
    document: key,
    line: z.number().int().min(1).max(MAX_LINE).optional(),
    lineEnd: z.number().int().min(1).max(MAX_LINE).optional(),
    page: z.number().int().min(1).max(MAX_LINE).optional(),
    note: z.string().max(2000).optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();
export type Provenance = z.infer<typeof provenance>;

/**
 * Where the pages of a document's text begin: the line each page starts on and its number,
 * printed by the document (`printed`) or counted from its first page. A record's page is the
 * page its line falls on, unless its provenance names one.
 */
export const documentPage = z
  .object({
    line: z.number().int().min(1).max(MAX_LINE),
    number: z.number().int().min(1).max(MAX_LINE),
    printed: z.boolean().default(false),
  })
  .strict();
export type DocumentPage = z.infer<typeof documentPage>;

/** The most pages a document may list (the page map is one column of its row). */
export const MAX_DOCUMENT_PAGES = 5000;

export const documentRecord = z
  .object({
    key,
    title: z.string().min(1),
    /** File name of the source (PDF or its extracted text). */
    file: z.string().optional(),
    url: z.string().url().optional(),
    /** ISO date the document was issued (YYYY-MM-DD), if printed. */
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** True for data made by the generator: shown with a "generated" badge everywhere. */
    generated: z.boolean().default(false),
    /** Where each page of the text begins (lines ascending). */
    pages: z.array(documentPage).max(MAX_DOCUMENT_PAGES).optional(),
  })
  .strict();

export const CITY_CATEGORIES = ['designated_city', 'core_city', 'special_case_city', 'city', 'town_village'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

/**
 * A city's attributes for choosing peers: population and area with their reference dates, its
 * category (政令指定都市 designated_city, 中核市 core_city, 施行時特例市 special_case_city, 一般市 city,
 * 町村 town_village) and 類似団体 group. `source` says where the figures come from; `uncertain`
 * with a Japanese `note` where they could not be verified.
 */
export const cityAttributes = z
  .object({
    population: z.number().int().min(0).max(50_000_000).optional(),
    populationAsOf: isoDate.optional(),
    areaKm2: z.number().positive().max(100_000).optional(),
    areaAsOf: isoDate.optional(),
    category: z.enum(CITY_CATEGORIES).optional(),
    similarGroup: z.string().min(1).max(100).optional(),
    source: z.string().max(2000).optional(),
    note: z.string().max(2000).optional(),
    uncertain: z.boolean().optional(),
  })
  .strict();
export type CityAttributes = z.infer<typeof cityAttributes>;

export const municipalityRecord = z
  .object({
    /** 全国地方公共団体コード: 6 digits including the check digit (e.g. 102041 for 伊勢崎市). */
    code: z.string().regex(/^\d{6}$/, 'municipality code must be 6 digits (全国地方公共団体コード)'),
    name: z.string().min(1),
    nameKana: z.string().optional(),
    nameEn: z.string().optional(),
    prefecture: z.string().min(1),
    generated: z.boolean().default(false),
    /** Left as stored when omitted. */
    attributes: cityAttributes.optional(),
  })
  .strict();

export const PLAN_KINDS = ['comprehensive', 'basic', 'implementation', 'strategic', 'priority', 'other'] as const;

export const planRecord = z
  .object({
    key,
    name: z.string().min(1),
    kind: z.enum(PLAN_KINDS),
    /** The enclosing plan (e.g. a 後期基本計画 inside the 総合計画). */
    parent: key.optional(),
    startYear: fiscalYear,
    endYear: fiscalYear,
    /** Names of the tree levels from the top, e.g. ["基本政策","政策","施策","施策の展開","主な取組"]. */
    levels: z.array(z.string().min(1)).min(1).max(10),
    provenance,
  })
  .strict();

export const DEPARTMENT_KINDS = ['部', '本部', '課', '室', '局', '事務局', '委員会', '学校', 'その他'] as const;

export const departmentRecord = z
  .object({
    key,
    name: z.string().min(1),
    kind: z.enum(DEPARTMENT_KINDS).default('課'),
    parent: key.optional(),
    provenance: provenance.optional(),
  })
  .strict();

export const policyNodeRecord = z
  .object({
    key,
    plan: key,
    parent: key.optional(),
    /** Depth in the tree, 1 = top level; names come from the plan's `levels`. */
    depth: z.number().int().min(1).max(10),
    /** The code the city prints (1-2-3, 6-1, ①), if any. */
    code: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    leadDepartment: key.optional(),
    relatedDepartments: z.array(key).default([]),
    /** 重点 (priority): true or false, or null where the document does not settle it (shown as 不明). */
    priority: z.boolean().nullable().default(false),
    sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    provenance,
  })
  .strict();

export const VALUE_KINDS = ['baseline', 'target', 'actual'] as const;
export const QUALIFIERS = ['at_most', 'at_least', 'approx'] as const;

/**
 * One part of a value printed in several parts (BOD at three rivers, 児童 and 生徒): its label as
 * printed, its number and its text. The value's own `text` keeps the whole as printed.
 */
export const valuePart = z
  .object({
    label: z.string().min(1).max(200),
    value: z.number().finite().nullable(),
    unit: z.string().max(50).optional(),
    text: z.string().max(2000),
  })
  .strict();
export type ValuePart = z.infer<typeof valuePart>;

/** The most parts one value may have. */
export const MAX_VALUE_PARTS = 20;

export const indicatorValueRecord = z
  .object({
    fiscalYear,
    kind: z.enum(VALUE_KINDS),
    /** The parsed number, or null when the document prints no number ("-", "ー", text). */
    value: z.number().finite().nullable(),
    /** The text exactly as printed, e.g. "60.5人(R3年)", "30％以内", "70人 (H30-R6)". */
    text: z.string(),
    /** A year the value itself refers to when it differs from the column's year, e.g. "R3年" → 2021. */
    observedYear: z.number().int().min(1900).max(2100).optional(),
    /** The printed note about that year, e.g. "(R3年)". */
    yearNote: z.string().optional(),
    /** 以内 = at_most, 以上 = at_least, 程度/約 = approx. */
    qualifier: z.enum(QUALIFIERS).optional(),
    /** A cumulative span the value covers (70人 (H30-R6) → 2018..2024). */
    spanFrom: fiscalYear.optional(),
    spanTo: fiscalYear.optional(),
    /** An achievement rate printed by the document beside this value (percent, e.g. 93.7). */
    printedAchievement: z.number().finite().optional(),
    printedAchievementText: z.string().optional(),
    /** The parts of a value printed in several parts, in printed order (at least two). */
    parts: z.array(valuePart).min(2).max(MAX_VALUE_PARTS).optional(),
    provenance: provenance.optional(),
  })
  .strict();

export const DIRECTIONS = ['higher_is_better', 'lower_is_better', 'maintain', 'unknown'] as const;
export const INDICATOR_KINDS = ['outcome', 'activity', 'unknown'] as const;

export const indicatorRecord = z
  .object({
    key,
    /** The policy node it measures (or use `project`). */
    policyNode: key.optional(),
    project: key.optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    unit: z.string().optional(),
    direction: z.enum(DIRECTIONS).default('higher_is_better'),
    kind: z.enum(INDICATOR_KINDS).default('unknown'),
    /** 出典, e.g. "市民協働課調べ". */
    source: z.string().optional(),
    isKpi: z.boolean().default(false),
    sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    values: z.array(indicatorValueRecord).default([]),
    provenance,
  })
  .strict();

/** A rule the city states for deriving a rating, stored on the scale it produces. */
export const ratingRule = z.discriminatedUnion('kind', [
  z
    .object({
      /** Indicator outlook by achievement: A ≥ 100 %, B ≥ 80 % … (伊勢崎). */
      kind: z.literal('achievementBands'),
      /** Bands from the highest; a rate ≥ minPercent gets the level. */
      bands: z.array(z.object({ level: z.string(), minPercent: z.number() }).strict()).min(1),
      /** Level when the indicator could not be measured ("-"). */
      unmeasuredLevel: z.string().optional(),
      /** Which target year's value to compare with (e.g. FY2024 target vs FY2022 actual). */
      actualYear: fiscalYear.optional(),
      targetYear: fiscalYear.optional(),
    })
    .strict(),
  z
    .object({
      /** Mean of input ratings' scores against thresholds (伊勢崎 定量評価 / 定性評価). */
      kind: z.literal('meanScore'),
      /** Scale of the input ratings. */
      inputScale: key,
      /** Where the inputs come from: the subject's indicators or its child nodes. */
      inputs: z.enum(['indicators', 'children']),
      /**
       * Levels of the input scale the city leaves out of the mean (伊勢崎: an indicator rated "-",
       * not measured). Every input level without a score must be listed here.
       */
      excludedLevels: z.array(z.string()).optional(),
      /** From the highest; mean > min (or ≥ min when inclusive) gets the level. */
      thresholds: z.array(z.object({ level: z.string(), min: z.number(), inclusive: z.boolean() }).strict()).min(1),
      otherwise: z.string(),
    })
    .strict(),
]);
export type RatingRule = z.infer<typeof ratingRule>;

export const SUBJECT_KINDS = ['policy_node', 'indicator', 'project'] as const;

export const ratingScaleRecord = z
  .object({
    key,
    name: z.string().min(1),
    description: z.string().optional(),
    subjectKind: z.enum(SUBJECT_KINDS),
    levels: z
      .array(
        z
          .object({
            code: z.string().min(1).max(20),
            label: z.string().min(1),
            description: z.string().optional(),
            /** Higher is better; null where the city gives no score. */
            score: z.number().nullable().default(null),
            /** #rrggbb; the dashboard also prints the code, colour is never the only signal. */
            color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
            /** Counts as on track when cities are compared; derived from the score when omitted (normalised ≥ 50). */
            onTrack: z.boolean().optional(),
            /** 0–100 when cities are compared; derived from the scores when omitted (best 100, worst 0). */
            normalizedScore: z.number().min(0).max(100).optional(),
          })
          .strict(),
      )
      .min(1),
    rule: ratingRule.optional(),
    provenance,
  })
  .strict();

export const STAGES = ['self', 'secondary', 'external', 'council'] as const;

export const evaluationRecord = z
  .object({
    subject: z.union([
      z.object({ policyNode: key }).strict(),
      z.object({ indicator: key }).strict(),
      z.object({ project: key }).strict(),
    ]),
    fiscalYear,
    /** self = 一次評価 (lead department), secondary = 二次評価 (planning division), external = 外部評価, council = 政策会議. */
    stage: z.enum(STAGES),
    /** The rating scale; omitted for an evaluation that is text only (no rating printed). */
    scale: key.optional(),
    /** The level code on the scale (A, B, 高 …); null when the sheet has no rating ("-"). */
    level: z.string().nullable(),
    /** 達成状況 */
    achievement: z.string().optional(),
    /** 課題 */
    issues: z.string().optional(),
    /** 課題への対応 */
    response: z.string().optional(),
    /** 評価コメント / 自己評価 text */
    comment: z.string().optional(),
    /** 要望・意見 */
    request: z.string().optional(),
    /** Further named texts the city's sheet has (e.g. 次期計画で取り組むべき課題). */
    otherTexts: z.record(z.string(), z.string()).optional(),
    evaluator: z.string().optional(),
    /** ISO date the evaluation was written. */
    evaluatedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    provenance,
  })
  .strict();

export const AMOUNT_KINDS = ['settled', 'budget'] as const;

/** 今後の方向性 as cities print it: 拡充, 現状維持, 改善, 縮小, 統合, 廃止 (休止・廃止), 完了. */
export const PROJECT_DIRECTIONS = ['expand', 'maintain', 'improve', 'reduce', 'integrate', 'abolish', 'complete'] as const;

/** An amount in thousand yen (千円); a cost or a source of funds is never negative. */
const thousandYen = z.number().finite().min(0).max(1e12);

/**
 * One fiscal year of a 事務事業評価 sheet: the cost by kind (settlement basis), the sources of
 * funds and the direction the city gives the project. Every amount is in thousand yen and may be
 * absent: an absent part is unknown (shown 不明), never zero.
 */
export const projectCostRecord = z
  .object({
    fiscalYear,
    /** 事業費 (direct cost). */
    businessCost: thousandYen.optional(),
    /** 従事人数 (staff, in person-years as printed: 1.5人). */
    staff: z.number().finite().min(0).max(100_000).optional(),
    /** 平均人件費 per person-year. */
    costPerStaff: thousandYen.optional(),
    /** 人件費 as printed; when absent it is staff × costPerStaff. */
    personnelCost: thousandYen.optional(),
    /** その他のコスト (減価償却費, 公債費 …) where the sheet prints one; 0 when printed as 0. */
    otherCost: thousandYen.optional(),
    /** トータルコスト as printed, checked against its parts. */
    printedTotal: thousandYen.optional(),
    /** 財源内訳: 国・県支出金. */
    fundNational: thousandYen.optional(),
    /** 財源内訳: 地方債. */
    fundBonds: thousandYen.optional(),
    /** 財源内訳: その他特定財源. */
    fundOtherSpecific: thousandYen.optional(),
    /** 財源内訳: 一般財源. */
    fundGeneral: thousandYen.optional(),
    /** 今後の方向性. */
    direction: z.enum(PROJECT_DIRECTIONS).optional(),
    /** The direction's words as printed (「継続（改善）」), or its reason. */
    directionText: z.string().max(2000).optional(),
    /** The project's own evaluation as the sheet prints each mark (「A」「◎」「妥当」…): 妥当性, 有効性, 効率性. */
    validity: z.string().min(1).max(40).optional(),
    effectiveness: z.string().min(1).max(40).optional(),
    efficiency: z.string().min(1).max(40).optional(),
    provenance: provenance.optional(),
  })
  .strict();

/** The most policy nodes one project may be shared over. */
export const MAX_PROJECT_SHARES = 50;

/** A project's share of a policy node it serves (0 < share ≤ 1; a project's shares sum to 1). */
export const projectShareRecord = z
  .object({
    policyNode: key,
    share: z.number().finite().gt(0).max(1),
    provenance: provenance.optional(),
  })
  .strict();

export const projectRecord = z
  .object({
    key,
    policyNode: key.optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    department: key.optional(),
    /** The indicator that measures the project's outcome (defined in `indicators`). */
    outcomeIndicator: key.optional(),
    amounts: z
      .array(
        z
          .object({
            fiscalYear,
            kind: z.enum(AMOUNT_KINDS),
            /** In thousand yen (千円), as most cities print. */
            thousandYen: z.number().finite().nullable(),
            text: z.string(),
            provenance: provenance.optional(),
          })
          .strict(),
      )
      .default([]),
    /** 事務事業評価: cost, sources of funds and direction per fiscal year. */
    costs: z.array(projectCostRecord).default([]),
    /**
     * The policy nodes it serves with their shares, where it serves several; without them the
     * project counts wholly at `policyNode`.
     */
    shares: z.array(projectShareRecord).max(MAX_PROJECT_SHARES).default([]),
    provenance,
  })
  .strict();

export const departmentPolicyRecord = z
  .object({
    key,
    department: key,
    fiscalYear,
    /** 部局運営に関する基本的考え方 */
    basicApproach: z.string(),
    initiatives: z
      .array(
        z
          .object({
            /** A fixed category (財務体質の強化 …) or 個別課題. */
            category: z.string().min(1),
            title: z.string().min(1),
            body: z.string().default(''),
            provenance: provenance.optional(),
          })
          .strict(),
      )
      .default([]),
    provenance,
  })
  .strict();

/**
 * 市民意識調査: one row of a citizen survey's table about a policy node (所沢: how many of the
 * 2,197 respondents named the section as one to strengthen, the share and the rank among 42).
 */
export const surveyResultRecord = z
  .object({
    key,
    policyNode: key.optional(),
    /** The year the survey was held. */
    fiscalYear,
    /** The survey's name as printed (平成29年度所沢市市民意識調査). */
    survey: z.string().min(1),
    /** What was counted (「充実すべき施策」と感じている人数). */
    question: z.string().min(1),
    /** The row: the section or item the numbers are about (第１章「コミュニティ」 第１節「地域コミュニティ」). */
    item: z.string().min(1),
    /** Number of respondents (2,197人中 → 2197). */
    respondents: z.number().int().min(0).max(100_000_000).optional(),
    /** Respondents counted (718人 → 718). */
    count: z.number().int().min(0).max(100_000_000).optional(),
    /** Share in percent as printed (32.7%). */
    percent: z.number().finite().min(0).max(100).optional(),
    /** Rank (29位) among `rankOf` (全42節中). */
    rank: z.number().int().min(1).max(100_000).optional(),
    rankOf: z.number().int().min(1).max(100_000).optional(),
    /** The row exactly as printed. */
    text: z.string().min(1),
    provenance,
  })
  .strict();

/** 各年度の目標: the goal a policy node states for one fiscal year, as printed. */
export const yearlyGoalRecord = z
  .object({
    policyNode: key,
    fiscalYear,
    goal: z.string().min(1),
    provenance,
  })
  .strict();

/**
 * A node's place in a shared classification (共通分類): its classes in one scheme (the SDGs' goals
 * "1".."17", or a 目的別歳出 class by its name, 民生費). It holds for the node's subtree unless a
 * descendant maps the same scheme. Several classes where the node does not belong to one; mark
 * `uncertain` in the provenance with a Japanese note where the reading is a judgement.
 */
export const classMappingRecord = z
  .object({
    /** The node's key: in this file's policyNodes, or already in the database (a mapping-only file). */
    policyNode: key,
    scheme: z.enum(TAXONOMY_SCHEMES),
    classes: z.array(z.string().min(1).max(50)).min(1).max(17),
    provenance,
  })
  .strict();

export const dataset = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    municipality: municipalityRecord,
    documents: z.array(documentRecord).min(1),
    plans: z.array(planRecord).default([]),
    departments: z.array(departmentRecord).default([]),
    ratingScales: z.array(ratingScaleRecord).default([]),
    policyNodes: z.array(policyNodeRecord).default([]),
    projects: z.array(projectRecord).default([]),
    indicators: z.array(indicatorRecord).default([]),
    evaluations: z.array(evaluationRecord).default([]),
    departmentPolicies: z.array(departmentPolicyRecord).default([]),
    surveyResults: z.array(surveyResultRecord).default([]),
    yearlyGoals: z.array(yearlyGoalRecord).default([]),
    classMappings: z.array(classMappingRecord).default([]),
  })
  .strict();

export type Dataset = z.infer<typeof dataset>;
export type DatasetInput = z.input<typeof dataset>;
export type PlanRecord = z.infer<typeof planRecord>;
export type DepartmentRecord = z.infer<typeof departmentRecord>;
export type PolicyNodeRecord = z.infer<typeof policyNodeRecord>;
export type IndicatorRecord = z.infer<typeof indicatorRecord>;
export type IndicatorValueRecord = z.infer<typeof indicatorValueRecord>;
export type RatingScaleRecord = z.infer<typeof ratingScaleRecord>;
export type EvaluationRecord = z.infer<typeof evaluationRecord>;
export type ProjectRecord = z.infer<typeof projectRecord>;
export type ProjectCostRecord = z.infer<typeof projectCostRecord>;
export type DepartmentPolicyRecord = z.infer<typeof departmentPolicyRecord>;
export type SurveyResultRecord = z.infer<typeof surveyResultRecord>;
export type YearlyGoalRecord = z.infer<typeof yearlyGoalRecord>;
export type ClassMappingRecord = z.infer<typeof classMappingRecord>;
export type Stage = (typeof STAGES)[number];
