/**
 * 綾瀬市 総合計画進行管理シート（令和5年度実績）→ data/seeds/ayase-000.json
 *
 *   cd /work/main && npx tsx data/scripts/ayase-000.ts
 *
 * The source is eleven one-page sheets (one per 取り組みの方向 of the 戦略プロジェクト) whose text
 * extraction scrambles the table: cells come out of order, the ①/②/③ stage labels and the
 * "ＳＴＥＰｎの進捗状況" header rows are printed far from the texts they head, rating letters float
 * away from their labels, and wrapped cells are split. The sheets were therefore read by hand:
 * the table SHEETS below names, for every record, the line (range) it comes from, and the
 * script ties each of them to the source: every label and rating letter is looked up on the line
 * it is said to be on (the run fails if it is not there), texts are re-joined from their line
 * ranges, and the result is checked against the schema and the cross-record rules before it is
 * written.
 *
 * How the scrambled parts were settled (see also the provenance notes in the output):
 * - Stage of a header row: every sheet prints the vertical stage label (①主管課による一次評価,
 *   ②企画課による二次評価) immediately before its own header row "ＳＴＥＰ１の進捗状況 X
 *   ＳＴＥＰ２の進捗状況 Y …"; that adjacency holds on all eleven sheets, so the header after ①
 *   is the self evaluation and the one after ② the secondary one. It only matters on sheet 10
 *   (複合的な交通手段の展開), where the two rows disagree (line 1638: C after ②, line 1677: B
 *   after ①); there the reading (self B, secondary C) also fits the content — the external
 *   committee gives B "主管課の課題認識及び課題への対応は妥当であるため" — but the layout alone
 *   does not settle it, so both records are marked uncertain. On sheets 7, 8, 9 and 11 both
 *   rows carry the same letters, so the assignment cannot change a rating.
 * - 関連実施計画 letters: each sheet starts with three "達成状況" labels followed by 1-5 letters
 *   (e.g. line 194-198 "A A / A A / B" on a sheet whose FY2023 ratings are all B). They are
 *   not any of the three FY2023 stages (on sheets 2, 3, 5, 6 all FY2023 letters are printed
 *   on the header rows and these letters are left over): they are the 達成状況 column of the
 *   関連実施計画 table (実施計画事業名 | 達成状況, three columns). 25 letters for 25 printed
 *   project entries: one per entry on every sheet (sheet 11 prints its one project twice, with Ｂ
 *   both times). They are imported as the self evaluations of those projects on their own scale
 *   (no legend is printed for it). Where a sheet's letters differ (sheet 2: A A / A A / B) the
 *   layout does not say which project has which, so those records are marked uncertain; on every
 *   other sheet the letters are all the same. On sheet 1 the self STEP3 and all
 *   three secondary letters lost their labels; the four letters printed elsewhere on the sheet
 *   (lines 69, 84 ×2, 175) are all Ｂ, so the assignment is settled whatever their order.
 *   On sheets 4, 7 and 9 the secondary STEP1 letter floated to the start of another line
 *   (596, 1110, 1569: "Ｂ ＳＴＥＰ２の進捗状況 …").
 * - STEPs with no letter and empty text boxes (STEP3 on sheets 3-11, STEP2 on sheets 5, 9, 10)
 *   have not been evaluated yet; no evaluation record is written for them.
 * - Texts per STEP: where the boxes come out of order their STEP is settled by content, e.g. on
 *   sheet 1 the 課題 boxes print STEP2 (line 36), STEP3 (40) before STEP1 (124); on sheet 7 the
 *   課題 box about 地域防災リーダー (1207, STEP2 担い手の拡充) comes before the one about 備蓄
 *   (1215, STEP1), and the 二次評価 comments likewise (1177 STEP2, 1182 STEP1); on sheet 4 the
 *   二次評価 comment on 企業間連携 (652, STEP2) precedes the one on 新分野への参入 (746, STEP1).
 * - 主管課/関係課 are printed on the 戦略PJ名 row of each sheet; "―"/"－" means none.
 * - The plan's name and period are not printed in this document (see the plan's note).
 *
 * Text joining: wrapped lines are concatenated without a separator (Japanese wraps without
 * spaces); a line starting with a bullet (・ ･ ○ ▼ ※), a paragraph indent (full-width or ASCII
 * space), or "（" right after a line ending in "。" starts a new line. Everything else, including
 * the indent characters, is kept exactly as printed.
 */
import { CITY_ATTRIBUTES, classMappingsFor } from './classes.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { FORMAT_VERSION, type DatasetInput } from '../../server/src/dataset/format.js';
import { validateDataset, formatProblem } from '../../server/src/dataset/validate.js';
import { lineRef } from './notes.js';
import { linesWhere, pageMap } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = '000_90ed42ccd952e8d9.txt';
const OUT = resolve(here, '../seeds/ayase-000.json');
const DOC = 'ayase-000';
const FY = 2023;

const lines = readSourceLines(FILE);
const line = (n: number) => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`line ${n} is past the end of ${FILE}`);
  return l;
};

/** Asserts that every text is printed on line `n` and returns `n` (for provenance). */
function at(n: number, ...texts: string[]): number {
  for (const t of texts) if (!line(n).includes(t)) throw new Error(`line ${n} does not contain ${JSON.stringify(t)}: ${JSON.stringify(line(n))}`);
  return n;
}

