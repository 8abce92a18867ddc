/**
 * GraphQL types of the aggregations (docs/api-design.md, "Aggregations"): rating
 * distributions, indicator series, achievement bands, transitions, stage comparisons and
 * rule checks. Relations (scale, department, policy node …) are resolved through the
 * request's DataLoaders in analytics.resolver.ts; the internal ids below feed them.
 */
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StageEnum, SubjectKindEnum } from '../graphql/filters.js';
import { ConnectionType } from '../graphql/pagination.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { RatingLevelType, type RatingScaleType } from '../rating/rating.type.js';
import type { DepartmentType } from '../department/department.type.js';
import type { PolicyNodeType } from '../plan/policy-node.type.js';
import type { MunicipalityType } from '../municipality/municipality.type.js';
import { EvaluationType } from '../evaluation/evaluation.type.js';
import { IndicatorType, IndicatorValueType } from '../indicator/indicator.type.js';

export enum RatingGroupBy {
  FISCAL_YEAR = 'FISCAL_YEAR',
  DEPARTMENT = 'DEPARTMENT',
  POLICY_NODE = 'POLICY_NODE',
  STAGE = 'STAGE',
  MUNICIPALITY = 'MUNICIPALITY',
  SCALE = 'SCALE',
}
registerEnumType(RatingGroupBy, {
  name: 'RatingGroupBy',
  description: '評価の集計の切り口 / What to group ratings by (always also by scale)',
  valuesConfig: {
    FISCAL_YEAR: { description: '年度 / Fiscal year' },
    DEPARTMENT: { description: '対象の主管課 / The subject’s lead department' },
    POLICY_NODE: { description: '施策体系のノード（policyDepth の深さの祖先） / Policy node (the ancestor at policyDepth, else the subject’s own node)' },
    STAGE: { description: '評価の段階 / Stage' },
    MUNICIPALITY: { description: '自治体 / Municipality' },
    SCALE: { description: '評価尺度（常に分けるので指定は任意） / Rating scale (always split; naming it is optional)' },
  },
});

export enum BandGroupBy {
  DEPARTMENT = 'DEPARTMENT',
  POLICY_NODE = 'POLICY_NODE',
  MUNICIPALITY = 'MUNICIPALITY',
}
registerEnumType(BandGroupBy, {
  name: 'BandGroupBy',
  description: '達成率区分の集計の切り口 / What to group indicators by',
  valuesConfig: {
    DEPARTMENT: { description: '指標の主管課 / The indicator’s lead department' },
    POLICY_NODE: { description: '施策体系のノード（policyDepth の深さの祖先） / Policy node (the ancestor at policyDepth, else the indicator’s own node)' },
    MUNICIPALITY: { description: '自治体 / Municipality' },
  },
});

// ---- ratingDistribution --------------------------------------------------------------------

@ObjectType('LevelCount', { description: '段階ごとの件数 / How many ratings a level has in a group.' })
export class LevelCountType {
  @Field(() => RatingLevelType, { description: '評価の段階 / The level.' })
  level!: RatingLevelType;

  @Field(() => Int, { description: '件数 / Count.' })
  count!: number;

  @Field(() => Float, { description: '割合（件数 ÷ rated、0〜1） / Share: count / rated (0 to 1; 0 when nothing is rated).' })
  share!: number;
}

@ObjectType('RatingGroup', { description: '評価の集計の1グループ（切り口の値と評価尺度ごと） / One group of a rating distribution: the grouping values and one scale.' })
export class RatingGroupType {
  @Field(() => FiscalYear, { nullable: true, description: '年度（FISCAL_YEAR で分けたとき） / Fiscal year, when grouped by it.' })
  fiscalYear?: FiscalYear | null;

  @Field(() => StageEnum, { nullable: true, description: '評価の段階（STAGE で分けたとき） / Stage, when grouped by it.' })
  stage?: StageEnum | null;

