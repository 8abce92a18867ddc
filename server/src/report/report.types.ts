/**
 * The annual evaluation report (年次評価報告書) as GraphQL object types. The report service
 * builds plain objects of these shapes (no methods, no resolvers), so the same value feeds the
 * GraphQL field, the Excel workbook and the print view.
 *
 * The lists are flat where they would otherwise nest deeply (indicators and projects carry
 * their measure's id instead of hanging under it), so one query for the whole report stays
 * within the API's cost limit.
 */
import { CostBasisEnum, ProjectDirectionEnum } from '../cost/cost.type.js';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { StageEnum } from '../graphql/filters.js';
import { ReportCostGroupType } from './report-costs.js';
import { ReportDepartmentPolicyType, ReportPriorityCountType, ReportSurveyResultType, ReportYearlyGoalType } from './report-records.js';

@ObjectType('ReportRating', { description: '報告書に載せる評価（段階・尺度ごと） / A rating in the report (one per stage and scale).' })
export class ReportRatingType {
  @Field(() => ID, { description: '評価のID / Evaluation id.' })
  evaluationId!: string;

  @Field(() => ID, { description: '評価対象（施策体系のノード・指標・事業）のID / Id of the rated subject.' })
  subjectId!: string;

  @Field(() => StageEnum, { description: '評価の段階 / Stage.' })
  stage!: StageEnum;

  @Field(() => String, { nullable: true, description: '評価尺度のキー / Scale key.' })
  scaleKey!: string | null;

  @Field(() => String, { nullable: true, description: '評価尺度の名称（全体評価、定性評価…） / Scale name.' })
  scaleName!: string | null;

  @Field(() => String, { nullable: true, description: '評価（A、高…）。評価なしは null / Level code; null where none is printed.' })
  levelCode!: string | null;

  @Field(() => String, { nullable: true, description: '評価の説明 / Level label.' })
  levelLabel!: string | null;

  @Field(() => String, { nullable: true, description: '評価の色 / Level colour (#rrggbb).' })
  levelColor!: string | null;

  @Field(() => Int, { nullable: true, description: '評価の順位（1 = 最良） / Level order (1 = best).' })
  levelOrder!: number | null;

  @Field(() => Boolean, { description: '出典で確定できない記録 / Not settled by the source document.' })
  uncertain!: boolean;

  @Field(() => Boolean, { nullable: true, description: '市のルールと一致するか（ルールがなければ null） / Agrees with the city’s rule (null where no rule applies).' })
  ruleAgrees!: boolean | null;

  @Field(() => String, { nullable: true, description: '市のルールによる評価 / The level the city’s rule gives.' })
  ruleLevel!: string | null;
}

@ObjectType('ReportText', { description: '評価の文章（達成状況・課題・評価コメント…） / One text of an evaluation.' })
export class ReportTextType {
  @Field(() => ID, { description: '評価対象のID / Subject id.' })
  subjectId!: string;

  @Field(() => StageEnum, { description: '評価の段階 / Stage.' })
  stage!: StageEnum;

  @Field(() => String, { nullable: true, description: '評価尺度の名称 / Scale name.' })
  scaleName!: string | null;

  @Field(() => String, { description: '見出し（達成状況、課題、課題への対応、評価コメント、要望・意見…） / Heading.' })
  label!: string;

  @Field(() => String, { description: '本文 / Text.' })
  text!: string;

  @Field(() => String, { nullable: true, description: '評価者 / Evaluator.' })
  evaluator!: string | null;

  @Field(() => String, { nullable: true, description: '記入日（YYYY-MM-DD） / Date written.' })
  evaluatedOn!: string | null;
}

/**
 * What every row about a policy node starts with: its id, printed code and name. (The base
 * classes here are never a field's type, so the schema lists only their subclasses, fields
 * inherited first.)
 */
@ObjectType('ReportNodeRefBase')
export abstract class ReportNodeRefType {
  @Field(() => ID, { description: 'ノードのID / Node id.' })
  id!: string;

  @Field(() => String, { nullable: true, description: '番号 / Code.' })
  code!: string | null;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;
}

@ObjectType('ReportSubItem', { description: '施策の下位で評価されている項目（施策の展開、STEP…） / A rated item below a measure.' })
export class ReportSubItemType extends ReportNodeRefType {
  @Field(() => String, { nullable: true, description: '階層の名称（施策の展開…） / Level name.' })
  levelName!: string | null;