/** Re-joins a wrapped cell from lines from..to (see the header comment for the rules). */
function joined(from: number, to: number): string {
  if (to < from) throw new Error(`bad range ${from}-${to}`);
  let out = '';
  let prev = '';
  for (let n = from; n <= to; n++) {
    const l = line(n).replace(/[ \t]+$/, '');
    if (l.trim() === '') continue;
    const startsNew = /^[・･○▼※　 ]/.test(l) || (l.startsWith('（') && prev.endsWith('。'));
    if (out && startsNew) out += '\n';
    out += l;
    prev = l;
  }
  if (!out) throw new Error(`lines ${from}-${to} are empty`);
  return out;
}

/** A text box: the header line (checked for its label) and the text's line range after it. */
type Box = [header: number, from: number, to: number];
function boxText([header, from, to]: Box, label: string): string {
  at(header, label);
  if (from <= header) throw new Error(`text ${from}-${to} does not follow its header ${header}`);
  return joined(from, to);
}

const prov = (n: number, extra: { lineEnd?: number; note?: string; uncertain?: boolean } = {}) => ({ document: DOC, line: n, ...extra });

const FW = '０１２３４５６７８９';
const fwDigit = (s: string) => String(FW.indexOf(s));
const toFullWidth = (level: string) => String.fromCharCode(level.charCodeAt(0) - 0x41 + 0xff21);

/**
 * A rating letter printed on line `n`: `label` is the "ＳＴＥＰｎの進捗状況" it follows on that line,
 * or null when the letter floated away from its label (then the letter must be on the line on
 * its own or at its start).
 */
function rating(n: number, level: string, label: string | null): number {
  const fw = toFullWidth(level);
  const l = line(n);
  if (label) {
    const re = new RegExp(`${label}\\s*[${level}${fw}](\\s|$)`);
    if (!re.test(l)) throw new Error(`line ${n}: no "${label} ${level}" in ${JSON.stringify(l)}`);
  } else if (!new RegExp(`^\\s*[${level}${fw}](\\s|$)`).test(l)) {
    throw new Error(`line ${n}: no floating letter ${level} at the start of ${JSON.stringify(l)}`);
  }
  return n;
}
const stepLabel = (i: number) => `ＳＴＥＰ${FW[i]}の進捗状況`;

// ---------------------------------------------------------------------------------------------
// The sheets, read by hand. Line numbers are 1-based lines of the source text.

interface StepEval {
  level: string;
  /** Line of the letter and whether it sits right after its own "ＳＴＥＰｎの進捗状況" label. */
  line: number;
  floating?: boolean;
  note?: string;
  uncertain?: boolean;
}
interface SelfEval extends StepEval {
  achievement: Box;
  issues: Box;
  response: Box;
}
interface SecondaryEval extends StepEval {
  comment: [from: number, to: number];
}
interface Sheet {
  /** Line of the 戦略PJ name (the line holding the code, e.g. 育てる２), and its last line. */
  pj: [from: number, to: number];
  /** Line with 主管課 and 関係課 (and the line range of a wrapped 関係課 list). */
  depts: { line: number; lead: string; related: string[]; lineEnd?: number };
  direction: number;
  /** Lines holding the STEP names ("ＳＴＥＰ１：…") and the content range of each STEP. */
  stepNames: number[];
  stepContents: [number, number][];
  /** 実施計画事業名: [line, lineEnd, name, note, times printed (default 1)]. */
  projects: [number, number, string, string?, number?][];
  /** The 達成状況 letters of the 関連実施計画 table, as printed: [line, text]. */
  letters: [number, string][];
  self: (SelfEval | null)[];
  secondary: (SecondaryEval | null)[];
  external: { line: number; level: string; comment: [number, number]; request: [number, number] };
  /** The first line of the sheet ("総合計画進行管理シート") and the last. */
  range: [number, number];
}

const SAME_LETTERS = 'このシートの2つの見出し行には同じ評価が印字されているため、どちらの行を一次評価・二次評価とみても評価は変わらない。';
const afterLabel = (stage: '①' | '②', n: number) =>
  `「${stage === '①' ? '①主管課による一次評価' : '②企画課による二次評価'}」の直後にある進捗状況の見出し行（${lineRef(n)}）による。`;

