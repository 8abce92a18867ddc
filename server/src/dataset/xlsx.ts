/**
 * The workbook form of the dataset (データセット形式の Excel 版): one sheet per record kind,
 * Japanese column headers, one record per row. Nested arrays (scale levels, indicator values,
 * project amounts, department-policy initiatives) get their own sheets whose first column is
 * the parent's key. The reader builds the same raw object the JSON form has and hands it to
 * `validateDataset` with a locator, so every problem names sheet, row and column.
 *
 * The layout is described once, in `SHEETS`; the writer, the reader, the 説明 sheet and
 * docs/dataset-xlsx.md all follow it.
 */
import ExcelJS from 'exceljs';
import {
  AMOUNT_KINDS,
  CITY_CATEGORIES,
  DEPARTMENT_KINDS,
  DIRECTIONS,
  FORMAT_VERSION,
  INDICATOR_KINDS,
  PLAN_KINDS,
  QUALIFIERS,
  PROJECT_DIRECTIONS,
  STAGES,
  SUBJECT_KINDS,
  VALUE_KINDS,
  type Dataset,
} from './format.js';
import { parseFiscalYear, toHalfWidth } from '../shared/fiscal-year.js';
import { TAXONOMY_SCHEMES } from '../comparison/taxonomy-classes.js';
import { validateDataset, type Locator, type Problem, type ValidationResult } from './validate.js';
import { scanJson } from './json-scan.js';
import { zipProblem } from './zip-guard.js';
import { MAX_JSON_DEPTH } from '../graphql/limits.js';

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/** How a column's cells are written and read. */
export type CellKind = 'text' | 'key' | 'int' | 'number' | 'bool' | 'date' | 'enum' | 'levels' | 'keys' | 'json';

/** An enumeration: English codes (the JSON form) and the Japanese label written in the workbook. */
export interface EnumSpec {
  codes: readonly string[];
  /** Label written for each code. */
  ja: Record<string, string>;
  /** Further spellings accepted on reading. */
  aliases?: Record<string, string[]>;
}

export interface ColumnSpec {
  /** Japanese header in row 1. */
  header: string;
  /** Dot path inside the record (`provenance.line`); `@parent`, `@subjectKind`, `@subjectKey` are link columns. */
  field: string;
  kind: CellKind;
  /** The column must be present; `true` also means the cell must be filled unless `blank` says otherwise. */
  required: boolean;
  /** How an empty cell reads: absent (default), null, or an empty string. */
  blank?: 'null' | 'empty';
  /** The field is required only when the record has a provenance at all. */
  requiredWithProvenance?: boolean;
  enumOf?: EnumSpec;
  /** Numbers typed into this text column are left-padded with zeros to this length (団体コード). */
  padDigits?: number;
  /** A year column: era labels such as 令和4年度, R4, H30 are read as the Western year. */
  year?: boolean;
  /** Further JSON-path prefixes whose problems are shown at this column. */
  match?: string[];
  /** A TRUE/FALSE column that may also be unknown: this word reads (and is written) as null. */
  unknownWord?: string;
  /** Japanese description for the 説明 sheet and the reference page. */
  desc: string;
}

type Collection =
  | 'documents'
  | 'plans'
  | 'departments'
  | 'ratingScales'
  | 'policyNodes'
  | 'indicators'
  | 'evaluations'
  | 'projects'
  | 'departmentPolicies'
  | 'surveyResults'
  | 'yearlyGoals'
  | 'classMappings';

export interface SheetSpec {
  name: string;
  /** English description for the reference page. */
  about: string;
  /** Top-level place in the dataset. */
  target: { kind: 'municipality' } | { kind: 'collection'; collection: Collection } | { kind: 'child'; parentSheet: string; collection: Collection; field: 'levels' | 'values' | 'amounts' | 'costs' | 'shares' | 'initiatives' };
  columns: ColumnSpec[];
  /** A sheet added after the first workbooks: a workbook without it simply has no such records. */
  optional?: boolean;
  /** The rows to write, one object per row (link columns as `@…` properties). */
  rows: (d: Dataset) => Record<string, unknown>[];
}

const enumOf = (codes: readonly string[], ja: Record<string, string>, aliases?: Record<string, string[]>): EnumSpec => ({ codes, ja, aliases });

export const ENUMS = {
  planKind: enumOf(
    PLAN_KINDS,
    { comprehensive: '総合計画', basic: '基本計画', implementation: '実施計画', strategic: '戦略プロジェクト', priority: '重点課題', other: 'その他' },
    { comprehensive: ['基本構想'], basic: ['前期基本計画', '後期基本計画'], strategic: ['戦略計画', '戦略PJ', '戦略ＰＪ'], priority: ['重点'] },
  ),
  departmentKind: enumOf(DEPARTMENT_KINDS, Object.fromEntries(DEPARTMENT_KINDS.map((k) => [k, k]))),
  subjectKind: enumOf(SUBJECT_KINDS, { policy_node: '施策', indicator: '指標', project: '事業' }, { policy_node: ['施策体系', 'policyNode'] }),
  valueKind: enumOf(VALUE_KINDS, { baseline: '基準値', target: '目標値', actual: '実績値' }, { baseline: ['現状値', '策定時', '基準値/現状値', '基準値・現状値'], target: ['目標'], actual: ['実績'] }),
  qualifier: enumOf(QUALIFIERS, { at_most: '以内', at_least: '以上', approx: '程度' }, { at_most: ['以下'], approx: ['約'] }),
  direction: enumOf(
    DIRECTIONS,
    { higher_is_better: '高いほど良い', lower_is_better: '低いほど良い', maintain: '維持', unknown: '不明' },
    { higher_is_better: ['上昇', '増加'], lower_is_better: ['低下', '減少'] },
  ),
  indicatorKind: enumOf(INDICATOR_KINDS, { outcome: '成果指標', activity: '活動指標', unknown: '不明' }, { outcome: ['成果', 'アウトカム'], activity: ['活動', 'アウトプット'] }),
  stage: enumOf(STAGES, { self: '一次評価', secondary: '二次評価', external: '外部評価', council: '政策会議' }, { self: ['自己評価', '一次'], secondary: ['二次'], external: ['外部'] }),
  amountKind: enumOf(AMOUNT_KINDS, { settled: '決算額', budget: '予算額' }, { settled: ['決算'], budget: ['予算'] }),
  projectDirection: enumOf(
    PROJECT_DIRECTIONS,
    { expand: '拡充', maintain: '現状維持', improve: '改善', reduce: '縮小', integrate: '統合', abolish: '廃止', complete: '完了' },
    { maintain: ['継続', '現状維持で継続'], improve: ['改善して継続', '見直し'], reduce: ['縮小して継続'], integrate: ['統合・統廃合', '統廃合'], abolish: ['休止・廃止', '休止', '廃止・休止'] },
  ),
  cityCategory: enumOf(
    CITY_CATEGORIES,
    { designated_city: '政令指定都市', core_city: '中核市', special_case_city: '施行時特例市', city: '一般市', town_village: '町村' },
    { designated_city: ['政令市'], special_case_city: ['特例市'], city: ['市'], town_village: ['町', '村'] },
  ),
  taxonomyScheme: enumOf(TAXONOMY_SCHEMES, { sdg: 'SDGs', purpose: '目的別歳出' }, { purpose: ['目的別'] }),
} as const;