  @Field(() => Int, { description: '深さ（1 = 最上位） / Depth.' })
  depth!: number;

  @Field(() => [String], { description: '下位の項目の名称（主な取組…） / Names of its children.' })
  childNames!: string[];

  @Field(() => [ReportRatingType], { description: '評価 / Ratings.' })
  ratings!: ReportRatingType[];

  @Field(() => [ReportTextType], { description: '評価の文章 / Texts.' })
  texts!: ReportTextType[];
}

@ObjectType('ReportArea', { description: '最上位の政策分野（基本政策、基本目標…） / A top-level policy area.' })
export class ReportAreaType extends ReportNodeRefType {
  @Field(() => Boolean, { description: '出典で確定できない記録 / Uncertain.' })
  uncertain!: boolean;

  @Field(() => Int, { description: '施策の数 / Number of measures.' })
  measureCount!: number;

  @Field(() => Int, { description: '指標の数 / Number of indicators.' })
  indicatorCount!: number;

  @Field(() => [ReportRatingType], { description: '分野そのものの評価 / Ratings of the area itself.' })
  ratings!: ReportRatingType[];

  @Field(() => Float, { nullable: true, description: '分野の事業のコストの合計（千円、根拠は costBasis） / The area’s projects’ cost.' })
  cost!: number | null;
  @Field(() => CostBasisEnum, { nullable: true, description: 'コストの根拠 / What the cost is.' })
  costBasis!: CostBasisEnum | null;
  @Field(() => Int, { description: 'コストが分かる事業の数 / Projects with a known cost.' })
  costProjects!: number;
  @Field(() => Int, { description: '事業の数 / Projects.' })
  projectCount!: number;
}

@ObjectType('ReportMeasure', { description: '施策（評価の単位となる階層のノード） / A measure (a node at the level the plan is evaluated at).' })
export class ReportMeasureType {
  @Field(() => ID, { description: 'ノードのID / Node id.' })
  id!: string;

  @Field(() => ID, { description: '属する政策分野のID / Its top-level area.' })
  areaId!: string;

  @Field(() => String, { nullable: true, description: '番号（1-1-1） / Code.' })
  code!: string | null;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '階層の名称（施策） / Level name.' })
  levelName!: string | null;

  @Field(() => [String], { description: '上位の階層の名称（最上位から） / Names of its ancestors, from the top.' })
  ancestorNames!: string[];

  @Field(() => [String], { description: '上位の階層の番号（最上位から、なければ空文字） / Codes of its ancestors.' })
  ancestorCodes!: string[];

  @Field(() => String, { nullable: true, description: '主管課（施策代表課）。なければ上位の主管課 / Lead department (or the nearest ancestor’s).' })
  leadDepartment!: string | null;

  @Field(() => [String], { description: '関係課 / Related departments.' })
  relatedDepartments!: string[];

  @Field(() => Boolean, { nullable: true, description: '重点（文書から決められなければ null：不明） / Priority; null where the document does not settle it.' })
  priority!: boolean | null;

  @Field(() => Boolean, { description: '出典で確定できない記録 / Uncertain.' })
  uncertain!: boolean;

  @Field(() => [ReportRatingType], { description: '評価（段階・尺度ごと） / Ratings by stage and scale.' })
  ratings!: ReportRatingType[];

  @Field(() => [ReportTextType], { description: '評価の文章 / Evaluation texts.' })
  texts!: ReportTextType[];

  @Field(() => [ReportSubItemType], { description: '下位で評価されている項目（施策の展開…） / Rated items below it.' })
  subItems!: ReportSubItemType[];
}

