/**
 * 所沢市 平成30年度 政策評価表（重点課題「絆を紡ぐまちづくり」）→ data/seeds/tokorozawa-002.json
 *
 *   cd /work/main && npx tsx data/scripts/tokorozawa.ts
 *
 * The source is a one-sheet PDF whose text extraction scrambles the table layout (cells out of
 * order, a heading printed far from its box, numbers of one row split across lines). The
 * document is small, so the records below were read by hand; the script only ties each of them
 * to the source: every printed string is looked up on the line it is said to come from (the run
 * fails if it is not there), multi-line texts are re-joined from their line ranges, and the
 * result is checked against the schema and the cross-record rules before it is written.
 *
 * How the scrambled parts were settled (see also the provenance notes in the output):
 * - 取り組み方針 3 is printed at line 198, away from 1, 2 and 4 (lines 16-20).
 * - 各年度の活動内容: four blocks; their years are settled by their content (dates and counts),
 *   not by their order: lines 52-83 = H28 (9th 協議会 set up in July; the self-evaluation says
 *   9 of 11 by the end of H29 with none new in H29), 85-120 = H29 (情報交換会 in 平成30年2月,
 *   連絡調整会議 in a third district "昨年度から"), 122-132 = H30 (plans, no past tense; the H30
 *   column is the only one without （実績）), 136-168 = H27 (8 of 11 districts, the
 *   地域コミュニティ推進プラン(H27-30) drawn up).
 * - 目標指標: 93.7% = 50.2/53.6 (関心度), 69.5% = 13.0/18.7 (つながり), 86.9% = 54.9/63.2 (協力意向).
 *   The loose H30 targets 55.0 (line 170, beside 93.7%) and 65.0 (line 192) go to 関心度 and
 *   協力意向 respectively: 55.0 would lie below 協力意向's baseline 57.8 and H29 target 63.2.
 * - 事業: the loose 80 / 17 / 106% / 188% / 7,068 are settled by arithmetic
 *   (84.9/80 = 106 %, 32/17 = 188 %; the other pairing gives 499 % and 40 %).
 * - 進捗状況 per 取り組み方針: the box under the heading "２" (line 269) is about 地域づくり協議会
 *   (方針1); the box after it is about 行政内部の連携体制 (方針2); lines 291-301 (facilities) are
 *   方針3 and 303-314 (自治会・市民活動) 方針4.
 * - Sections 6 and 7: the paragraph at 328-332 asks the department to act ("…図られたい") and is
 *   the 政策会議's; the paragraph at 334-348 is written by the department (self-evaluation).
 */
import { CITY_ATTRIBUTES, classMappingsFor } from './classes.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dataset, FORMAT_VERSION, type DatasetInput } from '../../server/src/dataset/format.js';
import { validateDataset, formatProblem } from '../../server/src/dataset/validate.js';
import { lineRef } from './notes.js';
import { pageMap } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = '002_adabd4eb880dbe10.txt';
const OUT = resolve(here, '../seeds/tokorozawa-002.json');
const DOC = 'tokorozawa-002';

const lines = readSourceLines(FILE);
const line = (n: number) => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`line ${n} is past the end of ${FILE}`);
  return l;
};

/** Asserts that `text` is printed on line `n` and returns `n` (for provenance). */
function at(n: number, ...texts: string[]): number {
  for (const t of texts) if (!line(n).includes(t)) throw new Error(`line ${n} does not contain ${JSON.stringify(t)}: ${JSON.stringify(line(n))}`);
  return n;
}

/** The single line that contains `text` (throws when it is missing or printed more than once). */
function lineOf(text: string, from = 1, to = lines.length): number {
  const hits: number[] = [];
  for (let n = from; n <= to; n++) if (line(n).includes(text)) hits.push(n);
  if (hits.length !== 1) throw new Error(`${JSON.stringify(text)} found on ${hits.length} lines (${hits.join(', ')})`);
  return hits[0];
}

