/**
 * Checks data/seeds/ayase-000.json (綾瀬市 総合計画進行管理シート 令和5年度実績) and
 * data/seeds/ayase-001.json (綾瀬市 令和5年度部局運営方針) against their source texts: counts
 * taken from the documents, ratings per stage and texts exactly as printed on the lines their
 * provenance names (line numbers in the comments are 1-based lines of the source).
 */
import { readFileSync } from 'node:fs';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../server/src/dataset/validate.js';
import type { Dataset, EvaluationRecord } from '../../server/src/dataset/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(resolve(here, '../../data/seeds', name), 'utf8'));
const raw000 = load('ayase-000.json');
const raw001 = load('ayase-001.json');
const d0 = raw000 as Dataset;
const d1 = raw001 as Dataset;
const src0 = readSourceLines('000_90ed42ccd952e8d9.txt');
const src1 = readSourceLines('001_45797bf1886c3d07.txt');
const lineOf = (src: string[], n: number | undefined) => {
  expect(n, 'provenance line').toBeTypeOf('number');
  expect(n!).toBeGreaterThanOrEqual(1);
  expect(n!).toBeLessThanOrEqual(src.length);
  return src[n! - 1];
};
/** Source lines from..to joined without separators (how wrapped cells are re-joined). */
const flat = (src: string[], from: number, to: number) => src.slice(from - 1, to).join('');
const squash = (s: string) => s.replace(/\s+/g, '');

const ayaseMunicipality = { code: '142182', name: '綾瀬市', prefecture: '神奈川県', nameEn: 'Ayase' };

