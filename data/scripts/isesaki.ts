/**
 * Builds data/seeds/isesaki-004.json from data/sources/004_e1a3054432cb96ea.txt
 * (第2次伊勢崎市総合計画の成果・課題一覧, FY2022 results).
 *
 * The extraction is a tab-separated table whose columns shift from page to page, whose merged
 * cells land on arbitrary rows and which repeats some cells. A generic column parser cannot
 * settle it, so this script holds an explicit, hand-checked map of the document: for every
 * measure, which line/cell holds each value (`c(line, cell)`; cells are 0-based after splitting
 * the line on tabs; line numbers are 1-based as in the file). All texts are copied from the
 * cells, never retyped, so they stay exactly as printed. Where the reading could not settle a
 * value the record carries provenance.uncertain and a note.
 *
 * Run: cd /work/main && npx tsx data/scripts/isesaki.ts
 */
import { CITY_ATTRIBUTES, classMappingsFor } from './classes.js';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dataset, FORMAT_VERSION } from '../../server/src/dataset/format.js';
import { cellRef, colRef } from './notes.js';
import { linesWhere, pageMap } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));
const SRC_FILE = '004_e1a3054432cb96ea.txt';
const OUT = resolve(here, '../seeds/isesaki-004.json');
const DOC = 'isesaki-004';
const PLAN = 'isesaki-2nd';
const FY = 2022;
const TARGET_FY = 2024;

const LINES = readSourceLines(SRC_FILE);

// ---------------------------------------------------------------------------------------------
// Cell references
// ---------------------------------------------------------------------------------------------
/** A cell (line 1-based, cell 0-based); `parts` picks space-separated pieces of the cell. */
interface Ref {
  l: number;
  i: number;
  parts?: number[];
  from?: number; // pieces from this index to the end
}
const c = (l: number, i: number, parts?: number[]): Ref => ({ l, i, parts });
const rest = (l: number, i: number, from: number): Ref => ({ l, i, from });

function raw(r: Ref): string {
  const line = LINES[r.l - 1];
  if (line === undefined) throw new Error(`no line ${r.l}`);
  const cell = line.split('\t')[r.i];
  if (cell === undefined || cell === '') throw new Error(`empty cell ${r.l}:${r.i}`);
  return cell.trim();
}
/** Space-separated pieces (the extraction joins wrapped lines/paragraphs with one space). */
function pieces(r: Ref): string[] {
  const all = raw(r).split(' ').filter((s) => s !== '');
  if (r.parts) return r.parts.map((p) => {
    if (all[p] === undefined) throw new Error(`no piece ${p} in ${r.l}:${r.i}`);
    return all[p];
  });
  if (r.from !== undefined) return all.slice(r.from);
  return all;
}
function text(r: Ref): string {
  return pieces(r).join(' ');
}
/** Joined texts of several cells; cells printing only "-" (nothing to say) are left out. */
function texts(rs: Ref[] | undefined): string | undefined {
  if (!rs || rs.length === 0) return undefined;
  const t = rs.map(text).filter((x) => x !== '-' && x !== 'ー' && x !== '—');
  return t.length ? t.join(' ') : undefined;
}
/** Names printed with spaces inside (wrapped cell pieces): joined without the spaces. */
function joined(r: Ref): string {
  return pieces(r).join('');
}
/** Strip a leading printed code ("1-1-1 名称" → "名称"); wrapped pieces are joined. */
function stripCode(r: Ref): { code: string; name: string } {
  const t = raw(r);
  const m = /^(\d(?:-\d){1,2})\s*(.*)$/.exec(t);
  if (!m) throw new Error(`no code in ${r.l}:${r.i}: ${t}`);
  return { code: m[1], name: m[2].split(' ').join('') };
}

// ---------------------------------------------------------------------------------------------
// The map of the document
// ---------------------------------------------------------------------------------------------
interface Ind {
  name: Ref;
  actual?: Ref;
  target?: Ref;
  rating?: Ref;
  direction?: 'lower_is_better';
  note?: string;
  uncertain?: boolean;
}
interface Dev {
  name: Ref | { literal: string; line: number };
  acts?: Ref[]; // 主な取組; each ref is split on spaces into single items
  res?: Ref[]; // 成果
  iss?: Ref[]; // 課題
  rating?: Ref; // 定性評価 高/中/低
  next?: Ref[]; // 次期計画で取り組むべき課題
  dir?: Ref[]; // 次期計画での取組の方向性
  note?: string;
  uncertain?: boolean; // the development's structure / texts
  ratingNote?: string; // when the rating is not printed or cannot be placed
}
interface Measure {
  code: string;
  policy: string;
  line: number;
  name: Ref | { literal: string };
  overall?: Ref;
  overallNote?: string;
  self?: Ref;
  dept?: Ref;
  deptNote?: string;
  quant?: Ref;
  quantNote?: string;
  qual?: Ref;
  qualNote?: string;
  inds: Ind[];
  devs: Dev[];
  other?: { next?: Ref[]; dir?: Ref[] };
  note?: string;
  uncertain?: boolean;
}

const NOT_PRINTED = '抽出したテキストに評価がない（セルの欠落）ため、評価は空欄とした。';
// Reasons shared by a measure and its developments (an uncertain record always says why).
const MERGED_36 = '36行目は4つの施策の展開を結合した1行として印字されている。成果・課題の段落は内容から割り当てた。';
const SHIFTED_137 = '137〜139行目の記述は行の間でずれているとみられる（例：公害の施策の展開の横に空き家やアダプトプログラムの記述がある）。印字された位置のまま収録した。';
const FIRST_COLUMNS_170 = '170〜172行目は、施策の展開・取組の名称と記述を先頭の列に印字している。171行目の成果（相談カード…）は、青少年相談関係機関との連携協力（172行目）のものと読める。';
const RATINGS_36 = `36行目には4つの施策の展開と施策全体に対して高・中・低の評価が3つ（低 高 高、${colRef(13, 15)}）しか印字されておらず、どれがどれの評価か判別できない。`;

