/**
 * 香取市 第2次総合計画 後期基本計画 第3編 8節 大綱6「市民参画・行政の取組」→ data/seeds/katori-003.json
 *
 *   cd /work/main && npx tsx data/scripts/katori.ts
 *
 * The source is the text extracted from the PDF chapter (data/sources/003_fe73dcc56ea95b72.txt).
 * The extraction keeps the words but scrambles the layout, so the script works in two ways:
 *
 * - Parsed: pages (a line starting with a space starts a new PDF page), the measure headers
 *   (6-1 … 6-7 with 主担当課 / 関係課), the 小施策 lists, the 現状と課題 sections, every 取組方針
 *   heading (①②…) with its description, and every 主な取組 table. A 主な取組 table is always
 *   printed just before the heading of the 取組方針 it belongs to, and the 取組方針 of a 小施策
 *   follow each other until the next ① (checked below against the printed numbering).
 * - Read by hand and tied to the lines: the indicator tables (cells come out of order and
 *   split; every printed string is looked up on the line it is said to come from, the run fails
 *   if it is not there) and the 重点 badges (see JUTEN below).
 *
 * Corrections and readings settled by reading the document (line numbers are 1-based):
 * - 6-4 (line 748): the header line has no ■; name at 751, 主担当課 at 803-804, 関係課 at 806-807.
 * - 6-1 ⑤ (243) is printed before ④ (281) and after the 現状と課題 of 小施策 2 (252-267); by its
 *   number and content (現状と課題 1-5, item 5 = コンパス) both belong to 小施策 1 市民協働.
 * - 6-7 ⑤ (1924) is printed after the 現状と課題 of 経営効率化 (1890); by number and content
 *   (現状と課題 item 5 = 使用料) it belongs to 小施策 1 財源確保.
 * - 6-5: the three rows under "市公式SNS等の利用登録者数（その2）" (1109-1138: Instagram, Facebook,
 *   YouTube) are one printed name with three descriptions/values; they are kept as three
 *   indicators, the platform added to the name from the description.
 * - The 小施策 column of the indicator tables spans rows: a row without its own label belongs to
 *   the label above it (e.g. 6-5 SNS（その2）under 地域プロモーション, 6-7 ふるさと納税受入額 under 財源確保).
 * - 主な取組 wrapping: a short line after a full-width bullet is that bullet's continuation
 *   (e.g. 145 "続", 178 "及び審議", 890 "係る事業展開に向けた検討"); see parseActions. All 122
 *   主な取組 were read against the document after the run; no per-line override was needed.
 * - Stray spaces the extraction puts inside Japanese text ("（ SNS等）", "秘書広報 課 所 管 分" at
 *   1122-1123) are dropped in names and descriptions (see tidy); value texts are kept as printed.
 * - 6-6 定員管理職員数 (1364-1365): label, name, description, source and values share two lines.
 */
import { CITY_ATTRIBUTES, classMappingsFor } from './classes.js';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dataset, FORMAT_VERSION, type DatasetInput } from '../../server/src/dataset/format.js';
import { validateDataset, formatProblem } from '../../server/src/dataset/validate.js';
import { fiscalYearLabel } from '../../server/src/shared/fiscal-year.js';
import { lineRef, linesRef } from './notes.js';
import { pageMap } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = '003_fe73dcc56ea95b72.txt';
const OUT = resolve(here, '../seeds/katori-003.json');
const DOC = 'katori-003';
const PLAN = 'katori-kouki';

const lines = readSourceLines(FILE);
const N = lines.length;
const line = (n: number) => {
  const l = lines[n - 1];
  if (l === undefined) throw new Error(`line ${n} is past the end of ${FILE}`);
  return l;
};
const t = (n: number) => line(n).trim();

/** Asserts that every text is printed on line n and returns n (for provenance). */
function at(n: number, ...texts: string[]): number {
  for (const x of texts) if (!line(n).includes(x)) throw new Error(`line ${n} does not contain ${JSON.stringify(x)}: ${JSON.stringify(line(n))}`);
  return n;
}

type Prov = { document: string; line: number; lineEnd?: number; note?: string; uncertain?: boolean };
const prov = (n: number, extra: Omit<Prov, 'document' | 'line'> = {}): Prov => ({ document: DOC, line: n, ...extra });

/** Display width: full-width characters count 2. */
const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0xff ? 2 : 1), 0);

/**
 * Drops the stray spaces the extraction puts next to Japanese text ("（ SNS等）", "（ 5都市 ）",
 * "秘書広報 課 所 管 分"): a space is kept only between two ASCII characters ("Business Process").
 */
const tidy = (s: string) => s.replace(/ +/g, (sp, i: number, all: string) => (/[\x21-\x7e]/.test(all[i - 1] ?? '') && /[\x21-\x7e]/.test(all[i + sp.length] ?? '') ? ' ' : ''));
/** Joins wrapped Japanese text (no spaces between wrapped lines). */
const joinJa = (parts: string[]) => tidy(parts.map((p) => p.trim()).filter(Boolean).join(''));

// ---------------------------------------------------------------------------------------------
// Pages: the extraction starts every PDF page with a line that begins with a space.

const pageStarts: number[] = [1];
for (let n = 2; n <= N; n++) if (/^ \S/.test(line(n))) pageStarts.push(n);
const pageOf = (n: number) => {
  let p = 0;
  for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i] <= n) p = i;
  return p;
};
const pageRange = (p: number): [number, number] => [pageStarts[p], (pageStarts[p + 1] ?? N + 1) - 1];

// ---------------------------------------------------------------------------------------------
// Departments