/**
 * Re-joins a wrapped cell or paragraph from lines from..to: wrapped lines are concatenated
 * (Japanese wraps without spaces); a line starting with "・" (bullet) or "　" (a new paragraph)
 * starts a new line. Blank lines are skipped; the stray "」" the extraction leaves is not in range.
 */
function joined(from: number, to: number): string {
  let out = '';
  for (let n = from; n <= to; n++) {
    const l = line(n).replace(/[ \t]+$/, '');
    if (l === '') continue;
    if (out && (l.startsWith('・') || l.startsWith('　'))) out += '\n';
    out += l;
  }
  return out;
}

const num = (text: string) => {
  const v = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(v)) throw new Error(`not a number: ${text}`);
  return v;
};
const prov = (n: number, extra: { lineEnd?: number; note?: string; uncertain?: boolean } = {}) => ({ document: DOC, line: n, ...extra });

// ---------------------------------------------------------------------------------------------
// Plans and the priority structure

const JUTEN = 'tokorozawa-juten';
const NODE = 'tokorozawa-juten-kizuna';
const SHIMIN_BU = 'tokorozawa-shimin-bu';

const plans: DatasetInput['plans'] = [
  {
    key: 'tokorozawa-sogo',
    name: '第５次所沢市総合計画',
    kind: 'comprehensive',
    startYear: 2011,
    endYear: 2018,
    levels: ['章', '節'],
    provenance: prov(at(202, '第５次所沢市総合計画'), {
      uncertain: true,
      note:
        '名称は印字されている（202行目）が、期間は印字されていない。2011〜2018年度（平成23〜30年度）はこの文書ではなく市の資料による：' +
        '2018年2月20日の市長の施政方針が平成30年度を「第5次総合計画基本計画の最終年度、8年間に渡る計画期間」としており、' +
        '第6次の計画は2019年度（令和元年度）に始まる。基本構想の期間は名目上もっと長い可能性がある。階層の章・節は、' +
        '市民意識調査の順位に印字されたもの（第１章「コミュニティ」 第１節「地域コミュニティ」、全42節）。',
    }),
  },
  {
    key: 'tokorozawa-kouki',
    name: '第５次所沢市総合計画後期基本計画',
    kind: 'basic',
    parent: 'tokorozawa-sogo',
    startYear: 2015,
    endYear: 2018,
    levels: ['章', '節'],
    provenance: prov(at(202, '第５次所沢市総合計画後期基本計画'), {
      uncertain: true,
      note:
        '期間は印字されていない。「後期基本計画で掲げた取り組み方針」（14行目）についてのこのシートの計画期間はＨ２７〜Ｈ３０（31行目）であり、' +
        '平成30年度に終わる8年間の基本計画を前後に分けるとH23〜H26とH27〜H30になるため、2015〜2018年度とした。',
    }),
  },
  {
    key: JUTEN,
    name: '総合的に取り組む重点課題',
    kind: 'priority',
    parent: 'tokorozawa-kouki',
    startYear: 2015,
    endYear: 2018,
    levels: ['重点課題', '取り組み方針', '事業'],
    provenance: prov(at(4, '総合的に取り組む'), {
      lineEnd: 5,
      note: '期間は、計画期間における方向性の下にある各年度の目標の列がＨ２７（実績）…Ｈ３０（31行目）であることによる。',
    }),
  },
];