const MEASURES: Measure[] = [
  // ---- 基本政策 1 ------------------------------------------------------------------------
  {
    code: '1-1-1', policy: '1-1', line: 28, name: c(28, 2), overall: c(28, 3), self: c(28, 4), dept: c(28, 16),
    // L29 and L30 each print 中 in the column after the indicator rating: taken as the
    // quantitative (L29) and qualitative (L30) roll-ups; both rules give 中, so the values hold.
    quant: c(29, 10), qual: c(30, 10), qualNote: '29行目と30行目のどちらにも指標の横に「中」が印字されている。30行目を施策の定性評価とした。',
    inds: [
      { name: c(28, 5), actual: c(28, 6), target: c(28, 7), rating: c(28, 8) },
      { name: c(29, 5), actual: c(29, 6), target: c(29, 7), rating: c(29, 8) },
      { name: c(30, 5), actual: c(30, 6), target: c(30, 7), rating: c(30, 8), direction: 'lower_is_better' },
    ],
    devs: [
      { name: c(28, 9), acts: [c(28, 10)], res: [c(28, 11)], iss: [c(28, 12)], rating: c(28, 13), next: [c(28, 14)], dir: [c(28, 15)] },
      { name: c(29, 11), acts: [c(29, 12)], res: [c(29, 13)], iss: [c(29, 14)], rating: c(29, 15), next: [c(29, 17)], dir: [c(29, 18)] },
      { name: c(30, 11), acts: [c(30, 12)], res: [c(30, 13)], iss: [c(30, 14)], rating: c(30, 15), next: [c(30, 17)], dir: [c(30, 18)] },
    ],
  },
  {
    code: '1-1-2', policy: '1-1', line: 31, name: c(31, 1), overall: c(31, 2), self: c(31, 3), dept: c(31, 16),
    quant: c(31, 8),
    inds: [{ name: c(31, 4), actual: c(31, 5), target: c(31, 6), rating: c(31, 7) }],
    devs: [
      { name: c(31, 9), acts: [c(31, 10)], res: [c(31, 11)], iss: [c(31, 12)], rating: c(31, 13), next: [c(31, 14)], dir: [c(31, 15)] },
      { name: c(32, 4), acts: [c(32, 5)], res: [c(32, 6)], iss: [c(32, 7)], rating: c(32, 8), next: [c(32, 9)], dir: [c(32, 10)] },
      { name: c(33, 4), acts: [c(33, 5)], res: [c(33, 6)], iss: [c(33, 7)], rating: c(33, 8), next: [c(33, 9)], dir: [c(33, 10)] },
    ],
  },
  {
    // L36: one merged row for four developments. Names and 取組 are the pieces of cell 10;
    // 成果 / 課題 paragraphs follow the same order (checked by content).
    code: '1-1-3', policy: '1-1', line: 36, name: c(36, 2), overall: c(36, 3), self: c(36, 4), dept: c(36, 20),
    quant: c(36, 9),
    inds: [{ name: c(36, 5), actual: c(36, 6), target: c(36, 7), rating: c(36, 8) }],
    devs: [
      { name: c(36, 10, [0]), acts: [c(36, 10, [1, 2, 3, 4])], res: [c(36, 11, [0])], iss: [c(36, 12, [0])], next: [c(36, 16)], uncertain: true,
        note: `${MERGED_36}次期計画の記述（${colRef(16)}、国民健康保険について）は1回だけ印字され、その後に「-」が3つ続くため、この施策の展開のものとした。`,
        ratingNote: RATINGS_36 },
      { name: c(36, 10, [5]), acts: [c(36, 10, [6, 7])], res: [c(36, 11, [1])], iss: [c(36, 12, [1, 2])], uncertain: true,
        note: MERGED_36, ratingNote: RATINGS_36 },
      { name: c(36, 10, [8]), acts: [c(36, 10, [9, 10])], res: [c(36, 11, [2])], iss: [c(36, 12, [3])], uncertain: true,
        note: MERGED_36, ratingNote: RATINGS_36 },
      { name: c(36, 10, [11]), acts: [c(36, 10, [12])], res: [c(36, 11, [3])], iss: [c(36, 12, [4])], uncertain: true,
        note: MERGED_36, ratingNote: RATINGS_36 },
    ],
  },
  {
    code: '1-2-1', policy: '1-2', line: 37, name: c(37, 2), overall: c(37, 3), self: c(37, 4), dept: c(37, 19),
    quant: c(38, 9), qual: c(37, 14), qualNote: `37行目に「高 高 高」（${colRef(12, 14)}）、38行目に「高 高」が印字されている。37行目の3つ目を施策の定性評価とした。いずれも「高」である。`,
    inds: [
      { name: c(37, 5), actual: c(37, 6), target: c(37, 7), rating: c(37, 8) },
      { name: c(38, 5), actual: c(38, 6), target: c(38, 7), rating: c(38, 8) },
    ],
    devs: [
      // L37 cell 10 = 主な取組 "子育て家庭支援の充実" followed by the 成果 text; cell 15 interleaves
      // 課題 (pieces 0, 3) and 方向性 (pieces 1, 2, 4).
      { name: c(37, 9, [0]), acts: [c(37, 10, [0])], res: [rest(37, 10, 1)], iss: [c(37, 11)], rating: c(37, 12),
        next: [c(37, 15, [0, 3])], dir: [c(37, 15, [1, 2, 4])],
        note: '37行目：成果・課題の記述は、子育て環境の充実と地域ぐるみの子育て環境づくりに対して1回だけ印字されている。次期計画のセルには課題と方向性の文が混在しており、文言で分けた。' },
      { name: c(37, 9, [1]), rating: c(37, 13), uncertain: true,
        note: `施策の展開のセル（${cellRef(37, 9)}）に子育て環境の充実に続けて印字されている。施策の展開ではなく、その主な取組である可能性がある。評価は37行目の2つ目の「高」。` },
      { name: c(38, 10, [0]), acts: [c(38, 10, [1, 2])], res: [c(38, 11, [0])], iss: [rest(38, 11, 1)], rating: c(38, 12),
        next: [c(38, 14, [0, 1])], dir: [c(38, 14, [2, 3])], note: `38行目：成果と課題が同じセル（${colRef(11)}）に、次期計画の課題と方向性が同じセル（${colRef(14)}）に印字されている（文言で分けた）。` },
    ],
  },
  {
    code: '1-2-2', policy: '1-2', line: 41, name: c(41, 0), overall: c(41, 1), self: c(41, 2), deptNote: 'この施策の施策代表課は印字されていない。',
    quant: c(41, 7),
    inds: [
      { name: c(41, 3), actual: c(41, 4), target: c(41, 5), rating: c(41, 6) },
      { name: c(42, 4), actual: c(42, 5), target: c(42, 6), rating: c(42, 8) },
      { name: c(43, 4), actual: c(43, 5), target: c(43, 6), rating: c(43, 8) },
    ],
    devs: [
      { name: c(41, 8), acts: [c(41, 9)], res: [c(41, 10)], iss: [c(41, 11)], rating: c(41, 12), next: [c(41, 13)], dir: [c(41, 14)] },
      { name: c(42, 9), acts: [c(42, 10)], res: [c(42, 11)], iss: [c(42, 16)], next: [c(42, 17)], dir: [c(42, 18)], ratingNote: NOT_PRINTED },
      { name: c(43, 9), acts: [c(43, 10)], res: [c(43, 11)], iss: [c(43, 16)], next: [c(43, 17)], dir: [c(43, 18)], ratingNote: NOT_PRINTED },
    ],
  },
  {
    code: '1-2-3', policy: '1-2', line: 44, name: c(44, 3), overall: c(44, 4), self: c(44, 5), deptNote: 'この施策の施策代表課は印字されていない。',
    quant: c(44, 10), qual: c(47, 10), qualNote: '44行目と47行目のどちらにも指標の横に「中」が印字されている。47行目を施策の定性評価とした。',
    inds: [
      { name: c(44, 6), actual: c(44, 7), target: c(44, 8), rating: c(44, 9) },
      { name: c(47, 6), actual: c(47, 7), target: c(47, 8), rating: c(47, 9) },
    ],
    devs: [
      { name: c(44, 11), acts: [c(44, 12), c(45, 7), c(46, 7)], res: [c(44, 13)], iss: [c(44, 14)], rating: c(44, 15), next: [c(44, 16)], dir: [c(44, 17)] },
      { name: c(45, 8), res: [c(45, 9)], iss: [c(45, 11)], uncertain: true, ratingNote: NOT_PRINTED,
        note: `名称は${cellRef(45, 8)}（主な取組と成果の間の列）に印字されている。名称が欠落した施策の展開の主な取組である可能性がある。` },
      { name: c(46, 8), res: [c(46, 9)], iss: [c(46, 11)], uncertain: true, ratingNote: NOT_PRINTED,
        note: `名称は${cellRef(46, 8)}。成果の記述（${colRef(9)}）は${cellRef(47, 12)}（介護認定…）と同じで、抽出時に重複したものとみられる。` },
      { name: c(47, 11), acts: [c(48, 11), c(49, 11), c(50, 11)], res: [c(47, 12)], rating: c(47, 13), next: [c(47, 14)], dir: [c(47, 15)], uncertain: true,
        note: '47〜50行目の同じ列に、介護認定・給付費の適正化とほか3項目が印字されている。これを施策の展開とその主な取組とした（成果の記述は4項目すべてにわたる）。' },
      { name: c(51, 11), acts: [c(51, 12), c(52, 11), c(53, 0)], res: [c(51, 13)], iss: [c(51, 14)], rating: c(51, 15), next: [c(51, 16)], dir: [c(51, 17)] },
    ],
  },
  {
    // Not printed with a code: L56 carries this measure's self-evaluation, indicator and
    // development next to the code of 2-1-1. Code inferred from the order (after 1-2-3).
    code: '1-2-4', policy: '1-2', line: 56, name: { literal: '施策1-2-4（施策名の印字なし）' }, self: c(56, 4), dept: c(56, 16),
    uncertain: true,
    note: 'コードと名称が印字されていない。障害者福祉の部分（56〜61行目、障害福祉課）が1-2-3と2-1-1の間にあるため、並び順からコードを1-2-4とした。全体評価は判別できない（56行目のBは2-1-1の横に印字されている）。',
    overallNote: '全体評価がどの施策のものか決められない。56行目には2-1-1のコードの横にBが1つ印字されているが、その横の自己評価はこの施策のもの。',
    inds: [
      { name: c(56, 5), actual: c(56, 6), target: c(56, 7), rating: c(56, 8) },
      { name: c(59, 6), actual: c(59, 7), target: c(59, 8), rating: c(59, 9) },
    ],
    devs: [
      { name: c(56, 9), acts: [c(56, 10), c(57, 5), c(57, 6), c(58, 5)], res: [c(56, 11)], iss: [c(56, 12)], rating: c(56, 13),
        next: [c(56, 14), c(57, 7), c(58, 6)], dir: [c(56, 15), c(57, 8), c(58, 7)], note: '次期計画の記述は主な取組の行ごと（56〜58行目）に印字されており、つなげて収録した。' },
      { name: c(59, 5), acts: [c(59, 10), c(60, 9), c(60, 10), c(61, 9)], res: [c(59, 11)], iss: [c(59, 12)], rating: c(59, 13),
        next: [c(59, 14), c(60, 13), c(61, 13)], dir: [c(59, 15), c(60, 14), c(61, 14)],
        note: `次期計画の記述は主な取組の行ごと（59〜61行目）に印字されており、つなげて収録した。${cellRef(60, 11)}は59行目の課題の記述の繰り返しのため使っていない。` },
    ],
  },
  // ---- 基本政策 2 ------------------------------------------------------------------------
  {
    code: '2-1-1', policy: '2-1', line: 56, name: c(56, 2), overall: c(56, 3), dept: c(63, 16),
    overallNote: '56行目のBはこのコードの横に印字されているが、その行の自己評価は直前の障害者福祉の施策（1-2-4）のものであり、Bもその施策のものである可能性がある。',
    note: 'この施策には指標も自己評価も印字されていない（セルの欠落）。',
    inds: [],
    devs: [
      { name: c(62, 9), acts: [c(62, 10)], res: [c(62, 11)], iss: [c(62, 12)], rating: c(62, 13), next: [c(62, 14)], dir: [c(62, 15)] },
      { name: c(63, 9), acts: [c(63, 10)], res: [c(63, 11)], iss: [c(63, 12)], rating: c(63, 13), next: [c(63, 14)], dir: [c(63, 15)] },
      { name: c(64, 9), acts: [c(64, 10), c(65, 9)], res: [c(64, 11)], iss: [c(64, 12)], rating: c(64, 13), next: [c(64, 14)], dir: [c(64, 15)],
        note: '協働による景観まちづくりの推進（65行目、施策の展開の列、評価なし）は、この施策の展開の主な取組とした。' },
    ],
  },
  {
    code: '2-1-2', policy: '2-1', line: 68, name: c(68, 1), overall: c(68, 2), self: c(68, 4), dept: c(68, 17),
    quant: c(68, 9), qual: c(69, 9), qualNote: '68行目と69行目のどちらにも指標の横に「中」が印字されている。69行目を施策の定性評価とした。',
    inds: [
      { name: c(68, 5), actual: c(68, 6), target: c(68, 7), rating: c(68, 8) },
      { name: c(69, 5), actual: c(69, 6), target: c(69, 7), rating: c(69, 8) },
    ],
    devs: [
      { name: c(68, 10), acts: [c(68, 11)], res: [c(68, 12)], iss: [c(68, 13)], rating: c(68, 14), next: [c(68, 15)] },
      { name: c(69, 10), acts: [c(69, 11)], res: [c(69, 12)], iss: [c(69, 13)], rating: c(69, 14), next: [c(69, 15)] },
      { name: c(70, 10), acts: [c(70, 11), c(71, 10), c(71, 11)], res: [c(70, 12)], iss: [c(70, 13)], rating: c(70, 14), next: [c(70, 15)],
        note: `71行目の施策の展開の列に、市民などによるイベントの開催が記述なしで印字されている。街なか居住の促進とともに、この施策の展開の主な取組とした。70〜79行目の${colRef(5)}と${colRef(9)}は施策の展開の名称と評価の繰り返し（抽出時の乱れ）のため使っていない。` },
    ],
  },
  {
    code: '2-1-3', policy: '2-1', line: 74, name: c(74, 1), overall: c(74, 2), self: c(74, 4), dept: c(73, 18),
    quant: c(74, 9),
    inds: [{ name: c(74, 5), actual: c(74, 6), target: c(74, 7), rating: c(74, 8) }],
    devs: [
      { name: c(72, 10), acts: [c(72, 11), c(72, 12)], res: [c(72, 13)], iss: [c(72, 14)], rating: c(72, 15), dir: [c(72, 16)],
        note: `次期計画の列が1つだけ印字されている（${colRef(16)}）。文言から方向性とした。` },
      { name: c(73, 10), acts: [c(73, 11), c(73, 12)], res: [c(73, 13)], iss: [c(73, 14)], rating: c(73, 15), dir: [c(73, 16)],
        note: `次期計画の列が1つだけ印字されている（${colRef(16)}）。文言から方向性とした。` },
      { name: c(74, 10), acts: [c(74, 11), c(74, 12)], res: [c(74, 13)], iss: [c(74, 14)], rating: c(74, 15), dir: [c(74, 16)],
        note: `次期計画の列が1つだけ印字されている（${colRef(16)}）。文言から方向性とした。` },
    ],
  },
  {
    code: '2-1-4', policy: '2-1', line: 75, name: { literal: '施策2-1-4（施策名の印字なし）' }, dept: c(77, 20),
    uncertain: true,
    note: 'コード、名称、全体評価、自己評価が印字されていない。道路の部分（75〜79行目、土木課）が2-1-3と2-1-5の間にあるため、並び順からコードを2-1-4とした。',
    quant: c(75, 9), quantNote: `75〜77行目は、このページで評価を繰り返している列（${colRef(9)}）に「中」を印字している。施策の定量評価としたが、確実ではない。`,
    inds: [{ name: c(78, 11), actual: c(78, 12), target: c(78, 13), rating: c(78, 9), uncertain: true,
      note: `Aは、このページで評価を繰り返している列（${cellRef(78, 9)}）に印字されている。達成率の区分からはB（25.8/26.8 = 96.3 %）になる。` }],
    devs: [
      { name: c(75, 10), acts: [c(75, 11), c(75, 12)], res: [c(75, 13), c(75, 14)], iss: [c(75, 15)], rating: c(75, 16) },
      { name: c(76, 10), acts: [c(76, 11), c(76, 12), c(76, 13)], res: [c(76, 14)], iss: [c(76, 15)], rating: c(76, 16) },
      { name: c(77, 10), acts: [c(77, 11), c(77, 12), c(77, 13)], res: [c(77, 14), c(77, 15)], iss: [c(77, 16)], rating: c(77, 17) },
      { name: c(78, 10), acts: [c(78, 14), c(78, 15)], res: [c(78, 16)], iss: [c(78, 17)], rating: c(78, 18) },
    ],
    other: { next: [c(79, 18)], dir: [c(79, 19)] },
  },
  {
    code: '2-1-5', policy: '2-1', line: 82, name: c(82, 0), overall: c(82, 1), self: c(82, 2), dept: c(82, 16),
    quant: c(82, 7), qual: c(82, 13),
    inds: [{ name: c(82, 3), actual: c(82, 4), target: c(82, 5), rating: c(82, 6) }],
    devs: [
      { name: c(82, 8), acts: [c(82, 9)], res: [c(82, 10)], iss: [c(82, 11)], rating: c(82, 12), next: [c(82, 14)], dir: [c(82, 15)] },
      { name: c(83, 8), acts: [c(83, 9)], res: [c(83, 10)], iss: [c(83, 11)], next: [c(83, 14)], dir: [c(83, 15)], ratingNote: NOT_PRINTED },
      { name: c(84, 8), acts: [c(84, 9)], res: [c(84, 10)], iss: [c(84, 11)], next: [c(84, 14)], dir: [c(84, 15)], ratingNote: NOT_PRINTED },
    ],
  },
  {
    code: '2-1-6', policy: '2-1', line: 85, name: c(85, 0), overall: c(85, 1), self: c(85, 2), dept: c(85, 16),
    quant: c(85, 7), qual: c(85, 13),
    inds: [{ name: c(85, 3), actual: c(85, 4), target: c(85, 5), rating: c(85, 6) }],
    devs: [
      { name: c(85, 8), acts: [c(85, 9)], res: [c(85, 10)], iss: [c(85, 11)], rating: c(85, 12), next: [c(85, 14)], dir: [c(85, 15)] },
      { name: c(86, 8), acts: [c(86, 9)], res: [c(86, 10)], iss: [c(86, 11)], next: [c(86, 14)], ratingNote: NOT_PRINTED },
      { name: c(87, 8), acts: [c(87, 9)], res: [c(87, 10)], iss: [c(87, 11)], next: [c(87, 14)], ratingNote: NOT_PRINTED,
        note: `87行目は成果（${colRef(10)}）と課題（${colRef(11)}）に同じ記述を印字している。` },
    ],
  },
  {
    code: '2-1-7', policy: '2-1', line: 90, name: c(90, 0), overall: c(90, 1), self: c(90, 4), dept: c(90, 17),
    quant: c(90, 9), qual: c(90, 15),
    inds: [{ name: c(90, 5), actual: c(90, 6), target: c(90, 7), rating: c(90, 8) }],
    devs: [
      { name: c(90, 10), acts: [c(90, 11)], res: [c(90, 12)], iss: [c(90, 13)], rating: c(90, 14), dir: [c(90, 16)] },
      { name: c(91, 10), acts: [c(91, 11), c(92, 10), c(93, 10)], res: [c(91, 12)], iss: [c(91, 13)], dir: [c(91, 16)], ratingNote: NOT_PRINTED, uncertain: true,
        note: `91〜93行目は${colRef(11, 16)}を同じ文面で繰り返している。長期優良住宅認定の普及・促進と住まいに関する相談窓口の充実（92〜93行目 ${colRef(10)}）は、この施策の展開の主な取組とした。` },
    ],
  },
  {
    code: '2-2-1', policy: '2-2', line: 94, name: c(94, 2), overall: c(94, 3), self: c(94, 4), dept: c(94, 18),
    quant: c(94, 9), qual: c(94, 15),
    inds: [
      { name: c(94, 5), actual: c(94, 6), target: c(94, 7), rating: c(94, 8) },
      { name: c(97, 10), uncertain: true, note: '名称のみが印字されている（97行目、施策の展開の列。自己評価はこれを指標として挙げている）。値と評価は欠落している。' },
    ],
    devs: [
      { name: c(94, 10), acts: [c(94, 11)], res: [c(94, 12)], iss: [c(94, 13)], rating: c(94, 14), next: [c(94, 16)], dir: [c(94, 17)] },
      { name: c(95, 10), ratingNote: NOT_PRINTED, uncertain: true,
        note: `95行目は94行目の${colRef(11, 13)}と${colRef(16, 17)}を同じ文面で繰り返している（ここには割り当てていない）。独自の記述は印字されていない。` },
      { name: c(96, 10), acts: [c(96, 11)], res: [c(96, 12)], iss: [c(96, 13)], next: [c(96, 19)], dir: [c(96, 20)], ratingNote: NOT_PRINTED },
      { name: c(97, 11), acts: [c(97, 12)], res: [c(97, 13)], next: [c(97, 19)], dir: [c(97, 20)], ratingNote: NOT_PRINTED, uncertain: true,
        note: `名称は${cellRef(97, 11)}。施策の展開ではなく主な取組である可能性がある。` },
    ],
  },
  {
    code: '2-2-2', policy: '2-2', line: 98, name: c(98, 0), overall: c(98, 1), self: c(98, 4), dept: c(98, 18),
    quant: c(98, 9), qual: c(98, 15),
    inds: [
      { name: c(98, 5), actual: c(98, 6), target: c(98, 7), rating: c(98, 8) },
      { name: c(100, 10), uncertain: true, note: `名称のみが印字されている（${cellRef(100, 10)}）。値と評価は欠落している。` },
      { name: c(101, 10), uncertain: true, note: `名称のみが印字されている（${cellRef(101, 10)}）。値と評価は欠落している。` },
    ],
    devs: [
      { name: c(98, 10), acts: [c(98, 11), c(99, 10)], res: [c(98, 12)], iss: [c(98, 13)], rating: c(98, 14), next: [c(98, 16)], dir: [c(98, 17)],
        note: `99行目は98行目の記述（${colRef(11, 13)}・${colRef(19)}）を繰り返しており、主な取組のほかは使っていない。` },
      { name: c(100, 11), res: [c(100, 12)], iss: [c(100, 13)], next: [c(100, 19)], dir: [c(100, 20)], ratingNote: NOT_PRINTED, uncertain: true,
        note: '100行目：課題と次期計画の記述（伝統産業・工業都市）は次の施策の展開のものと読めるが、印字された位置のまま収録した。' },
      { name: c(101, 11), res: [c(101, 12)], iss: [c(101, 13)], next: [c(101, 19)], dir: [c(101, 20)], ratingNote: NOT_PRINTED, uncertain: true,
        note: `101行目：課題の記述は${cellRef(100, 13)}の繰り返し。` },
    ],
  },
  {
    code: '2-2-3', policy: '2-2', line: 104, name: c(104, 2), overall: c(104, 3), self: c(104, 4), dept: c(104, 16),
    quant: c(105, 10), quantNote: '105行目は施策の展開の列に「低」を印字している。施策の定量評価とした（指標はどちらも「-」）。',
    inds: [
      { name: c(104, 5), actual: c(104, 6), target: c(104, 7), rating: c(104, 8) },
      { name: c(105, 5), actual: c(105, 6), target: c(105, 7), rating: c(105, 8) },
    ],
    devs: [
      { name: c(104, 9), acts: [c(104, 10)], res: [c(104, 11)], iss: [c(104, 12)], rating: c(104, 13), next: [c(104, 14)], dir: [c(104, 15)] },
      { name: c(105, 11), res: [c(105, 12)], iss: [c(105, 13)], rating: c(105, 14), next: [c(105, 15)], dir: [c(105, 17)], uncertain: true,
        note: `${cellRef(105, 11)}は主な取組の列にあるが、独自の評価と記述があるため施策の展開とした。` },
    ],
  },
  {
    code: '2-2-4', policy: '2-2', line: 106, name: c(106, 2), overall: c(106, 3), self: c(106, 4), dept: c(106, 16),
    quant: c(106, 9),
    inds: [{ name: c(106, 5), actual: c(106, 6), target: c(106, 7), rating: c(106, 8) }],
    devs: [
      { name: c(106, 10), res: [c(106, 11)], iss: [c(106, 12)], rating: c(106, 13), next: [c(106, 14)], dir: [c(106, 15)] },
      { name: c(107, 10), res: [c(107, 11)], iss: [c(107, 12)], rating: c(107, 13), next: [c(107, 14)], dir: [c(107, 15)] },
    ],
  },
  // ---- 基本政策 3 ------------------------------------------------------------------------
  {
    code: '3-1-1', policy: '3-1', line: 108, name: { literal: '施策3-1-1（施策名の印字なし）' }, overall: c(108, 3), self: c(108, 4), dept: c(108, 17),
    uncertain: true, note: '108行目には「3-1-1 安心して安全に暮らせる環境をつくる」と印字されているが、これは政策3-1の文言（…をつくる）であり、施策自体の名称は印字されていない。',
    quant: c(108, 9),
    inds: [
      { name: c(108, 5), actual: c(108, 6), target: c(108, 7), rating: c(108, 8) },
      { name: c(109, 5), actual: c(109, 6), target: c(109, 7), rating: c(109, 8) },
    ],
    devs: [
      { name: c(108, 10), acts: [c(108, 11)], res: [c(108, 12)], iss: [c(108, 13)], rating: c(108, 14), next: [c(108, 15)], dir: [c(108, 16)] },
      { name: c(109, 10), acts: [c(109, 11)], res: [c(109, 12)], iss: [c(109, 13)], rating: c(109, 14), next: [c(109, 15), c(110, 14)], dir: [c(109, 16), c(110, 15)] },
    ],
  },
  {
    code: '3-1-2', policy: '3-1', line: 113, name: c(113, 2), overall: c(114, 3), self: c(113, 4), dept: c(117, 17),
    quant: c(114, 8), qual: c(114, 12), qualNote: `113〜117行目に、3つの施策の展開に対して「高」が5つ印字されている。${cellRef(114, 12)}を施策の定性評価とした（いずれも「高」）。`,
    note: '113〜116行目は区画整理の進捗の数値をいくつかのセルで繰り返している。記述は印字された位置のまま収録した。',
    inds: [{ name: c(114, 4), actual: c(114, 5), target: c(114, 6), rating: c(114, 7) }],
    devs: [
      { name: c(113, 10), res: [c(114, 9)], iss: [c(113, 12)], rating: c(113, 13), next: [c(113, 14)], dir: [c(113, 15)], uncertain: true,
        note: `成果は、この施策の展開に合う${cellRef(114, 9)}（治水・利水…）から取った。${cellRef(113, 11)}（区画整理の進捗の数値）は使っていない。` },
      { name: c(115, 9), acts: [c(115, 10), c(116, 10)], res: [c(115, 11), c(116, 11)], iss: [c(115, 12)], rating: c(115, 13), next: [c(114, 13)], dir: [c(114, 14)], uncertain: true,
        note: `成果は${cellRef(115, 11)}と${cellRef(116, 11)}をつなげたもの。次期計画の記述（住宅の耐震事業…）は${cellRef(114, 13, 14)}に印字されている。${cellRef(116, 12, 14)}は数値・記述の繰り返しのため使っていない。` },
      { name: c(117, 10), acts: [c(117, 11)], res: [c(117, 12)], iss: [c(117, 13)], rating: c(117, 14), next: [c(117, 15)], dir: [c(117, 16)] },
    ],
  },
  {
    code: '3-1-3', policy: '3-1', line: 120, name: c(120, 1), overall: c(120, 2), self: c(120, 3), dept: c(120, 17),
    quant: c(120, 8), qual: c(120, 14),
    inds: [
      { name: c(120, 4), actual: c(120, 5), target: c(120, 6), rating: c(120, 7), direction: 'lower_is_better' },
      { name: c(122, 9), actual: c(122, 10), target: c(122, 11), rating: c(122, 12) },
    ],
    devs: [
      { name: c(120, 9), acts: [c(120, 10)], res: [c(120, 11)], iss: [c(120, 12)], rating: c(120, 13), next: [c(120, 15)], dir: [c(120, 16)] },
      { name: c(121, 9), acts: [c(121, 10), c(122, 18)], res: [c(121, 11)], iss: [c(121, 12)], ratingNote: NOT_PRINTED },
    ],
  },
  {
    code: '3-1-4', policy: '3-1', line: 123, name: c(123, 1), overall: c(123, 2), self: c(123, 3), dept: c(128, 20),
    deptNote: '「消防本総務課」と印字されている（128行目）。印字のまま収録した。',
    quant: c(123, 8), qual: c(123, 13),
    inds: [{ name: c(123, 4), actual: c(123, 5), target: c(123, 6), rating: c(123, 7) }],
    devs: [
      // L123 cell 10 = 主な取組 (piece 0) followed by the 成果 text.
      { name: c(123, 9), acts: [c(123, 10, [0]), c(124, 9), c(125, 9), c(126, 9)], res: [rest(123, 10, 1)], iss: [c(123, 11)], rating: c(123, 12), next: [c(123, 14)], dir: [c(123, 15)],
        note: '124〜126行目は施策の展開の列に3項目だけを印字している。これを主な取組（火災予防）とした。' },
      { name: c(127, 9), acts: [c(127, 10)], res: [c(127, 11)], iss: [c(127, 17)], next: [c(127, 18)], dir: [c(127, 19)], ratingNote: NOT_PRINTED },
      { name: c(128, 9), acts: [c(128, 10)], res: [c(128, 11)], iss: [c(128, 17)], rating: c(128, 18),
        note: `${cellRef(128, 19)}は評価（高）の繰り返し。` },
      { name: c(129, 9), acts: [c(129, 10)], res: [c(129, 11)], iss: [c(129, 17)], rating: c(129, 18),
        note: `${cellRef(129, 19)}は評価（高）の繰り返し。` },
    ],
  },
  {
    code: '3-1-5', policy: '3-1', line: 130, name: { literal: '施策3-1-5（施策名の印字なし）' }, dept: c(130, 22),
    uncertain: true,
    note: 'コード、名称、全体評価、自己評価、指標が印字されていない。交通安全の部分（130〜131行目、交通政策課）が3-1-4と3-1-6の間にあるため、並び順からコードを3-1-5とした。',
    qual: c(130, 19), qualNote: `130行目と131行目は評価を2回印字している（${colRef(18)}・${colRef(19)}）。${cellRef(130, 19)}を施策の定性評価（中）とした。`,
    inds: [],
    devs: [
      { name: c(130, 9), acts: [c(130, 10)], res: [c(130, 11)], iss: [c(130, 17)], rating: c(130, 18), next: [c(130, 20)], dir: [c(130, 21)] },
      { name: c(131, 9), acts: [c(131, 10)], res: [c(131, 11)], iss: [c(131, 17)], rating: c(131, 18), next: [c(131, 20)], dir: [c(131, 21)] },
    ],
  },
  {
    code: '3-1-6', policy: '3-1', line: 134, name: c(134, 1), overall: c(134, 2), self: c(134, 4), dept: c(134, 17),
    quant: c(134, 9),
    inds: [{ name: c(134, 5), actual: c(134, 6), target: c(134, 7), rating: c(134, 8) }],
    devs: [
      { name: c(134, 10), acts: [c(134, 11)], res: [c(134, 12)], iss: [c(134, 13)], rating: c(134, 14), next: [c(134, 15)], dir: [c(134, 16)] },
      { name: c(135, 10), acts: [c(135, 11)], res: [c(135, 12)], iss: [c(135, 13)], rating: c(135, 14), next: [c(135, 15)], dir: [c(135, 16)] },
      { name: c(136, 10), acts: [c(136, 11)], res: [c(136, 12)], iss: [c(136, 13)], rating: c(136, 14), next: [c(136, 15)], dir: [c(136, 16)] },
    ],
  },
  {
    code: '3-2-1', policy: '3-2', line: 137, name: c(137, 1), overall: c(137, 2), self: c(137, 4), dept: c(137, 16),
    quant: c(137, 9),
    note: SHIFTED_137,
    inds: [{ name: c(137, 5), actual: c(137, 6), target: c(137, 7), rating: c(137, 8), direction: 'lower_is_better',
      note: '1つのセルに3河川の値が印字されており、1つの数値にならない。' }],
    devs: [
      { name: c(137, 10), res: [c(137, 11)], iss: [c(137, 12)], rating: c(137, 13), next: [c(137, 14)], dir: [c(137, 15)], uncertain: true, note: SHIFTED_137 },
      { name: c(138, 10), res: [c(138, 11)], iss: [c(138, 12)], next: [c(138, 14)], dir: [c(138, 15)], ratingNote: NOT_PRINTED, uncertain: true, note: SHIFTED_137 },
      { name: c(139, 10), res: [c(139, 11)], iss: [c(139, 12)], dir: [c(139, 14)], ratingNote: NOT_PRINTED, uncertain: true, note: SHIFTED_137 },
    ],
  },
  {
    code: '3-2-2', policy: '3-2', line: 140, name: c(140, 1), overall: c(140, 2), self: c(140, 4), dept: c(140, 16),
    quant: c(140, 9), quantNote: '140行目・143行目・146行目に「低」が繰り返し印字されている。',
    note: `施策の見出しが3回（140行目・143行目・146行目）印字され、それぞれに指標と施策の展開が1つずつある。143行目・146行目の施策の展開の名称は自己評価の列にある。141〜142行目、144〜145行目、147〜148行目の記述はほかの行の繰り返し（${cellRef(142, 12, 14)}の地球温暖化対策の記述は、ここに印字されたどの施策の展開にも属さない）のため使っていない。`,
    inds: [
      { name: c(140, 5), actual: c(140, 6), target: c(140, 7), rating: c(140, 8) },
      { name: c(143, 5), actual: c(143, 6), target: c(143, 7), rating: c(143, 8), direction: 'lower_is_better' },
      { name: c(146, 5), actual: c(146, 6), target: c(146, 7), rating: c(146, 8), direction: 'lower_is_better' },
    ],
    devs: [
      { name: { literal: 'ごみの減量化・再資源化の推進', line: 140 }, acts: [c(140, 10), c(141, 10), c(142, 10)], res: [c(140, 11)], iss: [c(140, 12)], rating: c(140, 13), next: [c(140, 14)], dir: [c(140, 15)], uncertain: true,
        note: `名称が独立したセルとして印字されていない。143行目・146行目にならい、${cellRef(140, 4)}の書き出し（「ごみの減量化・再資源化の推進については、…」）から取った。` },
      { name: c(143, 4), acts: [c(143, 10), c(144, 10), c(145, 10)], res: [c(143, 11)], iss: [c(143, 12)], rating: c(143, 13), next: [c(143, 14)], dir: [c(143, 15)] },
      { name: c(146, 4), acts: [c(146, 10), c(147, 10), c(148, 10)], res: [c(146, 11)], iss: [c(146, 12)], rating: c(146, 13), next: [c(146, 14)], dir: [c(146, 15)] },
    ],
  },
  {
    code: '3-2-3', policy: '3-2', line: 151, name: c(151, 2), overall: c(151, 3), self: c(151, 4), dept: c(151, 16),
    quant: c(151, 9), qual: c(152, 9), qualNote: '151行目と152行目のどちらにも指標の横に「高」が印字されている。152行目を施策の定性評価とした。',
    inds: [
      { name: c(151, 5), actual: c(151, 6), target: c(151, 7), rating: c(151, 8) },
      { name: c(152, 5), actual: c(152, 6), target: c(152, 7), rating: c(152, 8) },
    ],
    devs: [
      { name: c(151, 10, [0]), acts: [c(151, 10, [1])], res: [c(151, 11)], iss: [c(151, 12)], rating: c(151, 13), next: [c(151, 14)], dir: [c(151, 15)] },
      { name: c(152, 10, [0]), acts: [c(152, 10, [1, 2])], res: [c(152, 11)], iss: [c(152, 12)], rating: c(152, 13), next: [c(152, 14)], dir: [c(152, 15)] },
    ],
  },
  // ---- 基本政策 4 ------------------------------------------------------------------------
  {
    code: '4-1-1', policy: '4-1', line: 154, name: c(154, 2), overall: c(154, 3), self: c(154, 4), dept: c(154, 17),
    quant: c(154, 9), quantNote: '153行目と154行目のどちらにも指標の横に「中」が印字されている。',
    note: '153行目（見出しの上）に、この施策の最初の指標と施策の展開が印字されている。',
    inds: [
      { name: c(153, 5), actual: c(153, 6), target: c(153, 7), rating: c(153, 8) },
      { name: c(154, 5), actual: c(154, 6), target: c(154, 7), rating: c(154, 8), note: '1つのセルに2つの値（児童・生徒）が印字されており、1つの数値にならない。' },
      { name: c(155, 5), actual: c(155, 6), target: c(155, 7), rating: c(155, 8), uncertain: true,
        note: '155行目の指標の列には施策の展開の名称「幼児教育の充実」が印字されており、指標自体の名称は欠落している。' },
    ],
    devs: [
      { name: c(153, 10), acts: [c(153, 11)], res: [c(153, 12)], iss: [c(153, 13)], rating: c(153, 14), next: [c(153, 15)], dir: [c(153, 16)] },
      { name: c(154, 10), acts: [c(154, 11)], res: [c(154, 12)], iss: [c(154, 13)], rating: c(154, 14), next: [c(154, 15)], dir: [c(154, 16)] },
      { name: c(155, 10), acts: [c(155, 11)], res: [c(155, 12)], iss: [c(155, 13)], rating: c(155, 14), next: [c(155, 15)], dir: [c(155, 16)] },
    ],
  },
  {
    code: '4-1-2', policy: '4-1', line: 157, name: c(157, 2), overall: c(157, 3), self: c(157, 4), dept: c(156, 16),
    quant: c(157, 9),
    note: '156行目（見出しの上）に、この施策の施策の展開「健康教育の充実」と施策代表課が印字されている。同じ行の指標のセルは157行目の繰り返しのため使っていない。',
    inds: [
      { name: c(157, 5), actual: c(157, 6), target: c(157, 7), rating: c(157, 8) },
      { name: c(158, 5), actual: c(158, 6), target: c(158, 7), rating: c(158, 8) },
    ],
    devs: [
      { name: c(156, 10), res: [c(156, 11)], iss: [c(156, 12)], rating: c(156, 13), next: [c(156, 14)], dir: [c(156, 15)] },
      { name: c(157, 10), acts: [c(157, 11), c(159, 5)], res: [c(157, 12)], iss: [c(157, 13)], rating: c(157, 14), next: [c(157, 15)], dir: [c(157, 16)],
        note: '行事食や郷土料理などの献立の充実（159行目、指標の列）は主な取組とした。' },
      { name: c(158, 10), acts: [c(158, 11)], res: [c(158, 12)], iss: [c(158, 13)], rating: c(158, 14), next: [c(158, 15)], dir: [c(158, 16)] },
    ],
  },
  {
    code: '4-1-3', policy: '4-1', line: 162, name: c(162, 0), overall: c(162, 1), self: c(162, 2), dept: c(162, 16),
    quant: c(162, 7), qual: c(162, 13),
    inds: [
      { name: c(162, 3), actual: c(162, 4), target: c(162, 5), rating: c(162, 6) },
      { name: c(165, 8), actual: c(165, 9), target: c(165, 10), rating: c(165, 11) },
    ],
    devs: [
      { name: c(162, 8), acts: [c(162, 9)], res: [c(162, 10)], iss: [c(162, 11)], rating: c(162, 12), next: [c(162, 14)], dir: [c(162, 15)] },
      { name: c(163, 8), acts: [c(163, 9), c(165, 17), c(165, 20)], res: [c(163, 10)], iss: [c(163, 11)], ratingNote: NOT_PRINTED, uncertain: true,
        note: `${cellRef(165, 17, 20)}に、施策の展開のない主な取組が4つ印字されている。先進的な英語教育の推進と海外大学などへの進学システムの構築と支援は、内容からここに割り当てた。` },
      { name: c(164, 8), acts: [c(164, 9), c(165, 18), c(165, 19)], res: [c(164, 10)], iss: [c(164, 11)], ratingNote: NOT_PRINTED, uncertain: true,
        note: '先導的な教育の市内小中学校への波及と小学生の進路選択肢の拡大（165行目）は、内容からここに割り当てた。' },
    ],
  },
  {
    code: '4-2-1', policy: '4-2', line: 166, name: { literal: '施策4-2-1（施策名の印字なし）' }, overall: c(166, 1), self: c(166, 2), dept: c(166, 16),
    uncertain: true, note: '166行目には、施策のコードと名称の代わりに政策4-2の見出しが印字されている。コードは4-2-1とした（4-2-2より前にある、4-2の最初の施策）。',
    quant: c(166, 7), qual: c(166, 13),
    inds: [
      { name: c(166, 3), actual: c(166, 4), target: c(166, 5), rating: c(166, 6) },
      { name: c(167, 8), actual: c(167, 9), target: c(167, 10), rating: c(167, 11) },
      { name: c(168, 8), actual: c(168, 9), target: c(168, 10), rating: c(168, 11) },
    ],
    devs: [
      { name: c(166, 8), acts: [c(166, 9)], res: [c(166, 10)], iss: [c(166, 11)], rating: c(166, 12), next: [c(166, 14)], dir: [c(166, 15)] },
      { name: c(167, 17), acts: [c(167, 18)], res: [c(167, 19)], iss: [c(167, 20)], ratingNote: NOT_PRINTED },
      { name: c(168, 17), acts: [c(168, 18), c(168, 19)], res: [c(168, 20)], iss: [c(168, 21)], ratingNote: NOT_PRINTED },
    ],
  },
  {
    code: '4-2-2', policy: '4-2', line: 169, name: c(169, 8), overall: c(169, 9), self: c(169, 10), deptNote: 'この施策の施策代表課は印字されていない。',
    quant: c(169, 20),
    note: FIRST_COLUMNS_170,
    inds: [{ name: c(169, 11), actual: c(169, 17), target: c(169, 18), rating: c(169, 19) }],
    devs: [
      { name: c(169, 21), ratingNote: NOT_PRINTED, uncertain: true, note: `名称のみが印字されている（${cellRef(169, 21)}）。` },
      { name: c(170, 0), acts: [c(170, 1)], res: [c(170, 2)], iss: [c(170, 3)], ratingNote: NOT_PRINTED, uncertain: true, note: FIRST_COLUMNS_170 },
      { name: c(171, 0), acts: [c(171, 1)], res: [c(171, 2)], iss: [c(171, 3)], ratingNote: NOT_PRINTED, uncertain: true, note: FIRST_COLUMNS_170 },
      { name: c(172, 0), acts: [c(172, 1)], ratingNote: NOT_PRINTED, uncertain: true, note: FIRST_COLUMNS_170 },
    ],
  },
  {
    code: '4-2-3', policy: '4-2', line: 175, name: c(175, 2), overall: c(175, 3), self: c(175, 4), deptNote: 'この施策の施策代表課は印字されていない。',
    quant: c(175, 9),
    inds: [{ name: c(175, 5), actual: c(175, 6), target: c(175, 7), rating: c(175, 8) }],
    devs: [
      { name: c(175, 10, [0]), acts: [rest(175, 10, 1)], res: [c(175, 11)], iss: [c(175, 12)], rating: c(175, 13), next: [c(175, 14)], dir: [c(175, 15)] },
    ],
  },
  {
    code: '4-2-4', policy: '4-2', line: 176, name: c(176, 2), overall: c(176, 3), self: c(176, 4), dept: c(176, 16),
    quant: c(176, 9), qual: c(176, 13, [1]), qualNote: `${cellRef(176, 13)}に、1つの施策の展開に対して「中 中」と印字されている。1つ目をその評価、2つ目を施策の定性評価とした。`,
    inds: [
      { name: c(176, 5, [0]), actual: c(176, 6, [0]), target: c(176, 7, [0]), rating: c(176, 8, [0]), note: '2つの指標が1行に印字されている（セルを空白で分けた）。' },
      { name: c(176, 5, [1]), actual: c(176, 6, [1]), target: c(176, 7, [1]), rating: c(176, 8, [1]), note: '2つの指標が1行に印字されている（セルを空白で分けた）。' },
    ],
    devs: [
      { name: c(176, 10, [0]), acts: [rest(176, 10, 1)], res: [c(176, 11)], iss: [c(176, 12)], rating: c(176, 13, [0]), next: [c(176, 14)], dir: [c(176, 15)], uncertain: true,
        note: '2つ目の「中」と次期計画の2つ目の文（教育施設…）は、名称が欠落した2つ目の施策の展開のものである可能性がある。' },
    ],
  },
  {
    code: '4-2-5', policy: '4-2', line: 177, name: c(177, 2), overall: c(177, 3), self: c(177, 4), dept: c(177, 16),
    quant: c(177, 9),
    note: '3つの指標と3つの施策の展開が1行に印字されている（セルを空白で分けた）。成果・課題の記述は3つの施策の展開に共通の1つだけで、最初の施策の展開に収録した。',
    inds: [0, 1, 2].map((k) => ({ name: c(177, 5, [k]), actual: c(177, 6, [k]), target: c(177, 7, [k]), rating: c(177, 8, [k]) })),
    devs: [
      { name: c(177, 10, [0]), acts: [c(177, 10, [1, 2, 3, 4])], res: [c(177, 11)], iss: [c(177, 12)], rating: c(177, 13, [0]), next: [c(177, 14, [0])], dir: [c(177, 15, [0])] },
      { name: c(177, 10, [5]), acts: [c(177, 10, [6, 7, 8, 9])], rating: c(177, 13, [1]), next: [c(177, 14, [1])], dir: [c(177, 15, [1])] },
      { name: c(177, 10, [10]), acts: [c(177, 10, [11])], rating: c(177, 13, [2]), next: [c(177, 14, [2])], dir: [c(177, 15, [2])] },
    ],
    other: { next: [c(178, 14)], dir: [c(178, 15)] },
  },
  // ---- 基本政策 5 ------------------------------------------------------------------------
  {
    code: '5-1-1', policy: '5-1', line: 181, name: c(181, 2), overall: c(181, 3), self: c(181, 4), dept: c(181, 16),
    quant: c(187, 9), quantNote: '187行目の、指標の評価の次の列に「低」が印字されている。',
    inds: [
      { name: c(181, 5), actual: c(181, 6), target: c(181, 7), rating: c(181, 8) },
      { name: c(187, 5), actual: c(187, 6), target: c(187, 7), rating: c(187, 8) },
      { name: c(191, 0), actual: c(191, 1), target: c(191, 2), rating: c(191, 3) },
    ],
    devs: [
      { name: c(181, 9), acts: [c(181, 10), c(182, 10), c(183, 10)], res: [c(181, 11)], iss: [c(181, 12)], rating: c(181, 13), next: [c(181, 14), c(182, 12)], dir: [c(181, 15), c(182, 17)] },
      { name: c(184, 5), acts: [c(184, 6), c(185, 6), c(186, 6)], res: [c(184, 7)], iss: [c(184, 8)], rating: c(184, 9), next: [c(184, 10)], dir: [c(184, 11)] },
      { name: c(187, 10), acts: [c(188, 10), c(189, 10), c(190, 10)], res: [c(187, 11)], iss: [c(187, 12)], rating: c(187, 13), next: [c(187, 14)], dir: [c(187, 15)], uncertain: true,
        note: `${cellRef(187, 10)}は、名称が欠落した施策の展開の主な取組である可能性がある。` },
      { name: c(191, 4), acts: [c(191, 5), c(192, 5), c(193, 5), c(194, 5)], res: [c(191, 6)], iss: [c(191, 7)], rating: c(191, 8), next: [c(191, 9)], dir: [c(191, 10)] },
    ],
  },
  {
    code: '5-1-2', policy: '5-1', line: 195, name: c(195, 0), overall: c(195, 1), self: c(195, 2), dept: c(195, 15),
    quant: c(195, 7),
    inds: [
      { name: c(195, 3), actual: c(195, 4), target: c(195, 5), rating: c(195, 6) },
      { name: c(196, 3), actual: c(196, 4), target: c(196, 5), rating: c(196, 6) },
      { name: c(197, 3), actual: c(197, 4), target: c(197, 5), rating: c(197, 6) },
    ],
    devs: [
      { name: c(195, 8), acts: [c(195, 9)], res: [c(195, 10)], iss: [c(195, 11)], rating: c(195, 12), next: [c(195, 13)], dir: [c(195, 14)] },
      { name: c(197, 8), acts: [c(196, 8)], res: [c(196, 9)], iss: [c(196, 10)], next: [c(196, 11)], dir: [c(196, 13)], ratingNote: NOT_PRINTED, uncertain: true,
        note: '相談体制の充実（197行目）を、196行目に印字された主な取組と記述の施策の展開とした。' },
    ],
  },
  {
    code: '5-1-3', policy: '5-1', line: 200, name: c(200, 1), overall: c(200, 2), self: c(200, 3), dept: c(200, 16),
    quant: c(200, 8), qual: c(202, 8), qualNote: '202行目の、指標の評価の次の列に「高」が印字されている。この施策の定性評価としたが、確実ではない。',
    note: `202〜203行目は繰り返された5-1-4の見出しの下に印字されている（${cellRef(202, 0, 3)}は204行目の繰り返し）が、その指標と施策の展開（女性人材、配偶者からの暴力）は男女共同参画のものなので、ここに割り当てた。202行目の担当課のセル（国際課）は使っていない。`,
    inds: [
      { name: c(200, 4), actual: c(200, 5), target: c(200, 6), rating: c(200, 7) },
      { name: c(202, 4), actual: c(202, 5), target: c(202, 6), rating: c(202, 7), uncertain: true, note: '繰り返された5-1-4の見出しの下（202行目）に印字されている。内容から5-1-3に割り当てた。' },
    ],
    devs: [
      { name: c(200, 9), acts: [c(200, 10)], res: [c(200, 11)], iss: [c(200, 12)], rating: c(200, 13), next: [c(200, 14)], dir: [c(200, 15)] },
      { name: c(201, 9), acts: [c(201, 10)], res: [c(201, 11)], iss: [c(201, 12)], rating: c(201, 13), next: [c(201, 14)], dir: [c(201, 15)] },
      { name: c(202, 9), acts: [c(202, 10), c(203, 4)], res: [c(202, 11)], iss: [c(202, 12)], rating: c(202, 13), next: [c(202, 14)], dir: [c(202, 15)], uncertain: true,
        note: '繰り返された5-1-4の見出しの下（202行目）に印字されている。203行目は「女性に対するあらゆる暴力の防止啓発」を12のセルで繰り返している（主な取組は1つ）。' },
    ],
  },
  {
    code: '5-1-4', policy: '5-1', line: 204, name: c(204, 1), overall: c(204, 2), self: c(204, 3), dept: c(204, 16),
    quant: c(204, 8),
    inds: [
      { name: c(204, 4), actual: c(204, 5), target: c(204, 6), rating: c(204, 7) },
      { name: c(206, 4), actual: c(206, 5), target: c(206, 6), rating: c(206, 7) },
    ],
    devs: [
      { name: c(204, 9), acts: [c(204, 10)], res: [c(204, 11)], iss: [c(204, 12)], rating: c(204, 13), next: [c(204, 14)], dir: [c(204, 15)] },
      { name: c(205, 4), acts: [c(205, 5)], res: [c(205, 6)], iss: [c(205, 7)], rating: c(205, 9), next: [c(205, 10)], dir: [c(205, 11)] },
      { name: c(206, 9), acts: [c(206, 10)], res: [c(206, 11)], iss: [c(206, 12)], rating: c(206, 13), next: [c(206, 14)], dir: [c(206, 15)] },
    ],
  },
  {
    code: '5-2-1', policy: '5-2', line: 209, name: c(209, 2), overall: c(209, 3), self: c(209, 4), dept: c(209, 17),
    quant: c(209, 9),
    note: '210〜224行目は乱れている。次期計画の記述が施策の展開なしに行ごとに印字されているため、行の順に割り当てた。217行目は3-2-2の記述（し尿）の繰り返しのため使っていない。',
    inds: [{ name: c(209, 5), actual: c(209, 6), target: c(209, 7), rating: c(209, 8) }],
    devs: [
      { name: c(209, 10), acts: [c(209, 11), c(210, 10), c(211, 10)], res: [c(209, 12)], iss: [c(209, 13)], rating: c(209, 14),
        next: [c(209, 15), c(210, 13), c(211, 13)], dir: [c(209, 16), c(210, 15), c(211, 15)], uncertain: true,
        note: '209行目の次期計画の記述（行政評価、財務会計システム）は5-2-2のものと読める（229行目と比較）が、印字された位置のまま収録した。' },
      { name: c(212, 10), acts: [c(212, 11), c(213, 10), c(214, 10)], res: [c(212, 12)], iss: [c(212, 13)], rating: c(212, 14),
        next: [c(212, 15), c(213, 13), c(214, 13)], dir: [c(212, 16), c(213, 15), c(214, 15)] },
      { name: c(215, 10), acts: [c(215, 11), c(219, 3)], res: [c(215, 12), c(219, 10)], iss: [c(215, 13)], rating: c(215, 14),
        next: [c(215, 15), c(216, 13), c(218, 13), c(220, 10), c(221, 10)], dir: [c(215, 16), c(216, 15), c(218, 15), c(220, 11), c(221, 11)], uncertain: true,
        note: `219行目には公共施設の統廃合と有効活用（主な取組）、「中」（${colRef(9)}、評価の繰り返しのため使っていない）と成果の記述が印字されている。${cellRef(219, 11)}は${cellRef(218, 15)}の繰り返し。` },
      { name: { literal: '施策の展開（名称の印字なし、222行目）', line: 222 }, rating: c(222, 12), next: [c(222, 13), c(223, 13), c(224, 14)], dir: [c(222, 14), c(223, 14), c(224, 15)], uncertain: true,
        note: '222〜224行目には、施策の展開の名称なしに評価（中）と次期計画の記述（広域連携、業務の平準化、投票率）が印字されている。' },
    ],
  },
  {
    code: '5-2-2', policy: '5-2', line: 227, name: c(227, 2), overall: c(227, 3), self: c(227, 4), dept: c(229, 15),
    inds: [
      { name: c(227, 5), actual: c(227, 6), target: c(227, 7), rating: c(227, 8) },
      { name: c(228, 5), actual: c(228, 6), target: c(228, 7), rating: c(228, 8), direction: 'lower_is_better' },
      { name: c(229, 5), actual: c(229, 6), target: c(229, 7), rating: c(229, 8), note: '望ましい方向が明確でない（実質収支比率は「高いほどよい」ではなく適正な範囲がある指標）が、「高いほどよい」のままとした。' },
    ],
    devs: [
      { name: c(227, 9, [0]), acts: [rest(227, 9, 1)], res: [c(227, 10)], iss: [c(227, 11)], rating: c(227, 12), next: [c(227, 13)], dir: [c(227, 14)] },
      { name: c(228, 9, [0]), acts: [rest(228, 9, 1)], res: [c(228, 10)], iss: [c(228, 11)], rating: c(228, 12), next: [c(228, 13)], dir: [c(228, 14)],
        note: '次期計画の課題（国県への要望）は79行目（2-1-4 その他）の記述の繰り返し。' },
      { name: c(229, 9, [0]), acts: [rest(229, 9, 1)], res: [c(229, 10)], iss: [c(229, 11)], rating: c(229, 12), next: [c(229, 13)], dir: [c(229, 14)] },
    ],
  },
];

