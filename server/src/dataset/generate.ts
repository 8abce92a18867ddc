/**
 * A generator of realistic, fictional and always-labelled plan data (生成データ) for demonstrations
 * and benchmarks: one city ("サンプル市", "サンプル市12" …) with a ten-year comprehensive plan,
 * a four-level policy tree, departments, ~300 indicators with yearly values, three stages of
 * evaluations, projects with budgets and department policies.
 *
 * - Deterministic: the same seed and municipality index give the same dataset (mulberry32, no
 *   Math.random). Every city is generated independently from (seed, index), so
 *   `generateNation` yields city i exactly as `generateDataset({ seed, municipalityIndex: i })`.
 * - Labelled: the municipality and the only document are `generated: true`, the document is
 *   titled 生成データ（サンプル）, and every record's provenance names that document with the note
 *   GENERATED_NOTE (生成データ（架空の市）).
 * - Codes: prefecture 99 (then 98, 97 … for every further 1,000 cities) does not exist, so the
 *   6-digit code with its valid check digit never collides with a real municipality (01-47).
 *
 * How indicator outlook ratings are derived (so a consistency check can recompute them): for an
 * actual in fiscal year Y the target is the one printed for Y, or else the nearest later printed
 * target (the final target is always printed). Achievement (see `achievementPercent`) is
 * actual / target for higher_is_better, target / actual for lower_is_better, and 100 % while
 * actual ≤ target for an "以内" (at_most) target. Bands: A ≥ 100, B ≥ 80, C ≥ 60, D otherwise;
 * "-" when the actual is missing. About 3 % of indicator ratings deliberately disagree by one
 * level, so the check has something to find.
 */
import type {
  CityAttributes,
  ClassMappingRecord,
  Dataset,
  DepartmentPolicyRecord,
  DepartmentRecord,
  EvaluationRecord,
  IndicatorRecord,
  IndicatorValueRecord,
  PolicyNodeRecord,
  ProjectCostRecord,
  ProjectRecord,
  Provenance,
  RatingScaleRecord,
  Stage,
} from './format.js';
import { FORMAT_VERSION } from './format.js';
import { municipalityCheckDigit } from '../shared/municipality-code.js';
import { fiscalYearLabel } from '../shared/fiscal-year.js';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a tiny 32-bit PRNG, good enough for test data and fully deterministic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed and an index into one 32-bit seed (murmur3 finaliser). */
function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** `n` distinct items in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, Math.min(n, a.length));
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogue: departments, policy tree, indicator templates, texts

/** 8 部 with 30 課. The first 課 of 企画部 is the planning division (二次評価). */
const DEPARTMENTS: readonly (readonly [string, readonly string[]])[] = [
  ['企画部', ['企画政策課', '秘書広報課', 'デジタル推進課']],
  ['総務部', ['総務課', '人事課', '財政課', '資産管理課']],
  ['市民部', ['市民協働課', '市民課', '生活安全課', '文化スポーツ課']],
  ['福祉部', ['福祉総務課', '高齢福祉課', '障がい福祉課', '子育て支援課', '保育課']],
  ['健康医療部', ['健康づくり課', '保険年金課']],
  ['環境経済部', ['環境政策課', '資源循環課', '商工観光課', '農政課']],
  ['都市建設部', ['都市計画課', '道路課', '公園緑地課', '下水道課', '建築住宅課']],
  ['教育部', ['教育総務課', '学校教育課', '生涯学習課']],
];
const PLANNING_DIVISION = '企画政策課';

/** A measure-specific indicator, usually lower-is-better (待機児童数, 交通事故発生件数 …). */
interface SpecificIndicator {
  name: string;
  unit: string;
  base: readonly [number, number];
  decimals?: number;
  lower: boolean;
  source?: string;
}
interface MeasureDef {
  name: string;
  /** Keyword used in indicator, project and text templates. */
  kw: string;
  /** Lead 課. */
  dept: string;
  specific?: SpecificIndicator;
}
interface PolicyDef {
  name: string;
  measures: readonly MeasureDef[];
}
interface GoalDef {
  name: string;
  policies: readonly PolicyDef[];
}

const m = (name: string, kw: string, dept: string, specific?: SpecificIndicator): MeasureDef => ({ name, kw, dept, specific });
const low = (name: string, unit: string, base: readonly [number, number], decimals = 0, source?: string): SpecificIndicator => ({
  name,
  unit,
  base,
  decimals,
  lower: true,
  source,
});

/** 6 基本目標 × 3 政策 × 2-4 施策 (56 measures; each city drops a few). */
const GOALS: readonly GoalDef[] = [
  {
    name: '安心して子どもを産み育てられるまち',
    policies: [
      {
        name: '子育て支援の充実',
        measures: [
          m('妊娠・出産への切れ目ない支援', '妊産婦支援', '健康づくり課'),
          m('保育サービスの充実', '保育', '保育課', low('待機児童数', '人', [8, 60])),
          m('子育て家庭への支援', '子育て支援', '子育て支援課'),
          m('児童虐待の防止', '児童相談', '子育て支援課'),
        ],
      },
      {
        name: '学校教育の充実',
        measures: [
          m('確かな学力の育成', '学力向上', '学校教育課'),
          m('豊かな心と健やかな体の育成', '体力づくり', '学校教育課', low('不登校児童生徒の割合', '%', [1.2, 3.5], 2)),
          m('教育環境の整備', '学校施設', '教育総務課'),
          m('ICT教育の推進', 'ICT教育', '学校教育課'),
        ],
      },
      {
        name: '青少年の健全育成',
        measures: [
          m('放課後の居場所づくり', '放課後児童クラブ', '子育て支援課'),
          m('家庭・地域の教育力の向上', '家庭教育', '生涯学習課'),
          m('若者の社会参加の促進', '若者参画', '市民協働課'),
        ],
      },
    ],
  },
  {
    name: '健やかに安心して暮らせるまち',
    policies: [
      {
        name: '健康づくりの推進',
        measures: [
          m('生活習慣病の予防', '特定健診', '健康づくり課', low('メタボリックシンドローム該当者の割合', '%', [14, 22], 1)),
          m('地域医療体制の充実', '地域医療', '健康づくり課'),
          m('こころの健康づくり', 'こころの健康', '健康づくり課', low('自殺者数', '人', [10, 40], 0, '人口動態統計')),
          m('国民健康保険の適正な運営', '国民健康保険', '保険年金課'),
        ],
      },
      {
        name: '高齢者福祉の充実',
        measures: [
          m('介護予防の推進', '介護予防', '高齢福祉課', low('要介護認定率', '%', [14, 19], 1)),
          m('地域包括ケアの推進', '地域包括ケア', '高齢福祉課'),
          m('認知症施策の推進', '認知症サポーター', '高齢福祉課'),
        ],
      },
      {
        name: '地域福祉の推進',
        measures: [
          m('障がい者の自立支援', '障がい福祉サービス', '障がい福祉課'),
          m('生活困窮者の自立支援', '生活困窮者支援', '福祉総務課'),
          m('支え合う地域福祉の推進', '地域福祉活動', '福祉総務課'),
        ],
      },
    ],
  },
  {
    name: '安全で快適に暮らせるまち',
    policies: [
      {
        name: '防災・防犯体制の強化',
        measures: [
          m('地域防災力の強化', '自主防災組織', '生活安全課'),
          m('防犯対策の推進', '防犯活動', '生活安全課', low('刑法犯認知件数', '件', [400, 2500], 0, '警察署調べ')),
          m('交通安全の推進', '交通安全', '生活安全課', low('交通事故発生件数', '件', [150, 900], 0, '警察署調べ')),
        ],
      },
      {
        name: '都市基盤の整備',
        measures: [
          m('計画的な土地利用の推進', '土地利用', '都市計画課'),
          m('道路網の整備', '道路整備', '道路課'),
          m('公共交通の確保', '公共交通', '都市計画課'),
          m('良好な住環境の整備', '空き家対策', '建築住宅課', low('管理不全の空き家の件数', '件', [60, 400])),
        ],
      },
      {
        name: '公園・下水道の整備',
        measures: [m('公園・緑地の整備', '公園', '公園緑地課'), m('下水道の整備', '下水道', '下水道課')],
      },
    ],
  },
  {
    name: '自然と共生する持続可能なまち',
    policies: [
      {
        name: '環境の保全',
        measures: [
          m('地球温暖化対策の推進', '脱炭素', '環境政策課', low('市の事務事業に伴う温室効果ガス排出量', 't-CO2', [12000, 40000])),
          m('生活環境の保全', '環境美化', '環境政策課'),
          m('自然環境の保全', '自然環境', '環境政策課'),
        ],
      },
      {
        name: '循環型社会の形成',
        measures: [
          m('ごみの減量化', 'ごみ減量', '資源循環課', low('市民1人1日当たりのごみ排出量', 'g', [780, 980])),
          m('リサイクルの推進', 'リサイクル', '資源循環課'),
        ],
      },
      {
        name: '緑と景観のまちづくり',
        measures: [m('都市緑化の推進', '緑化', '公園緑地課'), m('景観まちづくりの推進', '景観形成', '都市計画課')],
      },
    ],
  },
  {
    name: '活力とにぎわいのあるまち',
    policies: [
      {
        name: '産業の振興',
        measures: [
          m('中小企業の経営支援', '中小企業支援', '商工観光課'),
          m('創業・企業誘致の推進', '創業支援', '商工観光課'),
          m('雇用・就労の支援', '就労支援', '商工観光課'),
        ],
      },
      {
        name: '農業の振興',
        measures: [
          m('農業の担い手の育成', '新規就農', '農政課'),
          m('農地の保全と活用', '農地保全', '農政課', low('遊休農地面積', 'ha', [20, 150], 1)),
          m('地産地消の推進', '地産地消', '農政課'),
        ],
      },
      {
        name: '観光・文化・スポーツの振興',
        measures: [
          m('観光の振興', '観光', '商工観光課'),
          m('文化芸術の振興', '文化芸術', '文化スポーツ課'),
          m('スポーツの振興', 'スポーツ', '文化スポーツ課'),
          m('生涯学習の推進', '生涯学習', '生涯学習課'),
        ],
      },
    ],
  },
  {
    name: '市民とともに歩む持続可能な行財政のまち',
    policies: [
      {
        name: '市民協働の推進',
        measures: [
          m('市民活動の支援', '市民活動', '市民協働課'),
          m('地域コミュニティの活性化', '自治会活動', '市民協働課'),
          m('男女共同参画・多文化共生の推進', '男女共同参画', '市民協働課'),
        ],
      },
      {
        name: '健全な行財政運営',
        measures: [
          m('健全な財政運営', '財政運営', '財政課', low('実質公債費比率', '%', [4, 11], 1, '財政状況資料集')),
          m('公共施設の適正管理', '公共施設マネジメント', '資産管理課'),
          m('人材育成と組織力の向上', '職員研修', '人事課'),
        ],
      },
      {
        name: '情報発信とデジタル化',
        measures: [
          m('行政のデジタル化の推進', 'オンライン手続', 'デジタル推進課'),
          m('情報発信の充実', '広報', '秘書広報課'),
          m('窓口サービスの向上', '窓口サービス', '市民課'),
        ],
      },
    ],
  },
];