const departments: DatasetInput['departments'] = [
  {
    key: SHIMIN_BU,
    name: '市民部',
    kind: '部',
    provenance: prov(at(11, '市民部長'), {
      note: 'ゼネラルマネージャーの役職「市民部長」としてのみ印字されている。シートには課の名前がなく、事業の表にも担当課の列がない。',
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// 重点課題 and 取り組み方針

const direction = joined(25, 27);
const nodeDescription =
  `ゼネラルマネージャー：${line(at(11, '市民部長')).trim()}　${line(at(12, '川上')).trim()}\n` +
  `計画期間における方向性：${direction}`;

const policies = [
  { code: '1', n: at(16, '１　地域づくり協議会活動の促進'), name: '地域づくり協議会活動の促進' },
  { code: '2', n: at(18, '２　暮らしやすさが実感できる行政体制の整備'), name: '暮らしやすさが実感できる行政体制の整備' },
  { code: '3', n: at(198, '３　コミュニティ活動のための環境づくり'), name: 'コミュニティ活動のための環境づくり' },
  { code: '4', n: at(20, '４　住民自治活動の支援'), name: '住民自治活動の支援' },
];

const policyNodes: DatasetInput['policyNodes'] = [
  {
    key: NODE,
    plan: JUTEN,
    depth: 1,
    name: '絆を紡ぐまちづくり',
    description: nodeDescription,
    leadDepartment: SHIMIN_BU,
    priority: true,
    sortOrder: 1,
    provenance: prov(at(7, '絆を紡ぐまちづくり'), {
      note:
        'コードは印字されていない。主管課の市民部は、ゼネラルマネージャー「市民部長 川上　一人」（8〜12行目）から導いたもので、' +
        'シートには主管課が書かれていない。方向性の記述は25〜27行目。',
    }),
  },
  ...policies.map((p, i) => ({
    key: `${NODE}-${p.code}`,
    plan: JUTEN,
    parent: NODE,
    depth: 2,
    code: p.code,
    name: p.name,
    sortOrder: i + 1,
    provenance: prov(p.n, {
      note:
        `後期基本計画で掲げた取り組み方針の下に「${line(p.n).trim().split(' ')[0]}」と印字されている。` +
        (p.code === '3' ? '抽出したテキストでは方針3が目標指標の表の後（198行目）に移っている。' : '') +
        '取り組み方針の主管課は印字されていない。',
    }),
  })),
];

// ---------------------------------------------------------------------------------------------
// 目標指標 (計画期間における目標指標)

interface KpiRow {
  slug: string;
  name: string;
  nameLine: number;
  baseline: [string, number];
  actual: [string, number];
  target: [string, number];
  rate: [string, number];
  h30: [string, number];
  note?: string;
}
const kpis: KpiRow[] = [
  {
    slug: 'kanshin',
    name: '地域活動への関心度',
    nameLine: at(190, '地域活動への関心度 ％ 49.1 50.2 53.6'),
    baseline: ['49.1', 190],
    actual: ['50.2', 190],
    target: ['53.6', 190],
    rate: ['93.7%', at(170, '93.7%')],
    h30: ['55.0', at(170, '93.7% 55.0')],
    note: '達成率93.7%とH30の目標値55.0は、表の見出しより上の170行目に印字されている。93.7% = 50.2/53.6。55.0はこの行のH30の目標値とした（達成率の横に印字されており、協力意向の目標値とすると策定時の数値57.8を下回る）。',
  },
  {
    slug: 'tsunagari',
    name: '地域のつながりの変化',
    nameLine: at(194, '地域のつながりの変化 ％ 14.2 13.0 18.7 69.5% 20.0'),
    baseline: ['14.2', 194],
    actual: ['13.0', 194],
    target: ['18.7', 194],
    rate: ['69.5%', 194],
    h30: ['20.0', 194],
  },
  {
    slug: 'kyoryoku',
    name: '地域活動への協力意向',
    nameLine: at(196, '地域活動への協力意向 ％'),
    baseline: ['57.8', at(185, '57.8 54.9 63.2 86.9%')],
    actual: ['54.9', 185],
    target: ['63.2', 185],
    rate: ['86.9%', 185],
    h30: ['65.0', at(192, '65.0')],
    note: '名称は196行目、数値57.8 54.9 63.2 86.9%は185行目（86.9% = 54.9/63.2）、H30の目標値65.0は192行目にある（55.0を関心度に割り当てた後に残る唯一の目標値で、策定時の数値57.8 → H29の目標値63.2の流れに続く）。',
  },
];

const BASELINE_YEAR = 2014;
const baselineNote =
  '「策定時の数値」（後期基本計画の策定時の値）として印字されており、年の記載がない。平成26年度（2014年度、計画が始まる2015年度の前年度）' +
  'としたのは仮定で、値のもとになった調査の年は印字されていない。';

const kpiIndicators: DatasetInput['indicators'] = kpis.map((k, i) => {
  for (const [text, n] of [k.baseline, k.actual, k.target, k.rate, k.h30]) at(n, text);
  return {
    key: `tokorozawa-kizuna-kpi-${k.slug}`,
    policyNode: NODE,
    name: k.name,
    unit: '％',
    direction: 'higher_is_better' as const,
    kind: 'outcome' as const,
    isKpi: true,
    sortOrder: i + 1,
    values: [
      {
        fiscalYear: BASELINE_YEAR,
        kind: 'baseline' as const,
        value: num(k.baseline[0]),
        text: k.baseline[0],
        provenance: prov(k.baseline[1], { uncertain: true, note: baselineNote }),
      },
      {
        fiscalYear: 2017,
        kind: 'actual' as const,
        value: num(k.actual[0]),
        text: k.actual[0],
        printedAchievement: num(k.rate[0].replace('%', '')),
        printedAchievementText: k.rate[0],
        provenance: prov(k.actual[1], k.rate[1] !== k.actual[1] ? { note: `Ｈ29年度実績として印字されている。達成率${k.rate[0]}は${lineRef(k.rate[1])}にある。` } : { note: 'Ｈ29年度実績として印字されている。' }),
      },
      { fiscalYear: 2017, kind: 'target' as const, value: num(k.target[0]), text: k.target[0], provenance: prov(k.target[1], { note: 'H29年度目標値として印字されている。' }) },
      { fiscalYear: 2018, kind: 'target' as const, value: num(k.h30[0]), text: k.h30[0], provenance: prov(k.h30[1], { note: '将来目標（H30）として印字されている。' }) },
    ],
    provenance: prov(k.nameLine, {
      note:
        '目標指標（２．計画期間における目標指標）、単位は％。出典・調査名は書かれていない。目標値が策定時の数値から上がっていくため、望ましい方向は「高いほどよい」とした。' +
        (k.note ?? ''),
    }),
  };
});

// ---------------------------------------------------------------------------------------------
// 主要事業 (４．政策を構成する主要事業の進捗状況)

interface ProjectRow {
  slug: string;
  name: string;
  n: number;
  settled: string;
  budget: string;
  indicator: string;
  indicatorLine: number;
  unit: string;
  actual: [string, number];
  target: [string, number];
  rate: [string, number];
  note?: string;
  indicatorNote?: string;
}
const rows: ProjectRow[] = [
  {
    slug: 'chiikizukuri-shien',
    name: '地域づくり支援事業',
    n: at(239, '地域づくり支援事業 9,973 10,117'),
    settled: '9,973',
    budget: '10,117',
    indicator: joined(240, 241),
    indicatorLine: at(240, '地域づくり協議会交付金事業'),
    unit: '件',
    actual: ['39', at(243, '件 39 43 91%')],
    target: ['43', 243],
    rate: ['91%', 243],
    note: '取り組み方針1の進捗状況（270〜277行目）に、この事業が交付する地域づくり協議会活動支援交付金が出てくる。',
    indicatorNote: '名称は240〜241行目に折り返して印字されている（地域づくり協議会交付金事業／申請件数）。',
  },
  {
    slug: 'kominkan-shusai',
    name: '公民館主催事業',
    n: at(245, '公民館主催事業 7,519 8,615'),
    settled: '7,519',
    budget: '8,615',
    indicator: joined(246, 247),
    indicatorLine: at(246, '市民等と協働で企画実施した'),
    unit: '％',
    actual: ['58.8', at(249, '％ 58.8 58.2 101%')],
    target: ['58.2', 249],
    rate: ['101%', 249],
    note: '自己評価（344行目）が公民館主催事業に触れているが、対応する取り組み方針は書かれていない。',
    indicatorNote: '名称は246〜247行目に折り返して印字されている。',
  },
  {
    slug: 'community-katsudo-suishin',
    name: '所沢市コミュニティ活動推進事業',
    n: at(251, '所沢市コミュニティ活動推進事業 6,000 16,500 事業実施件数 件 3 4 75%'),
    settled: '6,000',
    budget: '16,500',
    indicator: '事業実施件数',
    indicatorLine: 251,
    unit: '件',
    actual: ['3', 251],
    target: ['4', 251],
    rate: ['75%', 251],
    note: '取り組み方針3の進捗状況（293行目）がこの事業に触れている（修繕３件。実績値3と一致）。',
  },
  {
    slug: 'jichikai-oen',
    name: '自治会・町内会応援事業',
    n: at(253, '自治会・町内会応援事業※ 21,332 22,237 自治会・町内会加入率 ％ 62.5 68 92%'),
    settled: '21,332',
    budget: '22,237',
    indicator: '自治会・町内会加入率',
    indicatorLine: 253,
    unit: '％',
    actual: ['62.5', 253],
    target: ['68', 253],
    rate: ['92%', 253],
    note:
      '「自治会・町内会応援事業※」と印字されている。※が指す脚注は抽出したテキストになく、何（名称か金額か）についての注記かは分からない。' +
      '取り組み方針4の進捗状況（303〜306行目）が自治会・町内会への支援を記述している。',
  },
  {
    slug: 'tsumugo-kizuna-chiiki-oen',
    name: '「紡ごう絆」地域応援事業',
    n: at(257, '「紡ごう絆」地域応援事業 1,521 1,562 事業申請件数 件 32'),
    settled: '1,521',
    budget: '1,562',
    indicator: '事業申請件数',
    indicatorLine: 257,
    unit: '件',
    actual: ['32', 257],
    target: ['17', at(263, '17 188%')],
    rate: ['188%', 263],
    note: '取り組み方針4の進捗状況（305行目）がこの事業を「紡ごう絆地域応援事業」と呼んでいる。',
    indicatorNote: '行が分かれて印字されている：32は257行目、目標値17と達成率188%は263行目。32/17 = 188 % で対応が確定する。',
  },
  {
    slug: 'shimin-katsudo-shien',
    name: '市民活動支援事業',
    n: at(265, '市民活動支援事業 9,680 10,874 講座受講者の満足度 ％ 84.9'),
    settled: '9,680',
    budget: '10,874',
    indicator: '講座受講者の満足度',
    indicatorLine: 265,
    unit: '％',
    actual: ['84.9', 265],
    target: ['80', at(261, '80')],
    rate: ['106%', at(255, '106%')],
    note: '取り組み方針4の進捗状況（307〜310行目）が市民活動への支援（トコろんWeb、講座）を記述している。',
    indicatorNote: '行が分かれて印字されている：84.9は265行目、目標値80は261行目、達成率106%は255行目。84.9/80 = 106 % で対応が確定する。',
  },
  {
    slug: 'bohanto-led',
    name: '防犯灯LED化整備事業',
    n: at(267, '防犯灯LED化整備事業 1,690 20,284 LED灯交換数 灯 7,068 100%'),
    settled: '1,690',
    budget: '20,284',
    indicator: 'LED灯交換数',
    indicatorLine: 267,
    unit: '灯',
    actual: ['7,068', 267],
    target: ['7,068', at(259, '7,068')],
    rate: ['100%', 267],
    note: '取り組み方針4の進捗状況（311行目）と政策会議の評価（328行目）がこの事業に触れている。',
    indicatorNote: '7,068は267行目と259行目に1つずつある。どちらも7,068（達成率100%）なので、どちらを実績値・目標値としても値は変わらない。',
  },
];

const projectKey = (slug: string) => `tokorozawa-jigyo-${slug}`;
const indicatorKey = (slug: string) => `tokorozawa-jigyo-${slug}-seika`;

const projects: DatasetInput['projects'] = rows.map((r) => {
  at(r.n, r.name, r.settled, r.budget);
  return {
    key: projectKey(r.slug),
    policyNode: NODE,
    name: r.name,
    outcomeIndicator: indicatorKey(r.slug),
    amounts: [
      { fiscalYear: 2017, kind: 'settled' as const, thousandYen: num(r.settled), text: r.settled, provenance: prov(r.n, { note: 'H29 決算額（単位：千円）' }) },
      { fiscalYear: 2018, kind: 'budget' as const, thousandYen: num(r.budget), text: r.budget, provenance: prov(r.n, { note: 'H30 予算額（単位：千円）' }) },
    ],
    provenance: prov(r.n, {
      note:
        '事業の表には担当課も取り組み方針も書かれていないため、重点課題の下に置き、担当課は空欄とした。' +
        (r.note ?? ''),
    }),
  };
});

const projectIndicators: DatasetInput['indicators'] = rows.map((r, i) => {
  for (const [text, n] of [r.actual, r.target, r.rate]) at(n, text);
  at(r.indicatorLine, r.indicator.slice(0, 8));
  return {
    key: indicatorKey(r.slug),
    project: projectKey(r.slug),
    name: r.indicator,
    unit: r.unit,
    direction: 'higher_is_better' as const,
    kind: 'outcome' as const,
    isKpi: false,
    sortOrder: i + 1,
    values: [
      {
        fiscalYear: 2017,
        kind: 'actual' as const,
        value: num(r.actual[0]),
        text: r.actual[0],
        printedAchievement: num(r.rate[0].replace('%', '')),
        printedAchievementText: r.rate[0],
        provenance: prov(r.actual[1], r.rate[1] !== r.actual[1] ? { note: `H29 実績。達成率${r.rate[0]}は${lineRef(r.rate[1])}にある。` } : { note: 'H29 実績' }),
      },
      { fiscalYear: 2017, kind: 'target' as const, value: num(r.target[0]), text: r.target[0], provenance: prov(r.target[1], { note: 'H29 目標値' }) },
    ],
    provenance: prov(r.indicatorLine, {
      note: 'この事業の成果指標（４．政策を構成する主要事業の進捗状況）。H29の値のみが印字されている。' + (r.indicatorNote ?? ''),
    }),
  };
});

// ---------------------------------------------------------------------------------------------
// Rating scale and evaluations

// Neither evaluation prints a rating level and no scale legend appears anywhere in the text
// (lines 1-350): both are text-only evaluations, so they name no scale and have level null.
const ratingScales: DatasetInput['ratingScales'] = [];

// 各年度の目標 and 各年度の活動内容 (columns Ｈ２７（実績） Ｈ２８（実績） Ｈ２９（実績） Ｈ３０, line 31)
at(31, 'Ｈ２７（実績）', 'Ｈ２８（実績）', 'Ｈ２９（実績）', 'Ｈ３０');
const goals: Record<string, [number, number]> = {
  'H27 目標': [at(33, '地域づくり協議会（地'), 36],
  'H28 目標': [at(38, '地域財源化'), 40],
  'H29 目標': [at(42, '住民自治活動の環境整備'), 43],
  'H30 目標': [at(45, '地域づくり協議会（地'), 48],
};
const activities: Record<string, [number, number]> = {
  'H27 活動内容': [at(136, '・地域ネットワークの立ち上'), at(168, '実施できるよう、支援した。')],
  'H28 活動内容': [at(52, '・台風による'), at(83, 'した。')],
  'H29 活動内容': [at(85, '・山口地区の'), at(120, 'の情報共有が図れた。')],
  'H30 活動内容': [at(122, '・協議会の自立化'), at(132, '連携体制の充実')],
};
// Content checks behind the year of each activity block (see the header comment).
at(140, '11地区中8地区'); // H27
at(62, '市内９'); // H28: 9th 協議会
at(91, '平成３０年２月'); // H29
at(109, '昨年度'); // H29: third district

const progress: Record<string, [number, number]> = {
  '進捗状況 1 地域づくり協議会活動の促進': [at(270, '地域づくり協議会未設立地区'), 277],
  '進捗状況 2 暮らしやすさが実感できる行政体制の整備': [at(279, 'まちづくりセンターと本庁組織'), 288],
  '進捗状況 3 コミュニティ活動のための環境づくり': [at(291, '地域住民が地域の課題解決'), 301],
  '進捗状況 4 住民自治活動の支援': [at(303, '平成26年度に制定した'), 314],
};
at(316, '５．各取り組み方針における進捗状況');

const survey = [
  { n: lineOf('第１節「地域コミュニティ」 718人 32.7% 29位') },
  { n: lineOf('第２節「市民活動」 554人 25.2% 41位') },
];
const surveyHeading = joined(at(202, '３．第５次所沢市総合計画後期基本計画内にある施策のうち'), 202);
at(208, '(2,197人中)');
at(210, '全42節中順位');

const otherTexts: Record<string, string> = { '計画期間における方向性': direction };
for (const [k, [a, b]] of Object.entries(activities)) otherTexts[k] = joined(a, b);
for (const [k, [a, b]] of Object.entries(progress)) otherTexts[k] = joined(a, b);

// 各年度の目標 as records: one goal per year (the heading prints the years, line 31).
const GOAL_YEARS: Record<string, number> = { 'H27 目標': 2015, 'H28 目標': 2016, 'H29 目標': 2017, 'H30 目標': 2018 };
const yearlyGoals: DatasetInput['yearlyGoals'] = Object.entries(goals).map(([k, [a, b]]) => ({
  policyNode: NODE,
  fiscalYear: GOAL_YEARS[k]!,
  goal: joined(a, b),
  provenance: prov(a, {
    lineEnd: b,
    note:
      `各年度の目標（29行目）の${k.slice(0, 3)}の欄。列の見出しはＨ２７（実績） Ｈ２８（実績） Ｈ２９（実績） Ｈ３０（31行目）。` +
      '目標は印字された順に年に割り当てた。列の配置は失われているが、いずれもその年の活動内容に合う。',
  }),
}));

// 市民意識調査: each row as numbers, with the row as printed (lines 202-214).
const SURVEY = '平成29年度所沢市市民意識調査';
at(202, `「${SURVEY}」の結果`);
const surveyQuestion = '「充実すべき施策」と感じている人数';
at(205, '「充実すべき施策」と感じ');
const RESPONDENTS = num(/\(([\d,]+)人中\)/.exec(line(208))![1]!);
const RANKED = num(/全(\d+)節中順位/.exec(line(210))![1]!);
const surveyResults: DatasetInput['surveyResults'] = survey.map((r, i) => {
  const m = /^(第.+?節「.+?」) (\d[\d,]*)人 (\d+(?:\.\d+)?)% (\d+)位$/.exec(line(r.n).trim());
  if (!m) throw new Error(`survey row not found on line ${r.n}`);
  const count = num(m[2]!);
  const percent = num(m[3]!);
  // The printed share must follow from the count (718 / 2,197 = 32.7 %).
  if (Math.round((count / RESPONDENTS) * 1000) / 10 !== percent) throw new Error(`line ${r.n}: ${count}/${RESPONDENTS} is not ${percent}%`);
  return {
    key: `tokorozawa-ishiki-h29-${i + 1}`,
    policyNode: NODE,
    fiscalYear: 2017,
    survey: SURVEY,
    question: surveyQuestion,
    item: m[1]!,
    respondents: RESPONDENTS,
    count,
    percent,
    rank: num(m[4]!),
    rankOf: RANKED,
    text: line(r.n).trim(),
    provenance: prov(r.n, {
      note: `見出しは202行目（${surveyHeading}）、列は「充実すべき施策」と感じている人数(2,197人中)・割合・全42節中順位（205〜210行目）。`,
    }),
  };
});

const selfLine = at(324, '６．平成29年度における目標の達成に向けた推進状況及び自己評価', '記入日 H30.7.20');
const councilLine = at(326, '７．政策会議における評価', '記入日 H30.8.28');
/** 平成 date "H30.7.20" → ISO (Hn = 1988 + n). */
function heiseiDate(text: string): string {
  const m = /H(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!m) throw new Error(`no 平成 date in ${text}`);
  return `${1988 + Number(m[1])}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

const evaluations: DatasetInput['evaluations'] = [
  {
    subject: { policyNode: NODE },
    fiscalYear: 2017,
    stage: 'self',
    level: null,
    comment: joined(at(334, '「地域づくり協議会」については'), at(348, '策を進めていく。')),
    otherTexts,
    evaluatedOn: heiseiDate(line(selfLine)),
    provenance: prov(selfLine, {
      lineEnd: 348,
      note:
        '「６．平成29年度における目標の達成に向けた推進状況及び自己評価」、記入日 H30.7.20。平成29年度の実績を評価したものなので、平成29年度の評価とした。' +
        '本文は334〜348行目（担当部の立場の記述。328〜332行目の段落は政策会議のもの）。評価の記号は印字されていない。' +
        '６の欄には評価者が書かれていない。シートのゼネラルマネージャーは市民部長 川上　一人（8〜12行目）。' +
        'その他の記述：各年度の活動内容（年は内容から判断：H28は52〜83行目、H29は85〜120行目、H30は122〜132行目、H27は136〜168行目）、' +
        '５．各取り組み方針における進捗状況（270〜314行目。欄と方針は内容から対応づけた）。各年度の目標（33〜48行目）と市民意識調査（202〜214行目）は、それぞれ年度目標と市民意識調査の記録として収録した。',
    }),
  },
  {
    subject: { policyNode: NODE },
    fiscalYear: 2017,
    stage: 'council',
    level: null,
    comment: joined(at(328, '防犯灯のＬＥＤ化事業については'), at(332, '積極的な支援を図られたい。')),
    evaluator: '政策会議',
    evaluatedOn: heiseiDate(line(councilLine)),
    provenance: prov(councilLine, {
      lineEnd: 332,
      note:
        '「７．政策会議における評価」、記入日 H30.8.28。自己評価と同じ平成29年度の実績についての評価なので、平成29年度の評価とした。' +
        '本文は328〜332行目（担当部に対応を求める「…図られたい」という書き方）。評価の記号は印字されていない。',
    }),
  },
];

// ---------------------------------------------------------------------------------------------

const input: DatasetInput = {
  formatVersion: FORMAT_VERSION,
  municipality: { code: '112089', name: '所沢市', nameKana: 'ところざわし', nameEn: 'Tokorozawa', prefecture: '埼玉県', attributes: CITY_ATTRIBUTES.tokorozawa },
  // One sheet: every line is on page 1 (no page number is printed).
  documents: [{ key: DOC, title: '平成30年度 政策評価表（絆を紡ぐまちづくり）', file: FILE, pages: pageMap([1]) }],
  plans,
  departments,
  ratingScales,
  policyNodes,
  projects,
  indicators: [...kpiIndicators, ...projectIndicators],
  evaluations,
  surveyResults,
  yearlyGoals,
  classMappings: classMappingsFor('tokorozawa', policyNodes),
};

// Internal consistency before writing: every printed achievement must follow from its values.
for (const ind of input.indicators ?? []) {
  for (const v of ind.values ?? []) {
    if (v.printedAchievement === undefined) continue;
    const t = ind.values?.find((w) => w.kind === 'target' && w.fiscalYear === v.fiscalYear);
    if (!t || t.value == null || v.value == null) throw new Error(`${ind.key}: no target for the printed achievement`);
    const decimals = (v.printedAchievementText ?? '').split('.')[1]?.replace('%', '').length ?? 0;
    const rate = Number(((v.value / t.value) * 100).toFixed(decimals));
    if (rate !== v.printedAchievement) throw new Error(`${ind.key}: ${v.value}/${t.value} = ${rate} ≠ printed ${v.printedAchievement}`);
  }
}

const parsed = dataset.parse(input);
const result = validateDataset(JSON.parse(JSON.stringify(parsed)));
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  process.exit(1);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(parsed, null, 2) + '\n');
console.log(
  `wrote ${OUT}: ${parsed.policyNodes.length} policy nodes, ${parsed.indicators.length} indicators, ${parsed.projects.length} projects, ${parsed.evaluations.length} evaluations, ` +
    `${parsed.surveyResults.length} survey results, ${parsed.yearlyGoals.length} yearly goals`,
);