  @Field(() => Int, { description: '評価の件数（段階のない評価を含む） / Evaluations in the group, including unrated ones (no level).' })
  total!: number;

  @Field(() => Int, { description: '段階のある評価の件数 / Evaluations with a level.' })
  rated!: number;

  /** The scale's levels in order (internal: `counts` pairs them with levelCounts). */
  levelsInOrder!: RatingLevelType[];
  private countsMade?: LevelCountType[];

  /** Made when asked for (a large grouping asked for levelCounts only builds none of these). */
  @Field(() => [LevelCountType], { description: '尺度の段階順の件数（0件の段階も含む） / Counts per level in the scale’s order, zero counts included.' })
  get counts(): LevelCountType[] {
    return (this.countsMade ??= this.levelsInOrder.map((level, i) => {
      const count = this.levelCounts[i] ?? 0;
      return Object.assign(new LevelCountType(), { level, count, share: this.rated ? count / this.rated : 0 });
    }));
  }

  @Field(() => [Int], {
    description:
      '段階別の件数だけ（scale.levels の順、counts と同じ並び）：大きな集計の簡潔な形 / The counts alone, in the order of scale.levels (as counts): the compact form for large groupings.',
  })
  levelCounts!: number[];

  @Field(() => Float, { nullable: true, description: '点数のある段階の平均点 / Mean score of the rated evaluations whose level has a score.' })
  meanScore?: number | null;

  /** Internal ids for the relation field resolvers. */
  scaleId!: number;
  departmentId!: number | null;
  policyNodeId!: number | null;
  municipalityId!: number | null;
  /** Which keys the group has (a null department differs from "not grouped by department"). */
  groupedBy!: Set<RatingGroupBy>;
  /** The related records, when the resolver loaded them for every group at once. */
  resolved?: { scale?: RatingScaleType; department?: DepartmentType | null; policyNode?: PolicyNodeType | null; municipality?: MunicipalityType | null };
}

@ObjectType('RatingDistribution', { description: '評価の分布 / Rating counts and shares per group and scale.' })
export class RatingDistributionType {
  @Field(() => [RatingGroupType], { description: 'グループ（切り口の値の順） / The groups, ordered by their grouping values.' })
  groups!: RatingGroupType[];

  /** The scales of the groups, by id (the `scales` field resolver). */
  scaleIds!: number[];
}

// ---- indicatorSeries -----------------------------------------------------------------------

@ObjectType('SeriesPoint', { description: '指標の年度ごとの値と達成率 / An indicator’s values for one fiscal year with its achievement rate.' })
export class SeriesPointType {
  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => IndicatorValueType, { nullable: true, description: '現状値（策定時） / Baseline printed for this year.' })
  baseline?: IndicatorValueType | null;

  @Field(() => IndicatorValueType, { nullable: true, description: 'この年度の目標値 / Target printed for this year.' })
  target?: IndicatorValueType | null;

  @Field(() => IndicatorValueType, { nullable: true, description: '実績値 / Actual.' })
  actual?: IndicatorValueType | null;

  @Field(() => IndicatorValueType, {
    nullable: true,
    description: '比較した目標値（この年度の目標、なければ直近の後の年度の目標） / The target compared with: this year’s, else the nearest later one.',
  })
  targetUsed?: IndicatorValueType | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '達成率（%）。高いほど良い：実績÷目標、低いほど良い：目標÷実績、以内：達成なら100 / Achievement (percent): actual/target, target/actual when lower is better, 100 while an at-most (以内) target is kept; null where a number is missing.',
  })
  achievement?: number | null;

  @Field(() => Boolean, { nullable: true, description: '目標を達成したか / Whether the target is met; null where a number is missing.' })
  achieved?: boolean | null;
}

@ObjectType('IndicatorSeries', { description: '指標の推移（年度ごとの現状値・目標値・実績値と達成率） / An indicator’s baseline, targets and actuals per year with achievement.' })
export class IndicatorSeriesType {
  @Field(() => IndicatorType, { description: '指標 / The indicator.' })
  indicator!: IndicatorType;

