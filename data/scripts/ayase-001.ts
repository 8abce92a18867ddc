/**
 * 綾瀬市 令和5年度部局運営方針 → data/seeds/ayase-001.json
 *
 *   cd /work/main && npx tsx data/scripts/ayase-001.ts
 *
 * Thirteen one-page policies, one per 部局, each with 部局運営に関する基本的考え方, 行政改革に係る
 * 取組 in three fixed categories (1 財務体質の強化, 2 スマート自治体の推進, 3 再編・公共施設の
 * 適正管理) and 特定課題に係る取組 (stored as category "個別課題"). Every page was extracted
 * differently (HTML-like <p>/<ul> cells, tab-separated cells, one cell per line, row labels
 * spaced out letter by letter), so the pages were read by hand: the table DEPTS below names the
 * lines of every basic approach and category cell and the heading of every initiative, and the
 * script cuts the cell text at those headings (the run fails if a heading is not found where it
 * is said to be). Text before the first heading of a cell is the category's printed theme
 * ("…の取組について"); it is checked and, for 個別課題, kept in the initiative's provenance note
 * (the schema has no field for it).
 *
 * Text rules: "<p>" paragraphs and "<ul>" items become lines; a space after "。" (a line break in
 * the PDF cell) becomes a newline; a space before "・" in a list becomes a newline. Explicit
 * corrections of extraction artefacts are listed in FIXES with their line numbers.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { FORMAT_VERSION, type DatasetInput } from '../../server/src/dataset/format.js';
import { validateDataset, formatProblem } from '../../server/src/dataset/validate.js';
import { linesRef } from './notes.js';
import { linesWhere } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = '001_45797bf1886c3d07.txt';
const OUT = resolve(here, '../seeds/ayase-001.json');
const DOC = 'ayase-001';
const FY = 2023;

const lines = readSourceLines(FILE);

/**
 * Extraction artefacts corrected by line: [line, printed, corrected]. Each must occur on its line.
 * - 204: the 産業振興部 basic approach keeps the PDF's wrap points as spaces inside words.
 * - 301: "ＬＩＶＥ１１９" came out letter-spaced.
 */
const FIXES: [number, string, string][] = [
  [204, '脱炭素社会の実現と いった', '脱炭素社会の実現といった'],
  [204, '業 態・技術転換', '業態・技術転換'],
  [204, '高まる中に あっても', '高まる中にあっても'],
  [204, '組織づく りに', '組織づくりに'],
  [301, 'L I V E 1 1 9', 'LIVE119'],
];
for (const [n, from, to] of FIXES) {
  if (!lines[n - 1]?.includes(from)) throw new Error(`fix: line ${n} does not contain ${JSON.stringify(from)}`);
  lines[n - 1] = lines[n - 1].replace(from, to);
}

const line = (n: number) => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`line ${n} is past the end of ${FILE}`);
  return l;
};
function at(n: number, ...texts: string[]): number {
  for (const t of texts) if (!line(n).includes(t)) throw new Error(`line ${n} does not contain ${JSON.stringify(t)}: ${JSON.stringify(line(n))}`);
  return n;
}
const prov = (n: number, extra: { lineEnd?: number; note?: string; uncertain?: boolean } = {}) => ({ document: DOC, line: n, ...extra });

/**
 * The content of a line: a tab-separated line is "row label<TAB>cell"; the row label (e.g.
 * "1 財務体質の強化", "部 基 本 的 …") is dropped, except where the first cell is itself the
 * category theme ("…について<TAB>", 土木部 lines 265, 271, 277, 285).
 */
function content(n: number): string {
  const l = line(n);
  if (!l.includes('\t')) return l.trim();
  const cells = l.split('\t').map((c) => c.trim());
  if (cells[0].endsWith('について')) return cells.filter(Boolean).join('\n');
  return cells.slice(1).filter(Boolean).join('\n');
}

/** Normalises a cell's text into lines (see the header comment). */
function tidy(text: string): string {
  return text
    .replace(/<ul[^>]*>/g, '\n')
    .replace(/<\/ul>/g, '\n')
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<\/?p>/g, '')
    .replace(/。 +/g, '。\n')
    .replace(/ +・/g, '\n・')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('\n');
}
const cellText = (ls: number[]) => tidy(ls.map(content).filter(Boolean).join('\n'));

