/**
 * Checks data/seeds/katori-003.json (香取市 後期基本計画 大綱6 市民参画・行政の取組) against its
 * source text data/sources/003_fe73dcc56ea95b72.txt: counts taken from the document, a sample
 * of indicators with their values exactly as printed (line numbers in the comments), every
 * measure's 主担当課, and provenance lines that really print what the record says.
 */
import { readFileSync } from 'node:fs';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../server/src/dataset/validate.js';
import type { Dataset, IndicatorRecord, PolicyNodeRecord } from '../../server/src/dataset/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const d = JSON.parse(readFileSync(resolve(here, '../../data/seeds/katori-003.json'), 'utf8')) as Dataset;
const source = readSourceLines('003_fe73dcc56ea95b72.txt');
const squash = (s: string) => s.replace(/[\s　]/g, '');

const nodes = (depth: number) => d.policyNodes.filter((n) => n.depth === depth);
const node = (key: string): PolicyNodeRecord => {
  const n = d.policyNodes.find((x) => x.key === key);
  expect(n, key).toBeDefined();
  return n!;
};
const indicator = (key: string): IndicatorRecord => {
  const i = d.indicators.find((x) => x.key === key);
  expect(i, key).toBeDefined();
  return i!;
};
const deptName = (key: string | undefined) => d.departments.find((x) => x.key === key)?.name;