  @Field(() => [SeriesPointType], { description: '値のある年度の点（昇順） / One point per fiscal year that has a value, ascending.' })
  points!: SeriesPointType[];
}

// ---- achievementBands ----------------------------------------------------------------------

@ObjectType('Band', { description: '達成率の区分（A：100%以上…、未測定） / An achievement band (A ≥ 100 % …), or the “not measured” bucket.' })
export class BandType {
  @Field(() => String, { description: 'キー（段階コード、未測定は NOT_MEASURED） / Key: the level code, or NOT_MEASURED.' })
  key!: string;

  @Field(() => String, { description: '表示名（A（100%以上）） / Label.' })
  label!: string;

  @Field(() => Float, { nullable: true, description: '下限（%、含む）。最下位と未測定は null / Lower bound (percent, inclusive); null for the lowest band and for not measured.' })
  minPercent?: number | null;

  @Field(() => Float, { nullable: true, description: '上限（%、含まない）。最上位と未測定は null / Upper bound (percent, exclusive); null for the top band and for not measured.' })
  maxPercent?: number | null;
}

@ObjectType('IndicatorAchievement', { description: '指標の年度の達成率 / An indicator’s achievement in the chosen fiscal year.' })
export class IndicatorAchievementType {
  @Field(() => IndicatorType, { description: '指標 / The indicator.' })
  indicator!: IndicatorType;

  @Field(() => IndicatorValueType, { nullable: true, description: '実績値 / Actual.' })
  actual?: IndicatorValueType | null;

  @Field(() => IndicatorValueType, { nullable: true, description: '比較した目標値 / The target compared with.' })
  targetUsed?: IndicatorValueType | null;

  @Field(() => Float, { nullable: true, description: '達成率（%） / Achievement (percent).' })
  achievement?: number | null;

  @Field(() => Boolean, { nullable: true, description: '目標を達成したか / Whether the target is met.' })
  achieved?: boolean | null;
}

@ObjectType('BandCount', { description: '区分ごとの指標の数 / How many indicators fall in a band.' })
export class BandCountType {
  @Field(() => BandType, { description: '区分 / The band.' })
  band!: BandType;

  @Field(() => Int, { description: '指標の数 / Number of indicators.' })
  count!: number;

  @Field(() => Float, { description: '割合（件数 ÷ total、未測定を含む） / Share: count / total (not measured included).' })
  share!: number;

  /** The indicators behind the count (resolved by `indicators(first)`). */
  items!: IndicatorAchievementType[];
}

@ObjectType('BandGroup', { description: '達成率区分の集計の1グループ / One group of an achievement-band distribution.' })
export class BandGroupType {
  @Field(() => Int, { description: '指標の数（未測定を含む） / Indicators in the group, not measured included.' })
  total!: number;

  @Field(() => Int, { description: '達成率を計算できた指標の数 / Indicators with an achievement rate.' })
  measured!: number;

  /** Counts per band from the top, then not measured (resolved by `counts(maxPercent)`). */
  counts!: BandCountType[];

  departmentId!: number | null;
  policyNodeId!: number | null;
  municipalityId!: number | null;
  groupedBy!: Set<BandGroupBy>;
}

@ObjectType('AchievementBandDistribution', { description: '達成率区分ごとの指標の数 / Indicators per achievement band.' })
export class AchievementBandDistributionType {
  @Field(() => FiscalYear, { description: '実績の年度 / Fiscal year of the actuals.' })
  fiscalYear!: FiscalYear;

  @Field(() => [BandType], { description: '区分（市の規則、なければ 100/80/60%）と未測定 / The bands (the city’s rule, else ≥100/≥80/≥60/<60) and not measured.' })
  bands!: BandType[];

  @Field(() => [BandGroupType], { description: 'グループ / The groups.' })
  groups!: BandGroupType[];
}

// ---- transitions ---------------------------------------------------------------------------