type Category = '財務体質の強化' | 'スマート自治体の推進' | '再編・公共施設の適正管理' | '個別課題';
interface Cell {
  category: Category;
  /** Lines of the cell (theme, headings and bodies). */
  lines: number[];
  /** The initiatives' headings as printed, in order, each with the line it is printed on. */
  titles: [number, string][];
}
interface Dept {
  key: string;
  name: string;
  kind: '部' | '本部' | '室' | '局' | '事務局';
  /** Line of the table of contents entry and of the page heading ("令和5年度 …運営方針"). */
  toc: number;
  heading: number;
  basic: number[];
  cells: Cell[];
  note?: string;
}

const R: Record<string, Category> = { f: '財務体質の強化', s: 'スマート自治体の推進', r: '再編・公共施設の適正管理', k: '個別課題' };
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const DEPTS: Dept[] = [
  {
    key: 'shichoshitsu', name: '市長室', kind: '室', toc: 7, heading: 23, basic: [25],
    cells: [
      { category: R.f, lines: [30], titles: [[30, '厚木基地周辺対策事業の確保'], [30, '防衛補助により取得した財産処分について']] },
      { category: R.s, lines: [33], titles: [[33, '防災対策システムの調査'], [33, '防災、防犯情報の発信']] },
      // line 36: the row label is printed "再編・公共施設管理の"
      { category: R.r, lines: [36], titles: [[36, '施設の防災拠点としての活用'], [36, '公共施設整備に対する財源確保']] },
      { category: R.k, lines: [41], titles: [[41, '防災力の強化と基地問題への対応']] },
    ],
  },
  {
    key: 'keiei-kikaku', name: '経営企画部', kind: '部', toc: 8, heading: 44, basic: [46],
    cells: [
      { category: R.f, lines: [51, 52, 53], titles: [[52, '企業版ふるさと納税の推進'], [53, '市債発行の抑制']] },
      { category: R.s, lines: [55, 56, 57], titles: [[56, '自治体DXの着実な実装'], [57, 'ペーパーレス化の促進']] },
      { category: R.r, lines: [59, 60, 61], titles: [[60, '予防保全の徹底'], [61, '適正な維持管理']] },
      { category: R.k, lines: [65, 66], titles: [[66, 'DX人材育成のための環境整備']] },
    ],
  },
  {
    key: 'somu-senkyo', name: '総務部・選挙管理委員会事務局', kind: '部', toc: 9, heading: 68, basic: [72, 74],
    note: '「総務部(選挙管理委員会事務局)運営方針」のページ（68行目）を1つの部局として収録。目次には「総務部・選挙管理委員会事務局」と印字されている。',
    cells: [
      { category: R.f, lines: [80, 82, 84, 86, 88], titles: [[82, '未利用地の売却'], [86, '徴収業務一元化の検討']] },
      { category: R.s, lines: [92, 94, 96, 98, 100], titles: [[94, '納税者の利便性向上'], [98, '地方税電子申告支援サービスの拡充']] },
      { category: R.r, lines: [104, 106, 108, 110, 112], titles: [[106, '旧保健医療センターを大和綾瀬地域児童相談所への移転準備'], [110, '市庁舎の計画的な維持管理']] },
      { category: R.k, lines: [118, 120, 122], titles: [[120, '将来を担う中堅、若手職員の人材育成の取組']] },
    ],
  },
  {
    key: 'somu-saihen', name: '総務部（公共施設・中心市街地再編担当）', kind: '部', toc: 10, heading: 124, basic: [126],
    note: 'ページの見出しは「総務部(公共施設・中心市街地再編)運営方針」（124行目）。名称は目次（10行目）の表記による。',
    cells: [
      { category: R.f, lines: [131, 132, 133], titles: [[132, '旧消防本部庁舎跡地利用の推進'], [133, '自治会館、地区センターの複合化の推進による維持管理コストの縮減']] },
      { category: R.s, lines: [135, 136], titles: [[136, '複合化施設への情報通信設備の整備と業務効率化']] },
      { category: R.r, lines: [138, 139, 140], titles: [[139, '蓼川地区の地域施設複合化の推進'], [140, '早川地区の地域施設複合化の推進']] },
      { category: R.k, lines: [144, 145], titles: [[145, '公共施設複合化にあわせた「建築物のZEB化」と「太陽光発電設備設置」の推進']] },
    ],
  },
  {
    key: 'fukushi', name: '福祉部', kind: '部', toc: 11, heading: 147, basic: [149],
    cells: [
      { category: R.f, lines: [154, 155, 156], titles: [[155, '生活困窮者対策の更なる推進'], [156, '保健事業と介護予防事業の一体的な実施']] },
      { category: R.s, lines: [158, 159, 160], titles: [[159, '高齢者のデジタルデバインド解消への支援'], [160, 'ICTを活用したハイブリット講座の実施']] },
      { category: R.r, lines: [162, 163, 164], titles: [[163, 'もみの木園の建替えに伴う管理運営方法の検討'], [164, '高齢者福祉会館のあり方の検討']] },
      { category: R.k, lines: [168, 169], titles: [[169, '高齢者等の移動支援の充実']] },
    ],
  },
  {
    key: 'shimin-kankyo', name: '市民環境部', kind: '部', toc: 12, heading: 171, basic: [173],
    cells: [
      // lines 179, 182, 185: both initiatives of the cell are printed on one line
      { category: R.f, lines: [178, 179], titles: [[179, '一般廃棄物の削減、資源化の推進について'], [179, '手数料納入方法の多様化の促進']] },
      { category: R.s, lines: [181, 182], titles: [[182, '窓口における情報処理端末を活用した利便性の向上と効率化'], [182, 'ICTツールを活用した外国人市民への情報提供サービスの充実']] },
      { category: R.r, lines: [184, 185], titles: [[185, '図書館の再整備に向けた基本構想の検討'], [185, '公共施設再編に伴う休館対応と代替事業について']] },
      { category: R.k, lines: [189, 190], titles: [[190, '公共施設への再生可能エネルギー導入事業の検討']] },
    ],
  },
  {
    key: 'kenko-kodomo', name: '健康こども部', kind: '部', toc: 13, heading: 192, basic: [194],
    cells: [
      { category: R.f, lines: [196], titles: [[196, '市民プール設置に向けた基本構想の策定'], [196, '保育料未納者に対する適正指導']] },
      { category: R.s, lines: [197], titles: [[197, '保育園登園管理システム及び給付費業務効率に向けたシステム導入'], [197, 'スポーツ施設及び学校開放施設の予約及び使用料のキャッシュレス化']] },
      // line 198: the row label is printed "3 再編・公共施設管理の適正管理"
      { category: R.r, lines: [198], titles: [[198, '保育園の適正管理'], [198, '児童館の適正管理']] },
      { category: R.k, lines: [200], titles: [[200, '地域医療の推進に向けた体制確保']] },
    ],
  },
  {
    key: 'sangyo-shinko', name: '産業振興部', kind: '部', toc: 14, heading: 202, basic: [204],
    cells: [
      { category: R.f, lines: [209], titles: [[209, '外国人高度人材の雇用支援'], [209, '企業競争力を高める新商品開発の支援']] },
      { category: R.s, lines: [212], titles: [[212, '農業委員会のタブレット導入'], [212, 'ワークライフバランス実現のためのDXの推進']] },
      { category: R.r, lines: [215], titles: [[215, '中心市街地を核とした活性化']] },
      { category: R.k, lines: [220], titles: [[220, '中小製造業におけるカーボンニュートラルへの対応支援']] },
    ],
  },
  {
    key: 'toshi', name: '都市部', kind: '部', toc: 15, heading: 223, basic: [225],
    cells: [
      { category: R.f, lines: range(230, 234), titles: [[231, '企業立地の受け皿整備'], [233, 'コミュニティバスの再編']] },
      { category: R.s, lines: range(236, 240), titles: [[237, '公開型地図情報配信システム導入'], [239, '審議会等の会議におけるペーパーレス化']] },
      { category: R.r, lines: range(242, 246), titles: [[243, '公園遊具の改修'], [245, '公営住宅長寿命化及びライフサイクルコストの縮減']] },
      { category: R.k, lines: range(250, 252), titles: [[251, '第8回線引き見直し']] },
    ],
  },
  {
    key: 'doboku', name: '土木部', kind: '部', toc: 16, heading: 254, basic: [259, 260, 261],
    cells: [
      { category: R.f, lines: range(265, 269), titles: [[266, '補助金などの有効活用と新たな財源の確保'], [268, '施設の効率的な管理と整備の推進']] },
      { category: R.s, lines: range(271, 275), titles: [[272, '施設管理台帳などのデジタル化の推進'], [274, '設計、積算、施工管理、施設管理などのデジタル化へ向けた調査研究']] },
      // line 278: the row label is printed "再編・公共施設管理の"
      { category: R.r, lines: range(277, 281), titles: [[278, '施設の適正な維持管理'], [280, '未利用道路用地の整理']] },
      { category: R.k, lines: range(285, 287), titles: [[286, '再生可能エネルギー活用の推進']] },
    ],
  },
  {
    key: 'shobo', name: '消防本部', kind: '本部', toc: 17, heading: 289, basic: [291],
    note: '消防本部は部と同格の部局で、組織の種別は「本部」とした。',
    cells: [
      { category: R.f, lines: [296, 297, 298], titles: [[297, '補助金等の活用と研究'], [298, '近隣市との連携強化']] },
      { category: R.s, lines: [300, 301, 302], titles: [[301, '指令システムの新たなデジタルデバイスの検討'], [302, 'e-ランニングの活用（普通救命講習会）']] },
      { category: R.r, lines: [304, 305, 306], titles: [[305, '北分署及び南分署'], [306, '消防団車庫（6分団）']] },
      { category: R.k, lines: [310, 311], titles: [[311, '消防団員の確保対策及び災害対応能力の向上']] },
    ],
  },
  {
    key: 'kyoiku', name: '教育部', kind: '部', toc: 18, heading: 313, basic: [315],
    cells: [
      { category: R.f, lines: [320, 321, 322], titles: [[321, '国・県等補助制度の活用と新たな財源の確保'], [322, '学校施設の計画的な改修']] },
      { category: R.s, lines: [324, 325, 326], titles: [[325, '小・中学校プロジェクターの更新'], [326, '保護者等への連絡手段のデジタル化の推進']] },
      { category: R.r, lines: [328, 329, 330], titles: [[329, '土棚小学校などの適正配置に向けた方針の決定'], [330, '綾北小学校・綾北中学校の改築に向けた方針の決定']] },
      { category: R.k, lines: [334, 335], titles: [[335, '(仮称)総合教育支援センター整備基本構想の策定']] },
    ],
  },
  {
    key: 'gikai', name: '議会事務局', kind: '事務局', toc: 19, heading: 337, basic: [339],
    note: 'このページには行政改革に係る取組がなく、特定課題に係る取組のみが印字されている。',
    cells: [{ category: R.k, lines: [343], titles: [[343, '議会活動をサポートする事務局職員の能力向上と意識改革']] }],
  },
];