const DEPTS: Record<string, { key: string; kind: '課' | '事務局' }> = {
  市民協働課: { key: 'katori-shimin-kyodo-ka', kind: '課' },
  企画政策課: { key: 'katori-kikaku-seisaku-ka', kind: '課' },
  秘書広報課: { key: 'katori-hisho-koho-ka', kind: '課' },
  議会事務局: { key: 'katori-gikai-jimukyoku', kind: '事務局' },
  総務課: { key: 'katori-somu-ka', kind: '課' },
  財政課: { key: 'katori-zaisei-ka', kind: '課' },
  学校教育課: { key: 'katori-gakko-kyoiku-ka', kind: '課' },
  税務課: { key: 'katori-zeimu-ka', kind: '課' },
};
const deptFirstLine = new Map<string, number>();
const dept = (name: string, n: number) => {
  const d = DEPTS[name];
  if (!d) throw new Error(`unknown department ${name} (line ${n})`);
  if (!deptFirstLine.has(name)) deptFirstLine.set(name, n);
  return d.key;
};

// ---------------------------------------------------------------------------------------------
// Measures (施策): "6-x" line, then "8節 大綱6…", then "名称 ■ 主担当課　X ■ 関係課　Y".

type Measure = {
  code: string;
  line: number;
  name: string;
  nameLine: number;
  lead: string;
  leadLine: number;
  related: string[];
  relatedLine: number;
  allDepts: boolean;
  page: number;
  vision: string;
  visionLine: number;
  subs: Sub[];
};
type Sub = { no: number; name: string; line: number; issues?: string; issuesLine?: number; policies: Policy[] };
type Action = { name: string; line: number; lineEnd: number; body: { cat: string; bullets: string[] }[] };
type Policy = { no: number; code: string; name: string; line: number; description: string; descEnd: number; actions: Action[] };

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';
const measures: Measure[] = [];
for (let n = 1; n <= N; n++) {
  const m = /^\s*(6-[1-7])$/.exec(line(n));
  if (!m) continue;
  at(n + 1, '8節 大綱6：市民参画・行政の取組');
  const hdr = n + 3;
  const full = /^(.+?) ■ 主担当課　(.+?) ■ 関係課　(.+)$/.exec(t(hdr));
  let name: string, lead: string, leadLine: number, relatedText: string, relatedLine: number;
  if (full) {
    [, name, lead, relatedText] = full;
    leadLine = relatedLine = hdr;
  } else {
    // 6-4 (line 748): name alone at 751; 主担当課 / 関係課 printed further down (803-807).
    name = t(hdr);
    const l = lines.findIndex((s, i) => i > hdr && s.startsWith('■ 主担当課')) + 1;
    leadLine = l;
    lead = t(l + 1);
    relatedLine = at(l + 3, '■ 関係課　');
    relatedText = [t(l + 3).replace('■ 関係課　', ''), t(l + 4)].join('・');
  }
  const parts = relatedText.split('・').map((s) => s.trim()).filter(Boolean);
  const allDepts = parts.includes('全課等');
  const related = parts.filter((s) => s !== '全課等');
  // 5年後の目指す姿
  let v = n;
  while (!t(v).startsWith('5年後の目指す姿')) v++;
  const vis: string[] = [];
  for (let k = v + 1; k <= N; k++) {
    const s = t(k);
    if (/^(小施策|業績評価指標|関連する個別計画)/.test(s)) break;
    vis.push(s);
  }
  measures.push({
    code: m[1], line: n, name, nameLine: hdr, lead, leadLine, related, relatedLine, allDepts,
    page: pageOf(n), vision: joinJa(vis), visionLine: v, subs: [],
  });
}
if (measures.length !== 7) throw new Error(`expected 7 measures, found ${measures.length}`);
/** First line of a measure's overview: for 6-3 / 6-7 the indicator table is on the page before the header. */
function overviewStart(m: Measure): number {
  const [s] = pageRange(m.page);
  if (m.page === 0) return s;
  const prev = pageRange(m.page - 1);
  for (let k = prev[0]; k <= prev[1]; k++) if (t(k).startsWith('小施策 指標名') && !hasPolicyHeading(prev[0], prev[1])) return prev[0];
  return s;
}
function hasPolicyHeading(a: number, b: number) {
  for (let k = a; k <= b; k++) if (new RegExp(`^[${CIRCLED}] `).test(t(k))) return true;
  return false;
}

// 小施策: "n 名称" lines on the overview pages (the list is split by the extraction, e.g. 6-1
// prints 1 and 3 under 小施策 and 2 at line 77).
for (const m of measures) {
  const a = overviewStart(m);
  const b = pageRange(m.page)[1];
  for (let k = a; k <= b; k++) {
    const s = /^([1-4]) (\S{1,14})$/.exec(t(k));
    if (s) m.subs.push({ no: Number(s[1]), name: s[2], line: k, policies: [] });
  }
  m.subs.sort((x, y) => x.no - y.no);
  m.subs.forEach((s, i) => {
    if (s.no !== i + 1) throw new Error(`${m.code}: 小施策 numbering broken at ${s.line}`);
  });
}
const measureOfLine = (n: number) => {
  let found: Measure | undefined;
  for (const m of measures) if (overviewStart(m) <= n) found = m;
  if (!found) throw new Error(`no measure for line ${n}`);
  return found;
};

// 現状と課題: "名称n" then "現状と課題", then numbered paragraphs.
const isMarker = (s: string) => /^(取組方針|重 点|主な取組|第 3 編|現状と課題|小施策|業績評価指標)/.test(s) || /^6-\d$/.test(s);
for (let n = 1; n < N; n++) {
  const h = /^(.+?)([1-4])$/.exec(t(n));
  if (!h || t(n + 2) !== '現状と課題') continue;
  const m = measureOfLine(n);
  const sub = m.subs[Number(h[2]) - 1];
  if (!sub || sub.name !== h[1]) throw new Error(`line ${n}: 現状と課題 header ${t(n)} does not match 小施策 ${sub?.name}`);
  const paras: string[] = [];
  for (let k = n + 3; k <= N; k++) {
    const raw = line(k);
    const s = raw.trim();
    if (!s) continue;
    if (/^ \S/.test(raw) || isMarker(s)) break;
    const prev = paras.length ? paras[paras.length - 1] : '';
    if (/^\d /.test(s)) paras.push(s);
    else if (prev && (!prev.endsWith('。') || width(s) >= 60)) paras[paras.length - 1] += s;
    else break; // a photo caption after the last paragraph (e.g. 692 佐原地域を空から望む)
  }
  sub.issues = '現状と課題\n' + paras.map((x) => x.replace(/^(\d) (.*)$/, (_, no: string, body: string) => `${no} ${tidy(body)}`)).join('\n');
  sub.issuesLine = n;
}