// 1-1-2's name is printed in its own cell (L31 cell 1) with the code in cell 0.
const NAME_1_1_2 = c(31, 1);

interface PolicySpec {
  code: string;
  line: number;
  name: Ref | { literal: string };
  uncertain?: boolean;
  note?: string;
}
const BASIC: PolicySpec[] = [
  { code: '1', line: 28, name: { literal: '基本政策1（名称の印字なし）' }, uncertain: true, note: `番号「1」のみが印字されている（${cellRef(28, 0)}）。` },
  { code: '2', line: 56, name: c(56, 0) },
  { code: '3', line: 108, name: { literal: '基本政策3（名称の印字なし）' }, uncertain: true, note: '番号も名称も印字されていない。3で始まる施策のコード（3-1-1など）から推定した。' },
  { code: '4', line: 154, name: c(154, 0), note: '151行目と157行目にも（本来の位置ではないが）印字されている。' },
  { code: '5', line: 181, name: c(181, 0) },
];
const POLICIES: PolicySpec[] = [
  { code: '1-1', line: 28, name: c(28, 1), uncertain: true, note: '28行目の政策の列にコードなしで印字されている。基本政策1の名称である可能性もある。' },
  { code: '1-2', line: 37, name: c(37, 1) },
  { code: '2-1', line: 56, name: c(56, 1) },
  { code: '2-2', line: 94, name: c(94, 0) },
  { code: '3-1', line: 108, name: { literal: '安心して安全に暮らせる環境をつくる' }, uncertain: true,
    note: `施策名の列（${cellRef(108, 2)}）に「3-1-1 安心して安全に暮らせる環境をつくる」と印字されている。文言（…をつくる）は政策のもの。` },
  { code: '3-2', line: 137, name: c(137, 0) },
  { code: '4-1', line: 154, name: c(154, 1), note: '151行目と157行目にも（本来の位置ではないが）印字されている。' },
  { code: '4-2', line: 166, name: c(166, 0), note: '折り返された断片「生涯に わたる 心身 を育む まを つくる」として印字されており、印字のままつなげた（「まを」は原文のまま）。' },
  { code: '5-1', line: 181, name: c(181, 1) },
  { code: '5-2', line: 209, name: c(209, 1) },
];