interface IndicatorTemplate {
  t: string;
  unit: string;
  base: readonly [number, number];
  decimals: number;
  kind: 'outcome' | 'activity';
  lower: boolean;
  /** Events and facilities that dipped in FY2020-2021. */
  covid?: boolean;
  /** A survey, else "<lead 課>調べ". */
  source?: string;
  /** May carry an "以内" target. */
  atMostCandidate?: boolean;
}
const tpl = (t: string, unit: string, base: readonly [number, number], kind: 'outcome' | 'activity', extra: Partial<IndicatorTemplate> = {}): IndicatorTemplate => ({
  t,
  unit,
  base,
  kind,
  decimals: unit === '%' ? 1 : 0,
  lower: false,
  ...extra,
});
const HIGHER_TEMPLATES: readonly IndicatorTemplate[] = [
  tpl('{kw}に満足している市民の割合', '%', [25, 65], 'outcome', { source: '市民意識調査' }),
  tpl('{kw}の取組を知っている市民の割合', '%', [20, 60], 'outcome', { source: '市民意識調査' }),
  tpl('{kw}に関する事業の参加者数', '人', [300, 8000], 'activity', { covid: true }),
  tpl('{kw}に関する相談件数', '件', [50, 2000], 'activity'),
  tpl('{kw}に取り組む団体数', '団体', [8, 120], 'outcome'),
  tpl('{kw}に関する講座・教室の開催回数', '回', [6, 80], 'activity', { covid: true }),
  tpl('{kw}関連施設の利用者数', '人', [2000, 150000], 'activity', { covid: true }),
  tpl('{kw}に係る補助金の交付額', '千円', [2000, 80000], 'activity'),
  tpl('{kw}に関するボランティア登録者数', '人', [40, 1500], 'outcome'),
];
const LOWER_TEMPLATES: readonly IndicatorTemplate[] = [
  tpl('{kw}に不満を感じる市民の割合', '%', [15, 40], 'outcome', { lower: true, source: '市民意識調査', atMostCandidate: true }),
  tpl('{kw}に関する苦情件数', '件', [20, 400], 'outcome', { lower: true }),
];

const PROJECT_SUFFIXES = ['推進事業', '支援事業', '啓発事業', '環境整備事業', 'ネットワーク構築事業', '体制強化事業'];
/** Names of the projects beyond a measure's first one or two. */
const EXTRA_PROJECT_SUFFIXES = [
  '相談事業', '講座開催事業', '情報発信事業', '補助事業', '施設管理運営事業', '調査研究事業', '人材育成事業', '連携事業', '普及事業', '助成事業', '交流事業', '推進事業', '支援事業', '啓発事業',
];

type Level = 'A' | 'B' | 'C' | 'D';
const LEVELS: readonly Level[] = ['D', 'C', 'B', 'A'];
const levelOfScore = (s: number): Level => LEVELS[Math.max(1, Math.min(4, Math.round(s))) - 1]!;
const scoreOf = (l: Level): number => LEVELS.indexOf(l) + 1;

const ACHIEVEMENT_TEXTS: Record<Level, readonly string[]> = {
  A: [
    '{ind}は{val}となり、目標値（{tgt}）を上回った。{kw}に関する取組は計画どおり順調に進んでいる。',
    '{kw}の取組を着実に実施した結果、{ind}が{val}となり目標を達成した。',
  ],
  B: [
    '{ind}は{val}で、目標値（{tgt}）をおおむね達成した。{kw}に関する取組は概ね順調に推移している。',
    '{kw}に関する事業を計画どおり実施し、{ind}は{val}となった。目標にはわずかに届かなかったが、概ね順調である。',
  ],
  C: [
    '{ind}は{val}にとどまり、目標値（{tgt}）を下回った。{kw}の取組の一部に遅れが見られる。',
    '{kw}に関する事業は実施したものの、{ind}が{val}と伸び悩み、進捗はやや遅れている。',
  ],
  D: [
    '{ind}は{val}で、目標値（{tgt}）を大きく下回った。{kw}に関する取組の進捗が大幅に遅れている。',
    '{kw}の取組が計画どおり進まず、{ind}は{val}と目標値（{tgt}）との差が広がった。',
  ],
};
const COVID_TEXT = '新型コロナウイルス感染症の影響により{kw}に関する事業の中止・縮小が相次ぎ、{ind}は{val}にとどまった。';
const UNMEASURED_TEXT = '{ind}は当該年度の調査を実施しなかったため把握できていないが、{kw}に関する事業は予定どおり実施した。';
const ISSUE_TEXTS = [
  '{kw}に関する市民の認知度が十分でなく、参加者が固定化している。',
  '担い手の高齢化が進み、{kw}の活動を継続できる人材の確保が課題である。',
  '{kw}に対するニーズが多様化しており、きめ細かな対応が求められている。',
  '関係機関との連携が十分でなく、{kw}の取組が分散している。',
  '限られた予算と人員の中で、{kw}の効果的な実施方法を検討する必要がある。',
  '施設の老朽化が進み、{kw}の環境整備に多額の費用が見込まれる。',
];
const RESPONSE_TEXTS = [
  'SNSや広報紙を活用して{kw}の周知を強化し、新たな参加者の掘り起こしを図る。',
  '{rel}と連携し、{kw}の推進体制を強化する。',
  '事業の実施方法を見直し、{kw}の効率的・効果的な実施に努める。',
  '若い世代の担い手育成に向けた講座を開催し、{kw}の活動の継続を支援する。',
  '国・県の補助制度を活用し、{kw}に係る財源の確保に努める。',
  'デジタル技術を活用し、{kw}に関する手続の利便性向上を図る。',
];
const SECONDARY_SAME = [
  '一次評価は妥当である。引き続き{kw}の推進に努められたい。',
  '一次評価のとおりとする。指標の推移を注視し、必要に応じて取組を見直すこと。',
  '評価は妥当である。成果指標の達成に向けて取組の重点化を図られたい。',
];
const SECONDARY_STRICTER = [
  '指標の達成状況を踏まえ、一次評価より一段階厳しく評価した。{kw}の取組の効果を検証されたい。',
  '成果が十分に表れていないことから評価を見直した。課題への対応を具体化すること。',
];
const SECONDARY_LENIENT = ['取組の実績を考慮し、一次評価より一段階高く評価した。'];
const EXTERNAL_GOOD = ['{kw}の取組は着実に成果を上げており評価できる。', '市民の実感につながる取組として、引き続き推進されたい。'];
const EXTERNAL_BAD = [
  '{kw}について成果が見えにくい。指標の設定を含め、取組の見直しを検討されたい。',
  '目標との乖離が大きい。原因を分析し、市民にわかりやすく説明されたい。',
];
const EXTERNAL_REQUESTS = [
  '{kw}に関する情報を、もっと市民にわかりやすく発信してほしい。',
  '地域の実情に応じたきめ細かな支援を望む。',
  '若い世代が参加しやすい仕組みを検討してほしい。',
];