const SHEETS: Sheet[] = [
  // 1. 育てる２ / 外国人市民への行政サービスの充実 (lines 2-177)
  {
    range: [2, 177],
    letters: [[15, 'A']],
    pj: [160, 161],
    depts: { line: 163, lead: '市民活動推進課', related: [] },
    direction: 165,
    stepNames: [145],
    stepContents: [[147, 148], [150, 151], [153, 155]],
    projects: [[137, 138, '外国人市民のための一元的情報提供・相談窓口の設置']],
    self: [
      // line 104: "ＳＴＥＰ１の進捗状況 Ａ ＳＴＥＰ２の進捗状況 Ｂ ＳＴＥＰ３の進捗状況" (STEP3's letter floated away)
      { level: 'A', line: 104, achievement: [106, 107, 111], issues: [124, 125, 126], response: [51, 52, 55] },
      { level: 'B', line: 104, achievement: [113, 114, 118], issues: [36, 37, 38], response: [57, 58, 61] },
      {
        level: 'B', line: 69, floating: true, achievement: [120, 121, 122], issues: [40, 41, 42], response: [63, 64, 67],
        note: '評価の記号が見出しから離れている（104行目は「ＳＴＥＰ３の進捗状況」で終わり、記号がない）。このシートで見出しから離れて印字された4つの記号（69行目、84行目に2つ、175行目）は、空いている4か所（一次評価のSTEP3、二次評価のSTEP1〜3）にちょうど当てはまり、いずれもＢなので評価は確定する。69行目の記号は、一次評価の記述と二次評価のコメントの間に印字されたもの。15行目の半角「A」は各シート冒頭の達成状況欄のもので、令和5年度のどの評価段階のものでもない。',
      },
    ],
    secondary: [
      // line 34 "ＳＴＥＰ１の進捗状況" and 177 "ＳＴＥＰ２の進捗状況 ＳＴＥＰ３の進捗状況" carry no letters
      { level: 'B', line: 84, floating: true, comment: [71, 77], note: '評価の記号が見出しから離れて印字されている（84行目「Ｂ Ｂ」）。このシートで見出しから離れた記号はすべてＢ（一次評価STEP3の注記を参照）。' },
      { level: 'B', line: 84, floating: true, comment: [79, 82], note: '評価の記号が見出しから離れて印字されている（84行目「Ｂ Ｂ」）。このシートで見出しから離れた記号はすべてＢ（一次評価STEP3の注記を参照）。' },
      { level: 'B', line: 175, floating: true, comment: [86, 89], note: '評価の記号が見出しから離れて印字されている（175行目）。このシートで見出しから離れた記号はすべてＢ（一次評価STEP3の注記を参照）。' },
    ],
    external: { line: 167, level: 'B', comment: [170, 170], request: [173, 173] },
  },
  // 2. 育てる２ / 多文化共生の促進 (lines 181-390)
  {
    range: [181, 390],
    letters: [[194, 'A A'], [196, 'A A'], [198, 'B']],
    pj: [207, 208],
    depts: { line: 210, lead: '市民活動推進課', related: [] },
    direction: 212,
    stepNames: [219],
    stepContents: [[221, 222], [224, 225], [227, 229]],
    projects: [
      [240, 241, '外国人市民のための一元的情報提供・相談窓口の設置'],
      [243, 243, '日本語等の学習支援'],
      [245, 245, '親子交流による多文化共生の推進', '245行目には事業名が2つ横に並んで印字されている（2列）。'],
      [245, 245, 'あやせ国際フェスティバル', '245行目には事業名が2つ横に並んで印字されている（2列）。'],
      [247, 247, 'あやせウェルカムパックの配付'],
    ],
    self: [
      { level: 'B', line: 262, achievement: [264, 265, 275], issues: [293, 294, 303], response: [317, 318, 325] },
      { level: 'B', line: 262, achievement: [277, 278, 284], issues: [305, 306, 309], response: [327, 328, 333] },
      { level: 'B', line: 262, achievement: [286, 287, 291], issues: [311, 312, 315], response: [335, 336, 339] },
    ],
    secondary: [
      { level: 'B', line: 354, comment: [356, 361] },
      { level: 'B', line: 354, comment: [363, 366] },
      { level: 'B', line: 354, comment: [368, 371] },
    ],
    external: { line: 380, level: 'B', comment: [383, 384], request: [387, 390] },
  },
  // 3. 育てる２ / 外国人市民等の活躍の支援 (lines 394-557)
  {
    range: [394, 557],
    letters: [[407, 'A']],
    pj: [416, 417],
    depts: { line: 419, lead: '市民活動推進課', related: ['商業観光課'] },
    direction: 421,
    stepNames: [428],
    stepContents: [[430, 432], [434, 437], [439, 440]],
    projects: [[451, 451, '親子交流による多文化共生の推進']],
    self: [
      { level: 'A', line: 466, achievement: [468, 469, 475], issues: [483, 484, 491], response: [499, 500, 504] },
      { level: 'B', line: 466, achievement: [477, 478, 481], issues: [493, 494, 497], response: [506, 507, 511] },
      null,
    ],
    secondary: [
      { level: 'A', line: 526, comment: [528, 531] },
      { level: 'B', line: 526, comment: [533, 539] },
      null,
    ],
    external: { line: 548, level: 'A', comment: [551, 551], request: [554, 557] },
  },
  // 4. 稼ぐ２ あやせ工場プロジェクト / 技術力の向上に向けた支援 (lines 561-750)
  {
    range: [561, 750],
    letters: [[574, 'Ｂ Ｂ'], [576, 'Ｂ Ｂ'], [578, 'Ｂ']],
    pj: [599, 599],
    depts: { line: 599, lead: '工業振興企業誘致課', related: [] },
    direction: 601,
    stepNames: [610],
    stepContents: [[612, 613], [615, 617], [619, 621]],
    projects: [
      [584, 584, 'あやせ工場スマートナビ運営事業'],
      [603, 603, '外国人高度人材の雇用支援'],
      [646, 646, '中小企業強靭化推進補助金'],
      [648, 648, '中小企業コンサルティング事業'],
      [649, 650, 'あやせ工場オープンファクトリー補助事業'],
    ],
    self: [
      { level: 'B', line: 672, achievement: [674, 675, 683], issues: [625, 626, 635], response: [727, 728, 734] },
      { level: 'B', line: 672, achievement: [685, 686, 696], issues: [713, 714, 716], response: [736, 737, 742] },
      null,
    ],
    secondary: [
      {
        level: 'B', line: 596, floating: true, comment: [746, 750],
        note: '進捗状況の見出し行が2か所に分かれている：「ＳＴＥＰ１の進捗状況」（711行目、②の後）と「Ｂ ＳＴＥＰ２の進捗状況 Ｂ ＳＴＥＰ３の進捗状況」（596行目）。先頭のＢがSTEP1の評価。このコメント（新分野への参入や機械化）はSTEP1についてのもの。',
      },
      { level: 'B', line: 596, comment: [652, 657], note: 'このコメント（企業間連携、ポータルサイト）はSTEP2についてのもので、STEP1のコメントより前に印字されている。' },
      null,
    ],
    external: { line: 586, level: 'B', comment: [589, 589], request: [592, 594] },
  },
  // 5. あやせ工場プロジェクト / 「ものづくりのまち綾瀬」のブランド化促進 (lines 754-896)
  {
    range: [754, 896],
    letters: [[767, 'B'], [769, 'B']],
    pj: [776, 776],
    depts: { line: 776, lead: '工業振興企業誘致課', related: [] },
    direction: 778,
    stepNames: [785],
    stepContents: [[787, 789], [791, 793], [795, 797]],
    projects: [
      [808, 808, '綾瀬ブランド新商品開発事業補助金'],
      [810, 811, 'あやせ工場オープンファクトリー補助事業'],
    ],
    self: [{ level: 'B', line: 826, achievement: [828, 829, 836], issues: [840, 841, 844], response: [848, 849, 854] }, null, null],
    secondary: [{ level: 'B', line: 871, comment: [873, 880] }, null, null],
    external: { line: 889, level: 'B', comment: [892, 892], request: [895, 896] },
  },
  // 6. あやせ工場プロジェクト / 担い手づくりへの支援 (lines 900-1061)
  {
    range: [900, 1061],
    letters: [[913, 'B B']],
    pj: [920, 920],
    depts: { line: 920, lead: '工業振興企業誘致課', related: [] },
    direction: 922,
    stepNames: [929],
    stepContents: [[931, 933], [935, 936], [938, 939]],
    projects: [
      [950, 950, '若手技術者ネットワーク構築事業', '950行目には事業名が2つ横に並んで印字されている（2列）。'],
      [950, 950, 'あやせ工場技能継承事業（工匠塾）', '950行目には事業名が2つ横に並んで印字されている（2列）。'],
    ],
    self: [
      { level: 'B', line: 965, achievement: [967, 968, 976], issues: [989, 990, 993], response: [1001, 1002, 1006] },
      { level: 'B', line: 965, achievement: [978, 979, 985], issues: [995, 996, 997], response: [1008, 1009, 1014] },
      null,
    ],
    secondary: [
      { level: 'B', line: 1031, comment: [1033, 1038] },
      { level: 'B', line: 1031, comment: [1040, 1043] },
      null,
    ],
    external: { line: 1052, level: 'B', comment: [1055, 1055], request: [1058, 1061] },
  },
  // 7. 支える３ 大規模自然災害対策プロジェクト / 地域の防災・減災力の向上 (lines 1065-1249)
  {
    range: [1065, 1249],
    letters: [[1078, 'B'], [1080, 'B'], [1082, 'B']],
    pj: [1115, 1115],
    depts: { line: 1115, lead: '危機管理課', related: ['下水道課'] },
    direction: 1117,
    stepNames: [1093, 1119],
    stepContents: [[1121, 1124], [1126, 1128], [1130, 1132]],
    projects: [
      [1156, 1156, '防災意識啓発'],
      [1158, 1158, '避難所用ポータブル蓄電池整備'],
      [1160, 1160, '防災ハザードマップの更新'],
    ],
    self: [
      {
        level: 'B', line: 1175, achievement: [1192, 1193, 1197], issues: [1215, 1216, 1222], response: [1232, 1233, 1236],
        note: `${afterLabel('①', 1175)}${SAME_LETTERS}備蓄と防災倉庫についての課題欄（1215〜1222行目、1215行目にある2つの見出しの2つ目）は、内容からSTEP1のもの（STEP1は避難所、防災倉庫、備蓄の充実・見直しを扱う）。`,
      },
      {
        level: 'C', line: 1175, achievement: [1199, 1200, 1203], issues: [1207, 1208, 1213], response: [1238, 1239, 1247],
        note: `${afterLabel('①', 1175)}${SAME_LETTERS}地域防災リーダーと避難所運営委員会についての課題欄（1207〜1213行目）は、内容からSTEP2（担い手の拡充）のもので、STEP1の課題欄より前に印字されている。`,
      },
      null,
    ],
    secondary: [
      {
        level: 'B', line: 1110, floating: true, comment: [1182, 1188],
        note: `進捗状況の見出し行が2か所に分かれている：「ＳＴＥＰ１の進捗状況」（1205行目）と「Ｂ ＳＴＥＰ２の進捗状況 Ｃ ＳＴＥＰ３の進捗状況」（1110行目）。先頭のＢがSTEP1の評価。${SAME_LETTERS}このコメント（ハザードマップ、防災教育、備蓄スペース）は、内容からSTEP1のもの。`,
      },
      {
        level: 'C', line: 1110, comment: [1177, 1180],
        note: `${SAME_LETTERS}このコメント（避難所運営委員会、地域防災リーダー、担い手）は、内容からSTEP2のもので、STEP1のコメントより前に印字されている。`,
      },
      null,
    ],
    external: { line: 1095, level: 'B', comment: [1098, 1100], request: [1103, 1108] },
  },
  // 8. 支える３ / 復旧・復興対策の充実 (lines 1253-1419)
  {
    range: [1253, 1419],
    letters: [[1266, 'B']],
    pj: [1417, 1417],
    depts: { line: 1417, lead: '危機管理課', related: ['消防総務課'] },
    direction: 1419,
    stepNames: [1400],
    stepContents: [[1402, 1404], [1406, 1408], [1410, 1412]],
    projects: [[1393, 1393, '災害用ドローン整備事業']],
    self: [
      { level: 'C', line: 1382, achievement: [1338, 1339, 1342], issues: [1351, 1352, 1357], response: [1306, 1307, 1313], note: `${afterLabel('①', 1382)}${SAME_LETTERS}` },
      { level: 'C', line: 1382, achievement: [1344, 1345, 1347], issues: [1359, 1360, 1365], response: [1315, 1316, 1320], note: `${afterLabel('①', 1382)}${SAME_LETTERS}` },
      null,
    ],
    secondary: [
      { level: 'C', line: 1336, comment: [1272, 1279], note: `${afterLabel('②', 1336)}${SAME_LETTERS}` },
      { level: 'C', line: 1336, comment: [1281, 1288], note: `${afterLabel('②', 1336)}${SAME_LETTERS}` },
      null,
    ],
    external: { line: 1297, level: 'C', comment: [1300, 1300], request: [1303, 1304] },
  },
  // 9. 支える４ 誰もが便利な移動手段強化プロジェクト / 公共交通の利便性向上 (lines 1423-1567)
  {
    range: [1423, 1569],
    letters: [[1436, 'Ｂ'], [1438, 'Ｂ']],
    pj: [1551, 1551],
    depts: { line: 1551, lead: '都市整備課', related: ['福祉総務課', '道路整備課', '都市計画課'], lineEnd: 1553 },
    direction: 1555,
    stepNames: [1533],
    stepContents: [[1535, 1538], [1540, 1542], [1544, 1546]],
    projects: [
      [1524, 1524, 'コミュニティバス運行の見直し検討業務'],
      [1526, 1526, '幹線道路等整備事業'],
    ],
    self: [
      { level: 'B', line: 1495, achievement: [1497, 1498, 1502], issues: [1506, 1507, 1513], response: [1468, 1469, 1472], note: `${afterLabel('①', 1495)}${SAME_LETTERS}` },
      null,
      null,
    ],
    secondary: [
      {
        level: 'B', line: 1569, floating: true, comment: [1476, 1480],
        note: `進捗状況の見出し行が2か所に分かれている：「ＳＴＥＰ１の進捗状況」（1457行目、②の後）と「Ｂ ＳＴＥＰ２の進捗状況 ＳＴＥＰ３の進捗状況」（1569行目）。先頭のＢがSTEP1の評価。${SAME_LETTERS}`,
      },
      null,
      null,
    ],
    external: { line: 1557, level: 'B', comment: [1560, 1561], request: [1564, 1567] },
  },
  // 10. 支える４ / 複合的な交通手段の展開 (lines 1573-1714)
  {
    range: [1573, 1714],
    letters: [[1586, 'Ｂ']],
    pj: [1710, 1710],
    depts: { line: 1710, lead: '都市整備課', related: ['福祉総務課', '道路整備課', '都市計画課'], lineEnd: 1712 },
    direction: 1714,
    stepNames: [1695],
    stepContents: [[1697, 1698], [1700, 1701], [1703, 1705]],
    projects: [[1688, 1688, '綾瀬市総合都市交通計画改定業務']],
    self: [
      {
        level: 'B', line: 1677, achievement: [1640, 1641, 1647], issues: [1651, 1652, 1660], response: [1615, 1616, 1621],
        uncertain: true,
        note: 'このシートの2つの見出し行は評価が食い違う：1638行目（「②企画課による二次評価」の表示の後）はC、1677行目（「①主管課による一次評価」の表示の後）はB。どのシートでも評価段階の表示は自分の見出し行の直前に印字されているため、Bを一次評価とした。内容とも合う（外部評価は「主管課の課題認識及び課題への対応は妥当」としてBと評価）が、どの記号がどの段階のものかは配置だけでは確定できない。',
      },
      null,
      null,
    ],
    secondary: [
      {
        level: 'C', line: 1638, comment: [1592, 1596],
        uncertain: true,
        note: 'このシートの2つの見出し行は評価が食い違う：1638行目（「②企画課による二次評価」の表示の後）はC、1677行目（①の後）はB。どのシートでも成り立つ、評価段階の表示と見出し行が隣り合う配置から、Cを二次評価とした。コメント（1592〜1596行目）は環境の変化（2024年問題）を強調し、一層の調査研究を求めている。配置だけでは確定できない。',
      },
      null,
      null,
    ],
    external: { line: 1605, level: 'B', comment: [1608, 1608], request: [1611, 1613] },
  },
  // 11. 支える４ / 地域における移動手段の充実 (lines 1718-1901)
  {
    range: [1718, 1901],
    letters: [[1731, 'Ｂ Ｂ']],
    pj: [1897, 1897],
    depts: { line: 1897, lead: '都市整備課', related: ['福祉総務課', '道路整備課', '都市計画課'], lineEnd: 1899 },
    direction: 1901,
    stepNames: [1881],
    stepContents: [[1883, 1885], [1887, 1888], [1890, 1892]],
    projects: [
      [1870, 1871, '福祉団体育成事業（地域における移動手段の充実）', '2か所に印字されている（1870〜1871行目と1873〜1874行目、STEPごとの2列）が、同じ1つの事業。', 2],
    ],
    self: [
      { level: 'B', line: 1841, achievement: [1778, 1779, 1790], issues: [1802, 1803, 1818], response: [1843, 1844, 1849], note: `${afterLabel('①', 1841)}${SAME_LETTERS}` },
      { level: 'B', line: 1841, achievement: [1792, 1793, 1798], issues: [1820, 1821, 1824], response: [1851, 1852, 1856], note: `${afterLabel('①', 1841)}${SAME_LETTERS}` },
      null,
    ],
    secondary: [
      { level: 'B', line: 1776, comment: [1737, 1740], note: `${afterLabel('②', 1776)}${SAME_LETTERS}` },
      { level: 'B', line: 1776, comment: [1742, 1746], note: `${afterLabel('②', 1776)}${SAME_LETTERS}` },
      null,
    ],
    external: { line: 1755, level: 'B', comment: [1758, 1758], request: [1761, 1761] },
  },
];