/** The printed theme of each administrative-reform category (text before the first heading). */
const THEMES: Record<Exclude<Category, '個別課題'>, RegExp> = {
  財務体質の強化: /^財務体質の強化に向けた財源確保[(（]歳出削減又は歳入増加[)）]の取り?組み?について$/,
  スマート自治体の推進: /^業務効率化及び市民サービスの向上に向けたICTツール等の導入に(?:む|向)けた取り?組み?について$/,
  '再編・公共施設の適正管理': /^公共施設マネジメント基本方針及び再編計画に基づく施設の適正管理に関する取り?組み?について$/,
};

const deptKey = (k: string) => `ayase-dept-${k}`;
const departments: NonNullable<DatasetInput['departments']> = [];
const departmentPolicies: NonNullable<DatasetInput['departmentPolicies']> = [];

at(3, '令和5年度部局運営方針');
for (const d of DEPTS) {
  // The table of contents prints the name (dotted leaders and page number after it).
  if (!line(d.toc).startsWith(`${d.name}.....`)) throw new Error(`toc line ${d.toc} is not ${d.name}: ${line(d.toc)}`);
  at(d.heading, '令和5年度', '運営方針');
  departments.push({ key: deptKey(d.key), name: d.name, kind: d.kind, provenance: prov(d.toc, d.note ? { note: d.note } : {}) });

  const basicApproach = cellText(d.basic);
  if (!basicApproach) throw new Error(`${d.name}: empty basic approach`);

  const initiatives: NonNullable<NonNullable<DatasetInput['departmentPolicies']>[number]['initiatives']> = [];
  for (const cell of d.cells) {
    const text = cellText(cell.lines);
    let cursor = 0;
    const found: { start: number; end: number; line: number; title: string }[] = [];
    for (const [n, title] of cell.titles) {
      if (!content(n).includes(title)) throw new Error(`${d.name}: heading ${JSON.stringify(title)} is not on line ${n}`);
      const start = text.indexOf(title, cursor);
      if (start < 0) throw new Error(`${d.name}: heading ${JSON.stringify(title)} not found after position ${cursor}`);
      // A heading starts a paragraph or follows the previous body after a space.
      if (start > 0 && !/[\n ]/.test(text[start - 1])) throw new Error(`${d.name}: ${JSON.stringify(title)} is inside a sentence`);
      found.push({ start, end: start + title.length, line: n, title });
      cursor = start + title.length;
    }
    const theme = text.slice(0, found[0].start).trim();
    if (cell.category === '個別課題') {
      if (!/^.+の実現に(?:む|向)けた取り?組み?について$/.test(theme)) throw new Error(`${d.name}: unexpected 個別課題 theme ${JSON.stringify(theme)}`);
    } else if (!THEMES[cell.category].test(theme)) {
      throw new Error(`${d.name} ${cell.category}: unexpected theme ${JSON.stringify(theme)}`);
    }
    found.forEach((f, i) => {
      const body = tidy(text.slice(f.end, i + 1 < found.length ? found[i + 1].start : text.length));
      if (!body) throw new Error(`${d.name}: empty body for ${f.title}`);
      initiatives.push({
        category: cell.category,
        title: f.title,
        body,
        provenance: prov(f.line, cell.category === '個別課題' ? { note: `特定課題に係る取組。印字されたテーマ：${theme}` } : {}),
      });
    });
  }

  departmentPolicies.push({
    key: `ayase-dp-${FY}-${d.key}`,
    department: deptKey(d.key),
    fiscalYear: FY,
    basicApproach,
    initiatives,
    provenance: prov(d.heading, { note: `部局運営に関する基本的考え方は${linesRef(d.basic)}。` }),
  });
}