const POLICY_CATEGORIES: Record<string, readonly string[]> = {
  財務体質の強化: ['事務事業の見直しによる経費の削減', '使用料・手数料の適正化', '国・県補助金等の積極的な活用', 'ふるさと納税を活用した財源の確保', '債権管理の徹底と収納率の向上'],
  スマート自治体の推進: ['行政手続のオンライン化', 'RPA・AIを活用した業務の効率化', 'ペーパーレス会議の推進', '窓口へのキャッシュレス決済の導入', 'オープンデータの公開拡大'],
  '再編・公共施設の適正管理': ['公共施設の長寿命化の推進', '施設の統廃合・複合化の検討', '指定管理者制度の効果的な運用', '未利用財産の売却・貸付'],
};
const POLICY_BODIES = [
  '前年度の実績を検証し、目標を設定して部内で進捗を管理する。',
  '各課の取組状況を四半期ごとに確認し、課題を部内で共有する。',
  '関係課と連携し、年度内に具体的な成果が出るよう取り組む。',
];
const BASIC_APPROACHES = [
  '{bu}は、総合計画の基本目標「{goal}」の実現に向け、限られた経営資源を効果的に配分し、市民サービスの向上に取り組む。',
  '{year}は、{measure}を重点として、部内の連携を強化しながら施策を着実に推進する。',
  '社会情勢の変化を的確に捉え、{measure}をはじめとする施策の成果向上と業務の効率化を両立させる。',
];

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

// ---------------------------------------------------------------------------------------------
// Numbers and years as a city prints them

/** "1,234", "45.6": grouped thousands, fixed decimals. */
export function formatNumber(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** "R3", "H30" without Intl (fast; the generator labels many values). */
function shortEra(year: number): string {
  return year >= 2019 ? `R${year - 2018}` : `H${year - 1988}`;
}

/**
 * Achievement rate in percent, as the generator (and the cities) compute it: actual / target for
 * higher-is-better, target / actual for lower-is-better, and 100 while actual ≤ target for an
 * "以内" (at_most) target.
 */
export function achievementPercent(actual: number, target: number, direction: 'higher_is_better' | 'lower_is_better', qualifier?: 'at_most' | 'at_least' | 'approx'): number {
  if (qualifier === 'at_most') return actual <= target ? 100 : actual > 0 ? (target / actual) * 100 : 100;
  if (direction === 'lower_is_better') return actual > 0 ? (target / actual) * 100 : 100;
  return target > 0 ? (actual / target) * 100 : 100;
}

/** The outlook level for an achievement rate (A ≥ 100, B ≥ 80, C ≥ 60, D otherwise). */
export function outlookLevel(percent: number): Level {
  return percent >= 100 ? 'A' : percent >= 80 ? 'B' : percent >= 60 ? 'C' : 'D';
}

/**
 * Each 政策's place in the shared taxonomy (目的別歳出 class, SDGs goals), and the measures whose
 * class differs from their 政策's (a child's mapping overrides its parent's): 妊産婦 support is
 * 母子保健 (衛生費), an after-school club is 児童福祉 (民生費) under a 青少年 (教育費) policy.
 */
const POLICY_CLASSES: Record<string, { purpose: string[]; sdg: string[] }> = {
  子育て支援の充実: { purpose: ['民生費'], sdg: ['1', '3', '4'] },
  学校教育の充実: { purpose: ['教育費'], sdg: ['4'] },
  青少年の健全育成: { purpose: ['教育費'], sdg: ['4', '16'] },
  健康づくりの推進: { purpose: ['衛生費'], sdg: ['3'] },
  高齢者福祉の充実: { purpose: ['民生費'], sdg: ['3', '10'] },
  地域福祉の推進: { purpose: ['民生費'], sdg: ['1', '10'] },
  '防災・防犯体制の強化': { purpose: ['消防費', '総務費'], sdg: ['11', '13'] },
  都市基盤の整備: { purpose: ['土木費'], sdg: ['9', '11'] },
  '公園・下水道の整備': { purpose: ['土木費'], sdg: ['6', '11'] },
  環境の保全: { purpose: ['衛生費'], sdg: ['13', '15'] },
  循環型社会の形成: { purpose: ['衛生費'], sdg: ['12'] },
  緑と景観のまちづくり: { purpose: ['土木費'], sdg: ['11', '15'] },
  産業の振興: { purpose: ['商工費', '労働費'], sdg: ['8', '9'] },
  農業の振興: { purpose: ['農林水産業費'], sdg: ['2', '8'] },
  '観光・文化・スポーツの振興': { purpose: ['商工費', '教育費'], sdg: ['8', '11'] },
  市民協働の推進: { purpose: ['総務費'], sdg: ['5', '16', '17'] },
  健全な行財政運営: { purpose: ['総務費'], sdg: ['16'] },
  情報発信とデジタル化: { purpose: ['総務費'], sdg: ['9', '16'] },
};
const MEASURE_CLASSES: Record<string, { purpose: string[] }> = {
  '妊娠・出産への切れ目ない支援': { purpose: ['衛生費'] },
  放課後の居場所づくり: { purpose: ['民生費'] },
  国民健康保険の適正な運営: { purpose: ['民生費'] },
};

// ---------------------------------------------------------------------------------------------
// Codes and names

/** Cities per fictional prefecture code (99, 98, …). */
const CITIES_PER_PREFIX = 1000;
/** Prefecture prefixes 99 down to 48 are free (real ones are 01-47). */
export const MAX_CITIES = (99 - 48 + 1) * CITIES_PER_PREFIX;

/** The fictional 全国地方公共団体コード of the i-th generated city (0-based). */
export function generatedMunicipalityCode(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_CITIES) throw new RangeError(`municipality index ${index} is outside 0..${MAX_CITIES - 1}`);
  const prefix = 99 - Math.floor(index / CITIES_PER_PREFIX);
  const five = `${prefix}${String(index % CITIES_PER_PREFIX).padStart(3, '0')}`;
  return `${five}${municipalityCheckDigit(five)}`;
}

export function generatedMunicipalityName(index: number): string {
  return index === 0 ? 'サンプル市' : `サンプル市${index}`;
}

// ---------------------------------------------------------------------------------------------
// The generator