// ---------------------------------------------------------------------------------------------
// Build the records

const SOGO = 'ayase-sogo';
const SENRYAKU = 'ayase-senryaku';
const SCALE = 'ayase-progress';
const PROJECT_SCALE = 'ayase-project-achievement';
const deptKey = (name: string) => `ayase-dept-${name}`;
const PJ_ROMAJI: Record<string, string> = { 育てる: 'sodateru', 稼ぐ: 'kasegu', 支える: 'sasaeru' };

const plans: NonNullable<DatasetInput['plans']> = [
  {
    key: SOGO,
    name: '綾瀬市総合計画2030',
    kind: 'comprehensive',
    startYear: 2021,
    endYear: 2030,
    levels: ['基本方針', '戦略PJ'],
    provenance: {
      document: DOC,
      uncertain: true,
      note:
        'この文書には総合計画の名称も期間も印字されていない（1593行目に「総合計画策定時」とあるのみ）。' +
        '名称『綾瀬市総合計画2030』は、同市の『令和5年度 部局運営方針』の46行目に印字されている。期間の' +
        '2021〜2030年度（基本構想 令和3年度から令和12年度）は市の総合計画のページによるもので、収録した文書によるものではない。' +
        '階層は基本方針（育てる／稼ぐ／支える。コードの育てる２、稼ぐ２、支える３のとおり）と戦略PJ。この文書には計画を印字した行がないため、行は示していない。',
    },
  },
  {
    key: SENRYAKU,
    name: '戦略プロジェクト',
    kind: 'strategic',
    parent: SOGO,
    startYear: 2021,
    endYear: 2030,
    levels: ['戦略PJ', '取り組みの方向', 'STEP'],
    provenance: prov(at(157, '戦略'), {
      lineEnd: 158,
      note: '各シートの「戦略ＰＪ名」の行による。期間は総合計画のもの（この文書には印字されていない）。',
    }),
  },
];