/**
 * Pages: the table of contents (lines 6-18) prints each 部局's page (市長室 2 … 議会事務局 14); each
 * policy begins at its heading "令和5年度 …運営方針". The cover with the contents is page 1.
 */
function tocPages() {
  const toc = linesWhere(lines, (l) => /\.{5}\t\d+$/.test(l)).map((n) => {
    const [, name, page] = /^(.+?)\.{5}\t(\d+)$/.exec(line(n))!;
    return { name: name!, page: Number(page) };
  });
  const headings = linesWhere(lines, (l) => /^令和5年度 .+運営方針$/.test(l));
  if (toc.length !== 13 || headings.length !== 13) throw new Error(`contents list ${toc.length} pages, ${headings.length} headings`);
  headings.forEach((n, i) => {
    // The heading names the 部局 as the contents do, give or take its brackets and spaces.
    const first = toc[i]!.name.replace(/[（(・].*$/, '');
    if (!line(n).includes(first)) throw new Error(`heading ${n} (${line(n)}) does not match contents entry ${toc[i]!.name}`);
  });
  return [{ line: 1, number: 1, printed: false }, ...headings.map((n, i) => ({ line: n, number: toc[i]!.page, printed: true }))];
}

const out: DatasetInput = {
  formatVersion: FORMAT_VERSION,
  municipality: {
    // 全国地方公共団体コード of 綾瀬市: 14218 + check digit 2 (see data/scripts/ayase-000.ts).
    code: '142182',
    name: '綾瀬市',
    nameKana: 'あやせし',
    nameEn: 'Ayase',
    prefecture: '神奈川県',
  },
  documents: [{ key: DOC, title: '令和5年度 部局運営方針', file: FILE, pages: tocPages() }],
  plans: [],
  departments,
  departmentPolicies,
};

const result = validateDataset(out);
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  process.exit(1);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
const all = departmentPolicies.flatMap((p) => p.initiatives ?? []);
const byCat = Object.values(R).map((c) => `${c} ${all.filter((i) => i.category === c).length}`);
console.log(`wrote ${OUT}: ${departments.length} departments, ${departmentPolicies.length} policies, ${all.length} initiatives (${byCat.join(', ')})`);