describe('katori-003 dataset', () => {
  it('passes the schema and the cross-record rules', () => {
    const r = validateDataset(JSON.parse(JSON.stringify(d)));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('is 香取市 (122360) and one document', () => {
    expect(d.municipality).toMatchObject({ code: '122360', name: '香取市', prefecture: '千葉県', nameEn: 'Katori' });
    expect(d.documents.map((x) => x.key)).toEqual(['katori-003']);
    expect(d.documents[0].file).toBe('003_fe73dcc56ea95b72.txt');
    const kouki = d.plans.find((p) => p.key === 'katori-kouki');
    expect(kouki).toMatchObject({ kind: 'basic', parent: 'katori-sogo', startYear: 2023, endYear: 2027 });
    expect(kouki?.levels).toEqual(['大綱', '施策', '小施策', '取組方針', '主な取組']);
  });

  it('holds what the document holds', () => {
    expect(nodes(1).map((n) => n.name)).toEqual(['市民参画・行政の取組']);
    expect(nodes(2).map((n) => n.code)).toEqual(['6-1', '6-2', '6-3', '6-4', '6-5', '6-6', '6-7']);
    // 小施策: 3 + 2 + 2 + 2 + 3 + 4 + 3
    expect(nodes(3)).toHaveLength(19);
    // 取組方針: 6-1 11 (5+3+3), 6-2 2, 6-3 2, 6-4 7 (4+3), 6-5 5 (2+2+1), 6-6 9 (4+1+2+2), 6-7 10 (5+3+2)
    expect(nodes(4)).toHaveLength(46);
    const perMeasure = Object.fromEntries(nodes(2).map((m) => [m.code, nodes(4).filter((p) => p.key.startsWith(`${m.key}-`)).length]));
    expect(perMeasure).toEqual({ '6-1': 11, '6-2': 2, '6-3': 2, '6-4': 7, '6-5': 5, '6-6': 9, '6-7': 10 });
    expect(nodes(5)).toHaveLength(122);
    // 23 業績評価指標, 15 of them marked KPI
    expect(d.indicators).toHaveLength(23);
    expect(d.indicators.filter((i) => i.isKpi)).toHaveLength(15);
    expect(d.evaluations).toHaveLength(0);
  });

  it('flags the 16 重点 badges: 8 placed by the document, 15 policies unknown (不明) where a page has fewer badges than policies', () => {
    // 16 "重 点" lines: 222 224 250 287 358 411 436 526 580 737 880 917 1296 1654 1821 2068
    expect(source.filter((l) => l.trim() === '重 点')).toHaveLength(16);
    // settled by the document: pages whose badges match their 取組方針 one to one
    const certain = ['6-1-s1-p2', '6-1-s1-p3', '6-1-s3-p2', '6-1-s3-p3', '6-2-s1-p1', '6-2-s2-p1', '6-3-s2-p1', '6-5-s3-p1'];
    expect(nodes(4).filter((n) => n.priority === true).map((n) => n.key).sort()).toEqual([...certain].sort());
    for (const k of certain) expect(node(k).provenance.uncertain, k).toBeUndefined();
    // pages with fewer badges than 取組方針: 重点 is unknown, and the note says why and where the text puts the badges
    const unknown = nodes(4).filter((n) => n.priority === null);
    expect(unknown.map((n) => n.key).sort()).toEqual(
      [
        '6-1-s1-p4', '6-1-s1-p5', '6-1-s2-p1', '6-1-s2-p2', '6-1-s2-p3', '6-4-s1-p1', '6-4-s1-p2', '6-4-s1-p3',
        '6-6-s4-p1', '6-6-s4-p2', '6-7-s1-p2', '6-7-s1-p3', '6-7-s1-p4', '6-7-s3-p1', '6-7-s3-p2',
      ].sort(),
    );
    for (const n of unknown) expect(n.provenance.note, n.key).toMatch(/「不明」とした/);
    // the unknown flag is the value, not a guess: no policy is marked uncertain any more
    expect(nodes(4).filter((n) => n.provenance.uncertain)).toEqual([]);
    // the 8 badges of those pages: as many as the text position gives to them
    expect(unknown.filter((n) => /この見出しに印は付く/.test(n.provenance.note ?? ''))).toHaveLength(8);
    // pages without a badge: e.g. 6-1 ① (page 81-136), 6-3 ① (662-692), 6-6 計画行政 ①-④
    for (const k of ['6-1-s1-p1', '6-3-s1-p1', '6-6-s1-p1', '6-6-s1-p2', '6-6-s1-p3', '6-6-s1-p4', '6-7-s1-p1'])
      expect(node(k).priority, k).toBe(false);
  });

  it('numbers the 取組方針 of each 小施策 ①②… as printed, each on its heading line', () => {
    for (const s of nodes(3)) {
      const ps = nodes(4).filter((p) => p.parent === s.key).sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
      expect(ps.length, s.key).toBeGreaterThan(0);
      expect(ps.map((p) => p.code)).toEqual(['①', '②', '③', '④', '⑤'].slice(0, ps.length));
      for (const p of ps) expect(source[p.provenance.line! - 1].trim()).toBe(`${p.code} ${p.name}`);
    }
    // ⑤ of 6-1 小施策1 is printed (243) before ④ (281) and after 小施策2's 現状と課題
    expect(node('6-1-s1-p5')).toMatchObject({ name: 'みんなの賑わい交流拠点コンパス及び市民センターの適切な管理運営', parent: '6-1-s1' });
    expect(node('6-7-s1-p5')).toMatchObject({ name: '公共施設等の施設利用促進策の展開及び適正な使用料等の設定', parent: '6-7-s1' });
  });

  it('keeps the 内容 of 主な取組 by 体制/計画/実行/見直し', () => {
    // lines 83-87
    expect(node('6-1-s1-p1-a1')).toMatchObject({
      name: '市民協働指針の検証及び見直し',
      description: '体制：・専門家委員会、各協議会、関係機関等との連携\n計画：・現状及び推進方針の見直しを踏まえた内容の検証　・新たな推進方針等の明確化',
    });
    // lines 141-148: wrapped name and a bullet wrapped onto "続" (145)
    expect(node('6-1-s1-p2-a1').name).toBe('住民自治（まちづくり）協議会の自主的な活動等に対する財政的・人的支援の継続');
    expect(node('6-1-s1-p2-a1').description).toContain('相談や助言の継続\n実行：');
    // lines 885-892: a wrapped 計画 bullet (890)
    expect(node('6-4-s1-p2-a2').description).toContain('必要な施策に係る事業展開に向けた検討');
    for (const a of nodes(5)) expect(a.description, a.key).toMatch(/^(体制|計画|実行|見直し)：・/);
  });

  it('gives every measure its 主担当課 and 関係課', () => {
    const lead = Object.fromEntries(nodes(2).map((m) => [m.code, deptName(m.leadDepartment)]));
    expect(lead).toEqual({
      '6-1': '市民協働課', // line 6
      '6-2': '企画政策課', // line 442
      '6-3': '企画政策課', // line 646
      '6-4': '市民協働課', // lines 803-804
      '6-5': '秘書広報課', // line 1043
      '6-6': '総務課', // line 1346
      '6-7': '財政課', // line 1750
    });
    expect(node('6-4').relatedDepartments.map(deptName)).toEqual(['企画政策課', '学校教育課']); // 806-807
    expect(node('6-5').relatedDepartments.map(deptName)).toEqual(['議会事務局']); // 1043 議会事務局・全課等
    expect(d.departments.find((x) => x.name === '議会事務局')?.kind).toBe('事務局');
    expect(d.departments.some((x) => x.name.includes('全課'))).toBe(false);
    expect(node('6-1').provenance.note).toMatch(/全課等/);
  });

  describe('indicators as printed', () => {
    const values = (key: string) =>
      indicator(key).values.map((v) => [v.kind, v.fiscalYear, v.value, v.text] as const);

    it('住民自治（まちづくり）協議会数 (line 37)', () => {
      expect(indicator('6-1-i1')).toMatchObject({ isKpi: true, unit: '団体', source: '市民協働課調べ', policyNode: '6-1-s1' });
      expect(values('6-1-i1')).toEqual([
        ['baseline', 2022, 23, '23団体'],
        ['target', 2023, 23, '23団体'],
        ['target', 2025, 23, '23団体'],
        ['target', 2027, 24, '24団体'],
      ]);
    });
    it('「市民活動団体の紹介」掲載数: baseline of 2021 (lines 50-51)', () => {
      expect(values('6-1-i2')).toEqual([
        ['baseline', 2021, 43, '43件（2021）'],
        ['target', 2023, 45, '45件'],
        ['target', 2025, 47, '47件'],
        ['target', 2027, 50, '50件'],
      ]);
      expect(indicator('6-1-i2').values[0]).toMatchObject({ observedYear: 2021, yearNote: '（2021）' });
    });
    it('SDGｓ研修参加者数: no baseline (line 465)', () => {
      expect(indicator('6-2-i1')).toMatchObject({ isKpi: true, source: '企画政策課調べ', policyNode: '6-2-s1' });
      expect(values('6-2-i1')).toEqual([
        ['baseline', 2022, null, 'ー'],
        ['target', 2023, 100, '100人'],
        ['target', 2025, 200, '200人'],
        ['target', 2027, 300, '300人'],
      ]);
    });
    it('移住者数 (lines 640-641)', () => {
      expect(indicator('6-3-i2')).toMatchObject({ isKpi: true, policyNode: '6-3-s2' });
      expect(values('6-3-i2')).toEqual([
        ['baseline', 2021, 5, '5人（2021）'],
        ['target', 2023, 5, '5人'],
        ['target', 2025, 5, '5人'],
        ['target', 2027, 6, '6人'],
      ]);
    });
    it('ふるさと納税受入件数 (lines 1106-1107)', () => {
      expect(indicator('6-5-i4')).toMatchObject({ isKpi: true, policyNode: '6-5-s3', source: '企画政策課調べ' });
      expect(values('6-5-i4')).toEqual([
        ['baseline', 2021, 28204, '28,204件（2021）'],
        ['target', 2023, 45000, '45,000件'],
        ['target', 2025, 67500, '67,500件'],
        ['target', 2027, 90000, '90,000件'],
      ]);
    });
    it('行政手続きのオンライン化件数 (line 1389)', () => {
      expect(indicator('6-6-i3')).toMatchObject({ isKpi: true, policyNode: '6-6-s4', source: '総務課調べ' });
      expect(values('6-6-i3')).toEqual([
        ['baseline', 2022, 21, '21件'],
        ['target', 2023, 31, '31件'],
        ['target', 2025, 40, '40件'],
        ['target', 2027, 50, '50件'],
      ]);
    });
    it('ふるさと納税受入額 in 千円, printed over several lines (1707-1719)', () => {
      expect(indicator('6-7-i2')).toMatchObject({ isKpi: true, unit: '千円', policyNode: '6-7-s1' });
      expect(values('6-7-i2')).toEqual([
        ['baseline', 2021, 375284, '375,284千円（2021）'],
        ['target', 2023, 500000, '500,000千円'],
        ['target', 2025, 750000, '750,000千円'],
        ['target', 2027, 1000000, '1,000,000千円'],
      ]);
    });
    it('公共施設総延べ床面積縮減率 (lines 1744-1745)', () => {
      expect(indicator('6-7-i4')).toMatchObject({ isKpi: true, policyNode: '6-7-s3', source: '財政課調べ', direction: 'higher_is_better' });
      expect(values('6-7-i4')).toEqual([
        ['baseline', 2021, 0.5, '0.5%（2021）'],
        ['target', 2023, 1.0, '1.0%'],
        ['target', 2025, 3.8, '3.8%'],
        ['target', 2027, 6.6, '6.6%'],
      ]);
    });
    it('lower-is-better rows: 将来負担比率 30％以内 (1730-1731), 定員管理職員数 without a 2027 target (1365)', () => {
      expect(indicator('6-7-i3')).toMatchObject({ isKpi: false, direction: 'lower_is_better' });
      expect(indicator('6-7-i3').values.slice(1).map((v) => [v.text, v.value, v.qualifier])).toEqual([
        ['30％以内', 30, 'at_most'],
        ['30％以内', 30, 'at_most'],
        ['30％以内', 30, 'at_most'],
      ]);
      expect(indicator('6-6-i1')).toMatchObject({ isKpi: false, direction: 'lower_is_better', policyNode: '6-6-s2' });
      expect(values('6-6-i1')).toEqual([
        ['baseline', 2022, 559, '559人'],
        ['target', 2023, 545, '545人'],
        ['target', 2025, 542, '542人'],
        ['target', 2027, null, '－'],
      ]);
    });

    it('every value text is printed on its lines, and KPI marks match the source line', () => {
      for (const i of d.indicators) {
        expect(i.values).toHaveLength(4);
        expect(i.values.map((v) => v.kind)).toEqual(['baseline', 'target', 'target', 'target']);
        expect(i.values.slice(1).map((v) => v.fiscalYear)).toEqual([2023, 2025, 2027]);
        for (const v of i.values) {
          const p = v.provenance!;
          const printed = squash(source.slice(p.line! - 1, p.lineEnd ?? p.line).join(''));
          expect(printed, `${i.key} ${v.text}`).toContain(squash(v.text));
        }
        const srcLine = source.slice(i.provenance.line! - 1, i.provenance.lineEnd).find((l) => l.includes(`（${i.source}）`));
        expect(srcLine, i.key).toBeDefined();
        expect(/KPI/.test(srcLine!), i.key).toBe(i.isKpi);
      }
    });
  });

  it('traces every record to a line of the document', () => {
    const records = [...d.plans, ...d.policyNodes, ...d.indicators, ...d.departments];
    for (const r of records) {
      expect(r.provenance?.document).toBe('katori-003');
      expect(r.provenance?.line).toBeGreaterThanOrEqual(1);
      expect(r.provenance?.line).toBeLessThanOrEqual(source.length);
    }
    for (const dep of d.departments) expect(source[dep.provenance!.line! - 1], dep.name).toContain(dep.name);
    for (const m of nodes(2)) expect(source[m.provenance.line! - 1].trim()).toBe(m.code);
  });
});