// ---------------------------------------------------------------------------------------------
// 取組方針 headings and the 主な取組 table printed before each of them.

const CATS = '体制|計画|実行|見直し';
const reCat = new RegExp(`^(${CATS})(?:\\s+(・.*))?$`);
const reNameCat = new RegExp(`^([^・].*?)\\s+(${CATS})(?:\\s+(・.*))?$`);
const rePolicy = new RegExp(`^([${CIRCLED}]) (.+)$`);

/** Explicit splits the width rule cannot settle (none needed so far; key = line number). */
const FORCE_NAME_START = new Set<number>([]);
const FORCE_CONTINUATION = new Set<number>([]);

function parseActions(from: number, to: number): Action[] {
  const rows: number[] = [];
  for (let k = from; k <= to; k++) {
    const s = t(k);
    if (!s || s === '重 点' || s === '取組方針') continue;
    rows.push(k);
  }
  const kind = (k: number) => {
    const s = t(k);
    if (s.startsWith('・')) return 'bullet';
    if (reCat.test(s)) return 'cat';
    if (reNameCat.test(s)) return 'namecat';
    return 'plain';
  };
  const actions: Action[] = [];
  let cur: Action | undefined;
  let state: 'name' | 'body' = 'body';
  let lastBulletWidth = 0;
  const addBullet = (b: string) => {
    const body = cur!.body;
    if (!body.length) throw new Error(`bullet without category in action at ${cur!.line}`);
    body[body.length - 1].bullets.push(b);
    lastBulletWidth = width(b);
  };
  const appendToBullet = (s: string, k: number) => {
    const body = cur!.body[cur!.body.length - 1];
    if (!body?.bullets.length) throw new Error(`continuation without bullet at ${k}`);
    body.bullets[body.bullets.length - 1] += s;
    lastBulletWidth = width(s);
  };
  rows.forEach((k, i) => {
    const s = t(k);
    const kd = kind(k);
    const next = rows[i + 1];
    const next2 = rows[i + 2];
    if (kd === 'bullet') {
      addBullet(s);
      cur!.lineEnd = k;
      return;
    }
    if (kd === 'cat') {
      const [, cat, b] = reCat.exec(s)!;
      cur!.body.push({ cat, bullets: [] });
      state = 'body';
      if (b) addBullet(b);
      cur!.lineEnd = k;
      return;
    }
    // plain or name+category: a new action, a wrapped name, or a wrapped bullet
    const closesName = (j: number | undefined) => j !== undefined && (kind(j) === 'cat' || kind(j) === 'namecat');
    let continuation = false;
    if (!cur || state === 'name' || kd === 'namecat') continuation = false;
    else if (FORCE_CONTINUATION.has(k)) continuation = true;
    else if (FORCE_NAME_START.has(k)) continuation = false;
    else {
      // a name is followed by its category, directly or after one more (wrapped) name line
      const startsName = closesName(next) || (next !== undefined && kind(next) === 'plain' && width(s) >= 36 && closesName(next2));
      // a short line right after a full-width bullet is the end of that bullet (e.g. 145 "続")
      continuation = !startsName || (lastBulletWidth >= 66 && width(s) < 36);
    }
    if (continuation) {
      appendToBullet(s, k);
      cur!.lineEnd = k;
      return;
    }
    let namePart = s;
    let cat: string | undefined;
    let bullet: string | undefined;
    if (kd === 'namecat') [, namePart, cat, bullet] = reNameCat.exec(s)!;
    if (cur && state === 'name') {
      cur.name += namePart.trim();
      cur.lineEnd = k;
    } else {
      cur = { name: namePart.trim(), line: k, lineEnd: k, body: [] };
      actions.push(cur);
      state = 'name';
      lastBulletWidth = 0;
    }
    if (cat) {
      cur.body.push({ cat, bullets: [] });
      state = 'body';
      if (bullet) addBullet(bullet);
    }
  });
  for (const a of actions) {
    if (!a.body.length || a.body.some((b) => !b.bullets.length)) throw new Error(`action at ${a.line} "${a.name}" has an empty 内容`);
  }
  return actions;
}

/** The description under a 取組方針 heading: wrapped lines up to the next marker or caption. */
function policyDescription(h: number): { text: string; end: number } {
  const out: string[] = [];
  let end = h;
  for (let k = h + 1; k <= N; k++) {
    const raw = line(k);
    const s = raw.trim();
    if (!s) continue;
    if (/^ \S/.test(raw) || isMarker(s) || /^.+[1-4]$/.test(s) && t(k + 2) === '現状と課題') break;
    const prev = out[out.length - 1];
    // a short line after a finished sentence that is no sentence itself is a photo caption
    if (prev?.endsWith('。') && !s.endsWith('。') && width(s) < 60) break;
    out.push(s);
    end = k;
  }
  return { text: joinJa(out), end };
}