function col(header: string, field: string, kind: CellKind, required: boolean, desc: string, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { header, field, kind, required, desc, ...extra };
}

/** The provenance columns every record with a provenance carries. */
function provenanceColumns(required: boolean): ColumnSpec[] {
  return [
    col('出典文書', 'provenance.document', 'key', required, '出典文書シートのキー。この行の内容を印刷している文書', {
      requiredWithProvenance: !required,
      match: ['provenance'],
    }),
    col('出典行', 'provenance.line', 'int', false, '出典テキストの行番号（1から数える）'),
    col('出典終了行', 'provenance.lineEnd', 'int', false, '複数行にわたるときの最後の行番号'),
    col('出典ページ', 'provenance.page', 'int', false, 'PDF のページ番号（1から）'),
    col('出典注記', 'provenance.note', 'text', false, '出典についての注記（文書から決められない点とその理由など）'),
    col('不確実', 'provenance.uncertain', 'bool', false, '文書だけでは確定できない値を含むとき TRUE（○）'),
  ];
}

const keyCol = (what: string) => col('キー', 'key', 'key', true, `${what}を識別する一意のキー（市の番号があればそれを使う。「/」不可）`);

export const SHEETS: SheetSpec[] = [
  {
    name: '自治体',
    about: 'The municipality the file describes: exactly one row.',
    target: { kind: 'municipality' },
    columns: [
      col('団体コード', 'code', 'text', true, '全国地方公共団体コード（検査数字を含む6桁、例 102041）', { padDigits: 6 }),
      col('名称', 'name', 'text', true, '自治体名（例 伊勢崎市）'),
      col('名称かな', 'nameKana', 'text', false, '自治体名の読み（ひらがな）'),
      col('英語名', 'nameEn', 'text', false, '英語表記（例 Isesaki）'),
      col('都道府県', 'prefecture', 'text', true, '都道府県名（例 群馬県）'),
      col('生成データ', 'generated', 'bool', false, '生成したデータ（実在の文書由来でない）なら TRUE。空欄は FALSE'),
      col('人口', 'attributes.population', 'int', false, '人口（人）。基準日とともに'),
      col('人口の基準日', 'attributes.populationAsOf', 'date', false, '人口の基準日（YYYY-MM-DD）'),
      col('面積', 'attributes.areaKm2', 'number', false, '面積（km²）。基準日とともに'),
      col('面積の基準日', 'attributes.areaAsOf', 'date', false, '面積の基準日（YYYY-MM-DD）'),
      col('都市の区分', 'attributes.category', 'enum', false, '政令指定都市・中核市・施行時特例市・一般市・町村', { enumOf: ENUMS.cityCategory }),
      col('類似団体', 'attributes.similarGroup', 'text', false, '類似団体の区分'),
      col('属性の出典', 'attributes.source', 'text', false, '人口・面積・区分の出典と時点'),
      col('属性の注記', 'attributes.note', 'text', false, '確認できなかった点など'),
      col('属性が不確実', 'attributes.uncertain', 'bool', false, '属性を確認できていないとき TRUE'),
    ],
    rows: (d) => [d.municipality],
  },
  {
    name: '出典文書',
    about: 'Source documents (documents): at least one row.',
    target: { kind: 'collection', collection: 'documents' },
    columns: [
      keyCol('文書'),
      col('表題', 'title', 'text', true, '文書の表題'),
      col('ファイル名', 'file', 'text', false, '元の PDF または抽出テキストのファイル名'),
      col('URL', 'url', 'text', false, '公開されている URL'),
      col('発行日', 'issuedOn', 'date', false, '発行日（YYYY-MM-DD、日付セルでも可）'),
      col('生成データ', 'generated', 'bool', false, '生成したデータの文書なら TRUE。空欄は FALSE'),
      col('ページ', 'pages', 'json', false, '各ページの開始行（JSON。例 [{"line":1,"number":1,"printed":true}]。printed は文書にページ番号が印刷されているとき true）'),
    ],
    rows: (d) => d.documents,
  },
  {
    name: '計画',
    about: 'Plans (plans): the comprehensive plan, basic and implementation plans, strategic projects.',
    target: { kind: 'collection', collection: 'plans' },
    columns: [
      keyCol('計画'),
      col('名称', 'name', 'text', true, '計画の名称'),
      col('種別', 'kind', 'enum', true, '計画の種類', { enumOf: ENUMS.planKind }),
      col('親計画', 'parent', 'key', false, 'この計画を含む計画のキー（後期基本計画 → 総合計画など）'),
      col('開始年度', 'startYear', 'int', true, '計画期間の最初の年度（西暦、例 2018）', { year: true }),
      col('終了年度', 'endYear', 'int', true, '計画期間の最後の年度（西暦）', { year: true }),
      col('階層名', 'levels', 'levels', true, '施策体系の階層名を上から「 > 」でつないだもの（例 基本政策 > 政策 > 施策）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.plans,
  },
  {
    name: '組織',
    about: 'Departments (departments): 部, 課, 室 … as printed in that year’s document.',
    target: { kind: 'collection', collection: 'departments' },
    columns: [
      keyCol('組織'),
      col('名称', 'name', 'text', true, '組織名（その年度の文書の表記どおり）'),
      col('種別', 'kind', 'enum', false, '組織の種類。空欄は 課', { enumOf: ENUMS.departmentKind }),
      col('親組織', 'parent', 'key', false, '上位の組織（課なら部）のキー'),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.departments,
  },
  {
    name: '評価尺度',
    about: 'Rating scales (ratingScales); their levels are on 評価段階.',
    target: { kind: 'collection', collection: 'ratingScales' },
    columns: [
      keyCol('評価尺度'),
      col('名称', 'name', 'text', true, '尺度の名称（例 進捗状況、目標達成状況）'),
      col('説明', 'description', 'text', false, '尺度の説明'),
      col('対象種別', 'subjectKind', 'enum', true, 'この尺度で評価するもの', { enumOf: ENUMS.subjectKind }),
      col('算定規則', 'rule', 'json', false, '市が定める算定規則（JSON。例 {"kind":"achievementBands","bands":[{"level":"A","minPercent":100}]}）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.ratingScales,
  },
  {
    name: '評価段階',
    about: 'Levels of each rating scale (ratingScales[].levels), best first, keyed by the scale key.',
    target: { kind: 'child', parentSheet: '評価尺度', collection: 'ratingScales', field: 'levels' },
    columns: [
      col('評価尺度', '@parent', 'key', true, '評価尺度シートのキー'),
      col('段階コード', 'code', 'text', true, '評価の記号（A、B、高 など。20文字まで）'),
      col('表示名', 'label', 'text', true, '段階の名称（例 順調に推移した）'),
      col('説明', 'description', 'text', false, '段階の説明・判定基準'),
      col('点数', 'score', 'number', false, '点数（高いほど良い）。空欄は点数なし', { blank: 'null' }),
      col('色', 'color', 'text', false, '表示色（#rrggbb）'),
      col('換算点', 'normalizedScore', 'number', false, '都市間比較の換算点（0〜100）。空欄は点数から求める'),
      col('順調', 'onTrack', 'bool', false, '都市間比較で「順調」に数えるなら TRUE。空欄は換算点50以上'),
    ],
    rows: (d) => d.ratingScales.flatMap((s) => s.levels.map((l) => ({ '@parent': s.key, ...l }))),
  },
  {
    name: '施策体系',
    about: 'Policy tree nodes (policyNodes), parents before children.',
    target: { kind: 'collection', collection: 'policyNodes' },
    columns: [
      keyCol('施策'),
      col('計画', 'plan', 'key', true, '属する計画のキー'),
      col('親', 'parent', 'key', false, '一つ上の階層の施策のキー（最上位は空欄）'),
      col('階層', 'depth', 'int', true, '階層（1 = 最上位。名称は計画の階層名）'),
      col('番号', 'code', 'text', false, '市が印刷している番号（1-2-3、①など）'),
      col('名称', 'name', 'text', true, '施策などの名称'),
      col('説明', 'description', 'text', false, '説明・内容'),
      col('主管課', 'leadDepartment', 'key', false, '主管課（施策代表課、主担当課）の組織キー'),
      col('関係課', 'relatedDepartments', 'keys', false, '関係課の組織キーを「、」でつないだもの'),
      col('重点', 'priority', 'bool', false, '重点施策なら TRUE（○）。空欄は FALSE。文書から決められないときは 不明', { unknownWord: '不明' }),
      col('並び順', 'sortOrder', 'int', false, '表示の並び順（整数）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.policyNodes,
  },
  {
    name: '指標',
    about: 'Indicators and KPIs (indicators); their values are on 指標値.',
    target: { kind: 'collection', collection: 'indicators' },
    columns: [
      keyCol('指標'),
      col('施策', 'policyNode', 'key', false, '測る施策のキー（事業の指標なら空欄）'),
      col('事業', 'project', 'key', false, '測る事業のキー'),
      col('名称', 'name', 'text', true, '指標名'),
      col('説明', 'description', 'text', false, '指標の説明・算出方法'),
      col('単位', 'unit', 'text', false, '単位（人、%、件、千円 など）'),
      col('方向', 'direction', 'enum', false, 'どちらが良いか。空欄は 高いほど良い', { enumOf: ENUMS.direction }),
      col('指標種別', 'kind', 'enum', false, '成果指標か活動指標か。空欄は 不明', { enumOf: ENUMS.indicatorKind }),
      col('データ出典', 'source', 'text', false, 'データの出典（例 市民協働課調べ）'),
      col('KPI', 'isKpi', 'bool', false, 'KPI（重要業績評価指標）なら TRUE。空欄は FALSE'),
      col('並び順', 'sortOrder', 'int', false, '表示の並び順（整数）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.indicators,
  },
  {
    name: '指標値',
    about: 'Indicator values (indicators[].values): one row per indicator, fiscal year and kind.',
    target: { kind: 'child', parentSheet: '指標', collection: 'indicators', field: 'values' },
    columns: [
      col('指標', '@parent', 'key', true, '指標シートのキー'),
      col('年度', 'fiscalYear', 'int', true, '年度（西暦。令和4年度 → 2022）', { year: true }),
      col('種別', 'kind', 'enum', true, '値の種類', { enumOf: ENUMS.valueKind }),
      col('値', 'value', 'number', true, '読み取った数値。数値のない値（「-」「ー」や文章）は空欄', { blank: 'null' }),
      col('表記', 'text', 'text', true, '文書に印刷されたとおりの表記（例 60.5人(R3年)）。空欄は空文字', { blank: 'empty' }),
      col('観測年', 'observedYear', 'int', false, '値が実際に指す年が列の年度と違うときの年（R3年 → 2021）', { year: true }),
      col('年注記', 'yearNote', 'text', false, 'その年についての印刷された注記（例 (R3年)）'),
      col('限定', 'qualifier', 'enum', false, '以内・以上・程度', { enumOf: ENUMS.qualifier }),
      col('累計開始年度', 'spanFrom', 'int', false, '累計値の期間の最初の年度（70人 (H30-R6) → 2018）', { year: true }),
      col('累計終了年度', 'spanTo', 'int', false, '累計値の期間の最後の年度（→ 2024）', { year: true }),
      col('印字達成率', 'printedAchievement', 'number', false, '文書が印刷している達成率（%、例 93.7）'),
      col('印字達成率表記', 'printedAchievementText', 'text', false, '達成率の印刷どおりの表記'),
      col('内訳', 'parts', 'json', false, '複数の値が並ぶとき各値（JSON。例 [{"label":"児童","value":86.1,"unit":"%","text":"児童:86.1%"}]）。表記は全体のまま'),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.indicators.flatMap((i) => i.values.map((v) => ({ '@parent': i.key, ...v }))),
  },
  {
    name: '評価',
    about: 'Evaluations (evaluations): a rating and its texts for a subject, year and stage.',
    target: { kind: 'collection', collection: 'evaluations' },
    columns: [
      col('対象種別', '@subjectKind', 'enum', true, '評価の対象の種類', { enumOf: ENUMS.subjectKind }),
      col('対象キー', '@subjectKey', 'key', true, '対象（施策・指標・事業）のキー', { match: ['subject'] }),
      col('年度', 'fiscalYear', 'int', true, '評価の対象年度（西暦）', { year: true }),
      col('評価区分', 'stage', 'enum', true, '一次評価（主管課）・二次評価（企画課）・外部評価・政策会議', { enumOf: ENUMS.stage }),
      col('評価尺度', 'scale', 'key', false, '評価尺度のキー（評定のない文章だけの評価は空欄）'),
      col('評定', 'level', 'text', true, '尺度の段階コード（A、高 など）。評定が「-」などで無いときは空欄', { blank: 'null' }),
      col('達成状況', 'achievement', 'text', false, '達成状況'),
      col('課題', 'issues', 'text', false, '課題'),
      col('課題への対応', 'response', 'text', false, '課題への対応'),
      col('評価コメント', 'comment', 'text', false, '評価コメント・自己評価の文章'),
      col('要望・意見', 'request', 'text', false, '要望・意見'),
      col('その他の記述', 'otherTexts', 'json', false, 'その他の名前付きの記述（JSON。例 {"次期計画で取り組むべき課題":"…"}）'),
      col('評価者', 'evaluator', 'text', false, '評価した組織・会議'),
      col('評価日', 'evaluatedOn', 'date', false, '評価した日（YYYY-MM-DD、日付セルでも可）'),
      ...provenanceColumns(true),
    ],
    rows: (d) =>
      d.evaluations.map((e) => {
        const s = e.subject as { policyNode?: string; indicator?: string; project?: string };
        const [kind, key] = s.policyNode !== undefined ? ['policy_node', s.policyNode] : s.indicator !== undefined ? ['indicator', s.indicator] : ['project', s.project];
        return { '@subjectKind': kind, '@subjectKey': key, ...e };
      }),
  },
  {
    name: '事業',
    about: 'Projects (projects); their amounts are on 事業費.',
    target: { kind: 'collection', collection: 'projects' },
    columns: [
      keyCol('事業'),
      col('施策', 'policyNode', 'key', false, '属する施策のキー'),
      col('名称', 'name', 'text', true, '事業名'),
      col('説明', 'description', 'text', false, '事業の内容'),
      col('担当課', 'department', 'key', false, '担当課の組織キー'),
      col('成果指標', 'outcomeIndicator', 'key', false, '事業の成果を測る指標のキー（指標シートで定義）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.projects,
  },
  {
    name: '事業費',
    about: 'Project amounts (projects[].amounts): settled amounts and budgets per year, in thousand yen.',
    target: { kind: 'child', parentSheet: '事業', collection: 'projects', field: 'amounts' },
    columns: [
      col('事業', '@parent', 'key', true, '事業シートのキー'),
      col('年度', 'fiscalYear', 'int', true, '年度（西暦）', { year: true }),
      col('種別', 'kind', 'enum', true, '決算額か予算額か', { enumOf: ENUMS.amountKind }),
      col('金額（千円）', 'thousandYen', 'number', true, '金額（千円単位）。数値が印刷されていなければ空欄', { blank: 'null' }),
      col('表記', 'text', 'text', true, '文書に印刷されたとおりの表記。空欄は空文字', { blank: 'empty' }),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.projects.flatMap((p) => p.amounts.map((a) => ({ '@parent': p.key, ...a }))),
  },
  {
    name: '事業コスト',
    about: 'Project evaluation sheets (projects[].costs): cost by kind, sources of funds and direction per year, in thousand yen.',
    target: { kind: 'child', parentSheet: '事業', collection: 'projects', field: 'costs' },
    optional: true,
    columns: [
      col('事業', '@parent', 'key', true, '事業シートのキー'),
      col('年度', 'fiscalYear', 'int', true, '年度（西暦）', { year: true }),
      col('事業費（千円）', 'businessCost', 'number', false, '事業費（直接経費、決算ベース）。印刷されていなければ空欄（不明）'),
      col('従事人数（人）', 'staff', 'number', false, '従事職員数（人工）'),
      col('平均人件費（千円）', 'costPerStaff', 'number', false, '1人あたりの平均人件費'),
      col('人件費（千円）', 'personnelCost', 'number', false, '印刷された人件費。空欄なら従事人数×平均人件費'),
      col('その他コスト（千円）', 'otherCost', 'number', false, 'その他のコスト（減価償却費など）。0と印刷されていれば0'),
      col('トータルコスト（千円）', 'printedTotal', 'number', false, '印刷されたトータルコスト。事業費・人件費・その他の合計と照合する'),
      col('国・県支出金（千円）', 'fundNational', 'number', false, '財源内訳：国・県支出金'),
      col('地方債（千円）', 'fundBonds', 'number', false, '財源内訳：地方債'),
      col('その他特定財源（千円）', 'fundOtherSpecific', 'number', false, '財源内訳：その他特定財源'),
      col('一般財源（千円）', 'fundGeneral', 'number', false, '財源内訳：一般財源'),
      col('今後の方向性', 'direction', 'enum', false, '拡充・現状維持・改善・縮小・統合・廃止・完了', { enumOf: ENUMS.projectDirection }),
      col('方向性の表記', 'directionText', 'text', false, '方向性の印刷どおりの表記や理由'),
      col('妥当性', 'validity', 'text', false, '事業の評価：妥当性（印刷どおりの記号や語。A・◎・妥当など）'),
      col('有効性', 'effectiveness', 'text', false, '事業の評価：有効性（印刷どおり）'),
      col('効率性', 'efficiency', 'text', false, '事業の評価：効率性（印刷どおり）'),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.projects.flatMap((p) => p.costs.map((c) => ({ '@parent': p.key, ...c }))),
  },
  {
    name: '事業の施策配分',
    about: 'Project shares (projects[].shares): the policy nodes a project serves and its share of each.',
    target: { kind: 'child', parentSheet: '事業', collection: 'projects', field: 'shares' },
    optional: true,
    columns: [
      col('事業', '@parent', 'key', true, '事業シートのキー'),
      col('施策', 'policyNode', 'key', true, '配分先の施策のキー'),
      col('配分', 'share', 'number', true, '配分の割合（0より大きく1以下。事業ごとの合計は1）'),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.projects.flatMap((p) => p.shares.map((x) => ({ '@parent': p.key, ...x }))),
  },
  {
    name: '部局運営方針',
    about: 'Department policies (departmentPolicies); their initiatives are on 取組.',
    target: { kind: 'collection', collection: 'departmentPolicies' },
    columns: [
      keyCol('部局運営方針'),
      col('部局', 'department', 'key', true, '部局の組織キー'),
      col('年度', 'fiscalYear', 'int', true, '年度（西暦）', { year: true }),
      col('基本的考え方', 'basicApproach', 'text', true, '部局運営に関する基本的考え方。空欄は空文字', { blank: 'empty' }),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.departmentPolicies,
  },
  {
    name: '取組',
    about: 'Initiatives of department policies (departmentPolicies[].initiatives).',
    target: { kind: 'child', parentSheet: '部局運営方針', collection: 'departmentPolicies', field: 'initiatives' },
    columns: [
      col('部局運営方針', '@parent', 'key', true, '部局運営方針シートのキー'),
      col('区分', 'category', 'text', true, '取組の区分（財務体質の強化、個別課題 など）'),
      col('表題', 'title', 'text', true, '取組の表題'),
      col('内容', 'body', 'text', false, '取組の内容。空欄は空文字'),
      ...provenanceColumns(false),
    ],
    rows: (d) => d.departmentPolicies.flatMap((p) => p.initiatives.map((i) => ({ '@parent': p.key, ...i }))),
  },
  {
    name: '市民意識調査',
    about: 'Citizen survey results about policy nodes (surveyResults): one printed row each, as numbers and as printed.',
    target: { kind: 'collection', collection: 'surveyResults' },
    optional: true,
    columns: [
      keyCol('調査結果'),
      col('施策', 'policyNode', 'key', false, '結果が示されている施策のキー'),
      col('年度', 'fiscalYear', 'int', true, '調査の年度（西暦）', { year: true }),
      col('調査名', 'survey', 'text', true, '調査の名称（例 平成29年度所沢市市民意識調査）'),
      col('設問', 'question', 'text', true, '数えたもの（例 「充実すべき施策」と感じている人数）'),
      col('項目', 'item', 'text', true, '行の項目（節の名称など）'),
      col('回答者数', 'respondents', 'int', false, '回答者の数（2,197人中 → 2197）'),
      col('人数', 'count', 'int', false, '該当した人数'),
      col('割合', 'percent', 'number', false, '割合（%、印刷どおり）'),
      col('順位', 'rank', 'int', false, '順位'),
      col('順位の母数', 'rankOf', 'int', false, '順位を付けた項目の数（全42節中 → 42）'),
      col('表記', 'text', 'text', true, '文書に印刷されたとおりの行'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.surveyResults,
  },
  {
    name: '年度目標',
    about: 'Goals a policy node states per fiscal year (yearlyGoals).',
    target: { kind: 'collection', collection: 'yearlyGoals' },
    optional: true,
    columns: [
      col('施策', 'policyNode', 'key', true, '目標を掲げる施策のキー'),
      col('年度', 'fiscalYear', 'int', true, '年度（西暦）', { year: true }),
      col('目標', 'goal', 'text', true, 'その年度の目標（印刷どおり）'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.yearlyGoals,
  },
  {
    name: '共通分類',
    about: 'A policy node’s classes in a shared classification (classMappings): SDGs goals or 目的別歳出 classes, held by its subtree.',
    target: { kind: 'collection', collection: 'classMappings' },
    optional: true,
    columns: [
      col('施策', 'policyNode', 'key', true, '分類する施策のキー（配下の施策にも及ぶ。配下で同じ分類を指定すればそちらが優先）'),
      col('分類', 'scheme', 'enum', true, 'SDGs または 目的別歳出', { enumOf: ENUMS.taxonomyScheme }),
      col('項目', 'classes', 'keys', true, 'SDGsは目標の番号（1〜17）、目的別歳出は款の名称（民生費 など）。複数可'),
      ...provenanceColumns(true),
    ],
    rows: (d) => d.classMappings,
  },
];

/** The sheet describing every column; it also carries the format version. */
export const GUIDE_SHEET = '説明';
const VERSION_LABEL = '形式バージョン';

/** How each kind is described on the 説明 sheet and the reference page. */
export const KIND_LABELS: Record<CellKind, string> = {
  text: '文字列',
  key: 'キー',
  int: '整数',
  number: '数値',
  bool: 'TRUE/FALSE',
  date: '日付',
  enum: '選択肢',
  levels: '「 > 」区切り',
  keys: '「、」区切り',
  json: 'JSON',
};

/** Required-ness as shown on the 説明 sheet and the reference page. */
export function requiredLabel(c: ColumnSpec): string {
  if (c.requiredWithProvenance) return '出典を書くとき必須';
  if (!c.required) return '任意';
  if (c.blank === 'null' || c.blank === 'empty') return '必須列（空欄可）';
  return '必須';
}

/** Allowed values as shown on the 説明 sheet and the reference page. */
export function allowedLabel(c: ColumnSpec): string {
  if (c.enumOf) return c.enumOf.codes.map((k) => (c.enumOf!.ja[k] === k ? k : `${c.enumOf!.ja[k]}（${k}）`)).join('、');
  if (c.kind === 'bool') return `TRUE / FALSE（○・はい・1 / ×・いいえ・0 も可）${c.unknownWord ? `・${c.unknownWord}` : ''}`;
  if (c.kind === 'date') return 'YYYY-MM-DD';
  return '';
}

/** The JSON field name for a column (link columns named after what they hold). */
export function fieldLabel(sheet: SheetSpec, c: ColumnSpec): string {
  if (c.field === '@parent' && sheet.target.kind === 'child') return `(${sheet.target.collection}[].key)`;
  if (c.field === '@subjectKind') return '(subject の種類)';
  if (c.field === '@subjectKey') return 'subject.policyNode | subject.indicator | subject.project';
  return c.field;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const pathText = (path: (string | number)[]) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

function getPath(obj: Record<string, unknown>, field: string): unknown {
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, field: string, value: unknown): void {
  const parts = field.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === undefined || typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Display width of text in Excel character units: full-width characters count two. */
function displayWidth(text: string): number {
  let max = 0;
  for (const line of text.split('\n')) {
    let w = 0;
    for (const ch of line) w += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
    max = Math.max(max, w);
  }
  return max;
}

const ymd = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

/** Excel serial day number (1900 system) to a date. */
const serialToDate = (n: number) => new Date(Math.round((n - 25569) * 86400000));

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** A list written as one cell; falls back to a JSON array when the separator would be ambiguous. */
function joinList(items: string[], sep: string, unsafe: RegExp): string | null {
  if (items.length === 0) return null;
  const ambiguous = items.some((s) => s === '' || s !== s.trim() || unsafe.test(s)) || items[0]!.startsWith('[');
  return ambiguous ? JSON.stringify(items) : items.join(sep);
}

function cellFor(c: ColumnSpec, v: unknown): ExcelJS.CellValue {
  if (v === null && c.unknownWord) return c.unknownWord;
  if (v === undefined || v === null) return null;
  switch (c.kind) {
    case 'enum':
      return c.enumOf!.ja[String(v)] ?? String(v);
    case 'levels':
      return joinList(v as string[], ' > ', /[>＞\n]/);
    case 'keys':
      return joinList(v as string[], '、', /[、\n]/);
    case 'json':
      return JSON.stringify(v);
    case 'bool':
      return Boolean(v);
    case 'int':
    case 'number':
      return typeof v === 'number' ? v : String(v);
    default:
      return String(v);
  }
}

function headerNote(sheet: SheetSpec, c: ColumnSpec): string {
  const allowed = allowedLabel(c);
  return [`${fieldLabel(sheet, c)}（${requiredLabel(c)}・${KIND_LABELS[c.kind]}）`, c.desc, allowed && `選択肢: ${allowed}`].filter(Boolean).join('\n');
}

/** Narrowest column per kind, so that the empty template has room to type Japanese text. */
const MIN_WIDTH: Record<CellKind, number> = { text: 16, key: 14, int: 9, number: 10, bool: 9, date: 12, enum: 12, levels: 24, keys: 20, json: 24 };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/**
 * Writes a dataset as a workbook in the layout of `SHEETS`; `null` writes the empty template
 * (headers with explanatory notes and the 説明 sheet).
 */
export async function writeWorkbook(d: Dataset | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'seisaku-hyoka';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const sheet of SHEETS) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    const rows = d ? sheet.rows(d) : [];
    const widths = sheet.columns.map((c) => displayWidth(c.header) + 2);
    ws.addRow(sheet.columns.map((c) => c.header));
    for (const r of rows) {
      const values = sheet.columns.map((c) => cellFor(c, getPath(r, c.field)));
      ws.addRow(values);
      values.forEach((v, i) => {
        if (v !== null && v !== undefined) widths[i] = Math.max(widths[i]!, Math.min(displayWidth(String(v)), 60));
      });
    }
    sheet.columns.forEach((c, i) => {
      const column = ws.getColumn(i + 1);
      column.width = Math.max(MIN_WIDTH[c.kind], Math.min(widths[i]! + 1, 60));
      if (c.kind === 'int' || c.kind === 'number') column.alignment = { horizontal: 'right' };
      const cell = ws.getRow(1).getCell(i + 1);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', horizontal: 'left' };
      cell.note = headerNote(sheet, c);
      if (c.enumOf) {
        const list = c.enumOf.codes.map((k) => c.enumOf!.ja[k]!).join(',');
        const letter = columnLetter(i + 1);
        (ws as unknown as { dataValidations: { add(address: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
          `${letter}2:${letter}${Math.max(1000, rows.length + 500)}`,
          {
            type: 'list',
            allowBlank: true,
            formulae: [`"${list}"`],
            showErrorMessage: true,
            errorStyle: 'warning',
            errorTitle: c.header,
            error: `選択肢: ${list}（英語のコードも可）`,
          },
        );
      }
    });
  }
  writeGuide(wb.addWorksheet(GUIDE_SHEET, { views: [{ state: 'frozen', ySplit: 6 }] }));
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as unknown as ArrayBuffer);
}

function writeGuide(ws: ExcelJS.Worksheet): void {
  ws.addRow(['データセット（総合計画の進行管理）Excel 版の説明']).font = { bold: true, size: 14 };
  ws.addRow([VERSION_LABEL, FORMAT_VERSION]);
  ws.addRow(['1 行目は見出し（変更しない）。1 行が 1 件。全部空の行は読み飛ばします。年度は西暦、日付は YYYY-MM-DD。']);
  ws.addRow(['選択肢は日本語でも英語のコードでも書けます。TRUE/FALSE の列は ○・はい・1 / ×・いいえ・0 も使えます。「#」で始まる見出しの列とこのシートは読み込みません。']);
  ws.addRow([]);
  const header = ws.addRow(['シート', '列', '見出し', '項目名', '必須', '形式', '選択肢', '説明']);
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = HEADER_FILL));
  const widths = [8, 4, 8, 8, 6, 6, 8, 8];
  for (const sheet of SHEETS) {
    sheet.columns.forEach((c, i) => {
      const values = [sheet.name, columnLetter(i + 1), c.header, fieldLabel(sheet, c), requiredLabel(c), KIND_LABELS[c.kind], allowedLabel(c), c.desc];
      ws.addRow(values);
      values.forEach((v, j) => (widths[j] = Math.max(widths[j]!, Math.min(displayWidth(v) + 2, 70))));
    });
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

type Scalar = string | number | boolean | Date;
type Cell = { blank: true } | { blank: false; value: Scalar } | { blank: false; error: string };

function normalizeCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return { blank: true };
  if (typeof v === 'string') return v === '' ? { blank: true } : { blank: false, value: v };
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return { blank: false, value: v };
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return normalizeCell(v.richText.map((r) => r.text).join(''));
    if ('hyperlink' in v) {
      const t = v.text as unknown;
      if (typeof t === 'string') return normalizeCell(t);
      if (t && typeof t === 'object' && 'richText' in t) return normalizeCell(t as ExcelJS.CellRichTextValue);
      return normalizeCell(v.hyperlink);
    }
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as ExcelJS.CellFormulaValue).result;
      if (r === undefined) return { blank: false, error: 'formula' };
      return normalizeCell(r as ExcelJS.CellValue);
    }
    if ('error' in v) return { blank: false, error: String(v.error) };
  }
  return { blank: false, error: 'unknown' };
}

const TRUE_WORDS = new Set(['true', '○', '〇', '◯', '●', 'はい', '1', 'yes', 'y', '✓', '✔', '有', 'あり']);
const FALSE_WORDS = new Set(['false', '×', '✕', '✗', 'いいえ', '0', 'no', 'n', '-', 'ー', '－', '無', 'なし']);

function parseList(text: string, sep: RegExp): string[] | null {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(t);
      if (Array.isArray(arr) && arr.every((x) => typeof x === 'string')) return arr as string[];
    } catch {
      /* fall through to splitting */
    }
  }
  return t.split(sep).map((s) => s.trim()).filter((s) => s !== '');
}

function lookupEnum(e: EnumSpec, text: string): string | undefined {
  const t = text.normalize('NFKC').trim();
  const lower = t.toLowerCase();
  for (const code of e.codes) {
    if (code === t || code.toLowerCase() === lower || e.ja[code] === t || e.ja[code]?.normalize('NFKC') === t) return code;
    if (e.aliases?.[code]?.some((a) => a === t || a.normalize('NFKC') === t)) return code;
  }
  return undefined;
}

/** Year labels accepted in year columns: 令和4年度, R4, H30年, 2022年度, 2022（令和4）. */
const YEAR_TEXT = /^((令和|平成|昭和|[RHSrhs])\s*(元|\d{1,2})\s*(年度|年)?|\d{4}\s*(年度|年)?\s*(\(\s*(令和|平成|[RH])\s*(元|\d{1,2})\s*(年度|年)?\s*\))?)$/;

type Converted = { ok: true; value: unknown } | { ok: false; value: unknown; ja: string; en: string };

/** Converts one non-blank cell for a column. */
function convert(c: ColumnSpec, v: Scalar): Converted {
  const asText = (x: Scalar): string =>
    x instanceof Date ? ymd(x) : typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : typeof x === 'number' && c.padDigits ? String(x).padStart(c.padDigits, '0') : String(x);
  switch (c.kind) {
    case 'text':
    case 'key':
      return { ok: true, value: asText(v) };
    case 'int':
    case 'number': {
      if (typeof v === 'number') return { ok: true, value: v };
      const t = typeof v === 'string' ? v.normalize('NFKC').trim().replace(/,/g, '') : '';
      if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return { ok: true, value: Number(t) };
      if (c.year && typeof v === 'string' && YEAR_TEXT.test(toHalfWidth(v).trim())) {
        const y = parseFiscalYear(v);
        if (y !== null) return { ok: true, value: y };
      }
      const shown = asText(v);
      return {
        ok: false,
        value: shown,
        ja: `数値でなければなりません（「${shown}」）`,
        en: `must be a number (got "${shown}")`,
      };
    }
    case 'bool': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (c.unknownWord && String(v).trim() === c.unknownWord) return { ok: true, value: null };
      const t = String(v).normalize('NFKC').trim().toLowerCase();
      if (TRUE_WORDS.has(t) || TRUE_WORDS.has(String(v).trim())) return { ok: true, value: true };
      if (FALSE_WORDS.has(t) || FALSE_WORDS.has(String(v).trim())) return { ok: true, value: false };
      const shown = asText(v);
      return { ok: false, value: shown, ja: `TRUE か FALSE（○ か ×）でなければなりません（「${shown}」）`, en: `must be TRUE or FALSE (got "${shown}")` };
    }
    case 'date': {
      if (v instanceof Date) return { ok: true, value: ymd(v) };
      if (typeof v === 'number' && v > 0 && v < 2958466) return { ok: true, value: ymd(serialToDate(v)) };
      const t = String(v).normalize('NFKC').trim();
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
      return { ok: true, value: m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : t };
    }
    case 'enum': {
      const code = lookupEnum(c.enumOf!, asText(v));
      if (code !== undefined) return { ok: true, value: code };
      const choices = c.enumOf!.codes.map((k) => c.enumOf!.ja[k]).join('、');
      return {
        ok: false,
        value: asText(v),
        ja: `「${asText(v)}」は選択肢にありません（選択肢: ${choices}）`,
        en: `"${asText(v)}" is not one of the allowed values (${c.enumOf!.codes.join(', ')})`,
      };
    }
    case 'levels':
      return { ok: true, value: parseList(asText(v), /\s*[>＞]\s*/) };
    case 'keys':
      return { ok: true, value: parseList(asText(v), /[、\n]/) };
    case 'json': {
      const t = asText(v);
      const scan = scanJson(t, MAX_JSON_DEPTH);
      if (scan.tooDeep)
        return {
          ok: false,
          value: t,
          ja: `JSON の入れ子が深すぎます（${scan.tooDeep.column}文字目、深さ ${scan.tooDeep.depth}、上限 ${MAX_JSON_DEPTH}）`,
          en: `the JSON is nested too deeply (character ${scan.tooDeep.column}: depth ${scan.tooDeep.depth}, limit ${MAX_JSON_DEPTH})`,
        };
      const twice = scan.duplicates[0];
      if (twice)
        return {
          ok: false,
          value: t,
          ja: `JSON の項目「${twice.key}」が2回あります（${twice.path}）`,
          en: `the JSON gives the key "${twice.key}" twice (${twice.path})`,
        };
      try {
        return { ok: true, value: JSON.parse(t) };
      } catch (e) {
        return { ok: false, value: t, ja: `JSON として読めません（${(e as Error).message}）`, en: `not valid JSON (${(e as Error).message})` };
      }
    }
  }
}

/** One data row of a sheet, read into a record. */
export interface ReadRow {
  row: number;
  obj: Record<string, unknown>;
  /** Cell problems, by field. */
  bad: { field: string; column: string; ja: string; en: string }[];
  /** Fields whose column is missing from the sheet: problems there are already reported. */
  silent: string[];
}

export interface ReadSheet {
  spec: SheetSpec;
  rows: ReadRow[];
  /** Field (and `match` prefixes) → column label such as `F（値）`. */
  columns: Map<string, string>;
  /** The sheet could not be used at all (missing, or its link column is missing). */
  unusable: boolean;
}

/** Reads one sheet's rows by its header row; header problems go to `problems`, cell problems stay on each row. */
export function readSheet(ws: ExcelJS.Worksheet, spec: SheetSpec, problems: Problem[]): ReadSheet {
  const result: ReadSheet = { spec, rows: [], columns: new Map(), unusable: false };
  const byHeader = new Map<string, ColumnSpec>();
  for (const c of spec.columns) {
    byHeader.set(c.header, c);
    if (!c.field.startsWith('@')) byHeader.set(c.field, c);
  }
  const found = new Map<number, { spec: ColumnSpec; label: string }>();
  const present = new Set<ColumnSpec>();
  const headerRow = ws.getRow(1);
  for (let n = 1; n <= Math.max(ws.columnCount, headerRow.cellCount); n++) {
    const cell = normalizeCell(headerRow.getCell(n).value);
    if (cell.blank || !('value' in cell)) continue;
    const text = String(cell.value).trim();
    if (text === '' || text.startsWith('#') || text.startsWith('＃')) continue;
    const label = `${columnLetter(n)}（${text}）`;
    const c = byHeader.get(text) ?? byHeader.get(text.normalize('NFKC'));
    if (!c) {
      problems.push({
        path: '',
        sheet: spec.name,
        row: 1,
        column: label,
        ja: `見出し「${text}」はこのシートの列ではありません（メモの列は見出しを「#」で始めてください）`,
        en: `unknown column header "${text}" (start a notes column's header with "#")`,
      });
      continue;
    }
    if (present.has(c)) {
      problems.push({ path: '', sheet: spec.name, row: 1, column: label, ja: `見出し「${c.header}」が重複しています`, en: `duplicate column header "${c.header}"` });
      continue;
    }
    present.add(c);
    found.set(n, { spec: c, label });
    result.columns.set(c.field, label);
    c.match?.forEach((m) => result.columns.set(m, label));
  }
  const silent: string[] = [];
  for (const c of spec.columns) {
    if (present.has(c)) continue;
    if (c.required) {
      problems.push({
        path: '',
        sheet: spec.name,
        row: 1,
        ja: `必須の列「${c.header}」がありません`,
        en: `the required column "${c.header}" (${c.field}) is missing`,
      });
      if (c.field.startsWith('@')) result.unusable = true;
      silent.push(c.field === '@subjectKey' || c.field === '@subjectKind' ? 'subject' : c.field);
    }
  }

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: { col: ColumnSpec; label: string; cell: Cell }[] = [];
    let anything = false;
    row.eachCell({ includeEmpty: false }, (cell, n) => {
      const norm = normalizeCell(cell.value);
      const f = found.get(n);
      // A value in a notes column ("#…") or a column without a header does not make the row a record.
      if (!f) return;
      if (!norm.blank && !('value' in norm && typeof norm.value === 'string' && norm.value.trim() === '')) anything = true;
      cells.push({ col: f.spec, label: f.label, cell: norm });
    });
    if (!anything) return;
    const r: ReadRow = { row: rowNumber, obj: {}, bad: [], silent };
    const filled = new Set<ColumnSpec>();
    for (const { col: c, label, cell } of cells) {
      if (cell.blank) continue;
      filled.add(c);
      if (!('value' in cell)) {
        const what = cell.error === 'formula' ? '計算結果が保存されていない数式' : `エラー値 ${cell.error}`;
        r.bad.push({ field: c.field, column: label, ja: `セルが${what}です`, en: cell.error === 'formula' ? 'the cell is a formula without a saved result' : `the cell holds the error ${cell.error}` });
        setPath(r.obj, c.field, null);
        continue;
      }
      const conv = convert(c, cell.value);
      setPath(r.obj, c.field, conv.value);
      if (!conv.ok) r.bad.push({ field: c.field, column: label, ja: conv.ja, en: conv.en });
    }
    // Blank cells that stand for null or "" (only where the column exists).
    for (const { spec: c } of found.values()) {
      if (filled.has(c) || !c.blank) continue;
      setPath(r.obj, c.field, c.blank === 'null' ? null : '');
    }
    result.rows.push(r);
  });
  return result;
}

/** Reads the format version from the 説明 sheet, if there is one. */
function readVersion(ws: ExcelJS.Worksheet | undefined): { value: unknown; row?: number } {
  if (!ws) return { value: FORMAT_VERSION };
  let out: { value: unknown; row?: number } = { value: FORMAT_VERSION };
  ws.eachRow((row, n) => {
    const a = normalizeCell(row.getCell(1).value);
    if ('value' in a && String(a.value).trim() === VERSION_LABEL) {
      const b = normalizeCell(row.getCell(2).value);
      const v = 'value' in b ? b.value : undefined;
      out = { value: typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v, row: n };
    }
  });
  return out;
}

const fail = (ja: string, en: string): ValidationResult => ({ ok: false, problems: [{ path: '', ja, en }] });

/**
 * Reads a workbook into a dataset and validates it. Never throws: an unreadable file, a missing
 * sheet or column, and a cell of the wrong type come back as problems with sheet, row and column.
 */
export async function readWorkbook(bytes: Buffer): Promise<ValidationResult> {
  // Entries and inflated size bounded before exceljs inflates anything (dataset/zip-guard.ts).
  const zip = await zipProblem(bytes);
  if (zip) return fail(zip.ja, zip.en);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s*If it is, see \S+/, '');
    return fail(
      `Excel ファイル（.xlsx）として読めません。壊れているか、別の形式のファイルです（${msg}）`,
      `cannot read the file as an Excel workbook (.xlsx); it is damaged or of another format (${msg})`,
    );
  }
  try {
    return readLoaded(wb);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return fail(`ブックの内容を読めません（${msg}）`, `cannot read the workbook's contents (${msg})`);
  }
}

function readLoaded(wb: ExcelJS.Workbook): ValidationResult {
  const problems: Problem[] = [];
  const sheets = new Map<string, ReadSheet>();
  const worksheetByName = new Map<string, ExcelJS.Worksheet>();
  wb.eachSheet((ws) => worksheetByName.set(ws.name.normalize('NFKC').trim(), ws));

  for (const spec of SHEETS) {
    const ws = worksheetByName.get(spec.name.normalize('NFKC'));
    if (!ws && spec.optional) {
      sheets.set(spec.name, { spec, rows: [], columns: new Map(), unusable: false });
      continue;
    }
    if (!ws) {
      problems.push({
        path: '',
        sheet: spec.name,
        ja: `シート「${spec.name}」がありません（記入しない場合も空のシートを残してください）`,
        en: `the sheet "${spec.name}" is missing (keep it, empty, when there is nothing to fill in)`,
      });
      sheets.set(spec.name, { spec, rows: [], columns: new Map(), unusable: true });
      continue;
    }
    sheets.set(spec.name, readSheet(ws, spec, problems));
  }

  // Assemble the raw dataset and remember where every record came from.
  const version = readVersion(worksheetByName.get(GUIDE_SHEET));
  const raw: Record<string, unknown> = { formatVersion: version.value };
  type Place = { sheet: string; row?: number; columns: Map<string, string> };
  const places = new Map<string, Place>();
  const place = (path: (string | number)[], p: Place) => places.set(JSON.stringify(path), p);
  const silentPaths: string[] = [];
  const cellProblems: Problem[] = [];
  place(['formatVersion'], { sheet: GUIDE_SHEET, row: version.row, columns: new Map() });

  const adopt = (r: ReadRow, sheet: ReadSheet, path: (string | number)[]) => {
    place(path, { sheet: sheet.spec.name, row: r.row, columns: sheet.columns });
    for (const b of r.bad) {
      const p = pathText([...path, ...b.field.replace(/^@subject(Key|Kind)$/, 'subject').split('.')]);
      silentPaths.push(p);
      cellProblems.push({ path: p, sheet: sheet.spec.name, row: r.row, column: b.column, ja: b.ja, en: b.en });
    }
    for (const f of r.silent) silentPaths.push(pathText([...path, ...f.split('.')]));
  };

  for (const sheet of sheets.values()) {
    const t = sheet.spec.target;
    if (t.kind === 'municipality') {
      place(['municipality'], { sheet: sheet.spec.name, row: sheet.rows[0]?.row, columns: sheet.columns });
      if (sheet.unusable) silentPaths.push('municipality');
      const first = sheet.rows[0];
      if (first) {
        raw.municipality = first.obj;
        adopt(first, sheet, ['municipality']);
      }
      for (const extra of sheet.rows.slice(1))
        problems.push({
          path: 'municipality',
          sheet: sheet.spec.name,
          row: extra.row,
          ja: '自治体シートには 1 行だけ書いてください（1 ファイル 1 自治体）',
          en: 'the municipality sheet must have exactly one row (one municipality per file)',
        });
    } else if (t.kind === 'collection') {
      place([t.collection], { sheet: sheet.spec.name, columns: new Map() });
      if (sheet.unusable) silentPaths.push(t.collection);
      const list: Record<string, unknown>[] = [];
      sheet.rows.forEach((r, i) => {
        if (t.collection === 'evaluations') {
          const kind = r.obj['@subjectKind'];
          const key = r.obj['@subjectKey'];
          delete r.obj['@subjectKind'];
          delete r.obj['@subjectKey'];
          const field = kind === 'policy_node' ? 'policyNode' : kind === 'indicator' ? 'indicator' : kind === 'project' ? 'project' : undefined;
          if (field) r.obj.subject = { [field]: key };
          else if (kind === undefined && key !== undefined) {
            r.bad.push({
              field: '@subjectKind',
              column: sheet.columns.get('@subjectKind') ?? '',
              ja: '対象種別（施策・指標・事業）が空欄です',
              en: 'the subject kind (施策/指標/事業 or policy_node/indicator/project) is empty',
            });
            r.obj.subject = {};
          } else if (kind !== undefined) r.obj.subject = {};
        }
        list.push(r.obj);
        adopt(r, sheet, [t.collection, i]);
      });
      raw[t.collection] = list;
    }
  }

  // Child sheets: attach each row to its parent record by key.
  for (const sheet of sheets.values()) {
    const t = sheet.spec.target;
    if (t.kind !== 'child') continue;
    const parentSheet = sheets.get(t.parentSheet)!;
    const parents = (raw[t.collection] as Record<string, unknown>[] | undefined) ?? [];
    const parentIndex = new Map<string, number>();
    parents.forEach((p, i) => {
      if (typeof p.key === 'string' && !parentIndex.has(p.key)) parentIndex.set(p.key, i);
    });
    const counts = new Map<number, number>();
    // A missing parent sheet is reported once; its children are not reported again row by row.
    if (sheet.unusable || parentSheet.unusable) continue;
    for (const r of sheet.rows) {
      const parentKey = r.obj['@parent'];
      delete r.obj['@parent'];
      const label = sheet.columns.get('@parent');
      const pi = typeof parentKey === 'string' ? parentIndex.get(parentKey) : undefined;
      if (pi === undefined) {
        const missing = parentKey === undefined;
        problems.push({
          path: '',
          sheet: sheet.spec.name,
          row: r.row,
          column: label,
          ja: missing
            ? `${parentSheet.spec.name}のキーが空欄です`
            : `${parentSheet.spec.name}「${String(parentKey)}」が${parentSheet.spec.name}シートにありません`,
          en: missing ? `the ${t.collection} key is empty` : `${t.collection} key "${String(parentKey)}" is not on the ${parentSheet.spec.name} sheet`,
        });
        continue;
      }
      const parent = parents[pi]!;
      const arr = (parent[t.field] as Record<string, unknown>[] | undefined) ?? [];
      parent[t.field] = arr;
      const j = counts.get(pi) ?? 0;
      counts.set(pi, j + 1);
      arr.push(r.obj);
      adopt(r, sheet, [t.collection, pi, t.field, j]);
    }
  }

  const locate: Locator = (path) => {
    for (let k = path.length; k >= 0; k--) {
      const hit = places.get(JSON.stringify(path.slice(0, k)));
      if (!hit) continue;
      const rest: string[] = [];
      for (const p of path.slice(k)) {
        if (typeof p !== 'string') break;
        rest.push(p);
      }
      let column: string | undefined;
      for (let m = rest.length; m > 0 && column === undefined; m--) column = hit.columns.get(rest.slice(0, m).join('.'));
      const out: { sheet?: string; row?: number; column?: string } = { sheet: hit.sheet };
      if (hit.row !== undefined) out.row = hit.row;
      if (column !== undefined) out.column = column;
      return out;
    }
    return {};
  };

  const validated = validateDataset(raw, locate);
  const shadowed = (p: string) => silentPaths.some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`));
  const rest = validated.ok ? [] : validated.problems.filter((p) => !shadowed(p.path));
  const all = [...problems, ...cellProblems, ...rest];
  if (validated.ok && all.length === 0) return validated;
  if (all.length === 0) all.push(...(validated.ok ? [] : validated.problems));
  return { ok: false, problems: all };
}