// ---------------------------------------------------------------------------------------------
describe('ayase-000 (総合計画進行管理シート)', () => {
  const nodes = d0.policyNodes;
  const byDepth = (k: number) => nodes.filter((n) => n.depth === k);
  const node = (key: string) => {
    const found = nodes.filter((n) => n.key === key);
    expect(found, key).toHaveLength(1);
    return found[0];
  };
  const direction = (name: string) => {
    const found = byDepth(2).filter((n) => n.name === name);
    expect(found, name).toHaveLength(1);
    return found[0];
  };
  const step = (dirName: string, i: number) => node(`${direction(dirName).key}-step${i}`);
  const evalOf = (subject: string, stage: EvaluationRecord['stage']) => {
    const found = d0.evaluations.filter((e) => 'policyNode' in e.subject && e.subject.policyNode === subject && e.stage === stage);
    expect(found, `${subject} ${stage}`).toHaveLength(1);
    return found[0];
  };
  /** Ratings of the plan's nodes at a stage (the projects' 達成状況 are counted on their own below). */
  const stage = (s: EvaluationRecord['stage']) => d0.evaluations.filter((e) => e.stage === s && 'policyNode' in e.subject);
  const projectEvaluations = d0.evaluations.filter((e) => 'project' in e.subject);

  it('passes the schema and the cross-record rules', () => {
    const result = validateDataset(raw000);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('has the municipality, document, plans and scale of the brief', () => {
    expect(d0.municipality).toMatchObject(ayaseMunicipality);
    expect(d0.documents).toEqual([expect.objectContaining({ key: 'ayase-000', file: '000_90ed42ccd952e8d9.txt', title: '総合計画進行管理シート（令和5年度実績）' })]);
    const senryaku = d0.plans.find((p) => p.key === 'ayase-senryaku')!;
    expect(senryaku).toMatchObject({ kind: 'strategic', parent: 'ayase-sogo', levels: ['戦略PJ', '取り組みの方向', 'STEP'] });
    const sogo = d0.plans.find((p) => p.key === 'ayase-sogo')!;
    expect(sogo.kind).toBe('comprehensive');
    expect(sogo.startYear).toBeLessThanOrEqual(2023);
    expect(sogo.endYear).toBeGreaterThanOrEqual(2023);
    expect(sogo.provenance.note).toBeTruthy(); // name/period are not printed in this document
    expect(d0.ratingScales.map((x) => x.key)).toEqual(['ayase-progress', 'ayase-project-achievement']);
    // The projects' 達成状況 has no legend: its letters stand for themselves, with no score.
    expect(d0.ratingScales[1]).toMatchObject({ subjectKind: 'project' });
    expect(d0.ratingScales[1].levels.map((l) => [l.code, l.label, l.score])).toEqual([['A', 'A', null], ['B', 'B', null], ['C', 'C', null], ['D', 'D', null]]);
    expect(d0.ratingScales[0].levels.map((l) => [l.code, l.label, l.score, l.color])).toEqual([
      ['A', '順調に推移した', 4, '#2e7d32'],
      ['B', '一定の進捗がある', 3, '#1565c0'],
      ['C', '進捗が遅れている', 2, '#ef6c00'],
      ['D', '進捗が大幅に遅れている', 1, '#c62828'],
    ]);
  });

  describe('counts', () => {
    it('11 sheets in the document, 11 directions in the data', () => {
      expect(src0.filter((l) => l.trim() === '総合計画進行管理シート')).toHaveLength(11);
      expect(src0.filter((l) => l.startsWith('取り組みの方向 '))).toHaveLength(11);
      expect(byDepth(2)).toHaveLength(11);
    });

    it('4 戦略PJ (育てる２, 稼ぐ２, 支える３, 支える４) and 33 STEPs', () => {
      expect(byDepth(1).map((n) => n.code)).toEqual(['育てる２', '稼ぐ２', '支える３', '支える４']);
      expect(byDepth(1).map((n) => nodes.filter((c) => c.parent === n.key).length)).toEqual([3, 3, 2, 3]);
      expect(byDepth(3)).toHaveLength(33);
      for (const dir of byDepth(2)) expect(nodes.filter((n) => n.parent === dir.key).map((n) => n.code)).toEqual(['STEP1', 'STEP2', 'STEP3']);
    });

    it('one external rating per sheet: 11, matching the "（評価：X）" lines', () => {
      const printed = src0.filter((l) => /ＳＴＥＰ１～３の進捗状況\s*（評価：\s*[Ａ-Ｄ]\s*）/.test(l));
      expect(printed).toHaveLength(11);
      expect(stage('external')).toHaveLength(11);
      expect(stage('external').every((e) => byDepth(2).some((n) => 'policyNode' in e.subject && n.key === e.subject.policyNode))).toBe(true);
    });

    it('self and secondary: 21 each (33 STEPs less 12 not yet evaluated: STEP3 on sheets 3-11, STEP2 on sheets 5, 9, 10)', () => {
      expect(stage('self')).toHaveLength(21);
      expect(stage('secondary')).toHaveLength(21);
      // the self evaluations have one filled 【１．達成状況】 box each: 21 non-empty boxes in the document
      const filled = src0.flatMap((l, i) => (l.trim() === '【１．達成状況】' && src0[i + 1]?.trim() !== '' ? [i + 1] : []));
      expect(filled).toHaveLength(21);
      for (const s of ['self', 'secondary'] as const) expect(stage(s).every((e) => 'policyNode' in e.subject && e.subject.policyNode.includes('-step'))).toBe(true);
      const steps = (s: 'self' | 'secondary') => stage(s).map((e) => ('policyNode' in e.subject ? e.subject.policyNode : '')).sort();
      expect(steps('self')).toEqual(steps('secondary'));
    });

    it('level distribution per stage', () => {
      const dist = (s: EvaluationRecord['stage']) => stage(s).reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.level!]: (acc[e.level!] ?? 0) + 1 }), {});
      expect(dist('self')).toEqual({ A: 2, B: 16, C: 3 });
      expect(dist('secondary')).toEqual({ A: 1, B: 16, C: 4 });
      expect(dist('external')).toEqual({ A: 1, B: 9, C: 1 });
    });

    it('24 related implementation-plan projects and 10 departments', () => {
      expect(d0.projects).toHaveLength(24);
      expect(d0.projects.every((p) => byDepth(2).some((n) => n.key === p.policyNode))).toBe(true);
      expect(d0.departments.map((x) => x.name).sort()).toEqual(
        ['市民活動推進課', '商業観光課', '工業振興企業誘致課', '危機管理課', '下水道課', '消防総務課', '都市整備課', '福祉総務課', '道路整備課', '都市計画課'].sort(),
      );
    });

    it('25 達成状況 letters of the related projects (read from each sheet: after its three 達成/状況 labels), 24 evaluations', () => {
      // Each sheet opens with three "達成/状況" column labels; the letters printed after them, before
      // the legend 【進捗状況A～D】, are the 達成状況 of the sheet's 関連実施計画 entries.
      const sheets = src0.flatMap((l, i) => (l.trim() === '総合計画進行管理シート' ? [i + 1] : []));
      const perSheet = sheets.map((start) => {
        const legend = src0.findIndex((l, i) => i >= start && l.startsWith('【進捗状況A～D】')) + 1;
        return src0.slice(start, legend - 1).filter((l) => /^[A-DＡ-Ｄ](\s+[A-DＡ-Ｄ])*$/.test(l.trim())).flatMap((l) => l.trim().split(/\s+/));
      });
      expect(perSheet.map((x) => x.length)).toEqual([1, 5, 1, 5, 2, 2, 3, 1, 2, 1, 2]);
      const half = (l: string) => l.normalize('NFKC');
      expect(perSheet.flat().map(half).sort().join('')).toBe('AAAAAABBBBBBBBBBBBBBBBBBB'); // 6 A, 19 B
      // One evaluation per project (sheet 11 prints its one project twice, Ｂ both times).
      expect(projectEvaluations).toHaveLength(24);
      expect(new Set(projectEvaluations.map((e) => ('project' in e.subject ? e.subject.project : ''))).size).toBe(24);
      expect(projectEvaluations.every((e) => e.scale === 'ayase-project-achievement' && e.stage === 'self' && e.fiscalYear === 2023)).toBe(true);
      const dist = projectEvaluations.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.level!]: (acc[e.level!] ?? 0) + 1 }), {});
      expect(dist).toEqual({ A: 6, B: 18 });
      for (const e of projectEvaluations) expect(lineOf(src0, e.provenance.line).normalize('NFKC').split(/\s+/)).toContain(e.level);
      // Sheet 2 prints A A / A A / B: which project has the B the layout does not say.
      const sheet2 = d0.projects.filter((p) => p.policyNode === direction('多文化共生の促進').key).map((p) => p.key);
      expect(projectEvaluations.filter((e) => e.provenance.uncertain).map((e) => ('project' in e.subject ? e.subject.project : '')).sort()).toEqual([...sheet2].sort());
      const twice = d0.projects.find((p) => p.name === '福祉団体育成事業（地域における移動手段の充実）')!;
      expect(projectEvaluations.find((e) => 'project' in e.subject && e.subject.project === twice.key)).toMatchObject({ level: 'B', provenance: { line: 1731 } });
    });

    it('every record points at a line of the document that prints it', () => {
      for (const n of nodes) lineOf(src0, n.provenance.line);
      for (const e of d0.evaluations) expect(lineOf(src0, e.provenance.line)).toMatch(/[A-DＡ-Ｄ]/);
      for (const p of d0.projects) expect(squash(flat(src0, p.provenance.line!, p.provenance.lineEnd ?? p.provenance.line!))).toContain(p.name);
    });
  });

  describe('structure', () => {
    it('育てる２ (line 160-161) with 主管課 市民活動推進課 and no 関係課 ("―", line 163)', () => {
      const pj = byDepth(1)[0];
      expect(pj.name).toBe('外国人市民が活躍する多文化共生のまちづくりプロジェクト');
      const dir = direction('外国人市民への行政サービスの充実'); // line 165
      expect(dir.parent).toBe(pj.key);
      expect(dir.leadDepartment).toBe('ayase-dept-市民活動推進課');
      expect(dir.relatedDepartments).toEqual([]);
    });

    it('関係課 lists: 商業観光課 (line 419), 福祉総務課・道路整備課・都市計画課 (lines 1552-1553)', () => {
      expect(direction('外国人市民等の活躍の支援').relatedDepartments).toEqual(['ayase-dept-商業観光課']);
      expect(direction('地域における移動手段の充実').relatedDepartments).toEqual(['ayase-dept-福祉総務課', 'ayase-dept-道路整備課', 'ayase-dept-都市計画課']);
      expect(direction('復旧・復興対策の充実').leadDepartment).toBe('ayase-dept-危機管理課'); // line 1417
    });

    it('STEP names and contents as printed', () => {
      // line 145: "ＳＴＥＰ１：行政サービス体制の拡充 ＳＴＥＰ２：対応の強化 ＳＴＥＰ３：全庁的な定着"
      expect([1, 2, 3].map((i) => step('外国人市民への行政サービスの充実', i).name)).toEqual(['行政サービス体制の拡充', '対応の強化', '全庁的な定着']);
      // lines 147-148
      expect(step('外国人市民への行政サービスの充実', 1).description).toBe('外国人市民に配慮した情報発信や窓口対応ができるためのルールや仕組みづくりを進めます。');
      // line 1093 (STEP1) and line 1119 (STEP2, STEP3) of sheet 7
      expect([1, 2, 3].map((i) => step('地域の防災・減災力の向上', i).name)).toEqual(['市民等への防災意識啓発の強化', '担い手の拡充', '新たな地域防災の仕組みづくり']);
    });

    it('projects: two names on one line are split (line 245), a name printed twice is one project (lines 1870, 1873)', () => {
      const d2 = direction('多文化共生の促進').key;
      expect(d0.projects.filter((p) => p.policyNode === d2).map((p) => p.name)).toEqual([
        '外国人市民のための一元的情報提供・相談窓口の設置',
        '日本語等の学習支援',
        '親子交流による多文化共生の推進',
        'あやせ国際フェスティバル',
        'あやせウェルカムパックの配付',
      ]);
      const d11 = direction('地域における移動手段の充実').key;
      expect(d0.projects.filter((p) => p.policyNode === d11).map((p) => p.name)).toEqual(['福祉団体育成事業（地域における移動手段の充実）']);
    });
  });

  describe('ratings per stage (sample)', () => {
    it.each([
      // [direction, step, self, secondary, self line, secondary line]
      ['外国人市民への行政サービスの充実', 1, 'A', 'B', 104, 84], // 104 "ＳＴＥＰ１の進捗状況 Ａ"; 84 "Ｂ Ｂ" floating
      ['外国人市民への行政サービスの充実', 3, 'B', 'B', 69, 175], // letters floated away from their labels
      ['外国人市民等の活躍の支援', 1, 'A', 'A', 466, 526],
      ['外国人市民等の活躍の支援', 2, 'B', 'B', 466, 526],
      ['技術力の向上に向けた支援', 1, 'B', 'B', 672, 596], // 596 "Ｂ ＳＴＥＰ２の進捗状況 Ｂ …" (STEP1's letter leads the line)
      ['地域の防災・減災力の向上', 2, 'C', 'C', 1175, 1110],
      ['復旧・復興対策の充実', 1, 'C', 'C', 1382, 1336],
      ['複合的な交通手段の展開', 1, 'B', 'C', 1677, 1638], // uncertain: the two header rows disagree
      ['地域における移動手段の充実', 2, 'B', 'B', 1841, 1776],
    ] as const)('%s STEP%i: self %s, secondary %s', (dir, i, self, secondary, selfLine, secLine) => {
      const s = evalOf(step(dir, i).key, 'self');
      const c = evalOf(step(dir, i).key, 'secondary');
      expect([s.level, c.level]).toEqual([self, secondary]);
      expect([s.provenance.line, c.provenance.line]).toEqual([selfLine, secLine]);
      expect(s.fiscalYear).toBe(2023);
      expect(c.evaluator).toBe('企画課');
    });

    it('the one self/secondary pair the layout does not settle is marked uncertain, and only that one', () => {
      const uncertain = stage('self').concat(stage('secondary'), stage('external')).filter((e) => e.provenance.uncertain);
      const target = step('複合的な交通手段の展開', 1).key;
      expect(uncertain.map((e) => [('policyNode' in e.subject && e.subject.policyNode) || '', e.stage]).sort()).toEqual([
        [target, 'secondary'],
        [target, 'self'],
      ]);
      expect(uncertain.every((e) => (e.provenance.note ?? '').length > 50)).toBe(true);
    });

    it('STEPs with empty boxes have no evaluation (sheet 3 STEP3, sheet 5 STEP2)', () => {
      expect(d0.evaluations.filter((e) => 'policyNode' in e.subject && e.subject.policyNode === step('外国人市民等の活躍の支援', 3).key)).toEqual([]);
      expect(d0.evaluations.filter((e) => 'policyNode' in e.subject && e.subject.policyNode === step('「ものづくりのまち綾瀬」のブランド化促進', 2).key)).toEqual([]);
    });

    it.each([
      ['外国人市民への行政サービスの充実', 'B', 167],
      ['外国人市民等の活躍の支援', 'A', 548],
      ['復旧・復興対策の充実', 'C', 1297],
      ['複合的な交通手段の展開', 'B', 1605],
    ] as const)('external %s: %s (line %i)', (dir, level, line) => {
      const e = evalOf(direction(dir).key, 'external');
      expect(e.level).toBe(level);
      expect(e.provenance.line).toBe(line);
      const fw = String.fromCharCode(level.charCodeAt(0) - 0x41 + 0xff21);
      expect(lineOf(src0, line)).toMatch(new RegExp(`（評価：\\s*${fw}\\s*）`));
    });

    it('external comments that name a letter agree with the rating ("Ｂ評価とする")', () => {
      for (const e of stage('external')) for (const m of (e.comment ?? '').matchAll(/([A-DＡ-Ｄ])評価/g)) expect([e.level, String.fromCharCode(e.level!.charCodeAt(0) - 0x41 + 0xff21)]).toContain(m[1]);
    });
  });

  describe('texts exactly as printed (sample)', () => {
    it('self 【１．達成状況】 of 行政サービスの充実 STEP1 (lines 107-111): wrapped lines joined, bullets on their own lines', () => {
      expect(evalOf(step('外国人市民への行政サービスの充実', 1).key, 'self').achievement).toBe(
        '・窓口と電話で常時対応できる通訳サービスを整備したことで通訳及び相談件数が大幅に増え、また迅速な支援ができた。\n' +
          '･通訳サービスについて、窓口へのカード掲示や庁内通知等で周知を行った。',
      );
    });

    it('self 【２－１．課題】 of 行政サービスの充実 STEP2 is the box at line 36 (printed before STEP1\'s at 124)', () => {
      const e = evalOf(step('外国人市民への行政サービスの充実', 2).key, 'self');
      expect(e.issues).toBe('・研修参加者や、通訳サービスを実際に利用した経験のある職員が限られている。'); // lines 37-38
      expect(evalOf(step('外国人市民への行政サービスの充実', 1).key, 'self').issues).toBe('・市役所に常設の通訳サービスがあることをより多くの外国人市民に周知する必要がある。'); // 125-126
    });

    it('self 【２－２．課題への対応】 of 防災・減災力 STEP1 (lines 1233-1236), assigned by content', () => {
      expect(evalOf(step('地域の防災・減災力の向上', 1).key, 'self').response).toBe(
        '　学校施設への保管スペース確保。\n　ベッド等の増備など資機材の見直し。\n　必要に応じて、予算措置を行ったうえでスペースを確保する。',
      );
      expect(evalOf(step('地域の防災・減災力の向上', 2).key, 'self').issues).toMatch(/^　地域防災リーダーについて、認定している人数/); // 1208
    });

    it('self 課題 with the (実績) list of 技術力の向上 STEP1 (lines 626-635)', () => {
      expect(evalOf(step('技術力の向上に向けた支援', 1).key, 'self').issues).toBe(
        '・企業規模により、申請書の内容に差があり、結果、採択される企業にやや偏りが見受けられる。\n' +
          '（実績）\n▼R3 中小企業 5社/小規模企業 2社\n▼R4 中小企業 6社/小規模企業 1社\n▼R5 中小企業 8社/小規模企業 0社\n' +
          '・外国人高度人材とのマッチングを意識している経営者が少ない。',
      );
    });

    it('secondary comment of 多文化共生の促進 STEP1 (lines 356-361): two paragraphs', () => {
      expect(evalOf(step('多文化共生の促進', 1).key, 'secondary').comment).toBe(
        '　多言語生活ガイドの配布により意識啓発の取り組みができている。引き続き外国人市民への幅広い周知に取り組むこと。\n' +
          '　子ども向けイベントにすることで無関心層も交流の場に取り込む工夫は有効と考えられる。',
      );
    });

    it('secondary comment of 複合的な交通手段の展開 STEP1 (lines 1592-1596)', () => {
      expect(evalOf(step('複合的な交通手段の展開', 1).key, 'secondary').comment).toBe(
        '　2024年問題により交通事業者が人員確保できず減便が発生するなど、総合計画策定時から社会環境の大きな変化が起きている。市民のニーズや社会の変化に対応した新たな交通手段導入について、調査研究を進めること。',
      );
    });

    it('external comment (lines 383-384, wrapped mid-word "ステッ/プ2") and requests (387-390)', () => {
      const e = evalOf(direction('多文化共生の促進').key, 'external');
      expect(e.comment).toBe(
        'ステップ1の外国人市民への日本語・日本社会の理解促進、地域への共生意識の啓発については、取り組みが着実に進められている。ステップ2の交流の場の創出もできてきている。',
      );
      expect(e.request!.split('\n')).toHaveLength(3);
      expect(e.request!.split('\n')[1]).toBe(
        '○子どもは日本語を話せるようになっても、母親は日本語が分からないことも多い。大人を対象にした日本語学習支援も重点的に行っていただきたい。工場の一部で行われている教室はすばらしい取り組みだと思う。',
      );
    });

    it('external comment of 復旧・復興対策の充実 (line 1300)', () => {
      expect(evalOf(direction('復旧・復興対策の充実').key, 'external').comment).toBe(lineOf(src0, 1300));
      expect(lineOf(src0, 1300)).toBe('主管課の課題認識及び課題への対応については妥当と考え、C評価とする。');
    });

    it('every stored text is in the document once whitespace is ignored', () => {
      const whole = squash(src0.join(''));
      for (const e of d0.evaluations) for (const t of [e.achievement, e.issues, e.response, e.comment, e.request]) if (t) for (const part of t.split('\n')) expect(whole).toContain(squash(part));
      for (const n of byDepth(3)) expect(whole).toContain(squash(n.description!));
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('ayase-001 (令和5年度 部局運営方針)', () => {
  const policies = d1.departmentPolicies;
  const all = policies.flatMap((p) => p.initiatives.map((i) => ({ p, i })));
  const policy = (name: string) => {
    const dept = d1.departments.find((x) => x.name === name);
    expect(dept, name).toBeDefined();
    const found = policies.filter((p) => p.department === dept!.key);
    expect(found, name).toHaveLength(1);
    return found[0];
  };
  const initiative = (title: string) => {
    const found = all.filter(({ i }) => i.title === title);
    expect(found, title).toHaveLength(1);
    return found[0].i;
  };

  it('passes the schema and the cross-record rules', () => {
    const result = validateDataset(raw001);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('has the municipality and document', () => {
    expect(d1.municipality).toMatchObject(ayaseMunicipality);
    expect(d1.documents.map((x) => [x.key, x.file])).toEqual([['ayase-001', '001_45797bf1886c3d07.txt']]);
  });

  it('13 部局 in the table of contents (lines 7-19), 13 departments, 13 policies for FY2023', () => {
    const toc = src1.slice(6, 19).map((l) => l.split('.....')[0]);
    expect(toc).toHaveLength(13);
    expect(d1.departments.map((x) => x.name)).toEqual(toc);
    expect(src1.filter((l) => /^令和5年度 .+運営方針$/.test(l.trim()))).toHaveLength(13);
    expect(policies).toHaveLength(13);
    expect(policies.every((p) => p.fiscalYear === 2023)).toBe(true);
    expect(d1.departments.map((x) => x.kind)).toEqual(['室', '部', '部', '部', '部', '部', '部', '部', '部', '部', '本部', '部', '事務局']);
  });

  it('initiatives per category: 24 / 23 / 23 / 13 (83)', () => {
    const count = (c: string) => all.filter(({ i }) => i.category === c).length;
    expect(count('財務体質の強化')).toBe(24);
    expect(count('スマート自治体の推進')).toBe(23);
    expect(count('再編・公共施設の適正管理')).toBe(23);
    expect(count('個別課題')).toBe(13);
    expect(all).toHaveLength(83);
    // one 特定課題に係る取組 per page
    expect(src1.filter((l) => l.trim() === '特定課題に係る取組')).toHaveLength(13);
    expect(policies.map((p) => p.initiatives.length)).toEqual([7, 7, 7, 6, 7, 7, 7, 6, 7, 7, 7, 7, 1]);
  });

  it('every initiative heading is printed on its provenance line', () => {
    for (const { i } of all) {
      const printed = lineOf(src1, i.provenance!.line).replace('L I V E 1 1 9', 'LIVE119');
      expect(printed).toContain(i.title);
      expect(i.body.length).toBeGreaterThan(10);
    }
  });

  it('basic approach of 市長室 (line 25): two <p> paragraphs', () => {
    expect(policy('市長室').basicApproach.split('\n')).toEqual([
      '気候変動に伴う気象災害の激甚化・頻発化、発生が確実視されている南海トラフ地震をはじめとした巨大地震などの災害に備えた体制の整備を引き続き進める。また、災害対策として不可欠である自助・共助の考え方について、様々な機会を捉えて普及を図り、地域と行政が協力した防災体制の強化を進める。',
      '市民が市政に関心を持ち、参画をしてもらえよう、多くの市民に対し市政情報を伝えるために効果的な情報発信を行う。',
    ]);
  });

  it('basic approach of 土木部 (lines 259-261) and of 産業振興部 with the wrap spaces removed (line 204)', () => {
    expect(policy('土木部').basicApproach).toBe([259, 260, 261].map((n) => lineOf(src1, n)).join('\n'));
    expect(policy('産業振興部').basicApproach).toContain('脱炭素社会の実現といった社会経済情勢の変化への対応');
    expect(policy('産業振興部').basicApproach).not.toMatch(/[ぁ-んァ-ン一-龥] [ぁ-んァ-ン一-龥]/);
  });

  it.each([
    // [title, category, line, body]
    ['企業版ふるさと納税の推進', '財務体質の強化', 52,
      'マッチングサイトなどあらゆる機会を捉え、市外の企業に対して市の魅力や取組みをPRすることによりシティプロモーションにつなげ自主財源を確保するとともに、新たな企業とつながり、今後、企業の知見を活かした行政運営にもつなげる。'],
    ['手数料納入方法の多様化の促進', '財務体質の強化', 179, // second initiative on the same line
      '粗大ごみやし尿処理に係る手数料について、現行の庁内窓口や金融機関での納付に加え、コンビニエンスストアや電子決済等を活用した方法などの導入を検討し、利便性と事務効率の向上を目指す。'],
    ['公開型地図情報配信システム導入', 'スマート自治体の推進', 237, // body on line 238
      '行政サービスの向上と業務の効率化、高度化を図るため、都市計画情報をインターネット上で検索できるシステムを導入する。'],
    ['未利用道路用地の整理', '再編・公共施設の適正管理', 280, '未利用道路用地を計画的に整理し、不要な維持管理費の削減を図る。'], // body on line 281
    ['近隣市との連携強化', '財務体質の強化', 298,
      '災害等発生時の消防力の確保及び充実強化を図るため、近隣市と相互応援協定について協議する。\n3市の指令センターの指令システムの更新（令和6年）に向けて、引き続き調整を図る。\n（仕様、費用対効果〔コスト〕等）'],
    ['再生可能エネルギー活用の推進', '個別課題', 286, '終末処理場の消化槽設置事業を推進し、再生可能エネルギーの活用により、二酸化炭素発生の抑制に努める。'],
  ] as const)('%s (%s, line %i)', (title, category, line, body) => {
    const i = initiative(title);
    expect(i.category).toBe(category);
    expect(i.provenance?.line).toBe(line);
    expect(i.body).toBe(body);
  });

  it('個別課題 of 市長室 (line 41): <p> paragraphs of the body on their own lines, theme kept in the note', () => {
    const i = initiative('防災力の強化と基地問題への対応');
    expect(i.category).toBe('個別課題');
    expect(i.body.split('\n')).toHaveLength(5);
    expect(i.body.split('\n')[0]).toBe('災害対応に関する計画の確認、見直しを行う。');
    expect(i.provenance?.note).toContain('「安全・安心なまち綾瀬」の実現にむけた取り組みについて');
  });

  it('議会事務局 has only its 特定課題 initiative (lines 342-343)', () => {
    expect(policy('議会事務局').initiatives.map((i) => [i.category, i.title])).toEqual([['個別課題', '議会活動をサポートする事務局職員の能力向上と意識改革']]);
  });

  it('every body is in the document once whitespace and markup are ignored', () => {
    const whole = squash(src1.join('').replace(/<[^>]+>/g, ''));
    for (const { i } of all) for (const part of i.body.split('\n')) expect(whole).toContain(squash(part));
    for (const p of policies) for (const part of p.basicApproach.split('\n')) expect(whole).toContain(squash(part));
  });
});