@InputType('TransitionSide', { description: '遷移の一方（年度と段階） / One side of a transition: fiscal year and stage.' })
export class TransitionSideInput {
  @Field(() => Int, { description: '年度（西暦） / Western fiscal year.' })
  fiscalYear!: number;

  @Field(() => StageEnum, { defaultValue: StageEnum.SELF, description: '評価の段階 / Stage.' })
  stage: StageEnum = StageEnum.SELF;
}

@ObjectType('TransitionSubject', { description: '遷移の表の1件（対象と両側の評価） / One subject behind a transition cell, with both evaluations.' })
export class TransitionSubjectType {
  @Field(() => SubjectKindEnum, { description: '対象の種類 / Subject kind.' })
  subjectKind!: SubjectKindEnum;

  @Field(() => String, { nullable: true, description: '対象の名称 / Subject name.' })
  subjectName?: string | null;

  fromId!: number;
  toId!: number;
  /** The subject's id (a policy node, indicator or project, by `subjectKind`). */
  subjectId!: number;
}

@ObjectType('TransitionScaleMatrix', {
  description:
    '遷移の表の簡潔な形：尺度ごとに前の段階 × 後の段階の件数（段階は尺度の段階順。全自治体の表もこの形で小さい） / The compact form of a transition matrix: per scale, from-level × to-level counts in the scale’s level order (a matrix over every city stays small in this form).',
})
export class TransitionScaleMatrixType {
  scaleId!: number;

  @Field(() => [[Int]], {
    description: '件数（行 = 前の段階、列 = 後の段階、尺度の段階順。未評価を含む組は cells のみ） / Counts: rows are from-levels, columns to-levels, in the scale’s level order (pairs with an unrated side only in cells).',
  })
  counts!: number[][];

  @Field(() => Int, { description: 'この尺度で両側にある対象の数 / Subjects on both sides on this scale.' })
  total!: number;
}

@ObjectType('TransitionCell', { description: '遷移の表のマス（前の段階 → 後の段階） / A cell of the transition matrix: from level → to level.' })
export class TransitionCellType {
  @Field(() => RatingLevelType, { nullable: true, description: '前の側の段階（未評価なら null） / Level on the from side; null where unrated there.' })
  from?: RatingLevelType | null;

  @Field(() => RatingLevelType, { nullable: true, description: '後の側の段階（未評価なら null） / Level on the to side; null where unrated there.' })
  to?: RatingLevelType | null;

  @Field(() => Int, { description: '対象の数 / Number of subjects.' })
  count!: number;

  scaleId!: number;
  subjectList!: TransitionSubjectType[];
}

@ObjectType('TransitionMatrix', { description: '評価の遷移（2つの年度または段階の間） / How ratings moved between two fiscal years or stages.' })
export class TransitionMatrixType {
  @Field(() => [RatingLevelType], { description: '表の段階（尺度ごとに段階順） / The levels of the matrix, per scale in the scale’s order.' })
  levels!: RatingLevelType[];

  @Field(() => [TransitionCellType], {
    description:
      'マス（同じ尺度の段階の組すべて、0件も含む。未評価のあるマスは件数があるときのみ） / Cells: every level pair of a scale (zero counts included), plus unrated pairs that occur.',
  })
  cells!: TransitionCellType[];

  @Field(() => [TransitionScaleMatrixType], {
    description:
      '簡潔な形（尺度ごとの件数の行列。段階は scales { levels } で1回）。多数の自治体にわたる表はこちらを選ぶ：cells は5,000マスまで / The compact form (a count matrix per scale; the levels once, through scales { levels }). Ask for this over many cities: cells answers up to 5,000 cells; the response then says `extensions.answerForms.transitions = "compact"`.',
  })
  matrices!: TransitionScaleMatrixType[];

  @Field(() => Int, { description: '両側にある対象の数（同じ対象・同じ尺度） / Subjects present on both sides (same subject, same scale).' })
  total!: number;