export interface GenerateOptions {
  /** Seed of the whole run; each city derives its own from (seed, municipalityIndex). Default 1. */
  seed?: number;
  /** 0 = サンプル市, N = サンプル市N. Default 0. */
  municipalityIndex?: number;
  /** Number of fiscal years (default 10). */
  years?: number;
  /** First fiscal year (default 2015). */
  startYear?: number;
  /** Indicators per measure: a fixed count or an inclusive range (default [5, 7], ≈ 6). */
  indicatorsPerMeasure?: number | readonly [number, number];
  /** Evaluate the 事業 nodes and the projects every year too (default true; ≈ 4,000 of a city's ≈ 8,000 evaluations). */
  leafEvaluations?: boolean;
  /** Projects (事務事業) per measure: a fixed count or an inclusive range (default [5, 7], ≈ 300 a city); at least the 1–2 drawn with the tree. */
  projectsPerMeasure?: number | readonly [number, number];
}

/**
 * The settings of the bundled data/seeds/generated-sample-city.json (loaded on first start):
 * the same tree, years and stages, but 2-3 indicators per measure and no 事業/project
 * evaluations, so the committed file stays under 3 MB. Benchmarks use the defaults.
 */
export const SEED_PRESET: Readonly<GenerateOptions> = { indicatorsPerMeasure: [2, 3], leafEvaluations: false };

/** The provenance note on every generated record: shown in Japanese outputs (出典 column, report appendix). */
export const GENERATED_NOTE = '生成データ（架空の市）';

interface IndicatorState {
  record: IndicatorRecord;
  direction: 'higher_is_better' | 'lower_is_better';
  qualifier?: 'at_most' | 'at_least';
  /** Outlook level by fiscal year (the rule's level, before any deliberate disagreement); null = unmeasured. */
  truth: Map<number, Level | null>;
  /** Actual value records by fiscal year. */
  actual: Map<number, IndicatorValueRecord>;
  /** The target compared with each year's actual. */
  targetFor: Map<number, IndicatorValueRecord>;
}

