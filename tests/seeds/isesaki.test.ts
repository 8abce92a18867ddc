/**
 * Checks data/seeds/isesaki-004.json (伊勢崎市 第2次総合計画の成果・課題一覧, FY2022) against
 * what the source text data/sources/004_e1a3054432cb96ea.txt prints, and against the
 * city's own rating rules (lines 7-22 of the text).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSourceLines } from '../../server/src/provenance/source-files.js';

interface Value { fiscalYear: number; kind: string; value: number | null; text: string; parts?: { label: string; value: number | null; unit?: string; text: string }[]; provenance?: { line?: number } }
interface Indicator { key: string; policyNode: string; name: string; direction: string; unit?: string; values: Value[]; provenance: { line?: number; uncertain?: boolean; note?: string } }
interface Node { key: string; parent?: string; depth: number; name: string; leadDepartment?: string }
interface Evaluation { subject: Record<string, string>; scale: string; level: string | null; provenance: { line?: number; uncertain?: boolean } }
interface Scale { key: string; levels: { code: string; score: number | null }[]; rule?: Record<string, unknown> }

const src = readSourceLines('004_e1a3054432cb96ea.txt');
const data = JSON.parse(readFileSync(resolve(__dirname, '../../data/seeds/isesaki-004.json'), 'utf8')) as {
  ratingScales: Scale[];
  policyNodes: Node[];
  indicators: Indicator[];
  evaluations: Evaluation[];
  departments: { key: string; name: string; kind: string; parent?: string }[];
};

const nodes = data.policyNodes;
const measures = nodes.filter((n) => n.depth === 3);
const developments = nodes.filter((n) => n.depth === 4);
const evalOf = (subjectKey: string, scale: string) =>
  data.evaluations.find((e) => Object.values(e.subject)[0] === subjectKey && e.scale === scale);
const levelOf = (k: string, scale: string) => evalOf(k, scale)?.level ?? null;
const indicatorsOf = (m: string) => data.indicators.filter((i) => i.policyNode === m);
const childrenOf = (m: string) => developments.filter((d) => d.parent === m);

describe('isesaki-004: counts (as counted in the document)', () => {
  it('holds 41 measures (36 printed with a code + 1-2-4, 2-1-4, 3-1-5, 4-2-1 inferred from the order)', () => {
    expect(measures).toHaveLength(41);
    expect(nodes.filter((n) => n.depth === 1)).toHaveLength(5);
    expect(nodes.filter((n) => n.depth === 2)).toHaveLength(10);
  });
  it('holds 73 indicator rows (3 of them name-only: L97, L100, L101)', () => {
    expect(data.indicators).toHaveLength(73);
    expect(data.indicators.filter((i) => i.values.length === 0).map((i) => i.name)).toEqual([
      '地産地消推進の店', // L97
      '小売業の事業所数', // L100
      '製造品出荷額等', // L101
    ]);
  });
  it('holds 119 developments, 88 of them with a printed 高/中/低', () => {
    expect(developments).toHaveLength(119);
    const rated = developments.filter((d) => levelOf(d.key, 'isesaki-development') !== null);
    expect(rated).toHaveLength(88);
  });
});

describe('isesaki-004: sample of measures as printed', () => {
  const sample: { code: string; name: string; level: string | null; dept?: string; ind: [string, string, string, string | null][] }[] = [
    // L28
    { code: '1-1-1', name: '健康づくりと疾病予防の推進', level: 'A', dept: '健康づくり課', ind: [
      ['健康づくり事業への参加者数', '5,900人', '10,650人', 'C'], // L28
      ['3歳児健診受診率', '93.6%', '95.0%', 'B'], // L29
      ['75歳未満のがんによる年齢調整死亡率', '60.5人(R3年)', '55人(R4年)', 'B'], // L30
    ] },
    // L36
    { code: '1-1-3', name: '医療・年金制度の円滑な運営', level: 'D', dept: '年金医療課', ind: [['特定健康診査実施率', '43.2% (R3年度)', '60.0%', 'C']] },
    // L37-38
    { code: '1-2-1', name: '子ども・子育て支援の充実', level: 'B', dept: '子育て支援課', ind: [
      ['放課後児童支援員資質向上研修の受講率', '29.5%', '19.0%', 'A'],
      ['子育て支援事業実施箇所数', '38力所', '39力所', 'B'],
    ] },
    // L41 (no 施策代表課 printed)
    { code: '1-2-2', name: '地域福祉社会の構築', level: 'D', dept: undefined, ind: [
      ['ボランティア活動に参加したことがある人の割合', '20.5%', '25.0%', 'D'],
      ['ボランティア活動に参加したいと考えている人の割合', '44.6%', '60.0%', 'C'],
      ['生活保護受給者のうち就労開始または増収した人の割合', '40.0%', '64.0%', 'C'],
    ] },
    // L85 (上下水道局 総務課)
    { code: '2-1-6', name: '安定した水道水の供給', level: 'B', dept: '上下水道局総務課', ind: [['基幹・重要管路の耐震化率', '30.6%', '32.6% (R4年度)', 'B']] },
    // L94
    { code: '2-2-1', name: '持続可能な農業の振興', level: 'B', dept: '農政課', ind: [['新規就農者数', '140人', '70人 (H30-R6)', 'A'], ['地産地消推進の店', '', '', null]] },
    // L104-105 ("-" = not measured)
    { code: '2-2-3', name: '企業誘致の推進と雇用の促進', level: 'B', dept: '企業誘致課', ind: [
      ['事業所数', '-', '189事業所(R4年)', '-'],
      ['従業者数', '-', '28,000人(R4年)', '-'],
    ] },
    // L120, L122
    { code: '3-1-3', name: '防犯対策の強化', level: 'B', dept: '安心安全課', ind: [
      ['刑法犯認知件数', '1,420件 (R4年)', '1,400件 (R6年)', 'A'],
      ['防犯灯設置数', '16,856基', '17,900基', 'B'],
    ] },
    // L151-152
    { code: '3-2-3', name: '水と緑の空間の形成', level: 'A', dept: '公園緑地課', ind: [
      ['市民1人当たりの公園面積', '10.1㎡', '9.79㎡', 'A'],
      ['公園愛護会団体数', '110団体', '108団体', 'A'],
    ] },
    // L162 (wrapped pieces joined), L165
    { code: '4-1-3', name: '中等教育学校教育の充実', level: 'B', dept: '四ツ葉学園中等教育学校', ind: [
      ['特色ある教育活動の満足度', '92.8%', '100.0%', 'B'],
      ['中等3年生の英語力の達成度', '88.4%', '80.0%', 'A'],
    ] },
    // L177 (three indicators in one row)
    { code: '4-2-5', name: 'スポーツの推進', level: 'B', dept: 'スポーツ振興課', ind: [
      ['スポーツ教室の参加者数', '745人', '1,600人', 'B'],
      ['市主催スポーツ事業の参加者数', '11,882人', '19,000人', 'B'],
      ['スポーツ施設の利用者数', '701,113人', '1,070,000人', 'B'],
    ] },
    // L227-229
    { code: '5-2-2', name: '安定的な財政運営の推進', level: 'B', dept: '財政課', ind: [
      ['市税収納率', '97.6%', '97.0%', 'A'],
      ['実質公債費比率', '5.5%', '5.0%', 'B'],
      ['実質収支比率', '6.9%', '5.0%', 'B'],
    ] },
  ];
  for (const s of sample) {
    it(`${s.code} ${s.name}`, () => {
      const m = measures.find((n) => n.key === s.code);
      expect(m?.name).toBe(s.name);
      expect(levelOf(s.code, 'isesaki-goal')).toBe(s.level);
      expect(m?.leadDepartment).toBe(s.dept);
      const got = indicatorsOf(s.code).map((i) => [
        i.name,
        i.values.find((v) => v.kind === 'actual')?.text ?? '',
        i.values.find((v) => v.kind === 'target')?.text ?? '',
        levelOf(i.key, 'isesaki-outlook'),
      ]);
      expect(got).toEqual(s.ind);
    });
  }
  it('parses the special values', () => {
    const v = (name: string) => data.indicators.find((i) => i.name === name)!.values;
    expect(v('75歳未満のがんによる年齢調整死亡率')[0]).toMatchObject({ value: 60.5, observedYear: 2021, yearNote: '(R3年)' }); // L30
    expect(v('新規就農者数')[1]).toMatchObject({ value: 70, spanFrom: 2018, spanTo: 2024, fiscalYear: 2024 }); // L94
    expect(v('事業所数')[0]).toMatchObject({ value: null, text: '-' }); // L104
    expect(data.indicators.find((i) => i.name === '子育て支援事業実施箇所数')!).toMatchObject({ unit: 'カ所' }); // L38
  });
  it('keeps values printed in several parts as parts, the text whole (BOD at three rivers, 児童/生徒)', () => {
    const bod = data.indicators.find((i) => i.name === 'BOD値')!; // L137
    expect(bod.unit).toBe('mg/L');
    expect(bod.values.map((v) => [v.kind, v.value, v.text, v.parts?.map((p) => [p.label, p.value])])).toEqual([
      ['actual', null, '広瀬川: 2.7mg/L 粕川: 2.3mg/L 早川上流: 1.3mg/L', [['広瀬川', 2.7], ['粕川', 2.3], ['早川上流', 1.3]]],
      ['target', null, '広瀬川: 3.0mg/L 粕川: 2.0mg/L 早川上流: 2.0mg/L', [['広瀬川', 3], ['粕川', 2], ['早川上流', 2]]],
    ]);
    const english = data.indicators.find((i) => i.name === '英語の学習が楽しいと感じる児童・生徒の割合')!; // L154
    expect(english.values.map((v) => v.parts?.map((p) => `${p.label}=${p.value}${p.unit}`))).toEqual([
      ['児童=86.1%', '生徒=76.6%'],
      ['児童=95%', '生徒=85%'],
    ]);
    // every part's text is printed on its value's line
    for (const i of data.indicators) for (const v of i.values) for (const p of v.parts ?? []) expect(src[v.provenance!.line! - 1]).toContain(p.text);
  });
  it('a printed "-" is the level "-" (not measured); a lost cell is no evaluation at all', () => {
    const outlook = data.ratingScales.find((x) => x.key === 'isesaki-outlook')!;
    expect(outlook.levels.find((l) => l.code === '-')).toMatchObject({ score: null });
    expect(outlook.rule).toMatchObject({ unmeasuredLevel: '-' });
    expect(data.ratingScales.find((x) => x.key === 'isesaki-quantitative')!.rule).toMatchObject({ excludedLevels: ['-'] });
    const dashes = data.evaluations.filter((e) => e.scale === 'isesaki-outlook' && e.level === '-');
    expect(dashes.map((e) => ('indicator' in e.subject ? e.subject.indicator : ''))).toEqual(['2-2-3-i1', '2-2-3-i2']);
    for (const e of dashes) expect(src[e.provenance.line! - 1]!.split('\t')).toContain('-');
    // 2-2-1-i2, 2-2-2-i2 and -i3 print a name and nothing else: no evaluation, the indicator says why.
    for (const k of ['2-2-1-i2', '2-2-2-i2', '2-2-2-i3']) {
      expect(data.evaluations.filter((e) => 'indicator' in e.subject && e.subject.indicator === k), k).toEqual([]);
      expect(data.indicators.find((i) => i.key === k)!.provenance).toMatchObject({ uncertain: true, note: expect.stringContaining('評価の記録はない') });
    }
    expect(data.evaluations.filter((e) => e.scale === 'isesaki-outlook' && e.level === null)).toEqual([]);
  });
  it('nests 上下水道局 総務課 (L85)', () => {
    expect(data.departments.find((d) => d.key === '上下水道局総務課')).toMatchObject({ name: '総務課', parent: '上下水道局' });
  });
});

// ---- the city's stated rules -----------------------------------------------------------------
const band = (rate: number) => (rate >= 100 ? 'A' : rate >= 80 ? 'B' : rate >= 60 ? 'C' : 'D');
const IND_SCORE: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
const DEV_SCORE: Record<string, number> = { 高: 3, 中: 2, 低: 1 };

describe('isesaki-004: indicator ratings against the bands (A ≥100 %, B ≥80 %, C ≥60 %, D <60 %; R4 actual vs R6 target)', () => {
  // Printed by the city and disagreeing with actual/target (lower_is_better: target/actual).
  // Several look like progress measured from a baseline the table does not print.
  const KNOWN: Record<string, { printed: string; band: string; line: number }> = {
    '1-1-1-i1': { printed: 'C', band: 'D', line: 28 }, // 5,900 / 10,650 = 55.4 %
    '1-2-2-i1': { printed: 'D', band: 'B', line: 41 }, // 20.5 / 25.0 = 82.0 %
    '1-2-4-i2': { printed: 'B', band: 'D', line: 59 }, // 10,412 / 23,500 = 44.3 %
    '2-1-4-i1': { printed: 'A', band: 'B', line: 78 }, // 25.8 / 26.8 = 96.3 % (the A's cell is itself uncertain)
    '2-2-2-i1': { printed: 'C', band: 'B', line: 98 }, // 2,232 / 2,500 = 89.3 %
    '3-1-3-i1': { printed: 'A', band: 'B', line: 120 }, // 刑法犯認知件数, lower is better: 1,400 / 1,420 = 98.6 %
    '3-1-4-i1': { printed: 'A', band: 'B', line: 123 }, // 64,995 / 65,000 = 99.99 %
    '4-1-1-i1': { printed: 'C', band: 'B', line: 153 }, // 76.4 / 85.0 = 89.9 %
    '4-1-2-i1': { printed: 'C', band: 'B', line: 157 }, // 94.5 / 96.0 = 98.4 %
    '4-2-1-i1': { printed: 'B', band: 'D', line: 166 }, // 56,332 / 94,000 = 59.9 %
    '4-2-1-i2': { printed: 'B', band: 'D', line: 167 }, // 23,169 / 42,000 = 55.2 %
    '4-2-3-i1': { printed: 'C', band: 'D', line: 175 }, // 4,884 / 13,000 = 37.6 %
    '4-2-4-i1': { printed: 'A', band: 'C', line: 176 }, // 18校 / 23校 = 78.3 %
    '4-2-5-i1': { printed: 'B', band: 'D', line: 177 }, // 745 / 1,600 = 46.6 %
    '4-2-5-i2': { printed: 'B', band: 'C', line: 177 }, // 11,882 / 19,000 = 62.5 %
    '4-2-5-i3': { printed: 'B', band: 'C', line: 177 }, // 701,113 / 1,070,000 = 65.5 %
    '5-1-2-i1': { printed: 'B', band: 'A', line: 195 }, // 100.0 / 100.0 = 100 %
    '5-1-2-i2': { printed: 'C', band: 'D', line: 196 }, // 17,187 / 30,000 = 57.3 %
    '5-1-3-i1': { printed: 'D', band: 'B', line: 200 }, // 24.4 / 30.0 = 81.3 %
    '5-1-3-i2': { printed: 'A', band: 'B', line: 202 }, // 29 / 30 = 96.7 %
    '5-2-2-i3': { printed: 'B', band: 'A', line: 229 }, // 実質収支比率 6.9 / 5.0 (direction unclear)
  };
  it('every rated indicator with numeric actual and target agrees with its band, except the listed ones', () => {
    const disagreements: Record<string, { printed: string; band: string; line: number }> = {};
    let checked = 0;
    for (const i of data.indicators) {
      const a = i.values.find((v) => v.kind === 'actual' && v.fiscalYear === 2022)?.value;
      const t = i.values.find((v) => v.kind === 'target' && v.fiscalYear === 2024)?.value;
      const e = evalOf(i.key, 'isesaki-outlook');
      if (a == null || t == null || !e?.level) continue;
      checked++;
      const rate = i.direction === 'lower_is_better' ? (t / a) * 100 : (a / t) * 100;
      if (band(rate) !== e.level) disagreements[i.key] = { printed: e.level, band: band(rate), line: e.provenance.line! };
    }
    expect(checked).toBe(66);
    expect(disagreements).toEqual(KNOWN);
  });
});

describe('isesaki-004: roll-up rules', () => {
  it('定量評価: mean of indicator scores (A3 B2 C1 D0) > 2.5 高, > 1.5 中, else 低 — except the listed ones', () => {
    const KNOWN: Record<string, { printed: string; rule: string | null }> = {
      '2-1-4': { printed: '中', rule: '高' }, // L75: one indicator (A, itself uncertain) → 高; printed 中
      '2-2-3': { printed: '低', rule: null }, // L105: both indicators "-", no mean; printed 低
      '3-1-4': { printed: '中', rule: '高' }, // L123: one indicator A → 高; printed 中
      '3-2-1': { printed: '低', rule: '高' }, // L137: BOD値 A → 高; printed 低
    };
    const got: Record<string, { printed: string; rule: string | null }> = {};
    let checked = 0;
    for (const m of measures) {
      const printed = levelOf(m.key, 'isesaki-quantitative');
      if (!printed) continue;
      checked++;
      // "-" has no score: the city's rule leaves it out of the mean
      const scores = indicatorsOf(m.key).map((i) => levelOf(i.key, 'isesaki-outlook')).filter((l): l is string => l !== null && l !== '-').map((l) => IND_SCORE[l]);
      const mean = scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : null;
      const rule = mean === null ? null : mean > 2.5 ? '高' : mean > 1.5 ? '中' : '低';
      if (rule !== printed) got[m.key] = { printed, rule };
    }
    expect(checked).toBe(37);
    expect(got).toEqual(KNOWN);
  });
  it('定性評価: mean of development scores (高3 中2 低1) ≥ 2.5 高, ≥ 1.7 中, else 低 — except the listed ones', () => {
    const KNOWN: Record<string, { printed: string; rule: string | null }> = {
      // L47: printed 中; the three printed development ratings (高 高 中) give 2.67 → 高, but two
      // developments' ratings (L45, L46) are not printed, so the rule's inputs are incomplete.
      '1-2-3': { printed: '中', rule: '高' },
    };
    const got: Record<string, { printed: string; rule: string | null }> = {};
    let checked = 0;
    for (const m of measures) {
      const printed = levelOf(m.key, 'isesaki-qualitative');
      if (!printed) continue;
      checked++;
      const scores = childrenOf(m.key).map((d) => levelOf(d.key, 'isesaki-development')).filter((l): l is string => l !== null).map((l) => DEV_SCORE[l]);
      const mean = scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : null;
      const rule = mean === null ? null : mean >= 2.5 ? '高' : mean >= 1.7 ? '中' : '低';
      if (rule !== printed) got[m.key] = { printed, rule };
    }
    expect(checked).toBe(18);
    expect(got).toEqual(KNOWN);
  });
});

describe('isesaki-004: provenance', () => {
  it('every record points at a line of the document', () => {
    for (const r of [...nodes, ...data.indicators, ...data.evaluations] as unknown as { provenance: { document: string; line?: number } }[]) {
      expect(r.provenance.document).toBe('isesaki-004');
      expect(r.provenance.line).toBeGreaterThanOrEqual(1);
      expect(r.provenance.line).toBeLessThanOrEqual(229);
    }
  });
});