  @Field(() => Int, { description: '前の側にしかない対象の数 / Subjects only on the from side.' })
  onlyFrom!: number;

  @Field(() => Int, { description: '後の側にしかない対象の数 / Subjects only on the to side.' })
  onlyTo!: number;

  scaleIds!: number[];
}

// ---- stageComparison -----------------------------------------------------------------------

@ObjectType('StageDifference', { description: '段階間で評価が異なる組 / A subject whose compared stage rates it differently from the base stage.' })
export class StageDifferenceType {
  /** Resolved as `base` and `compare` (Evaluation) through the loaders. */
  baseId!: number;
  compareId!: number;

  @Field(() => Int, {
    description: '段階順の差（比較 − 基準、正なら比較側が厳しい） / Difference in level order (compare − base); positive means the compared stage is stricter.',
  })
  difference!: number;

  @Field(() => Boolean, { description: '比較側が厳しい（低い評価）なら true / True where the compared stage rates lower.' })
  stricter!: boolean;
}

export const StageDifferenceConnection = ConnectionType(StageDifferenceType, 'StageDifference', '段階間の評価の違い');

@ObjectType('StageComparison', { description: '段階間の評価の比較（例：一次評価と二次評価） / Comparison of two stages’ ratings (e.g. self vs secondary).' })
export class StageComparisonType {
  @Field(() => StageEnum, { description: '基準の段階 / Base stage.' })
  base!: StageEnum;

  @Field(() => StageEnum, { description: '比較する段階 / Compared stage.' })
  compare!: StageEnum;

  @Field(() => Int, { description: '両方の段階で評価された組の数 / Pairs rated in both stages (same subject, year, scale).' })
  compared!: number;

  @Field(() => Int, { description: '同じ評価の組の数 / Pairs with the same level.' })
  agreed!: number;

  @Field(() => Int, { description: '比較側が厳しい組の数 / Pairs where the compared stage is stricter.' })
  stricter!: number;

  @Field(() => Int, { description: '比較側が甘い組の数 / Pairs where the compared stage is more lenient.' })
  moreLenient!: number;

  @Field(() => StageDifferenceConnection, { description: '評価が異なる組（年度順） / The differing pairs, by fiscal year.' })
  differences!: InstanceType<typeof StageDifferenceConnection>;
}

// ---- rule checks ---------------------------------------------------------------------------

@ObjectType('RuleCheck', { description: '市の規則による評価との照合 / The rating the city’s rule gives, against the printed one.' })
export class RuleCheckType {
  @Field(() => EvaluationType, { description: '照合した評価 / The evaluation checked.' })
  evaluation!: EvaluationType;

  @Field(() => RatingLevelType, { nullable: true, description: '印字された段階 / The printed level.' })
  printed?: RatingLevelType | null;

  @Field(() => RatingLevelType, { nullable: true, description: '規則が与える段階（入力がなければ null） / The level the rule gives; null when it gives none (no inputs).' })
  computed?: RatingLevelType | null;

  @Field(() => Boolean, { description: '印字と規則が一致するか / Whether the printed level equals the rule’s.' })
  agrees!: boolean;

  @Field(() => String, { description: '説明（平均2.33点（B,B,C）→ 中） / Short explanation in Japanese.' })
  explanation!: string;

  @Field(() => Float, { nullable: true, description: '規則の値：達成率（%）または平均点 / The rule’s number: achievement (percent) or mean score.' })
  value?: number | null;

  /** Sort keys for pagination. */
  fiscalYear!: number;
  evaluationId!: number;
  /** The computed level's id, as kept in `rule_check` (resolved into `computed` with the page). */
  computedLevelId?: number | null;
}

export const RuleCheckConnection = ConnectionType(RuleCheckType, 'RuleCheck', '規則との照合');

/** For type positions: the connection's instance type. */
export type RuleCheckConnectionType = InstanceType<typeof RuleCheckConnection>;
export type StageDifferenceConnectionType = InstanceType<typeof StageDifferenceConnection>;