export function generateDataset(opts: GenerateOptions = {}): Dataset {
  const seed = opts.seed ?? 1;
  const index = opts.municipalityIndex ?? 0;
  const nYears = opts.years ?? 10;
  const y0 = opts.startYear ?? 2015;
  if (!Number.isInteger(nYears) || nYears < 2 || nYears > 50) throw new RangeError(`years must be 2..50, got ${nYears}`);
  const yEnd = y0 + nYears - 1;
  const years = Array.from({ length: nYears }, (_, i) => y0 + i);
  const ipm = opts.indicatorsPerMeasure ?? ([5, 7] as const);
  const [ipmMin, ipmMax] = typeof ipm === 'number' ? [ipm, ipm] : ipm;
  if (!(ipmMin >= 1 && ipmMax >= ipmMin)) throw new RangeError(`indicatorsPerMeasure must be ≥ 1 (min ≤ max)`);
  const leafEvaluations = opts.leafEvaluations ?? true;
  const ppm = opts.projectsPerMeasure ?? ([5, 7] as const);
  const [ppmMin, ppmMax] = typeof ppm === 'number' ? [ppm, ppm] : ppm;
  if (!(ppmMin >= 1 && ppmMax >= ppmMin && ppmMax <= 30)) throw new RangeError(`projectsPerMeasure must be 1..30 (min ≤ max)`);

  const rng = new Rng(mixSeed(seed, index));
  // Costs draw from their own stream, so that adding them left every other generated value as it was.
  const costRng = new Rng(mixSeed(seed ^ 0x5eed_c057, index));
  // So do the projects beyond the first one or two of a measure (issue 22: about 300 a city).
  const projectRng = new Rng(mixSeed(seed ^ 0x9e0_1ec7, index));
  const code = generatedMunicipalityCode(index);
  const cityName = generatedMunicipalityName(index);
  const docKey = 'generated';
  const provenance = (): Provenance => ({ document: docKey, note: GENERATED_NOTE });

  // --- departments ---------------------------------------------------------------------------
  const departments: DepartmentRecord[] = [];
  const deptKeyByName = new Map<string, string>();
  const buOfKa = new Map<string, string>();
  DEPARTMENTS.forEach(([bu, kas], i) => {
    const buKey = `d${i + 1}`;
    departments.push({ key: buKey, name: bu, kind: '部', provenance: provenance() });
    deptKeyByName.set(bu, buKey);
    kas.forEach((ka, j) => {
      const kaKey = `${buKey}-${j + 1}`;
      departments.push({ key: kaKey, name: ka, kind: '課', parent: buKey, provenance: provenance() });
      deptKeyByName.set(ka, kaKey);
      buOfKa.set(ka, bu);
    });
  });
  const allKa = DEPARTMENTS.flatMap(([, kas]) => kas);
  const dk = (name: string) => deptKeyByName.get(name)!;

  // --- plan, scales --------------------------------------------------------------------------
  const planKey = 'plan';
  const plan = {
    key: planKey,
    name: `第${rng.int(4, 6)}次${cityName}総合計画`,
    kind: 'comprehensive' as const,
    startYear: y0,
    endYear: yEnd,
    levels: ['基本目標', '政策', '施策', '事業'],
    provenance: provenance(),
  };
  const progressScale = 'progress';
  const outlookScale = 'outlook';
  const directionScale = 'direction';
  const colors = { A: '#2e7d32', B: '#1565c0', C: '#ef6c00', D: '#c62828' };
  const ratingScales: RatingScaleRecord[] = [
    {
      key: progressScale,
      name: '進捗状況評価',
      description: '施策・事業の進捗を4段階で評価する（一次評価・二次評価・外部評価）。',
      subjectKind: 'policy_node',
      levels: [
        { code: 'A', label: '順調に推移した', score: 4, color: colors.A },
        { code: 'B', label: '概ね順調に推移した', score: 3, color: colors.B },
        { code: 'C', label: '進捗がやや遅れている', score: 2, color: colors.C },
        { code: 'D', label: '進捗が大幅に遅れている', score: 1, color: colors.D },
      ],
      provenance: provenance(),
    },
    {
      key: outlookScale,
      name: '指標の達成見込み',
      description: '当該年度の実績値をその年度の目標値（記載がない年度は次に記載のある目標値）と比べた達成率による。',
      subjectKind: 'indicator',
      levels: [
        { code: 'A', label: '目標を達成', description: '達成率100%以上', score: 4, color: colors.A },
        { code: 'B', label: '概ね達成', description: '達成率80%以上100%未満', score: 3, color: colors.B },
        { code: 'C', label: 'やや遅れ', description: '達成率60%以上80%未満', score: 2, color: colors.C },
        { code: 'D', label: '遅れ', description: '達成率60%未満', score: 1, color: colors.D },
        { code: '-', label: '未測定', description: '実績値を把握できなかった', score: null, color: '#757575' },
      ],
      rule: {
        kind: 'achievementBands',
        bands: [
          { level: 'A', minPercent: 100 },
          { level: 'B', minPercent: 80 },
          { level: 'C', minPercent: 60 },
          { level: 'D', minPercent: 0 },
        ],
        unmeasuredLevel: '-',
      },
      provenance: provenance(),
    },
    {
      key: directionScale,
      name: '事業の今後の方向性',
      description: '事務事業評価による次年度以降の方向性。',
      subjectKind: 'project',
      levels: [
        { code: '拡充', label: '拡充', score: null },
        { code: '継続', label: '現状のまま継続', score: null },
        { code: '改善', label: '改善して継続', score: null },
        { code: '縮小', label: '縮小', score: null },
        { code: '休廃止', label: '休止・廃止', score: null },
      ],
      provenance: provenance(),
    },
  ];

  const policyNodes: PolicyNodeRecord[] = [];
  const classMappings: ClassMappingRecord[] = [];
  const indicators: IndicatorRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  const projects: ProjectRecord[] = [];

  const dateIn = (y: number, month: number) => `${y}-${String(month).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const evaluation = (
    subject: EvaluationRecord['subject'],
    fiscalYear: number,
    stage: Stage,
    scale: string,
    level: string | null,
    extra: Partial<EvaluationRecord> = {},
  ): EvaluationRecord => ({ subject, fiscalYear, stage, scale, level, ...extra, provenance: provenance() });

  /** Rounds a target to what a plan would print: two significant digits, integers for %. */
  const niceTarget = (v: number, unit: string, decimals: number): number => {
    if (unit === '%') return decimals >= 2 ? Math.round(v * 10) / 10 : Math.round(v);
    if (Math.abs(v) < 100) return decimals > 0 ? Math.round(v * 10) / 10 : Math.round(v);
    const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
    return Math.round(v / step) * step;
  };
  const valueText = (v: number, unit: string, decimals: number) => `${formatNumber(v, decimals)}${unit}`;

  /** Generates one indicator with its values and outlook evaluations. */
  const makeIndicator = (
    key: string,
    nodeKey: string,
    t: { name: string; unit: string; base: readonly [number, number]; decimals: number; kind: 'outcome' | 'activity'; lower: boolean; covid?: boolean; source?: string; atMostCandidate?: boolean },
    sortOrder: number,
    health: number,
    leadKa: string,
  ): IndicatorState => {
    const direction = t.lower ? 'lower_is_better' : 'higher_is_better';
    const isPct = t.unit === '%';
    // Baseline, drawn log-uniformly for counts.
    let b = isPct || t.base[1] / t.base[0] < 5 ? rng.uniform(t.base[0], t.base[1]) : Math.exp(rng.uniform(Math.log(t.base[0]), Math.log(t.base[1])));
    b = t.decimals > 0 ? Math.round(b * 10 ** t.decimals) / 10 ** t.decimals : Math.max(1, Math.round(b));
    // Most plans aim 10-35 % past the baseline; some are ambitious (counts that should double).
    const g = rng.float();
    const gain = g < 0.7 ? rng.uniform(0.1, 0.35) : g < 0.9 || isPct || t.lower ? rng.uniform(0.35, 0.6) : rng.uniform(0.6, 1.0);
    let final = t.lower ? b * (1 - gain) : b * (1 + gain);
    if (isPct && !t.lower) final = Math.min(final, b + (100 - b) * 0.6);
    final = niceTarget(final, t.unit, t.decimals);
    if (final === b) final = t.lower ? b * 0.9 : b * 1.1;
    const qualifier: 'at_most' | 'at_least' | undefined =
      t.atMostCandidate && rng.chance(0.4) ? 'at_most' : !t.lower && isPct && rng.chance(0.1) ? 'at_least' : undefined;
    const suffix = qualifier === 'at_most' ? '以内' : qualifier === 'at_least' ? '以上' : '';

    const values: IndicatorValueRecord[] = [{ fiscalYear: y0, kind: 'baseline', value: b, text: valueText(b, t.unit, t.decimals) }];
    // Printed targets: every year for a quarter of the indicators, else the midpoint and the end.
    const annual = rng.chance(0.25);
    const mid = y0 + Math.floor((nYears - 1) / 2);
    const targetYears = annual ? years.slice(1) : mid > y0 && mid < yEnd ? [mid, yEnd] : [yEnd];
    const targets = new Map<number, IndicatorValueRecord>();
    for (const y of targetYears) {
      const v = y === yEnd ? final : niceTarget(b + ((final - b) * (y - y0)) / (nYears - 1), t.unit, t.decimals);
      const rec: IndicatorValueRecord = { fiscalYear: y, kind: 'target', value: v, text: `${valueText(v, t.unit, t.decimals)}${suffix}` };
      if (qualifier) rec.qualifier = qualifier;
      targets.set(y, rec);
    }
    // The target each year's actual is measured against: that year's, else the next printed.
    const targetFor = new Map<number, IndicatorValueRecord>();
    for (const y of years) {
      const next = targetYears.find((ty) => ty >= y);
      if (next !== undefined) targetFor.set(y, targets.get(next)!);
    }

    // Actuals: trend toward (or away from) the target, AR(1) noise, COVID dip, missing years.
    const profile = rng.float();
    // Improving, steady or lagging (some move away from the target), shifted by the measure's health.
    const pace = (profile < 0.4 ? rng.uniform(0.85, 1.3) : profile < 0.7 ? rng.uniform(0.4, 0.9) : rng.uniform(-1.0, 0.3)) + health;
    const sd = rng.uniform(0.015, 0.05);
    const lagged = !isPct && !t.covid && rng.chance(0.05); // a calendar-year statistic printed with its year
    const missingRate = rng.chance(0.3) ? 0.1 : 0.015;
    let noise = 0;
    const actual = new Map<number, IndicatorValueRecord>();
    const truth = new Map<number, Level | null>();
    for (const y of years.slice(1)) {
      noise = 0.6 * noise + rng.normal() * sd;
      let v = b + (final - b) * pace * ((y - y0) / (nYears - 1)) + b * noise;
      if (t.covid) v *= covidFactor(y);
      v = isPct ? Math.min(99.9, Math.max(0.1, v)) : Math.max(0, v);
      v = t.decimals > 0 ? Math.round(v * 10 ** t.decimals) / 10 ** t.decimals : Math.round(v);
      let rec: IndicatorValueRecord;
      if (rng.chance(missingRate)) {
        rec = { fiscalYear: y, kind: 'actual', value: null, text: rng.chance(0.8) ? '-' : 'ー' };
        truth.set(y, null);
      } else {
        rec = { fiscalYear: y, kind: 'actual', value: v, text: valueText(v, t.unit, t.decimals) };
        if (lagged) {
          const note = `(${shortEra(y - 1)}年)`;
          rec.text += note;
          rec.yearNote = note;
          rec.observedYear = y - 1;
        }
        const tgt = targetFor.get(y)!;
        truth.set(y, outlookLevel(achievementPercent(v, tgt.value!, direction, qualifier)));
      }
      actual.set(y, rec);
    }
    // Values in year order: baseline, then actual and target of each year.
    for (const y of years.slice(1)) {
      values.push(actual.get(y)!);
      const tg = targets.get(y);
      if (tg) values.push(tg);
    }

    const record: IndicatorRecord = {
      key,
      policyNode: nodeKey,
      name: t.name,
      unit: t.unit,
      direction,
      kind: t.kind,
      source: t.source ?? `${leadKa}調べ`,
      isKpi: t.kind === 'outcome',
      sortOrder,
      values,
      provenance: provenance(),
    };
    indicators.push(record);

    // Outlook evaluations (self, by the lead department), ~3 % off the band rule by one level.
    for (const y of years.slice(1)) {
      const lvl = truth.get(y)!;
      let printed: string = lvl ?? '-';
      if (lvl && rng.chance(0.03)) {
        const s = scoreOf(lvl);
        printed = levelOfScore(s === 4 ? 3 : s === 1 ? 2 : rng.chance(0.5) ? s + 1 : s - 1);
      }
      evaluations.push(evaluation({ indicator: key }, y, 'self', outlookScale, printed));
    }
    return { record, direction, qualifier, truth, actual, targetFor };
  };

  // --- the policy tree -----------------------------------------------------------------------
  const measuresByBu = new Map<string, { name: string; kw: string }[]>();
  GOALS.forEach((goal, gi) => {
    const goalCode = `${gi + 1}`;
    const goalKey = `n${goalCode}`;
    policyNodes.push({
      key: goalKey,
      plan: planKey,
      depth: 1,
      code: goalCode,
      name: goal.name,
      leadDepartment: dk(PLANNING_DIVISION),
      relatedDepartments: [],
      priority: false,
      sortOrder: gi + 1,
      provenance: provenance(),
    });
    const goalSecondary = new Map<number, number[]>();
    goal.policies.forEach((pol, pi) => {
      const polCode = `${goalCode}-${pi + 1}`;
      const polKey = `n${polCode}`;
      // Each city drops a few measures (at least 2 stay per 政策).
      let kept = pol.measures.filter(() => !rng.chance(0.1));
      if (kept.length < 2) kept = pol.measures.slice(0, 2);
      const polLead = kept[0]!.dept;
      policyNodes.push({
        key: polKey,
        plan: planKey,
        parent: goalKey,
        depth: 2,
        code: polCode,
        name: pol.name,
        leadDepartment: dk(polLead),
        relatedDepartments: [...new Set(kept.map((x) => x.dept).filter((d) => d !== polLead))].map(dk),
        priority: rng.chance(0.1),
        sortOrder: pi + 1,
        provenance: provenance(),
      });
      const polClasses = POLICY_CLASSES[pol.name];
      if (polClasses) {
        for (const scheme of ['purpose', 'sdg'] as const)
          classMappings.push({ policyNode: polKey, scheme, classes: polClasses[scheme], provenance: provenance() });
      }
      const polSelf = new Map<number, number[]>();
      const polSecondary = new Map<number, number[]>();

      kept.forEach((md, mi) => {
        const mCode = `${polCode}-${mi + 1}`;
        const mKey = `n${mCode}`;
        const related = rng.sample(allKa.filter((k) => k !== md.dept), rng.chance(0.4) ? 0 : rng.int(1, 2));
        const bu = buOfKa.get(md.dept)!;
        if (!measuresByBu.has(bu)) measuresByBu.set(bu, []);
        measuresByBu.get(bu)!.push({ name: md.name, kw: md.kw });
        policyNodes.push({
          key: mKey,
          plan: planKey,
          parent: polKey,
          depth: 3,
          code: mCode,
          name: md.name,
          leadDepartment: dk(md.dept),
          relatedDepartments: related.map(dk),
          priority: rng.chance(0.1),
          sortOrder: mi + 1,
          provenance: provenance(),
        });

        const measureClasses = MEASURE_CLASSES[md.name];
        if (measureClasses) classMappings.push({ policyNode: mKey, scheme: 'purpose', classes: measureClasses.purpose, provenance: provenance() });

        // Indicators: the measure's own (if any) first, then templates; ~15 % lower-is-better.
        const health = rng.normal() * 0.3;
        const nInd = rng.int(ipmMin, ipmMax);
        const chosen: IndicatorTemplate[] = [];
        const higher = rng.sample(HIGHER_TEMPLATES, HIGHER_TEMPLATES.length);
        const lower = rng.sample(LOWER_TEMPLATES, LOWER_TEMPLATES.length);
        const slots = md.specific ? nInd - 1 : nInd;
        for (let k = 0; k < slots; k++) {
          const wantLower = lower.length > 0 && rng.chance(md.specific ? 0.04 : 0.13);
          const next = wantLower ? lower.shift() : higher.shift() ?? lower.shift();
          if (next) chosen.push(next);
        }
        const states: IndicatorState[] = [];
        let sort = 1;
        if (md.specific) {
          const s = md.specific;
          states.push(
            makeIndicator(`i${mCode}-${sort}`, mKey, { name: s.name, unit: s.unit, base: s.base, decimals: s.decimals ?? 0, kind: 'outcome', lower: s.lower, source: s.source }, sort, health, md.dept),
          );
          sort++;
        }
        for (const c of chosen) {
          states.push(makeIndicator(`i${mCode}-${sort}`, mKey, { ...c, name: fill(c.t, { kw: md.kw }) }, sort, health, md.dept));
          sort++;
        }
        const kpi = states.find((s) => s.record.isKpi) ?? states[0]!;

        // 事業 nodes (depth 4), projects for the first one or two.
        const nJigyo = rng.int(2, 3);
        const jigyoNames = rng.sample(PROJECT_SUFFIXES, nJigyo).map((s) => `${md.kw}${s}`);
        const jigyoKeys = jigyoNames.map((name, ji) => {
          const jCode = `${mCode}-${ji + 1}`;
          const jKey = `n${jCode}`;
          const lead = related.length > 0 && rng.chance(0.25) ? related[0]! : md.dept;
          policyNodes.push({
            key: jKey,
            plan: planKey,
            parent: mKey,
            depth: 4,
            code: jCode,
            name: name,
            leadDepartment: dk(lead),
            relatedDepartments: [],
            priority: rng.chance(0.1),
            sortOrder: ji + 1,
            provenance: provenance(),
          });
          return { key: jKey, lead };
        });
        const nProjects = rng.int(1, 2);
        const projectKeys: string[] = [];
        for (let pj = 0; pj < nProjects; pj++) {
          const pKey = `p${mCode}-${pj + 1}`;
          projectKeys.push(pKey);
          const amounts = generatedAmounts(rng, years, Math.exp(rng.uniform(Math.log(3000), Math.log(300000))), rng.uniform(-0.03, 0.06));
          const activity = states.find((s) => s.record.kind === 'activity');
          const project: ProjectRecord = {
            key: pKey,
            policyNode: mKey,
            name: jigyoNames[pj]!,
            department: dk(jigyoKeys[pj]!.lead),
            amounts,
            costs: [],
            shares: [],
            provenance: provenance(),
          };
          if (pj === 0 && activity) project.outcomeIndicator = activity.record.key;
          projects.push(project);
        }
        const extraKeys: string[] = [];
        // An indicator measures at most one project (the importer makes it the project's): extras take unclaimed ones.
        const claimed = new Set(projects.filter((x) => x.policyNode === mKey).map((x) => x.outcomeIndicator));
        const nAll = Math.max(nProjects, projectRng.int(ppmMin, ppmMax));
        const extraNames = projectRng.sample(
          EXTRA_PROJECT_SUFFIXES.map((sfx) => `${md.kw}${sfx}`).filter((n) => !jigyoNames.includes(n)),
          nAll - nProjects,
        );
        extraNames.forEach((name, k) => {
          const pKey = `p${mCode}-${nProjects + k + 1}`;
          extraKeys.push(pKey);
          const free = states.filter((st) => !claimed.has(st.record.key));
          const ind = projectRng.chance(0.6) && free.length ? projectRng.pick(free) : undefined;
          if (ind) claimed.add(ind.record.key);
          projects.push({
            key: pKey,
            policyNode: mKey,
            name,
            department: dk(projectRng.pick(jigyoKeys).lead),
            amounts: generatedAmounts(projectRng, years, Math.exp(projectRng.uniform(Math.log(1000), Math.log(120000))), projectRng.uniform(-0.03, 0.05)),
            costs: [],
            shares: [],
            provenance: provenance(),
            ...(ind ? { outcomeIndicator: ind.record.key } : {}),
          });
        });

        // Measure evaluations: self follows the indicators' outlook, secondary mostly agrees
        // (sometimes one level stricter), external on about a third of the measures.
        const external = rng.chance(1 / 3);
        // Departments rate themselves a little generously; ratings carry over from last year.
        const leniency = rng.uniform(0, 0.35);
        const anchor = 2.7 + health * 2;
        let prev = anchor;
        const projectDirection = new Map<string, string>();
        const selfByYear = new Map<number, Level>();
        const directionByYear = new Map<string, Map<number, string>>();
        for (const y of years) {
          const scores = states.map((s) => s.truth.get(y)).filter((l): l is Level => !!l).map(scoreOf);
          const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : anchor + 0.15;
          const raw = 0.6 * (mean - 0.15) + 0.25 * prev + 0.15 * anchor + leniency + rng.normal() * 0.3;
          prev = raw;
          const self = levelOfScore(raw);
          selfByYear.set(y, self);
          const r = rng.float();
          const secondary = r < 0.78 ? self : r < 0.96 ? levelOfScore(Math.max(1, scoreOf(self) - 1)) : levelOfScore(scoreOf(self) + 1);
          const kw = md.kw;
          const kpiActual = kpi.actual.get(y);
          const kpiTarget = kpi.targetFor.get(y);
          const vars = {
            kw,
            ind: kpi.record.name,
            val: kpiActual?.text ?? kpi.record.values[0]!.text,
            tgt: kpiTarget?.text ?? '',
            rel: related.length ? related.join('・') : '関係機関',
          };
          let achievementText: string;
          if (y === y0) achievementText = `計画初年度として、{kw}に関する事業を予定どおり開始した。${kpi.record.name}の策定時の値は${kpi.record.values[0]!.text}である。`;
          else if (!kpiActual || kpiActual.value === null) achievementText = UNMEASURED_TEXT;
          else if ((y === 2020 || y === 2021) && (self === 'C' || self === 'D') && rng.chance(0.7)) achievementText = COVID_TEXT;
          else achievementText = rng.pick(ACHIEVEMENT_TEXTS[self]);
          const selfDate = dateIn(y + 1, 5);
          evaluations.push(
            evaluation({ policyNode: mKey }, y, 'self', progressScale, self, {
              achievement: fill(achievementText, vars),
              issues: fill(rng.pick(ISSUE_TEXTS), vars),
              response: fill(rng.pick(RESPONSE_TEXTS), vars),
              evaluator: md.dept,
              evaluatedOn: selfDate,
            }),
          );
          const secondaryComment = secondary === self ? SECONDARY_SAME : scoreOf(secondary) < scoreOf(self) ? SECONDARY_STRICTER : SECONDARY_LENIENT;
          evaluations.push(
            evaluation({ policyNode: mKey }, y, 'secondary', progressScale, secondary, {
              comment: fill(rng.pick(secondaryComment), vars),
              evaluator: PLANNING_DIVISION,
              evaluatedOn: dateIn(y + 1, 7),
            }),
          );
          if (external) {
            const q = rng.float();
            const ext = q < 0.7 ? secondary : q < 0.9 ? levelOfScore(Math.max(1, scoreOf(secondary) - 1)) : levelOfScore(scoreOf(secondary) + 1);
            const extra: Partial<EvaluationRecord> = {
              comment: fill(rng.pick(scoreOf(ext) >= 3 ? EXTERNAL_GOOD : EXTERNAL_BAD), vars),
              evaluator: `${cityName}行政評価委員会`,
              evaluatedOn: dateIn(y + 1, 9),
            };
            if (rng.chance(0.5)) extra.request = fill(rng.pick(EXTERNAL_REQUESTS), vars);
            evaluations.push(evaluation({ policyNode: mKey }, y, 'external', progressScale, ext, extra));
          }
          if (!polSelf.has(y)) polSelf.set(y, []);
          if (!polSecondary.has(y)) polSecondary.set(y, []);
          polSelf.get(y)!.push(scoreOf(self));
          polSecondary.get(y)!.push(scoreOf(secondary));

          // 事業 nodes: self near the measure's rating, secondary mostly the same.
          for (const j of leafEvaluations ? jigyoKeys : []) {
            const js = levelOfScore(scoreOf(self) + (rng.chance(0.35) ? (rng.chance(0.5) ? 1 : -1) : 0));
            const jsec = rng.chance(0.85) ? js : levelOfScore(Math.max(1, scoreOf(js) - 1));
            evaluations.push(evaluation({ policyNode: j.key }, y, 'self', progressScale, js));
            evaluations.push(evaluation({ policyNode: j.key }, y, 'secondary', progressScale, jsec));
          }
          // Projects: the direction for next year, sticky, leaning on the measure's rating. (The
          // projects beyond the first ones print theirs on their sheets only: `addGeneratedCosts`.)
          for (const pk of leafEvaluations ? projectKeys : []) {
            const before = projectDirection.get(pk);
            let dir: string;
            if (before && before !== '休廃止' && rng.chance(0.7)) dir = before;
            else {
              const u = rng.float();
              const good = scoreOf(self) >= 3;
              dir = u < 0.55 ? '継続' : u < 0.75 ? (good ? '拡充' : '改善') : u < 0.93 ? (good ? '改善' : '縮小') : good ? '継続' : '縮小';
              if (y === yEnd && rng.chance(0.05)) dir = '休廃止';
            }
            projectDirection.set(pk, dir);
            directionByYear.set(pk, (directionByYear.get(pk) ?? new Map<number, string>()).set(y, dir));
            const sec = rng.chance(0.88) ? dir : dir === '拡充' ? '継続' : dir === '継続' ? '改善' : dir;
            evaluations.push(evaluation({ project: pk }, y, 'self', directionScale, dir));
            evaluations.push(evaluation({ project: pk }, y, 'secondary', directionScale, sec));
          }
        }
        for (const pk of [...projectKeys, ...extraKeys]) {
          const project = projects.find((p) => p.key === pk)!;
          addGeneratedCosts(project, years, selfByYear, directionByYear.get(pk), costRng, provenance);
          // About one project in seven also serves the measure before it in the same policy.
          if (mi > 0 && costRng.chance(0.15)) {
            const other = `n${polCode}-${mi}`;
            const share = costRng.pick([0.6, 0.7, 0.8]);
            project.shares = [
              { policyNode: mKey, share },
              { policyNode: other, share: Math.round((1 - share) * 10) / 10 },
            ];
          }
        }
      });

      // 政策: the mean of its measures, self and secondary.
      for (const y of years) {
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        const sec = polSecondary.get(y)!;
        evaluations.push(evaluation({ policyNode: polKey }, y, 'self', progressScale, levelOfScore(mean(polSelf.get(y)!)), { evaluator: polLead }));
        evaluations.push(evaluation({ policyNode: polKey }, y, 'secondary', progressScale, levelOfScore(mean(sec)), { evaluator: PLANNING_DIVISION }));
        if (!goalSecondary.has(y)) goalSecondary.set(y, []);
        goalSecondary.get(y)!.push(...sec);
      }
    });
    // 基本目標: the planning division's roll-up.
    for (const y of years) {
      const xs = goalSecondary.get(y)!;
      evaluations.push(evaluation({ policyNode: goalKey }, y, 'secondary', progressScale, levelOfScore(xs.reduce((a, b) => a + b, 0) / xs.length), { evaluator: PLANNING_DIVISION }));
    }
  });

  // --- department policies (部局運営方針) ----------------------------------------------------
  const departmentPolicies: DepartmentPolicyRecord[] = [];
  DEPARTMENTS.forEach(([bu], i) => {
    const ms = measuresByBu.get(bu) ?? [];
    const goalName = GOALS.find((g) => g.policies.some((pl) => pl.measures.some((x) => buOfKa.get(x.dept) === bu)))?.name ?? GOALS[5]!.name;
    for (const y of years) {
      const measure = ms.length ? rng.pick(ms) : undefined;
      const vars = { bu, goal: goalName, year: fiscalYearLabel(y), measure: measure?.name ?? '行政運営の効率化' };
      const n = rng.int(2, 4);
      const cats = rng.sample(Object.keys(POLICY_CATEGORIES), n - 1);
      const initiatives: DepartmentPolicyRecord['initiatives'] = cats.map((c) => ({
        category: c,
        title: rng.pick(POLICY_CATEGORIES[c]!),
        body: rng.pick(POLICY_BODIES),
      }));
      initiatives.push({
        category: '個別課題',
        title: measure ? `${measure.name}に向けた取組の強化` : '部内業務の見直し',
        body: measure ? fill(rng.pick(RESPONSE_TEXTS), { kw: measure.kw, rel: '関係課' }) : rng.pick(POLICY_BODIES),
      });
      departmentPolicies.push({
        key: `dp${i + 1}-${y}`,
        department: dk(bu),
        fiscalYear: y,
        basicApproach: fill(rng.pick(BASIC_APPROACHES), vars),
        initiatives,
        provenance: provenance(),
      });
    }
  });

  return {
    formatVersion: FORMAT_VERSION,
    municipality: {
      code,
      name: cityName,
      nameKana: 'さんぷるし',
      nameEn: index === 0 ? 'Sample City' : `Sample City ${index}`,
      prefecture: 'サンプル県',
      generated: true,
      attributes: generatedAttributes(seed, index, y0),
    },
    documents: [{ key: docKey, title: '生成データ（サンプル）', generated: true }],
    plans: [plan],
    departments,
    ratingScales,
    policyNodes,
    projects,
    indicators,
    evaluations,
    departmentPolicies,
    surveyResults: [],
    yearlyGoals: [],
    classMappings,
  };
}

/**
 * A generated city's attributes, from a random stream of their own (the rest of the city is
 * drawn exactly as before): population log-uniform 20,000–400,000, a 中核市 from 200,000.
 */
function generatedAttributes(seed: number, index: number, y0: number): CityAttributes {
  const rng = new Rng(mixSeed(seed ^ 0x5eed, index));
  const population = Math.round(Math.exp(rng.uniform(Math.log(20_000), Math.log(400_000))));
  return {
    population,
    populationAsOf: `${y0}-10-01`,
    areaKm2: Math.round(rng.uniform(15, 400) * 100) / 100,
    areaAsOf: `${y0}-10-01`,
    category: population >= 200_000 && rng.chance(0.7) ? 'core_city' : 'city',
    source: GENERATED_NOTE,
  };
}

/** How far COVID pushed a year's activity down (2020–2022). */
const covidFactor = (y: number) => (y === 2020 ? 0.55 : y === 2021 ? 0.75 : y === 2022 ? 0.92 : 1);

/**
 * A project's budgets for every year and settled amounts for all but the last (its settlement is
 * added with the costs: `addGeneratedCosts`), drifting by `growth` a year with noise; COVID years
 * sometimes spend less.
 */
function generatedAmounts(rng: Rng, years: number[], start: number, growth: number): ProjectRecord['amounts'] {
  let amount = start;
  const amounts: ProjectRecord['amounts'] = [];
  for (const y of years) {
    amount = amount * (1 + growth + rng.normal() * 0.06);
    const budget = Math.round(amount);
    amounts.push({ fiscalYear: y, kind: 'budget', thousandYen: budget, text: formatNumber(budget) });
    if (y < years[years.length - 1]!) {
      const settled = Math.round(budget * rng.uniform(0.82, 0.99) * (covidFactor(y) < 1 && rng.chance(0.5) ? covidFactor(y) + 0.2 : 1));
      amounts.push({ fiscalYear: y, kind: 'settled', thousandYen: settled, text: formatNumber(settled) });
    }
  }
  return amounts;
}

/** The generator's direction codes (its 今後の方向性 scale) in the dataset's words. */
const DIRECTION_OF: Record<string, ProjectCostRecord['direction']> = { 拡充: 'expand', 継続: 'maintain', 改善: 'improve', 縮小: 'reduce', 休廃止: 'abolish' };

/** How a project's spending drifts the year after its measure is rated (A grows, D shrinks). */
const DRIFT_AFTER: Record<Level, number> = { A: 0.06, B: 0.02, C: -0.02, D: -0.06 };

/**
 * A generated project's 事務事業評価 sheets for all its years: the last year's settlement (the
 * city is seen after it), its amounts drifting with its measure's rating of the year before (a
 * well-rated measure's projects grow), and every settled year a sheet (事業費 = 決算額, staff × an
 * average cost per person rising 1 % a year, sometimes other costs, sources of funds covering
 * 事業費) with a direction that follows the rating (or its direction evaluation).
 */
function addGeneratedCosts(
  project: ProjectRecord,
  years: number[],
  selfByYear: Map<number, Level>,
  directions: Map<number, string> | undefined,
  rng: Rng,
  provenance: () => Provenance,
): void {
  const last = years[years.length - 1]!;
  const lastBudget = project.amounts.find((a) => a.fiscalYear === last && a.kind === 'budget')?.thousandYen;
  if (lastBudget != null && !project.amounts.some((a) => a.fiscalYear === last && a.kind === 'settled')) {
    const settled = Math.round(lastBudget * rng.uniform(0.82, 0.99));
    project.amounts.push({ fiscalYear: last, kind: 'settled', thousandYen: settled, text: formatNumber(settled) });
  }
  let factor = 1;
  const factorOf = new Map<number, number>();
  for (const y of years) {
    const before = selfByYear.get(y - 1);
    if (before) factor *= 1 + DRIFT_AFTER[before] + rng.normal() * 0.01;
    factorOf.set(y, factor);
  }
  for (const a of project.amounts) {
    if (a.thousandYen == null) continue;
    a.thousandYen = Math.round(a.thousandYen * factorOf.get(a.fiscalYear)!);
    a.text = formatNumber(a.thousandYen);
  }
  let staff = Math.round(rng.uniform(3, 40)) / 10;
  const national = rng.chance(0.5) ? rng.uniform(0.1, 0.5) : 0;
  const bonds = rng.chance(0.15) ? rng.uniform(0.1, 0.4) : 0;
  const otherSpecific = rng.chance(0.3) ? rng.uniform(0.02, 0.1) : 0;
  const hasOther = rng.chance(0.2);
  for (const a of project.amounts) {
    if (a.kind !== 'settled' || a.thousandYen == null) continue;
    const y = a.fiscalYear;
    const rating = selfByYear.get(y);
    const dir =
      DIRECTION_OF[directions?.get(y) ?? ''] ??
      (rating === 'A' ? (rng.chance(0.4) ? 'expand' : 'maintain') : rating === 'D' ? (rng.chance(0.5) ? 'reduce' : 'improve') : rating === 'C' ? 'improve' : 'maintain');
    staff = Math.max(0.1, Math.round((staff + (dir === 'expand' ? 0.1 : dir === 'reduce' ? -0.1 : 0)) * 10) / 10);
    const costPerStaff = Math.round(8000 * 1.01 ** (y - 2015));
    const personnelCost = Math.round(staff * costPerStaff);
    const business = a.thousandYen;
    const otherCost = hasOther ? Math.round(business * 0.05) : 0;
    const fundNational = Math.round(business * national);
    const fundBonds = Math.round(business * bonds);
    const fundOtherSpecific = Math.round(business * otherSpecific);
    project.costs.push({
      fiscalYear: y,
      businessCost: business,
      staff,
      costPerStaff,
      personnelCost,
      otherCost,
      printedTotal: business + personnelCost + otherCost,
      fundNational,
      fundBonds,
      fundOtherSpecific,
      fundGeneral: business - fundNational - fundBonds - fundOtherSpecific,
      direction: dir,
      ...criteriaOf(rating, selfByYear.get(y - 1), factorOf.get(y)! / (factorOf.get(y - 1) ?? factorOf.get(y)!), rng),
      provenance: provenance(),
    });
  }
}

/**
 * A generated sheet's own evaluation, printed A–C: 妥当性 mostly A, 有効性 following the measure's
 * rating, 効率性 lower when the money grew or the rating fell, higher when the reverse.
 */
function criteriaOf(rating: Level | undefined, before: Level | undefined, growth: number, rng: Rng): Pick<ProjectCostRecord, 'validity' | 'effectiveness' | 'efficiency'> {
  const abc = (score: number) => (['C', 'B', 'A'] as const)[Math.max(0, Math.min(2, Math.round(score)))]!;
  const r = rating ? scoreOf(rating) : 2.5;
  const trend = rating && before ? scoreOf(rating) - scoreOf(before) : 0;
  return {
    validity: abc(rng.chance(0.8) ? 2 : 1),
    effectiveness: abc((r - 1) * (2 / 3) + rng.normal() * 0.3),
    efficiency: abc(1.2 + (r - 2.5) * 0.3 + Math.sign(trend) * 0.4 + (growth > 1.02 ? -0.4 : growth < 0.98 ? 0.4 : 0) + rng.normal() * 0.35),
  };
}

/** Yields one generated city after another (city i = `generateDataset({ seed, municipalityIndex: i })`); memory stays at one city. */
export function* generateNation(opts: { cities: number; seed?: number; firstIndex?: number } & Omit<GenerateOptions, 'seed' | 'municipalityIndex'>): Generator<Dataset> {
  const { cities, firstIndex = 0, ...rest } = opts;
  if (!Number.isInteger(cities) || cities < 0 || firstIndex + cities > MAX_CITIES) throw new RangeError(`cities must be 0..${MAX_CITIES - firstIndex}, got ${cities}`);
  for (let i = firstIndex; i < firstIndex + cities; i++) yield generateDataset({ ...rest, municipalityIndex: i });
}

/** Record counts of a dataset, for the CLI and benchmarks. */
export function datasetCounts(d: Dataset) {
  return {
    policyNodes: d.policyNodes.length,
    measures: d.policyNodes.filter((n) => n.depth === 3).length,
    departments: d.departments.length,
    indicators: d.indicators.length,
    indicatorValues: d.indicators.reduce((n, i) => n + i.values.length, 0),
    evaluations: d.evaluations.length,
    projects: d.projects.length,
    projectAmounts: d.projects.reduce((n, p) => n + p.amounts.length, 0),
    projectCosts: d.projects.reduce((n, p) => n + p.costs.length, 0),
    departmentPolicies: d.departmentPolicies.length,
  };
}