// ---------------------------------------------------------------------------------------------
// Value parsing
// ---------------------------------------------------------------------------------------------
const eraYear = (era: string, n: number) => (era === 'H' ? 1988 + n : 2018 + n);

interface ParsedValue {
  value: number | null;
  unit?: string;
  /** A cell printing several labelled values: each part (the text stays whole). */
  parts?: { label: string; value: number; unit: string; text: string }[];
  observedYear?: number;
  yearNote?: string;
  spanFrom?: number;
  spanTo?: number;
}
export function parseValue(t: string): ParsedValue {
  const s = t.trim();
  if (s === '-' || s === 'ー' || s === '—') return { value: null };
  const out: ParsedValue = { value: null };
  let body = s;
  const span = /\s*\(([HR])(\d+)-([HR])(\d+)\)$/.exec(body);
  if (span) {
    out.spanFrom = eraYear(span[1], Number(span[2]));
    out.spanTo = eraYear(span[3], Number(span[4]));
    body = body.slice(0, span.index);
  }
  const yr = /\s*(\(([HR])(\d+)年度?\))$/.exec(body);
  if (yr) {
    out.yearNote = yr[1];
    out.observedYear = eraYear(yr[2], Number(yr[3]));
    body = body.slice(0, yr.index);
  }
  const m = /^([\d,]+(?:\.\d+)?)\s*(%|万人|人|件|日|カ所|力所|団体|億円|t|g|㎡|基|事業所|校)$/.exec(body);
  if (!m) {
    // Several labelled values in one cell ("広瀬川: 2.7mg/L 粕川: 2.3mg/L …", "児童:86.1% 生徒:76.6%"):
    // each part on its own, the whole text kept by the caller. Anything else is text: no number.
    const parts = [...body.matchAll(/([^\s:：]+)\s*[:：]\s*([\d,]+(?:\.\d+)?)\s*(%|mg\/L)(?=\s|$)/g)];
    if (parts.length >= 2 && parts.map((p) => p[0]).join(' ') === body.replace(/\s+/g, ' ')) {
      out.parts = parts.map((p) => ({ label: p[1]!, value: Number(p[2]!.replace(/,/g, '')), unit: p[3]!, text: p[0] }));
      if (out.parts.every((p) => p.unit === out.parts![0]!.unit)) out.unit = out.parts[0]!.unit;
    }
    return out;
  }
  out.value = Number(m[1].replace(/,/g, ''));
  out.unit = m[2] === '力所' ? 'カ所' : m[2];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------
type Prov = { document: string; line: number; note?: string; uncertain?: boolean };
const prov = (line: number, note?: string, uncertain?: boolean): Prov => {
  const p: Prov = { document: DOC, line };
  if (note) p.note = note;
  if (uncertain) p.uncertain = true;
  return p;
};
const refLine = (r: Ref | { literal: string; line?: number }, fallback: number) => ('l' in r ? r.l : (r.line ?? fallback));

function level(r: Ref | undefined, allowed: string[]): string | null {
  if (!r) return null;
  const t = text(r).replace(/[Ａ-Ｄ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  // "-" is a level where the city's legend defines it (the indicator outlook: not measured).
  if (t === '-' || t === 'ー') {
    if (allowed.includes('-')) return '-';
    dashesElsewhere.push(`${r.l}:${r.i}`);
    return null;
  }
  if (!allowed.includes(t)) throw new Error(`unexpected level "${t}" at ${r.l}:${r.i}`);
  return t;
}
const AD = ['A', 'B', 'C', 'D'];
/** The indicator outlook's levels: A-D and "-" (指標の取得ができなかったもの, line 10). */
const AD_DASH = [...AD, '-'];
const dashesElsewhere: string[] = [];
const HML = ['高', '中', '低'];

const departments = new Map<string, Record<string, unknown>>();
function department(r: Ref): string {
  const printed = raw(r);
  const t = pieces(r);
  if (t.length === 2 && t[0].endsWith('局')) {
    // "上下水道局 総務課": 総務課 under 上下水道局
    const parentKey = t[0];
    if (!departments.has(parentKey)) departments.set(parentKey, { key: parentKey, name: t[0], kind: '局', provenance: prov(r.l) });
    const key = t.join('');
    if (!departments.has(key)) departments.set(key, { key, name: t[1], kind: '課', parent: parentKey, provenance: prov(r.l, `「${printed}」と印字されている。`) });
    return key;
  }
  const name = t.join('');
  const kind = name.endsWith('学校') ? '学校' : name.endsWith('室') ? '室' : name.endsWith('局') ? '局' : name.endsWith('課') ? '課' : 'その他';
  if (!departments.has(name)) {
    departments.set(name, { key: name, name, kind, provenance: prov(r.l, t.length > 1 ? `折り返された断片「${printed}」として印字されている。` : undefined) });
  }
  return name;
}

const policyNodes: Record<string, unknown>[] = [];
const indicators: Record<string, unknown>[] = [];
const evaluations: Record<string, unknown>[] = [];
let sort = 0;

for (const b of BASIC) {
  policyNodes.push({ key: b.code, plan: PLAN, depth: 1, code: b.code, name: 'literal' in b.name ? b.name.literal : joined(b.name).replace(/^\d/, ''),
    sortOrder: ++sort, provenance: prov(b.line, b.note, b.uncertain) });
}
// basic-policy names are printed "2 市民と…": strip the leading number
for (const n of policyNodes) n.name = String(n.name).replace(/^\d\s*/, '');
for (const p of POLICIES) {
  let name: string;
  if ('literal' in p.name) name = p.name.literal;
  else {
    const t = raw(p.name);
    name = /^\d-\d/.test(t) ? stripCode(p.name).name : joined(p.name);
  }
  policyNodes.push({ key: p.code, plan: PLAN, parent: p.code.split('-')[0], depth: 2, code: p.code, name, sortOrder: ++sort, provenance: prov(p.line, p.note, p.uncertain) });
}

const evalBase = { fiscalYear: FY, stage: 'self' as const };

for (const m of MEASURES) {
  let name: string;
  if (m.code === '1-1-2') name = joined(NAME_1_1_2);
  else if ('literal' in m.name) name = m.name.literal;
  else {
    if (/^\d-\d-\d/.test(raw(m.name))) {
      const sc = stripCode(m.name);
      if (sc.code !== m.code) throw new Error(`code mismatch ${sc.code} vs ${m.code} at line ${m.line}`);
      name = sc.name;
    } else {
      // code printed alone in the cell before the name (e.g. L120 "3-1-3" | "防犯対策の強化")
      const codeCell = raw({ l: m.name.l, i: m.name.i - 1 });
      if (codeCell !== m.code) throw new Error(`code mismatch ${codeCell} vs ${m.code} at line ${m.line}`);
      name = joined(m.name);
    }
  }
  const lead = m.dept ? department(m.dept) : undefined;
  const mNode: Record<string, unknown> = {
    key: m.code, plan: PLAN, parent: m.policy, depth: 3, code: m.code, name, sortOrder: ++sort,
    provenance: prov(m.line, [m.note, m.deptNote].filter(Boolean).join('') || undefined, m.uncertain),
  };
  if (lead) mNode.leadDepartment = lead;
  policyNodes.push(mNode);

  // 全体評価 (goal)
  const goal: Record<string, unknown> = {
    subject: { policyNode: m.code }, ...evalBase, scale: 'isesaki-goal', level: level(m.overall, AD),
    provenance: prov(m.overall?.l ?? m.line, m.overallNote ?? (m.overall ? undefined : '全体評価は印字されていない。'), Boolean(m.overallNote) || !m.overall),
  };
  if (m.self) goal.comment = text(m.self);
  if (m.other) {
    const ot: Record<string, string> = {};
    const nx = texts(m.other.next);
    const dr = texts(m.other.dir);
    if (nx) ot['次期計画で取り組むべき課題'] = nx;
    if (dr) ot['次期計画での取組の方向性'] = dr;
    goal.otherTexts = ot;
    (goal.provenance as Prov).note = [(goal.provenance as Prov).note, `次期計画で取り組むべき課題・次期計画での取組の方向性は「その他」の行（${m.other.next?.[0]?.l}行目）による。`].filter(Boolean).join('');
  }
  evaluations.push(goal);
  if (m.quant) {
    evaluations.push({ subject: { policyNode: m.code }, ...evalBase, scale: 'isesaki-quantitative', level: level(m.quant, HML),
      provenance: prov(m.quant.l, m.quantNote, Boolean(m.quantNote) && m.code !== '3-2-2') });
  }
  if (m.qual) {
    const unc = ['5-1-3', '3-1-5', '4-2-4'].includes(m.code);
    evaluations.push({ subject: { policyNode: m.code }, ...evalBase, scale: 'isesaki-qualitative', level: level(m.qual, HML),
      provenance: prov(m.qual.l, m.qualNote, unc) });
  }

  // indicators
  m.inds.forEach((ind, k) => {
    const key = `${m.code}-i${k + 1}`;
    const iname = pieces(ind.name).join(ind.name.parts ? ' ' : '');
    const values: Record<string, unknown>[] = [];
    let unit: string | undefined;
    for (const [ref, kind, year] of [[ind.actual, 'actual', FY], [ind.target, 'target', TARGET_FY]] as const) {
      if (!ref) continue;
      const t = text(ref);
      const pv = parseValue(t);
      const v: Record<string, unknown> = { fiscalYear: year, kind, value: pv.value, text: t };
      if (pv.observedYear !== undefined) { v.observedYear = pv.observedYear; v.yearNote = pv.yearNote; }
      if (pv.spanFrom !== undefined) { v.spanFrom = pv.spanFrom; v.spanTo = pv.spanTo; }
      if (pv.parts) v.parts = pv.parts;
      v.provenance = prov(ref.l);
      unit ??= pv.unit;
      values.push(v);
    }
    const rec: Record<string, unknown> = {
      key, policyNode: m.code, name: iname, direction: ind.direction ?? 'higher_is_better', kind: 'unknown', isKpi: true, sortOrder: k + 1, values,
      provenance: prov(ind.name.l, ind.note, ind.uncertain),
    };
    if (unit) rec.unit = unit;
    indicators.push(rec);
    // A printed "-" is the level "-"; where nothing is printed (a lost cell) there is no evaluation.
    if (ind.rating) {
      const lv = level(ind.rating, AD_DASH);
      evaluations.push({
        subject: { indicator: key }, ...evalBase, scale: 'isesaki-outlook', level: lv,
        provenance: prov(ind.rating.l, ind.uncertain ? ind.note : lv === '-' ? '「-」と印字されている（指標の取得ができなかったもの）。' : undefined, ind.uncertain),
      });
    } else {
      rec.provenance = prov(ind.name.l, `${ind.note ?? '抽出したテキストに定量評価がない（セルの欠落）。'}評価が印字されていないため、評価の記録はない（「-」とは別）。`, true);
    }
  });

  // developments and 主な取組
  m.devs.forEach((d, k) => {
    const key = `${m.code}-d${k + 1}`;
    const dline = refLine(d.name, m.line);
    const dname = 'literal' in d.name ? d.name.literal : pieces(d.name).join('');
    policyNodes.push({ key, plan: PLAN, parent: m.code, depth: 4, name: dname, sortOrder: ++sort, provenance: prov(dline, d.note, d.uncertain) });
    let a = 0;
    for (const r of d.acts ?? []) {
      for (const item of pieces(r)) {
        policyNodes.push({ key: `${key}-a${++a}`, plan: PLAN, parent: key, depth: 5, name: item, sortOrder: ++sort, provenance: prov(r.l) });
      }
    }
    const ev: Record<string, unknown> = {
      subject: { policyNode: key }, ...evalBase, scale: 'isesaki-development', level: level(d.rating, HML),
      provenance: prov(d.rating?.l ?? dline, [d.ratingNote, d.uncertain ? d.note : undefined].filter(Boolean).join('') || undefined,
        Boolean(d.ratingNote) || Boolean(d.uncertain)),
    };
    const res = texts(d.res);
    const iss = texts(d.iss);
    if (res) ev.achievement = res;
    if (iss) ev.issues = iss;
    const ot: Record<string, string> = {};
    const nx = texts(d.next);
    const dr = texts(d.dir);
    if (nx) ot['次期計画で取り組むべき課題'] = nx;
    if (dr) ot['次期計画での取組の方向性'] = dr;
    if (Object.keys(ot).length) ev.otherTexts = ot;
    evaluations.push(ev);
  });
}

/**
 * Pages: the table's header row is printed at the top of every page; the first page also holds
 * the rules (lines 1-24) and the title above its header. No page numbers are printed.
 */
function headerPages() {
  const headers = linesWhere(LINES, (l) => l.startsWith('基本政策\t政策\t施策名\t全体評価'));
  if (headers.length < 2) throw new Error(`expected the header row on every page, found ${headers.length}`);
  return pageMap([1, ...headers.slice(1)]);
}

if (dashesElsewhere.length) console.log(`"-" printed where its scale has no such level (stored without a rating): ${dashesElsewhere.join(', ')}`);

const out = {
  formatVersion: FORMAT_VERSION,
  municipality: { code: '102041', name: '伊勢崎市', nameKana: 'いせさきし', nameEn: 'Isesaki', prefecture: '群馬県', generated: false, attributes: CITY_ATTRIBUTES.isesaki },
  documents: [{ key: DOC, title: '第2次伊勢崎市総合計画の成果・課題一覧', file: SRC_FILE, generated: false, pages: headerPages() }],
  plans: [{
    key: PLAN, name: '第2次伊勢崎市総合計画', kind: 'comprehensive', startYear: 2015, endYear: 2024,
    levels: ['基本政策', '政策', '施策', '施策の展開', '主な取組'],
    provenance: prov(25, 'この文書には期間が印字されていない。2015〜2024年度と仮定した（次の計画が始まる令和7年＝2025年より前に終わる10年間の計画として）。', true),
  }],
  departments: [...departments.values()],
  ratingScales: [
    { key: 'isesaki-goal', name: '施策の目標（全体評価）', subjectKind: 'policy_node', provenance: prov(3, undefined),
      levels: [
        { code: 'A', label: 'すでに達成している', score: 4, color: '#2e7d32' },
        { code: 'B', label: 'おおむね達成している(達成見込みあり)', score: 3, color: '#1565c0' },
        { code: 'C', label: 'やや未達である', score: 2, color: '#ef6c00' },
        { code: 'D', label: '未達である', score: 1, color: '#c62828' },
      ] },
    { key: 'isesaki-outlook', name: '令和6年度の達成見込み（指標の定量評価）', subjectKind: 'indicator',
      description: '指標の取得ができなかったものは「-」とした',
      provenance: prov(7, 'Dは「60%未満」。負の達成率は生じないため、Dの下限を0%として収録した。「-」は10行目の「指標の取得ができなかったものは「-」とした」による段階で、点数はない（12〜14行目の点数はA〜Dだけに付く）。'),
      levels: [
        { code: 'A', label: '100%以上', score: 3, color: '#2e7d32' },
        { code: 'B', label: '80%以上100%未満', score: 2, color: '#1565c0' },
        { code: 'C', label: '60%以上80%未満', score: 1, color: '#ef6c00' },
        { code: 'D', label: '60%未満', score: 0, color: '#c62828' },
        { code: '-', label: '指標の取得ができなかったもの', score: null, color: '#757575' },
      ],
      rule: { kind: 'achievementBands', bands: [{ level: 'A', minPercent: 100 }, { level: 'B', minPercent: 80 }, { level: 'C', minPercent: 60 }, { level: 'D', minPercent: 0 }],
        unmeasuredLevel: '-', actualYear: FY, targetYear: TARGET_FY } },
    { key: 'isesaki-development', name: '施策の展開の定性評価', subjectKind: 'policy_node', provenance: prov(16),
      levels: [
        { code: '高', label: '高', description: '取組内容が達成できている状態', score: 3, color: '#2e7d32' },
        { code: '中', label: '中', description: '取組内容が半分程度達成できている状態', score: 2, color: '#f9a825' },
        { code: '低', label: '低', description: '取組内容が達成できていない状態', score: 1, color: '#c62828' },
      ] },
    { key: 'isesaki-quantitative', name: '施策の定量評価', subjectKind: 'policy_node', provenance: prov(12),
      description: '各指標の評価についてA:3点・B:2点・C:1点・D:0点とし、平均点が2.5を上回ると「高」、1.5を上回ると「中」、それ以下を「低」とした',
      levels: [
        { code: '高', label: '高', score: 3, color: '#2e7d32' },
        { code: '中', label: '中', score: 2, color: '#f9a825' },
        { code: '低', label: '低', score: 1, color: '#c62828' },
      ],
      // Only A-D carry points (line 12): an indicator rated "-" is left out of the mean.
      rule: { kind: 'meanScore', inputScale: 'isesaki-outlook', inputs: 'indicators', excludedLevels: ['-'],
        thresholds: [{ level: '高', min: 2.5, inclusive: false }, { level: '中', min: 1.5, inclusive: false }], otherwise: '低' } },
    { key: 'isesaki-qualitative', name: '施策の定性評価', subjectKind: 'policy_node', provenance: prov(20),
      description: '各「施策の展開」の評価について高:3点・中:2点・低:1点とし、平均点が2.5点以上の場合「高」、1.7点以上の場合「中」、1.7未満の場合「低」とした。',
      levels: [
        { code: '高', label: '高', score: 3, color: '#2e7d32' },
        { code: '中', label: '中', score: 2, color: '#f9a825' },
        { code: '低', label: '低', score: 1, color: '#c62828' },
      ],
      rule: { kind: 'meanScore', inputScale: 'isesaki-development', inputs: 'children',
        thresholds: [{ level: '高', min: 2.5, inclusive: true }, { level: '中', min: 1.7, inclusive: true }], otherwise: '低' } },
  ],
  policyNodes,
  projects: [],
  indicators,
  evaluations,
  departmentPolicies: [],
  classMappings: classMappingsFor('isesaki', policyNodes),
};

// Validate against the canonical schema before writing.
const parsed = dataset.safeParse(out);
if (!parsed.success) {
  console.error(JSON.stringify(parsed.error.issues.slice(0, 20), null, 2));
  process.exit(1);
}
// keys unique
for (const [what, arr] of [['policyNodes', policyNodes], ['indicators', indicators]] as const) {
  const seen = new Set<string>();
  for (const r of arr) {
    const k = String(r.key);
    if (seen.has(k)) throw new Error(`duplicate ${what} key ${k}`);
    seen.add(k);
  }
}
writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
const depth = (d: number) => policyNodes.filter((n) => n.depth === d).length;
console.log(`wrote ${OUT}: measures ${depth(3)}, developments ${depth(4)}, 主な取組 ${depth(5)}, indicators ${indicators.length}, evaluations ${evaluations.length}, departments ${departments.size}`);