const departments: NonNullable<DatasetInput['departments']> = [];
const seenDept = new Set<string>();
function addDept(name: string, n: number) {
  if (seenDept.has(name)) return;
  seenDept.add(name);
  departments.push({ key: deptKey(name), name, kind: '課', provenance: prov(at(n, name)) });
}

const policyNodes: NonNullable<DatasetInput['policyNodes']> = [];
const projects: NonNullable<DatasetInput['projects']> = [];
const evaluations: NonNullable<DatasetInput['evaluations']> = [];

const pjByCode = new Map<string, string>();
const directionsPerPj = new Map<string, number>();
let pjCount = 0;
let projectCount = 0;
let lastPjKey = '';
let letterCount = 0;

SHEETS.forEach((s, si) => {
  const sheetNo = si + 1;
  at(s.range[0], '総合計画進行管理シート');

  // 戦略PJ: the code (育てる２) is printed on sheets 1-4 and 7-11; sheets 5 and 6 print the name only.
  const pjText = joined(s.pj[0], s.pj[1]).replace(/^ＰＪ名\s*/, '');
  const m = /^(育てる|稼ぐ|支える)([０-９])\s*(.+?プロジェクト)/.exec(pjText.replace(/　/g, ' '));
  let pjKey: string;
  if (m) {
    const code = `${m[1]}${m[2]}`;
    const name = m[3].trim();
    if (!pjByCode.has(code)) {
      pjKey = `ayase-sp-${PJ_ROMAJI[m[1]]}${fwDigit(m[2])}`;
      pjByCode.set(code, pjKey);
      policyNodes.push({
        key: pjKey,
        plan: SENRYAKU,
        depth: 1,
        code,
        name,
        sortOrder: ++pjCount,
        provenance: prov(at(s.pj[0], m[1]), s.pj[1] !== s.pj[0] ? { lineEnd: s.pj[1] } : {}),
      });
    }
    pjKey = pjByCode.get(code)!;
  } else {
    // Sheets 5, 6: "ＰＪ名 あやせ工場プロジェクト" — the same project as sheet 4 (稼ぐ２　あやせ工場プロジェクト).
    at(s.pj[0], 'あやせ工場プロジェクト');
    pjKey = lastPjKey;
    if (pjKey !== 'ayase-sp-kasegu2') throw new Error(`sheet ${sheetNo}: PJ without code does not follow 稼ぐ２`);
  }
  lastPjKey = pjKey;

  // Departments (主管課 / 関係課).
  at(s.depts.line, s.depts.lead);
  addDept(s.depts.lead, s.depts.line);
  for (const r of s.depts.related) {
    let n = s.depts.line;
    while (!line(n).includes(r)) n++;
    if (n > (s.depts.lineEnd ?? s.depts.line)) throw new Error(`sheet ${sheetNo}: related department ${r} not found`);
    addDept(r, n);
  }
  if (s.depts.related.length === 0 && !/[―－]\s*$/.test(line(s.depts.line))) throw new Error(`sheet ${sheetNo}: no "―" for an empty 関係課 on line ${s.depts.line}`);

  // 取り組みの方向
  const dirName = line(s.direction).replace(/^取り組みの方向\s*/, '').trim();
  at(s.direction, '取り組みの方向');
  const order = (directionsPerPj.get(pjKey) ?? 0) + 1;
  directionsPerPj.set(pjKey, order);
  const dirKey = `${pjKey}-d${order}`;
  policyNodes.push({
    key: dirKey,
    plan: SENRYAKU,
    parent: pjKey,
    depth: 2,
    name: dirName,
    leadDepartment: deptKey(s.depts.lead),
    relatedDepartments: s.depts.related.map(deptKey),
    sortOrder: order,
    provenance: prov(s.direction, {
      note:
        `${sheetNo}枚目のシート（${lineRef(s.range[0], s.range[1])}）。主管課・関係課は戦略PJ名の行（${lineRef(s.depts.line, s.depts.lineEnd)}）に印字されたとおり。` +
        (s.depts.related.length ? '' : '関係課は「―」「－」と印字されている（なし）。'),
    }),
  });

  // STEPs
  const names = new Map<number, [string, number]>();
  for (const n of s.stepNames) {
    for (const mm of line(n).matchAll(/ＳＴＥＰ([１２３])：(.+?)(?=\s*ＳＴＥＰ[１２３]：|$)/g)) names.set(Number(fwDigit(mm[1])), [mm[2].trim(), n]);
  }
  const stepKeys: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const nm = names.get(i);
    if (!nm) throw new Error(`sheet ${sheetNo}: STEP${i} name not found`);
    const [from, to] = s.stepContents[i - 1];
    const key = `${dirKey}-step${i}`;
    stepKeys.push(key);
    policyNodes.push({
      key,
      plan: SENRYAKU,
      parent: dirKey,
      depth: 3,
      code: `STEP${i}`,
      name: nm[0],
      description: joined(from, to),
      sortOrder: i,
      provenance: prov(nm[1], { note: `名称は${lineRef(nm[1])}、内容（取り組みの展開 内容）は${lineRef(from, to)}。` }),
    });
  }

  // 関連実施計画 (実施計画事業名) and their 達成状況 letters, one per printed entry in reading order
  const letters = s.letters.flatMap(([n, text]) => {
    at(n, text);
    if (line(n).trim() !== text) throw new Error(`sheet ${sheetNo}: line ${n} is not just the letters ${text}`);
    return text.split(/\s+/).map((l) => ({ n, level: l.replace(/[Ａ-Ｄ]/, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)), printed: l }));
  });
  const entries = s.projects.reduce((k, p) => k + (p[4] ?? 1), 0);
  if (letters.length !== entries) throw new Error(`sheet ${sheetNo}: ${letters.length} 達成状況 letters for ${entries} printed projects`);
  letterCount += letters.length;
  const allSame = letters.every((l) => l.level === letters[0]!.level);
  const lettersText = s.letters.map(([n, text]) => `${lineRef(n)}「${text}」`).join('、');
  let next = 0;
  for (const [from, to, name, note, times = 1] of s.projects) {
    const printed = joined(from, to).replace(/\n/g, '');
    if (!printed.includes(name)) throw new Error(`sheet ${sheetNo}: project "${name}" not on lines ${from}-${to}: ${printed}`);
    const key = `ayase-pj-${++projectCount}`;
    projects.push({
      key,
      policyNode: dirKey,
      name,
      provenance: prov(from, { ...(to !== from ? { lineEnd: to } : {}), ...(note ? { note } : {}) }),
    });
    const own = letters.slice(next, next + times);
    next += times;
    if (own.some((l) => l.level !== own[0]!.level)) throw new Error(`sheet ${sheetNo}: project "${name}" printed with different letters`);
    const where = `関連実施計画の「達成状況」欄の記号（${lettersText}）。事業名は${lineRef(from, to !== from ? to : undefined)}。`;
    const why =
      letters.length === 1
        ? 'このシートの事業と記号はどちらも1つ。'
        : times > 1
          ? `この事業は${times}か所に印字され、記号も${times}つあり、どれも${own[0]!.printed}。`
          : allSame
            ? `このシートの記号はすべて${letters[0]!.printed}で、どの事業の記号かによらず評価は確定する。`
            : `記号が異なる（${letters.map((l) => l.printed).join(' ')}）が、抽出したテキストではどの記号がどの事業のものか分からない。印字された順（行ごとに左から）に事業へ割り当てたもので、文書からは確定できない。`;
    evaluations.push({
      subject: { project: key },
      fiscalYear: FY,
      stage: 'self',
      scale: PROJECT_SCALE,
      level: own[0]!.level,
      evaluator: s.depts.lead,
      provenance: prov(own[0]!.n, { note: `${where}${why}`, ...(allSame ? {} : { uncertain: true }) }),
    });
  }

  // ① 一次評価 (self), per STEP
  s.self.forEach((e, i) => {
    if (!e) return;
    rating(e.line, e.level, e.floating ? null : stepLabel(i + 1));
    evaluations.push({
      subject: { policyNode: stepKeys[i] },
      fiscalYear: FY,
      stage: 'self',
      scale: SCALE,
      level: e.level,
      achievement: boxText(e.achievement, '【１．達成状況】'),
      issues: boxText(e.issues, '【２－１．課題】'),
      response: boxText(e.response, '【２－２．課題への対応】'),
      evaluator: s.depts.lead,
      provenance: prov(e.line, { ...(e.note ? { note: e.note } : {}), ...(e.uncertain ? { uncertain: true } : {}) }),
    });
  });

  // ② 二次評価 (secondary), per STEP
  s.secondary.forEach((e, i) => {
    if (!e) return;
    rating(e.line, e.level, e.floating ? null : stepLabel(i + 1));
    evaluations.push({
      subject: { policyNode: stepKeys[i] },
      fiscalYear: FY,
      stage: 'secondary',
      scale: SCALE,
      level: e.level,
      comment: joined(e.comment[0], e.comment[1]),
      evaluator: '企画課',
      provenance: prov(e.line, {
        note: `コメントは${lineRef(e.comment[0], e.comment[1])}。${e.note ?? ''}`,
        ...(e.uncertain ? { uncertain: true } : {}),
      }),
    });
  });

  // Every STEP that has a self rating has a secondary one and vice versa.
  s.self.forEach((e, i) => {
    if (!!e !== !!s.secondary[i]) throw new Error(`sheet ${sheetNo}: STEP${i + 1} has only one of self/secondary`);
  });

  // ③ 外部評価 (external), on the direction
  const x = s.external;
  if (!new RegExp(`ＳＴＥＰ１～３の進捗状況\\s*（評価：\\s*${toFullWidth(x.level)}\\s*）`).test(line(x.line)))
    throw new Error(`sheet ${sheetNo}: external rating ${x.level} not on line ${x.line}`);
  at(x.comment[0] - 1, '【評価コメント】');
  at(x.request[0] - 1, '【要望・意見】');
  const comment = joined(x.comment[0], x.comment[1]);
  // Where the comment names a letter ("Ｂ評価とする"), it must be the one on the rating line.
  for (const mm of comment.matchAll(/([A-DＡ-Ｄ])評価/g))
    if (mm[1] !== x.level && mm[1] !== toFullWidth(x.level)) throw new Error(`sheet ${sheetNo}: external comment says ${mm[0]}, rating line says ${x.level}`);
  evaluations.push({
    subject: { policyNode: dirKey },
    fiscalYear: FY,
    stage: 'external',
    scale: SCALE,
    level: x.level,
    comment,
    request: joined(x.request[0], x.request[1]),
    provenance: prov(x.line, { note: `「ＳＴＥＰ１～３の進捗状況（評価：${toFullWidth(x.level)}）」は取り組みの方向全体の評価。【評価コメント】は${lineRef(x.comment[0], x.comment[1])}、【要望・意見】は${lineRef(x.request[0], x.request[1])}。` }),
  });
});