@ObjectType('ReportIndicator', { description: '報告書の指標の行（基準値・目標値・実績値・達成率） / An indicator row of the report.' })
export class ReportIndicatorType {
  @Field(() => ID, { description: '指標のID / Indicator id.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: '属する施策のID / Its measure.' })
  measureId!: string | null;

  @Field(() => ID, { nullable: true, description: '属する政策分野のID / Its area.' })
  areaId!: string | null;

  @Field(() => ID, { nullable: true, description: '成果指標である事業のID / The project it measures.' })
  projectId!: string | null;

  @Field(() => String, { description: '指標名 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '単位 / Unit.' })
  unit!: string | null;

  @Field(() => String, { description: '望ましい方向（higher_is_better…） / Direction.' })
  direction!: string;

  @Field(() => Int, { nullable: true, description: '基準値の年度 / Baseline year.' })
  baselineYear!: number | null;
  @Field(() => Float, { nullable: true, description: '基準値 / Baseline value.' })
  baselineValue!: number | null;
  @Field(() => String, { nullable: true, description: '基準値（印字のまま） / Baseline as printed.' })
  baselineText!: string | null;
  @Field(() => [String], { description: '基準値が複数の値からなるときの各値（印字の順、印字のまま。広瀬川: 2.7mg/L…）。1つの値なら空 / The parts of a value printed in several parts, each as printed; empty for a single value.' })
  baselineParts!: string[];

  @Field(() => Int, { nullable: true, description: '比較した目標値の年度 / Year of the target compared with.' })
  targetYear!: number | null;
  @Field(() => Float, { nullable: true, description: '目標値 / Target value.' })
  targetValue!: number | null;
  @Field(() => String, { nullable: true, description: '目標値（印字のまま） / Target as printed.' })
  targetText!: string | null;
  @Field(() => [String], { description: '目標値が複数の値からなるときの各値（印字の順、印字のまま。広瀬川: 2.7mg/L…）。1つの値なら空 / The parts of a value printed in several parts, each as printed; empty for a single value.' })
  targetParts!: string[];

  @Field(() => Int, { nullable: true, description: '実績値の年度 / Actual year.' })
  actualYear!: number | null;
  @Field(() => Float, { nullable: true, description: '実績値 / Actual value.' })
  actualValue!: number | null;
  @Field(() => String, { nullable: true, description: '実績値（印字のまま） / Actual as printed.' })
  actualText!: string | null;
  @Field(() => [String], { description: '実績値が複数の値からなるときの各値（印字の順、印字のまま。広瀬川: 2.7mg/L…）。1つの値なら空 / The parts of a value printed in several parts, each as printed; empty for a single value.' })
  actualParts!: string[];

  @Field(() => Float, { nullable: true, description: '達成率（%） / Achievement (percent).' })
  achievement!: number | null;

  @Field(() => Boolean, { nullable: true, description: '目標を達成しているか / Whether the target is met.' })
  achieved!: boolean | null;

  @Field(() => String, { nullable: true, description: '資料に印字された達成率 / Achievement as printed.' })
  printedAchievementText!: string | null;

  @Field(() => String, { nullable: true, description: '達成率による区分（A〜D、未測定は null） / Achievement band.' })
  band!: string | null;

  @Field(() => ReportRatingType, { nullable: true, description: 'この年度の指標の評価 / The indicator’s rating this year.' })
  rating!: ReportRatingType | null;

  @Field(() => Boolean, { description: '出典で確定できない値を含む / Uncertain.' })
  uncertain!: boolean;
}

@ObjectType('ReportProject', { description: '事業（決算額・予算額と成果指標） / A project with its amounts.' })
export class ReportProjectType {
  @Field(() => ID, { description: '事業のID / Project id.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: '属する施策のID / Its measure.' })
  measureId!: string | null;

  @Field(() => ID, { nullable: true, description: '属する政策分野のID / Its area.' })
  areaId!: string | null;

  @Field(() => String, { description: '事業名 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '担当課 / Department.' })
  department!: string | null;

  @Field(() => Int, { description: '決算額の年度（報告年度） / Year of the settled amount.' })
  settledYear!: number;
  @Field(() => Float, { nullable: true, description: '決算額（千円） / Settled amount (thousand yen).' })
  settled!: number | null;
  @Field(() => String, { nullable: true, description: '決算額（印字のまま） / As printed.' })
  settledText!: string | null;

  @Field(() => Int, { nullable: true, description: '予算額の年度（翌年度、なければ報告年度） / Year of the budget shown.' })
  budgetYear!: number | null;
  @Field(() => Float, { nullable: true, description: '予算額（千円） / Budget (thousand yen).' })
  budget!: number | null;
  @Field(() => String, { nullable: true, description: '予算額（印字のまま） / As printed.' })
  budgetText!: string | null;

  @Field(() => ID, { nullable: true, description: '成果指標のID（指標の一覧にあります） / Its outcome indicator (in the indicator list).' })
  outcomeIndicatorId!: string | null;
  @Field(() => Float, { nullable: true, description: 'コスト（トータルコスト、なければ決算額。千円） / Cost: total cost, else the settled amount.' })
  cost!: number | null;
  @Field(() => CostBasisEnum, { nullable: true, description: 'コストの根拠 / What the cost is.' })
  costBasis!: CostBasisEnum | null;
  @Field(() => Float, { nullable: true, description: '成果指標1単位当たりのコスト（コスト÷実績値、千円） / Cost per unit of the outcome indicator.' })
  unitCost!: number | null;
  @Field(() => String, { nullable: true, description: '単位当たりコストの単位（成果指標の単位） / The outcome indicator’s unit.' })
  unitCostUnit!: string | null;
  @Field(() => ProjectDirectionEnum, { nullable: true, description: '今後の方向性 / Direction.' })
  direction!: ProjectDirectionEnum | null;
  @Field(() => String, { nullable: true, description: '妥当性（印字どおり） / Validity as printed.' })
  validity!: string | null;
  @Field(() => String, { nullable: true, description: '有効性（印字どおり） / Effectiveness as printed.' })
  effectiveness!: string | null;
  @Field(() => String, { nullable: true, description: '効率性（印字どおり） / Efficiency as printed.' })
  efficiency!: string | null;
  @Field(() => [ReportRatingType], { description: '事業そのものの評価（綾瀬の達成状況など） / The project’s own ratings this year.' })
  ratings!: ReportRatingType[];

  @Field(() => Boolean, { description: '出典で確定できない記録 / Uncertain.' })
  uncertain!: boolean;
}

@ObjectType('ReportLevelCount', { description: '評価ごとの件数（当年度と前年度） / Count of one level, this year and last.' })
export class ReportLevelCountType {
  @Field(() => String, { description: '評価 / Level code.' })
  code!: string;
  @Field(() => String, { nullable: true, description: '説明 / Label.' })
  label!: string | null;
  @Field(() => String, { nullable: true, description: '色 / Colour.' })
  color!: string | null;
  @Field(() => Int, { description: '当年度の件数 / Count this year.' })
  count!: number;
  @Field(() => Int, { nullable: true, description: '前年度の件数（前年度がなければ null） / Count last year.' })
  previousCount!: number | null;
}

/** Counts on one scale at one stage (a summary line, the front page's headline). */
@ObjectType('ReportScaleStageBase')
export abstract class ReportScaleStageType {
  @Field(() => String, { description: '評価尺度のキー / Scale key.' })
  scaleKey!: string;
  @Field(() => String, { description: '評価尺度の名称 / Scale name.' })
  scaleName!: string;
  @Field(() => StageEnum, { description: '評価の段階 / Stage.' })
  stage!: StageEnum;
}

@ObjectType('ReportRatingSummary', { description: '政策分野・尺度・段階ごとの評価の分布 / Rating distribution of one area, scale and stage.' })
export class ReportRatingSummaryType extends ReportScaleStageType {
  @Field(() => ID, { description: '政策分野のID / Area id.' })
  areaId!: string;
  @Field(() => String, { description: '政策分野の名称 / Area name.' })
  areaName!: string;
  @Field(() => Int, { description: '当年度の評価の件数（評価なしを除く） / Rated this year.' })
  total!: number;
  @Field(() => Int, { nullable: true, description: '前年度の件数 / Rated last year.' })
  previousTotal!: number | null;
  @Field(() => [ReportLevelCountType], { description: '評価ごとの件数 / Counts per level.' })
  levels!: ReportLevelCountType[];
}

@ObjectType('ReportBandCount', { description: '達成率の区分ごとの指標の数 / Indicators in one achievement band.' })
export class ReportBandCountType {
  @Field(() => String, { description: '区分（A〜D、未測定は NOT_MEASURED） / Band key.' })
  key!: string;
  @Field(() => String, { description: '区分の説明（A（100%以上）） / Band label.' })
  label!: string;
  @Field(() => Int, { description: '指標の数 / Count.' })
  count!: number;
  @Field(() => Float, { description: '割合（0〜1） / Share.' })
  share!: number;
  @Field(() => Float, { nullable: true, description: '下限（%、含む）。最下位と未測定は null / Lower bound (percent, inclusive); null for the lowest band and not measured.' })
  minPercent!: number | null;
  @Field(() => Float, { nullable: true, description: '上限（%、含まない）。最上位と未測定は null / Upper bound (percent, exclusive); null for the top band and not measured.' })
  maxPercent!: number | null;
}

@ObjectType('ReportAreaBands', { description: '政策分野ごとの達成率の区分 / Achievement bands of one area.' })
export class ReportAreaBandsType {
  @Field(() => ID, { description: '政策分野のID / Area id.' })
  areaId!: string;
  @Field(() => [ReportBandCountType], { description: '区分ごとの数 / Counts.' })
  counts!: ReportBandCountType[];
}

@ObjectType('ReportSummary', { description: '報告書の概要 / The report’s summary.' })
export class ReportSummaryType {
  @Field(() => Int, { description: '施策の数 / Measures.' })
  measureCount!: number;
  @Field(() => Int, { description: '指標の数 / Indicators.' })
  indicatorCount!: number;
  @Field(() => Int, { description: '評価の数（当年度） / Evaluations this year.' })
  evaluationCount!: number;
  @Field(() => [ReportRatingSummaryType], { description: '政策分野ごとの評価の分布（前年度との比較） / Rating distribution by area against last year.' })
  ratings!: ReportRatingSummaryType[];
  @Field(() => [ReportBandCountType], { description: '達成率の区分ごとの指標の数（全体） / Indicators per achievement band.' })
  bands!: ReportBandCountType[];
  @Field(() => [ReportAreaBandsType], { description: '政策分野ごとの達成率の区分 / Bands by area.' })
  bandsByArea!: ReportAreaBandsType[];
}

/** A rating of a subject, as the appendix and the differences list it: what is rated, on which scale, at which stage. */
@ObjectType('ReportSubjectRatingBase')
export abstract class ReportSubjectRatingType {
  @Field(() => String, { description: '対象の種類（policy_node、indicator、project） / Subject kind.' })
  subjectKind!: string;
  @Field(() => String, { description: '対象の名称 / Subject name.' })
  subjectName!: string;
  @Field(() => String, { nullable: true, description: '評価尺度 / Scale.' })
  scaleName!: string | null;
  @Field(() => StageEnum, { description: '評価の段階 / Stage.' })
  stage!: StageEnum;
}

@ObjectType('ReportRuleDisagreement', { description: '市のルールと一致しない評価 / A rating that disagrees with the city’s own rule.' })
export class ReportRuleDisagreementType extends ReportSubjectRatingType {
  @Field(() => ID, { description: '評価のID / Evaluation id.' })
  evaluationId!: string;
  @Field(() => ID, { nullable: true, description: '属する施策のID / Its measure.' })
  measureId!: string | null;
  @Field(() => String, { nullable: true, description: '属する施策の番号と名称 / Its measure, as code and name.' })
  measureLabel!: string | null;
  @Field(() => String, { nullable: true, description: '記載された評価 / Printed level.' })
  printed!: string | null;
  @Field(() => String, { nullable: true, description: 'ルールによる評価 / Level by the rule.' })
  computed!: string | null;
  @Field(() => String, { description: '計算の説明 / Explanation.' })
  explanation!: string;
}

@ObjectType('ReportFlaggedRecord', { description: '不確か・生成データとされた記録 / A record marked uncertain or generated.' })
export class ReportFlaggedRecordType {
  @Field(() => String, { description: '記録の種類（policy_node、indicator、indicator_value、evaluation、project…） / Record kind.' })
  kind!: string;
  @Field(() => String, { description: '対象 / What it is about.' })
  subject!: string;
  @Field(() => String, { nullable: true, description: '詳細（令和4年度・実績値・5,900人 など） / Detail: year, kind and value, in Japanese.' })
  detail!: string | null;
  @Field(() => String, { description: '理由（uncertain または generated） / Reason: uncertain or generated.' })
  reason!: string;
  @Field(() => String, { nullable: true, description: '備考（出典についての注記） / Note on the source.' })
  note!: string | null;
  @Field(() => String, { nullable: true, description: '出典資料 / Source document.' })
  document!: string | null;
  @Field(() => Int, { nullable: true, description: '出典の行 / Source line.' })
  line!: number | null;
}

@ObjectType('ReportAppendix', { description: '付録：ルール不一致と要確認の記録 / Appendix: rule disagreements and flagged records.' })
export class ReportAppendixType {
  @Field(() => [ReportRuleDisagreementType], { description: '市のルールと一致しない評価 / Ratings that disagree with the city’s rule.' })
  ruleDisagreements!: ReportRuleDisagreementType[];
  @Field(() => Int, { description: 'ルールで確認した評価の数 / Ratings checked against a rule.' })
  ruleChecked!: number;
  @Field(() => [ReportFlaggedRecordType], { description: '不確か・生成とされた記録 / Records marked uncertain or generated.' })
  flagged!: ReportFlaggedRecordType[];
  @Field(() => String, { nullable: true, description: '自治体のデータ全体が生成データである旨の注記（日本語） / Note, in Japanese, when the whole city is generated.' })
  generatedNote!: string | null;
}

@ObjectType('ReportRatingChange', { description: '前年度から変わった評価 / A rating that moved since last year.' })
export class ReportRatingChangeType extends ReportSubjectRatingType {
  @Field(() => ID, { description: '対象のID / Subject id.' })
  subjectId!: string;
  @Field(() => String, { nullable: true, description: '番号 / Code.' })
  code!: string | null;
  @Field(() => String, { description: '前年度の評価 / Last year’s level.' })
  previousLevel!: string;
  @Field(() => String, { description: '当年度の評価 / This year’s level.' })
  currentLevel!: string;
  @Field(() => Int, { description: '1 = 上がった、-1 = 下がった / 1 up, -1 down.' })
  direction!: number;
}

@ObjectType('ReportIndicatorChange', { description: '実績値・目標値が前年度から変わった指標 / An indicator whose actual or target changed.' })
export class ReportIndicatorChangeType {
  @Field(() => ID, { description: '指標のID / Indicator id.' })
  indicatorId!: string;
  @Field(() => String, { description: '指標名 / Name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: '属する施策 / Its measure.' })
  measureLabel!: string | null;
  @Field(() => String, { description: '変わった値（actual = 実績値、target = 目標値） / What changed.' })
  what!: string;
  @Field(() => String, { nullable: true, description: '前年度の値（印字のまま） / Last year’s, as printed.' })
  previousText!: string | null;
  @Field(() => Float, { nullable: true, description: '前年度の値 / Last year’s value.' })
  previousValue!: number | null;
  @Field(() => String, { nullable: true, description: '当年度の値（印字のまま） / This year’s, as printed.' })
  currentText!: string | null;
  @Field(() => Float, { nullable: true, description: '当年度の値 / This year’s value.' })
  currentValue!: number | null;
}

@ObjectType('ReportMeasureChange', { description: '新しく加わった・なくなった施策 / A measure new or removed since last year.' })
export class ReportMeasureChangeType extends ReportNodeRefType {
  @Field(() => String, { nullable: true, description: '政策分野 / Area name.' })
  areaName!: string | null;
}

@ObjectType('ReportDifferences', { description: '前年度からの変更点 / Differences from last year.' })
export class ReportDifferencesType {
  @Field(() => [ReportRatingChangeType], { description: '変わった評価 / Ratings that moved.' })
  ratingChanges!: ReportRatingChangeType[];
  @Field(() => [ReportIndicatorChangeType], { description: '実績値・目標値が変わった指標 / Indicators whose actual or target changed.' })
  indicatorChanges!: ReportIndicatorChangeType[];
  @Field(() => [ReportMeasureChangeType], { description: '当年度に新しく評価された施策 / Measures new this year.' })
  newMeasures!: ReportMeasureChangeType[];
  @Field(() => [ReportMeasureChangeType], { description: '前年度にあり当年度にない施策 / Measures no longer evaluated.' })
  removedMeasures!: ReportMeasureChangeType[];
}

@ObjectType('ReportHeadline', { description: '施策の評価の内訳（表紙の見出しの尺度・段階） / Measures by rating on the front page’s scale and stage.' })
export class ReportHeadlineType extends ReportScaleStageType {
  @Field(() => Int, { description: '施策の数 / Measures in the plan.' })
  measureCount!: number;
  @Field(() => Int, { description: '評価のある施策の数 / Measures rated this year.' })
  rated!: number;
  @Field(() => Int, { nullable: true, description: '比較する年度に評価のあった施策の数（なければ null） / Measures rated in the year compared; null without one.' })
  previousRated!: number | null;
  @Field(() => [ReportLevelCountType], { description: '評価ごとの施策の数（良い順） / Measures per level, best first.' })
  levels!: ReportLevelCountType[];
}

@ObjectType('ReportIndicatorHeadline', { description: '目標を達成した指標の数 / Indicators at or above target.' })
export class ReportIndicatorHeadlineType {
  @Field(() => Int, { description: '指標の数 / Indicators.' })
  total!: number;
  @Field(() => Int, { description: '達成率を計算できた指標の数 / Indicators with an achievement rate.' })
  measured!: number;
  @Field(() => Int, { description: '目標を達成した指標の数（達成率100%以上、以内の目標は守れたもの） / Indicators at or above target.' })
  achieved!: number;
  @Field(() => Int, { nullable: true, description: '比較する年度に達成率を計算できた指標の数（なければ null） / Measured in the year compared.' })
  previousMeasured!: number | null;
  @Field(() => Int, { nullable: true, description: '比較する年度に目標を達成した指標の数（なければ null） / At or above target in the year compared.' })
  previousAchieved!: number | null;
}

@ObjectType('ReportChangeSummary', { description: '施策の評価の前年度からの動き（表紙の尺度・段階） / How measures’ ratings moved since the year compared.' })
export class ReportChangeSummaryType {
  @Field(() => Int, { description: '両年度に評価のある施策の数 / Measures rated in both years.' })
  compared!: number;
  @Field(() => Int, { description: '上がった施策の数 / Moved up.' })
  up!: number;
  @Field(() => Int, { description: '下がった施策の数 / Moved down.' })
  down!: number;
  @Field(() => Int, { description: '変わらない施策の数 / Unchanged.' })
  unchanged!: number;
}

@ObjectType('ReportAreaStanding', { description: '政策分野の評価の内訳（遅れの多い順） / One policy area’s ratings, for the lowest-rated list.' })
export class ReportAreaStandingType {
  @Field(() => ID, { description: '政策分野のID / Area id.' })
  areaId!: string;
  @Field(() => String, { nullable: true, description: '番号 / Code.' })
  code!: string | null;
  @Field(() => String, { description: '名称 / Name.' })
  name!: string;
  @Field(() => Int, { description: '評価のある施策の数 / Measures rated.' })
  rated!: number;
  @Field(() => Int, { description: '下半分の評価（C・D、低など）の施策の数 / Measures rated in the bottom half of the scale.' })
  lagging!: number;
  @Field(() => [ReportLevelCountType], { description: '評価ごとの施策の数 / Measures per level.' })
  levels!: ReportLevelCountType[];
}

@ObjectType('ReportFrontPage', { description: '報告書の表紙（1ページの要約） / The report’s one-page front summary.' })
export class ReportFrontPageType {
  @Field(() => ReportHeadlineType, { nullable: true, description: '施策の評価の内訳（この年度に評価がなければ null） / Measures by rating; null when nothing is rated this year.' })
  headline!: ReportHeadlineType | null;
  @Field(() => ReportIndicatorHeadlineType, { description: '目標を達成した指標 / Indicators at or above target.' })
  indicators!: ReportIndicatorHeadlineType;
  @Field(() => ReportChangeSummaryType, { nullable: true, description: '前年度からの動き（比較する年度がなければ null） / Moves since the year compared; null without one.' })
  changes!: ReportChangeSummaryType | null;
  @Field(() => [String], { description: '遅れとして数える評価（C・D など） / The levels counted as lagging.' })
  laggingLevels!: string[];
  @Field(() => [ReportAreaStandingType], { description: '遅れの多い政策分野（5つまで） / The policy areas with the most lagging measures (up to five).' })
  lowestAreas!: ReportAreaStandingType[];
}

@ObjectType('AnnualReport', {
  description:
    '年次の評価報告書の内容（概要、政策分野ごとの施策、付録、前年度からの変更点） / The annual evaluation report: summary, measures by policy area, appendix and differences from last year.',
})
export class AnnualReportType {
  @Field(() => String, { description: '全国地方公共団体コード / Municipality code.' })
  municipalityCode!: string;
  @Field(() => String, { description: '自治体名 / Municipality name.' })
  municipalityName!: string;
  @Field(() => String, { nullable: true, description: '自治体名（英語） / English name.' })
  municipalityNameEn!: string | null;
  @Field(() => Boolean, { description: '生成データの自治体 / Generated (fictional) data.' })
  generated!: boolean;

  @Field(() => ID, { description: '計画のID / Plan id.' })
  planId!: string;
  @Field(() => String, { description: '計画の名称 / Plan name.' })
  planName!: string;
  @Field(() => [String], { description: '施策体系の階層の名称 / Level names of the plan’s tree.' })
  levelNames!: string[];
  @Field(() => Int, { description: '施策として扱う階層の深さ / Depth treated as the measure level.' })
  measureDepth!: number;
  @Field(() => String, { nullable: true, description: '施策として扱う階層の名称 / Name of that level.' })
  measureLevelName!: string | null;
  @Field(() => String, { description: '施策の階層の決め方の説明（日本語） / How the measure level was chosen, in Japanese.' })
  measureDepthReason!: string;
  @Field(() => String, { nullable: true, description: '最上位の階層の名称 / Name of the top level.' })
  areaLevelName!: string | null;

  @Field(() => FiscalYear, { description: '報告の年度 / Fiscal year reported.' })
  fiscalYear!: FiscalYear;
  @Field(() => FiscalYear, { nullable: true, description: '比較する前年度（評価のある直近の年度） / The year compared with.' })
  previousFiscalYear!: FiscalYear | null;
  @Field(() => StageEnum, { nullable: true, description: '絞り込んだ評価の段階（null = すべて） / Stage filter (null = all).' })
  stage!: StageEnum | null;
  @Field(() => [StageEnum], { description: '報告に含まれる評価の段階 / Stages present.' })
  stages!: StageEnum[];
  @Field(() => String, {
    description:
      '内容を集計した日時（ISO 8601）。データはこの時点のもの（応答がキャッシュから返るときは前の集計の日時）。ファイルの作成日時ではない / When the content was computed: the data’s as-of time (a cached answer keeps it); not when a file was made.',
  })
  generatedAt!: string;
  @Field(() => FiscalYear, {
    nullable: true,
    description: '評価のある最新の年度（なければ実績値、次に基準値のある最新の年度）。年度を省くとこの年度 / The latest year with evaluations (else actuals, else baselines): the year used when none is given.',
  })
  suggestedFiscalYear!: FiscalYear | null;
  @Field(() => ReportFrontPageType, { description: '表紙（1ページの要約） / The one-page front summary.' })
  frontPage!: ReportFrontPageType;

  @Field(() => ReportSummaryType, { description: '概要 / Summary.' })
  summary!: ReportSummaryType;
  @Field(() => [ReportAreaType], { description: '最上位の政策分野 / Top-level policy areas.' })
  areas!: ReportAreaType[];
  @Field(() => [ReportCostGroupType], { description: '目的別歳出の分類ごとのコスト（未分類を含む） / Cost per 目的別歳出 class, unmapped included.' })
  costByPurpose!: ReportCostGroupType[];
  @Field(() => [ReportMeasureType], { description: '施策（政策分野の順） / Measures, in plan order.' })
  measures!: ReportMeasureType[];
  @Field(() => [ReportIndicatorType], { description: '指標（施策の順） / Indicators, in plan order.' })
  indicators!: ReportIndicatorType[];
  @Field(() => [ReportProjectType], { description: '事業 / Projects.' })
  projects!: ReportProjectType[];
  @Field(() => ReportAppendixType, { description: '付録 / Appendix.' })
  appendix!: ReportAppendixType;
  @Field(() => ReportDifferencesType, { description: '前年度からの変更点 / Differences from last year.' })
  differences!: ReportDifferencesType;
  @Field(() => [ReportDepartmentPolicyType], { description: '報告年度の部局運営方針（全文） / The department policies of the year, in full.' })
  departmentPolicies!: ReportDepartmentPolicyType[];
  @Field(() => [ReportSurveyResultType], { description: '施策についての市民意識調査の結果 / Citizen survey rows about the plan’s nodes.' })
  surveyResults!: ReportSurveyResultType[];
  @Field(() => [ReportYearlyGoalType], { description: '施策の各年度の目標 / Goals per year of the plan’s nodes.' })
  yearlyGoals!: ReportYearlyGoalType[];
  @Field(() => ReportPriorityCountType, { description: '施策体系の重点の数（不明は別に数える） / Counts of 重点, unknown apart.' })
  priorityCount!: ReportPriorityCountType;
}