const policyLines: number[] = [];
for (let n = 1; n <= N; n++) if (rePolicy.test(t(n))) policyLines.push(n);
for (const h of policyLines) {
  const [, mark, name] = rePolicy.exec(t(h))!;
  // the 主な取組 table printed last before this heading
  let tbl = h - 1;
  while (tbl > 0 && !/^主な取組 内　容/.test(t(tbl))) tbl--;
  const between = policyLines.filter((p) => p > tbl && p < h);
  if (between.length) throw new Error(`no 主な取組 table directly before the heading at ${h}`);
  const actions = parseActions(tbl + 1, h - 1);
  const d = policyDescription(h);
  const m = measureOfLine(h);
  const no = CIRCLED.indexOf(mark) + 1;
  // the 小施策: ① opens the next 小施策 of the measure; others stay in the current one
  const opened = m.subs.filter((s) => s.policies.length > 0).length;
  const sub = no === 1 ? m.subs[opened] : m.subs[opened - 1];
  if (!sub) throw new Error(`line ${h}: no 小施策 for ${mark}`);
  sub.policies.push({ no, code: mark, name, line: h, description: d.text, descEnd: d.end, actions });
}
for (const m of measures)
  for (const s of m.subs) {
    s.policies.sort((a, b) => a.no - b.no);
    s.policies.forEach((p, i) => {
      if (p.no !== i + 1) throw new Error(`${m.code} 小施策${s.no}: 取組方針 numbering broken at line ${p.line}`);
    });
  }

// ---------------------------------------------------------------------------------------------
// 重点 badges. The extraction prints each badge as a loose line "重 点"; 16 are printed. A badge
// belongs to a 取組方針 on its own page (page = run of lines from one space-led line to the
// next), but its place within the page varies. Where a page holds as many badges as 取組方針
// (or one 取組方針) the flags are certain. Elsewhere the badge is given to the heading it follows
// (a badge right after "① … / 取組方針" goes to ①, as on the one-policy pages 554-615 and
// 693-747; a badge after the last heading of the page goes to it, as on 137-224 and 409-438)
// and a badge printed before any heading of the page goes to the first heading (as on 409-438);
// these are marked uncertain.