// Rating scale: the legend printed on every sheet (lines 17-19).
at(17, '【進捗状況A～D】');
const legend = `${line(18)} ${line(19)}`;
const levelDefs: [string, string, string, number, string][] = [
  ['A', '順調に推移した', '目標達成又は進捗している', 4, '#2e7d32'],
  ['B', '一定の進捗がある', '目標達成に向け一定の進捗がある', 3, '#1565c0'],
  ['C', '進捗が遅れている', '目標達成が遅れる可能性がある', 2, '#ef6c00'],
  ['D', '進捗が大幅に遅れている', '目標達成が難しい可能性がある', 1, '#c62828'],
];
for (const [code, label, desc] of levelDefs) {
  if (!legend.includes(`${code}：${label}`) || !legend.includes(desc)) throw new Error(`legend lacks ${code}：${label}（${desc}）`);
}
const ratingScales: NonNullable<DatasetInput['ratingScales']> = [
  {
    key: SCALE,
    name: '進捗状況',
    description: '総合計画進行管理シートの進捗状況A～D（一次評価・二次評価はSTEPごと、外部評価はSTEP１～３をまとめて取り組みの方向ごと）',
    subjectKind: 'policy_node',
    levels: levelDefs.map(([code, label, description, score, color]) => ({ code, label, description, score, color })),
    provenance: prov(17, { lineEnd: 19, note: '各シートに印字されている凡例による。' }),
  },
  {
    key: PROJECT_SCALE,
    name: '達成状況（関連実施計画事業）',
    description: '各シートの関連実施計画の表で、実施計画事業ごとに印字されているA～D。凡例は印字されていない。',
    subjectKind: 'project',
    // No legend: the letters are kept as printed, in their order, with no label or score of their own.
    levels: levelDefs.map(([code, , , , color]) => ({ code, label: code, score: null, color })),
    provenance: prov(at(6, '達成'), {
      lineEnd: 7,
      note: '各シート冒頭の「達成状況」の欄（6〜13行目など）。この欄の凡例は文書に印字されていないため、段階の名称と点数は付けていない（進捗状況A～Dの凡例は17〜19行目にあり、別の欄のもの）。',
    }),
  },
];

const out: DatasetInput = {
  formatVersion: FORMAT_VERSION,
  municipality: {
    // 全国地方公共団体コード of 綾瀬市 is 14218 + check digit 2. The brief gave "142352", which has a
    // valid check digit but belongs to no municipality (Kanagawa's cities run 14201-14218).
    code: '142182',
    name: '綾瀬市',
    nameKana: 'あやせし',
    nameEn: 'Ayase',
    prefecture: '神奈川県',
    attributes: CITY_ATTRIBUTES.ayase,
  },
  // One page per sheet; the document prints no page numbers, so they are counted (sheet n = page n).
  documents: [{ key: DOC, title: '総合計画進行管理シート（令和5年度実績）', file: FILE, pages: sheetPages() }],
  plans,
  departments,
  ratingScales,
  policyNodes,
  projects,
  evaluations,
  classMappings: classMappingsFor('ayase', policyNodes),
};

/** Pages: sheet n begins at its title "総合計画進行管理シート" (the first page at line 1). */
function sheetPages() {
  const titles = linesWhere(lines, (l) => l.includes('総合計画進行管理シート'));
  if (titles.length !== SHEETS.length || titles.some((n, i) => n !== SHEETS[i]!.range[0])) throw new Error(`sheet titles ${titles.join(',')} do not match the sheets`);
  return pageMap([1, ...titles.slice(1)]);
}

const result = validateDataset(out);
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  process.exit(1);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
if (letterCount !== 25) throw new Error(`expected 25 達成状況 letters, found ${letterCount}`);
const count = (stage: string) => evaluations.filter((e) => e.stage === stage).length;
console.log(
  `wrote ${OUT}: ${policyNodes.length} policy nodes, ${projects.length} projects, ${departments.length} departments, ` +
    `${evaluations.length} evaluations (self ${count('self')}, secondary ${count('secondary')}, external ${count('external')}; ` +
    `${evaluations.filter((e) => 'project' in e.subject).length} of projects from ${letterCount} 達成状況 letters)`,
);