const badgeLines: number[] = [];
for (let n = 1; n <= N; n++) if (t(n) === '重 点') badgeLines.push(n);
if (badgeLines.length !== 16) throw new Error(`expected 16 重点 badges, found ${badgeLines.length}`);
const allPolicies = measures.flatMap((m) => m.subs.flatMap((s) => s.policies.map((p) => ({ m, s, p }))));
const policyByLine = new Map(allPolicies.map((x) => [x.p.line, x]));
const juten = new Map<number, { uncertain: boolean; badge: number; note?: string }>(); // policy line → flag
const pageNotes = new Map<number, string>();
{
  const byPage = new Map<number, number[]>();
  for (const b of badgeLines) byPage.set(pageOf(b), [...(byPage.get(pageOf(b)) ?? []), b]);
  for (const [p, badges] of byPage) {
    const [a, z] = pageRange(p);
    const heads = policyLines.filter((h) => h >= a && h <= z);
    if (!heads.length) throw new Error(`badge page ${a}-${z} has no 取組方針`);
    const certain = badges.length === heads.length;
    const assigned: number[] = [];
    if (certain) assigned.push(...heads);
    else
      for (const b of badges) {
        const before = heads.filter((h) => h < b);
        const h = before.length ? before[before.length - 1] : heads[0];
        if (assigned.includes(h)) throw new Error(`two badges for the heading at ${h}`);
        assigned.push(h);
      }
    const names = heads.map((h) => `${policyByLine.get(h)!.p.code} ${policyByLine.get(h)!.p.name}（${lineRef(h)}）`).join('、');
    const note = certain
      ? undefined
      : `このページ（${lineRef(a, z)}）には${heads.length}つの取組方針（${names}）に対して「重 点」の印が${badges.length}つ（${linesRef(badges)}）印字されているが、` +
        `抽出したテキストからはどの見出しに付いているかが分からないため、重点かどうかは「不明」とした。`;
    heads.forEach((h, i) => {
      const idx = assigned.indexOf(h);
      if (idx >= 0) juten.set(h, { uncertain: !certain, badge: certain ? badges[i] : badges[idx], note });
      if (note) pageNotes.set(h, note);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Indicators (業績評価指標), read by hand from the tables; each string is checked on its line.

type IV = NonNullable<NonNullable<DatasetInput['indicators']>[number]['values']>[number];
type IndSpec = {
  key: string;
  measure: string;
  sub: number;
  name: [string, number[]];
  description: [string, number[]];
  unit: string;
  source: [string, number];
  kpi: boolean;
  values: string[]; // baseline, 2023, 2025, 2027 as printed (wrapped parts joined without spaces)
  valueLines: number[];
  direction?: 'higher_is_better' | 'lower_is_better';
  note?: string;
};

const IND: IndSpec[] = [
  // 6-1 (table lines 22-73)
  { key: '6-1-i1', measure: '6-1', sub: 1, name: ['住民自治（まちづくり）協議会数', [29, 30]],
    description: ['各年度末時点における活動を継続している住民自治（まちづくり）協議会の数', [32, 33, 34]], unit: '団体',
    source: ['市民協働課調べ', 36], kpi: true, values: ['23団体', '23団体', '23団体', '24団体'], valueLines: [37] },
  { key: '6-1-i2', measure: '6-1', sub: 1, name: ['本市ウェブサイト「市民活動団体の紹介」掲載数', [39, 40, 42]],
    description: ['各年度における本市ウェブサイト「市民活動団体の紹介 」掲載数', [44, 45, 46]], unit: '件',
    source: ['市民協働課調べ', 48], kpi: true, values: ['43件（2021）', '45件', '47件', '50件'], valueLines: [50, 51] },
  { key: '6-1-i3', measure: '6-1', sub: 2, name: ['地域振興事業助成制度を活用し事業を実施した団体数', [54, 55, 56]],
    description: ['各年度における地域振興事業助成制度を活用し事業を実施した団体数', [58, 59, 60]], unit: '団体',
    source: ['市民協働課調べ', 62], kpi: true, values: ['6団体', '10団体', '10団体', '10団体'], valueLines: [63],
    note: '表の小施策欄は「事業提案・連携」（53行目）。' },
  { key: '6-1-i4', measure: '6-1', sub: 3, name: ['自治会等加入率', [65]],
    description: ['各年度末時点における自治会等に加入している世帯の割合', [66, 67, 68]], unit: '%',
    source: ['市民協働課調べ', 70], kpi: true, values: ['73.0%（2021）', '73.0%', '73.0%', '73.0%'], valueLines: [72, 73],
    note: '表の小施策欄は「コミュニティ」（65行目）。目標値は現状値と同じ（率を下げない）だが、率は高いほどよいため、望ましい方向は「高いほどよい」とした。' },
  // 6-2 (453-465)
  { key: '6-2-i1', measure: '6-2', sub: 1, name: ['SDGｓに係る研修等への参加者数', [458, 459]],
    description: ['SDGｓに係る研修等への累計参加者数', [461, 462]], unit: '人',
    source: ['企画政策課調べ', 464], kpi: true, values: ['ー', '100人', '200人', '300人'], valueLines: [465],
    note: '表の小施策欄は「推進体制」（458行目）。累計の人数。現状値は「ー」と印字されている（値なし）。' },
  // 6-3 (618-641, printed on the page before the 6-3 header)
  { key: '6-3-i1', measure: '6-3', sub: 1, name: ['過疎対策事業債の活用実績', [623, 624]],
    description: ['過疎対策事業債の累計発行額', [626]], unit: '億円',
    source: ['財政課調べ', 627], kpi: false, values: ['28億円（協議額）', '37億円', '62億円', '114億円'], valueLines: [629, 630],
    note: '表の小施策欄は「過疎対策」（623行目）。KPIの印はない。累計発行額。現状値には2022（令和4）の列に注記「（協議額）」（協議で合意した額）が付いている。' },
  { key: '6-3-i2', measure: '6-3', sub: 2, name: ['本市の移住者支援を活用した移住者数', [632, 633]],
    description: ['各年度における移住者支援金を活用した移住者数', [635, 636]], unit: '人',
    source: ['企画政策課調べ', 638], kpi: true, values: ['5人（2021）', '5人', '5人', '6人'], valueLines: [640, 641],
    note: '表の小施策欄は「移住・定住」（632行目）。' },
  // 6-4 (766-799)
  { key: '6-4-i1', measure: '6-4', sub: 1, name: ['姉妹・友好都市との民間交流事業件数', [774, 775]],
    description: ['各年度における姉妹都市等（ 5都市 ）と本市の民間団体等が、相互訪問、産品PR、オンライン交流事業等を実施した件数', [777, 778, 779, 780, 781]],
    unit: '件', source: ['企画政策課調べ', 783], kpi: true, values: ['4件', '5件', '6件', '7件'], valueLines: [785],
    note: '表の小施策欄は「地域連携・地域間交流」（771〜772行目）。' },
  { key: '6-4-i2', measure: '6-4', sub: 2, name: ['市国際交流協会における通訳ガイドボランティア案内件数', [788, 789, 790]],
    description: ['各年度の市国際交流協会における外国人来訪者に対する市内案内件数', [792, 793, 794]], unit: '件',
    source: ['市民協働課調べ', 796], kpi: false, values: ['0件（2021）', '60件', '80件', '80件'], valueLines: [798, 799],
    note: '表の小施策欄は「国際交流」（787行目）。KPIの印はない。' },
  // 6-5 (1056-1138)
  { key: '6-5-i1', measure: '6-5', sub: 1, name: ['ウェブサイトへのアクセス月平均件数', [1063, 1064]],
    description: ['各年度における市ウェブサイトへのページ別訪問延べ件数（月平均 ）（ Googleアナリティクスによる集計）', [1066, 1067, 1069, 1070]],
    unit: '件', source: ['秘書広報課調べ', 1072], kpi: false,
    values: ['142,911件（2021）', '150,000件', '160,000件', '170,000件'], valueLines: [1074, 1075],
    note: '表の小施策欄は「広報」（1061行目）。KPIの印はない。' },
  { key: '6-5-i2', measure: '6-5', sub: 1, name: ['市公式SNSの利用登録者数（その1）', [1077, 1078, 1080]],
    description: ['各年度末時点における市の公式LINE友だち登録者数', [1082, 1083]], unit: '千人',
    source: ['秘書広報課調べ', 1085], kpi: false, values: ['－', '2.0千人', '3.5千人', '5.0千人'], valueLines: [1086],
    note: '表の小施策欄は「広報」（1061行目の欄が2行にまたがる）。KPIの印はない。現状値は「－」と印字されている（LINEは未開設）。値の単位は千人。' },
  { key: '6-5-i3', measure: '6-5', sub: 2, name: ['グループ座談会等の参加者数', [1088, 1089]],
    description: ['各年度におけるグループ座談会や出前講座等の参加者数', [1091, 1092]], unit: '人',
    source: ['秘書広報課調べ', 1094], kpi: false, values: ['142人', '200人', '250人', '300人'], valueLines: [1095],
    note: '表の小施策欄は「広聴」（1088行目）。KPIの印はない。' },
  { key: '6-5-i4', measure: '6-5', sub: 3, name: ['ふるさと納税受入件数', [1100]],
    description: ['各年度のふるさと香取応援寄附金受入件数', [1101, 1102]], unit: '件',
    source: ['企画政策課調べ', 1104], kpi: true, values: ['28,204件（2021）', '45,000件', '67,500件', '90,000件'], valueLines: [1106, 1107],
    note: '表の小施策欄は「地域プロモーション」（1097〜1098行目）。' },
  { key: '6-5-i5', measure: '6-5', sub: 3, name: ['市公式SNS等の利用登録者数（その2）：Instagram', [1109, 1110, 1112]],
    description: ['各年度末時点の秘書広報課所管分Instagramフォロワー数', [1114, 1115]], unit: '人',
    source: ['秘書広報課調べ', 1117], kpi: true, values: ['2,987人（2021）', '4,000人', '5,000人', '6,000人'], valueLines: [1119, 1120],
    note: '印字された名称「市公式SNS等の利用登録者数（その2）」（1109〜1112行目）は3つの行（Instagram、Facebook、YouTube）に共通のため、説明からサービス名を名称に加えた。小施策欄「地域プロモーション」（1097行目）の下で、ふるさと納税受入件数の次に並ぶ。' },
  { key: '6-5-i6', measure: '6-5', sub: 3, name: ['市公式SNS等の利用登録者数（その2）：Facebook', [1109, 1110, 1112]],
    description: ['各年度末時点の秘書広報課所管分Facebookフォロワー数', [1122, 1123, 1124]], unit: '人',
    source: ['秘書広報課調べ', 1126], kpi: true, values: ['703人（2021）', '750人', '800人', '850人'], valueLines: [1128, 1129],
    note: '「市公式SNS等の利用登録者数（その2）」の2つ目の行。説明は字間を空けて印字されている（「秘書広報 課 所 管 分」、1122〜1123行目）ため、その空白を除いて収録した。' },
  { key: '6-5-i7', measure: '6-5', sub: 3, name: ['市公式SNS等の利用登録者数（その2）：YouTube', [1109, 1110, 1112]],
    description: ['各年度末時点の秘書広報課所管分YouTubeチャンネル登録者数', [1131, 1132, 1133]], unit: '人',
    source: ['秘書広報課調べ', 1135], kpi: true, values: ['705人（2021）', '750人', '800人', '850人'], valueLines: [1137, 1138],
    note: '「市公式SNS等の利用登録者数（その2）」の3つ目の行。' },
  // 6-6 (1359-1389)
  { key: '6-6-i1', measure: '6-6', sub: 2, name: ['定員管理職員数', [1364]],
    description: ['各年4月1日時点における市職員数', [1364, 1365]], unit: '人',
    source: ['総務課調べ', 1365], kpi: false, values: ['559人', '545人', '542人', '－'], valueLines: [1365],
    direction: 'lower_is_better',
    note: '表の小施策欄は「行政改革」（1364行目）。行全体が1364〜1365行目に印字されている。KPIの印はない。職員数を減らす方針（現状と課題、1558行目）のもとで目標値が下がる（545、542）ため、望ましい方向は「低いほどよい」とした。各年4月1日時点の人数。2027年度の目標値はない（「－」）。' },
  { key: '6-6-i2', measure: '6-6', sub: 3, name: ['男性職員の育児休業取得率', [1370, 1371]],
    description: ['各年度末時点における男性職員の育児休業の取得状況', [1373, 1374]], unit: '%',
    source: ['総務課調べ', 1376], kpi: false, values: ['22.2%（2021）', '23.0%', '25.0%', '－'], valueLines: [1378, 1379],
    note: '表の小施策欄は「組織体制・職員研修」（1367〜1368行目）。KPIの印はない。2027年度の目標値はない（「－」）。' },
  { key: '6-6-i3', measure: '6-6', sub: 4, name: ['行政手続きのオンライン化件数', [1381, 1382]],
    description: ['各年度末時点におけるオンライン申請が可能な行政手続きの件数', [1384, 1385, 1386]], unit: '件',
    source: ['総務課調べ', 1388], kpi: true, values: ['21件', '31件', '40件', '50件'], valueLines: [1389],
    note: '表の小施策欄は「ＤＸ対応」（1381行目）。' },
  // 6-7 (1684-1745, printed on the page before the 6-7 header)
  { key: '6-7-i1', measure: '6-7', sub: 1, name: ['一般市税の収納率', [1691]],
    description: ['各年度における市民税や固定資産税などの市税調定額に対して収納された額の割合', [1692, 1693, 1694]], unit: '%',
    source: ['税務課調べ', 1696], kpi: true, values: ['95.00%（2021）', '95.05%', '95.10%', '95.15%'], valueLines: [1698, 1699],
    note: '表の小施策欄は「財源確保」（1689行目）。' },
  { key: '6-7-i2', measure: '6-7', sub: 1, name: ['ふるさと納税受入額', [1701]],
    description: ['各年度のふるさと香取応援寄附金受入額', [1702, 1703]], unit: '千円',
    source: ['企画政策課調べ', 1705], kpi: true, values: ['375,284千円（2021）', '500,000千円', '750,000千円', '1,000,000千円'],
    valueLines: [1707, 1708, 1710, 1712, 1713, 1715, 1716, 1718, 1719],
    note: '表の小施策欄は「財源確保」（1689行目の欄が2行にまたがる）。各値は2行（数値と「千円」）に分かれて印字されており、つなげて収録した。' },
  { key: '6-7-i3', measure: '6-7', sub: 2, name: ['将来負担比率', [1721]],
    description: ['各年度における市が将来支払うべき負担等の残高を指標化した将来財政を圧迫する可能性の度合い', [1723, 1724, 1725, 1726]], unit: '%',
    source: ['財政課調べ', 1728], kpi: false, values: ['19%（2021）', '30％以内', '30％以内', '30％以内'], valueLines: [1730, 1731],
    direction: 'lower_is_better',
    note: '表の小施策欄は「経営効率化」（1721行目）。KPIの印はない。目標値が上限（30％以内）のため、望ましい方向は「低いほどよい」とした。現状値19%はすでに上限を下回っている。' },
  { key: '6-7-i4', measure: '6-7', sub: 3, name: ['公共施設総延べ床面積縮減率', [1733, 1734]],
    description: ['各年度末時点における公共施設の総延床面積の2016（平成28）年度末時点からの縮減率', [1736, 1737, 1739, 1740]], unit: '%',
    source: ['財政課調べ', 1742], kpi: true, values: ['0.5%（2021）', '1.0%', '3.8%', '6.6%'], valueLines: [1744, 1745],
    note: '表の小施策欄は「財産管理・調達」（1733行目）。縮減率のため、高いほどよい。' },
];

/** Checks that a hand-read text is printed across the given lines (spaces ignored). */
function checkPrinted(text: string, ls: number[], what: string) {
  const squash = (s: string) => s.replace(/[\s　]/g, '');
  const printed = squash(ls.map(line).join(''));
  // the SNS（その2）names carry the platform from the description; check only the printed part
  const want = squash(text.split('：')[0]);
  if (!printed.includes(want)) throw new Error(`${what}: ${JSON.stringify(text)} is not printed on lines ${ls.join(',')}: ${printed}`);
}

function parseValue(text: string) {
  if (/^[ー－-]$/.test(text)) return { value: null as number | null };
  const m = /^([\d,]+(?:\.\d+)?)(千円|億円|団体|千人|件|人|%|％)(以内)?(（(\d{4})）|（(.+)）)?$/.exec(text);
  if (!m) throw new Error(`cannot parse value ${text}`);
  return {
    value: Number(m[1].replace(/,/g, '')),
    unit: m[2],
    atMost: !!m[3],
    year: m[5] ? Number(m[5]) : undefined,
    yearNote: m[5] ? `（${m[5]}）` : undefined,
    otherNote: m[6],
  };
}

const YEARS = [2022, 2023, 2025, 2027];
// the column header is printed the same way over every table
for (const n of [25, 456, 621, 769, 1059, 1362, 1687]) at(n, '2022（令和4） 2023（令和5） 2025（令和7） 2027（令和9）');

const indicators: DatasetInput['indicators'] = IND.map((s, idx) => {
  checkPrinted(s.name[0], s.name[1], `${s.key} name`);
  checkPrinted(s.description[0], s.description[1], `${s.key} description`);
  at(s.source[1], `（${s.source[0]}）`);
  const kpiPrinted = /KPI/.test(line(s.source[1]));
  if (kpiPrinted !== s.kpi) throw new Error(`${s.key}: KPI mark on line ${s.source[1]} is ${kpiPrinted}`);
  const valuesPrinted = s.valueLines.map(line).join('').replace(/[\s　]/g, '');
  const wanted = s.values.join('');
  if (!valuesPrinted.endsWith(wanted)) throw new Error(`${s.key}: values ${wanted} not printed on ${s.valueLines.join(',')}: ${valuesPrinted}`);
  const values = s.values.map((text, i) => {
    const p = parseValue(text);
    if ('unit' in p && p.unit !== s.unit && !(s.unit === '%' && p.unit === '％')) throw new Error(`${s.key}: unit ${p.unit} in ${text}`);
    const kind = i === 0 ? ('baseline' as const) : ('target' as const);
    const v: IV = {
      fiscalYear: i === 0 && 'year' in p && p.year ? p.year : YEARS[i],
      kind,
      value: p.value,
      text,
      provenance: prov(s.valueLines[0], s.valueLines.length > 1 ? { lineEnd: s.valueLines[s.valueLines.length - 1] } : {}),
    };
    if ('year' in p && p.year) {
      v.observedYear = p.year;
      v.yearNote = p.yearNote;
      v.provenance = { ...v.provenance!, note: `現状値 2022（令和4）の列に、独自の年の注記${p.yearNote}を付けて印字されている。${fiscalYearLabel(p.year)}の値として収録した。` };
    }
    if ('otherNote' in p && p.otherNote)
      v.provenance = { ...v.provenance!, note: `現状値 2022（令和4）の列に、注記（${p.otherNote}）を付けて印字されている。ほかの年の記載がないため、${fiscalYearLabel(2022)}の値とした。` };
    if ('atMost' in p && p.atMost) v.qualifier = 'at_most';
    if (p.value === null) v.provenance = { ...v.provenance!, note: `「${text}」と印字されている（値なし）。` };
    return v;
  });
  const m = measures.find((x) => x.code === s.measure)!;
  const sub = m.subs[s.sub - 1];
  return {
    key: s.key,
    policyNode: `${s.measure}-s${s.sub}`,
    name: tidy(s.name[0]),
    description: tidy(s.description[0]),
    unit: s.unit,
    direction: s.direction ?? 'higher_is_better',
    source: s.source[0],
    isKpi: s.kpi,
    sortOrder: idx + 1,
    values,
    provenance: prov(s.name[1][0], {
      lineEnd: Math.max(...s.valueLines, s.source[1]),
      note: [`小施策${sub.no} ${sub.name}の業績評価指標。`, s.kpi ? 'KPIの印がある。' : '', s.note ?? ''].filter(Boolean).join(''),
    }),
  };
});
for (const s of IND) dept(s.source[0].replace('調べ', ''), s.source[1]);

// ---------------------------------------------------------------------------------------------
// Policy nodes

const policyNodes: DatasetInput['policyNodes'] = [];
const top = at(4, '8節 大綱6：市民参画・行政の取組');
policyNodes.push({
  key: '6',
  plan: PLAN,
  depth: 1,
  code: '6',
  name: '市民参画・行政の取組',
  sortOrder: 6,
  provenance: prov(top, { note: '各施策の冒頭に「8節 大綱6：市民参画・行政の取組」と印字されている。' }),
});
measures.forEach((m, mi) => {
  const notes: string[] = [];
  if (m.allDepts) notes.push('関係課には「全課等」（すべての課）も挙げられているが、特定の組織ではないため収録していない。');
  if (m.leadLine !== m.nameLine) notes.push(`主担当課は${lineRef(m.leadLine)}、関係課は${lineRef(m.relatedLine)}に印字されている（見出しから離れた位置）。`);
  policyNodes.push({
    key: m.code,
    plan: PLAN,
    parent: '6',
    depth: 2,
    code: m.code,
    name: m.name,
    description: `5年後の目指す姿：${m.vision}`,
    leadDepartment: dept(m.lead, m.leadLine),
    // 6-4 prints its 関係課 over two lines (806-807): take the line that names each
    relatedDepartments: m.related.map((r) => dept(r, [m.relatedLine, m.relatedLine + 1].find((k) => line(k).includes(r))!)),
    sortOrder: mi + 1,
    provenance: prov(m.line, { lineEnd: m.nameLine, ...(notes.length ? { note: notes.join('') } : {}) }),
  });
  for (const s of m.subs) {
    const sk = `${m.code}-s${s.no}`;
    policyNodes.push({
      key: sk,
      plan: PLAN,
      parent: m.code,
      depth: 3,
      code: String(s.no),
      name: s.name,
      ...(s.issues ? { description: s.issues } : {}),
      relatedDepartments: [],
      sortOrder: s.no,
      provenance: prov(s.line, s.issuesLine ? { note: `小施策の一覧（${lineRef(s.line)}）による。現状と課題は${lineRef(s.issuesLine)}。` } : {}),
    });
    for (const p of s.policies) {
      const pk = `${sk}-p${p.no}`;
      const j = juten.get(p.line);
      const pageNote = pageNotes.get(p.line);
      const notes: string[] = [];
      if (j && !j.uncertain) notes.push(`重点の印は${lineRef(j.badge)}（このページには取組方針と同じ数の重点の印がある）。`);
      // Where the page's badges cannot be placed, 重点 is unknown (null); the text position is only a hint.
      if (pageNote) notes.push(`${pageNote}テキスト上の位置（見出しの後にある印はその見出し、すべての見出しより前にある印は最初の見出しのものとみる）では、この見出しに印は${j ? '付く' : '付かない'}。`);
      if (p.name.includes('（再掲）')) notes.push('（再掲）：ほかの施策（6-3 小施策1 ①）からの再掲。');
      policyNodes.push({
        key: pk,
        plan: PLAN,
        parent: sk,
        depth: 4,
        code: p.code,
        name: tidy(p.name),
        description: p.description,
        relatedDepartments: [],
        priority: pageNote ? null : !!j,
        sortOrder: p.no,
        provenance: prov(p.line, { lineEnd: p.descEnd, ...(notes.length ? { note: notes.join('') } : {}) }),
      });
      p.actions.forEach((a, ai) => {
        policyNodes.push({
          key: `${pk}-a${ai + 1}`,
          plan: PLAN,
          parent: pk,
          depth: 5,
          name: tidy(a.name),
          description: tidy(a.body.map((b) => `${b.cat}：${b.bullets.join('　')}`).join('\n')),
          relatedDepartments: [],
          sortOrder: ai + 1,
          provenance: prov(a.line, { lineEnd: a.lineEnd }),
        });
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Departments, plans, document

const departments: DatasetInput['departments'] = Object.entries(DEPTS)
  .filter(([name]) => deptFirstLine.has(name))
  .map(([name, d]) => ({
    key: d.key,
    name,
    kind: d.kind,
    provenance: prov(deptFirstLine.get(name)!, name === '税務課' ? { note: '指標の出典（（税務課調べ））としてのみ名前が挙がっている。' } : {}),
  }));

const plans: DatasetInput['plans'] = [
  {
    key: 'katori-sogo',
    name: '第2次香取市総合計画',
    kind: 'comprehensive',
    startYear: 2018,
    endYear: 2027,
    levels: ['大綱', '施策', '小施策', '取組方針', '主な取組'],
    // The start year comes from the city's plan page,
    // https://www.city.katori.lg.jp/government/plan_policy/plan/zempan/sogokeikaku/sougou2_koki/index.html
    provenance: prov(at(1353, '第2次香取市総合計画'), {
      note:
        '名称は1353行目に印字されている。期間はこの章には終わりしか印字されていない：「総合計画は、令和9年度が期限」（1415行目）。' +
        '始まりの2018（平成30）年度は市の総合計画のページ（第2次香取市総合計画 後期基本計画）による：基本構想 2018（平成30）年度から2027（令和9）年度。' +
        '階層は基本計画で使われているもの。',
    }),
  },
  {
    key: PLAN,
    name: '第2次香取市総合計画 後期基本計画',
    kind: 'basic',
    parent: 'katori-sogo',
    startYear: 2023,
    endYear: 2027,
    levels: ['大綱', '施策', '小施策', '取組方針', '主な取組'],
    provenance: prov(at(1, '後期基本計画'), {
      note:
        '期間はこの章には印字されていない。2023〜2027年度とした：指標の目標値は2023（令和5）〜2027（令和9）、現状値は2022（令和4）であり（例：25行目）、' +
        '計画は総合計画とともに令和9年度に終わり（1415行目）、市のページでは後期基本計画（令和5年度～9年度）としている。',
    }),
  },
];

const out: DatasetInput = {
  formatVersion: FORMAT_VERSION,
  municipality: { code: '122360', name: '香取市', nameKana: 'かとりし', nameEn: 'Katori', prefecture: '千葉県', attributes: CITY_ATTRIBUTES.katori },
  documents: [
    {
      key: DOC,
      title: '香取市総合計画 後期基本計画 大綱6 市民参画・行政の取組',
      file: FILE,
      // The pages as the extraction starts them (see pageStarts), counted from the chapter's first:
      // the book's own page numbers are not in the text.
      pages: pageMap(pageStarts),
    },
  ],
  plans,
  departments,
  policyNodes,
  indicators,
  classMappings: classMappingsFor('katori', policyNodes),
};

const parsed = dataset.parse(out);
const result = validateDataset(JSON.parse(JSON.stringify(parsed)));
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  process.exit(1);
}
writeFileSync(OUT, JSON.stringify(parsed, null, 2) + '\n');

const count = (d: number) => parsed.policyNodes.filter((n) => n.depth === d).length;
console.log(
  `wrote ${OUT}: measures ${count(2)}, 小施策 ${count(3)}, 取組方針 ${count(4)} (重点 ${parsed.policyNodes.filter((n) => n.priority).length}, ` +
    `不明 ${parsed.policyNodes.filter((n) => n.priority === null).length}, ` +
    `uncertain ${parsed.policyNodes.filter((n) => n.provenance.uncertain).length}), 主な取組 ${count(5)}, ` +
    `indicators ${parsed.indicators.length} (KPI ${parsed.indicators.filter((i) => i.isKpi).length}), departments ${parsed.departments.length}`,
);
