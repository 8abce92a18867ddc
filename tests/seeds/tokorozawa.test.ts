/**
 * Checks data/seeds/tokorozawa-002.json (所沢市 平成30年度 政策評価表「絆を紡ぐまちづくり」)
 * against its source text: printed achievement rates recomputed from the values, counts taken
 * from the document, amounts and values exactly as printed on the lines their provenance names.
 */
import { readFileSync } from 'node:fs';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../server/src/dataset/validate.js';
import type { Dataset, IndicatorRecord } from '../../server/src/dataset/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const raw: unknown = JSON.parse(readFileSync(resolve(here, '../../data/seeds/tokorozawa-002.json'), 'utf8'));
const d = raw as Dataset;
const source = readSourceLines('002_adabd4eb880dbe10.txt');
const line = (n: number | undefined) => {
  expect(n, 'provenance line').toBeTypeOf('number');
  expect(n!).toBeGreaterThanOrEqual(1);
  expect(n!).toBeLessThanOrEqual(source.length);
  return source[n! - 1];
};

const NODE = 'tokorozawa-juten-kizuna';
const kpis = d.indicators.filter((i) => i.policyNode === NODE && i.isKpi);
const byName = (name: string) => {
  const found = d.indicators.filter((i) => i.name === name);
  expect(found, name).toHaveLength(1);
  return found[0];
};
const value = (ind: IndicatorRecord, fiscalYear: number, kind: 'baseline' | 'target' | 'actual') => {
  const found = ind.values.filter((v) => v.fiscalYear === fiscalYear && v.kind === kind);
  expect(found, `${ind.name} ${fiscalYear} ${kind}`).toHaveLength(1);
  return found[0];
};

/** Rounds half up to `decimals` places, as the sheet's 達成率 column does. */
const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f + 1e-9) / f;
};

/** Achievement from actual and target by the indicator's direction, in percent. */
function achievement(ind: IndicatorRecord, actual: number, target: number): number {
  if (ind.direction === 'lower_is_better') return (target / actual) * 100;
  if (ind.direction === 'higher_is_better') return (actual / target) * 100;
  throw new Error(`${ind.key}: no rule for direction ${ind.direction}`);
}

describe('tokorozawa-002 dataset', () => {
  it('passes the schema and the cross-record rules', () => {
    const result = validateDataset(raw);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('has the municipality and document of the brief', () => {
    expect(d.municipality).toMatchObject({ code: '112089', name: '所沢市', prefecture: '埼玉県', nameEn: 'Tokorozawa' });
    expect(d.documents.map((x) => x.key)).toEqual(['tokorozawa-002']);
    expect(d.documents[0].file).toBe('002_adabd4eb880dbe10.txt');
  });

  describe('printed achievement rates', () => {
    const withRate = d.indicators.flatMap((ind) => ind.values.filter((v) => v.printedAchievement !== undefined).map((v) => ({ ind, v })));

    it('are all there: 3 目標指標 and 7 成果指標', () => {
      expect(withRate).toHaveLength(10);
    });

    it.each(withRate.map(({ ind, v }) => [ind.name, ind, v] as const))('%s: recomputed rate equals the printed one', (_name, ind, v) => {
      expect(v.kind).toBe('actual');
      const target = value(ind, v.fiscalYear, 'target');
      expect(v.value).not.toBeNull();
      expect(target.value).not.toBeNull();
      const text = v.printedAchievementText!;
      expect(text).toMatch(/^\d+(\.\d+)?%$/);
      const decimals = text.includes('.') ? text.split('.')[1].replace('%', '').length : 0;
      expect(round(achievement(ind, v.value!, target.value!), decimals)).toBe(v.printedAchievement);
      expect(Number(text.replace('%', ''))).toBe(v.printedAchievement);
    });

    it('checks out the way DOMAIN.md says: 50.2 / 53.6 = 93.7 %', () => {
      const ind = byName('地域活動への関心度');
      expect(value(ind, 2017, 'actual')).toMatchObject({ value: 50.2, printedAchievement: 93.7, printedAchievementText: '93.7%' });
      expect(value(ind, 2017, 'target').value).toBe(53.6);
      expect(round(achievement(ind, 50.2, 53.6), 1)).toBe(93.7);
    });

    it('the rates printed in the document are exactly the ones stored', () => {
      const printed = source.join('\n').match(/\d+(?:\.\d+)?%/g)!;
      // The 市民意識調査 shares (32.7%, 25.2%) are not achievement rates.
      const rates = printed.filter((p) => p !== '32.7%' && p !== '25.2%').sort();
      expect(withRate.map(({ v }) => v.printedAchievementText).sort()).toEqual(rates);
    });
  });

  describe('目標指標', () => {
    it('counts 3, as the document prints 3 rows with a rate in the indicator table', () => {
      const table = source.slice(169, 197); // lines 170-197
      expect(table.join(' ').match(/\d+\.\d%/g)).toHaveLength(3);
      expect(kpis).toHaveLength(3);
      expect(kpis.map((k) => k.name).sort()).toEqual(['地域のつながりの変化', '地域活動への関心度', '地域活動への協力意向'].sort());
    });

    it.each([
      ['地域活動への関心度', '49.1', '50.2', '53.6', '55.0'],
      ['地域のつながりの変化', '14.2', '13.0', '18.7', '20.0'],
      ['地域活動への協力意向', '57.8', '54.9', '63.2', '65.0'],
    ])('%s: baseline %s, H29 actual %s, H29 target %s, H30 target %s', (name, base, actual, target, h30) => {
      const ind = byName(name);
      expect(ind.unit).toBe('％');
      expect(ind.direction).toBe('higher_is_better');
      expect(ind.values).toHaveLength(4);
      const baseline = ind.values.filter((v) => v.kind === 'baseline');
      expect(baseline).toHaveLength(1);
      expect(baseline[0].text).toBe(base);
      expect(baseline[0].provenance?.uncertain).toBe(true); // 策定時 has no printed year
      expect(value(ind, 2017, 'actual').text).toBe(actual);
      expect(value(ind, 2017, 'target').text).toBe(target);
      expect(value(ind, 2018, 'target').text).toBe(h30);
    });
  });

  describe('projects', () => {
    it('counts 7 with a settled and a budget amount, as the project table prints 7 rows', () => {
      const table = source.slice(215, 268); // lines 216-268
      const rows = table.filter((l) => /事業※? [\d,]+ [\d,]+/.test(l));
      expect(rows).toHaveLength(7);
      expect(d.projects).toHaveLength(7);
      for (const p of d.projects) {
        expect(p.amounts.map((a) => `${a.fiscalYear}/${a.kind}`).sort(), p.name).toEqual(['2017/settled', '2018/budget']);
        const ind = d.indicators.find((i) => i.key === p.outcomeIndicator);
        expect(ind, p.name).toBeDefined();
        expect(ind!.project).toBe(p.key);
      }
      expect(d.projects.map((p) => p.name).sort()).toEqual(
        rows.map((l) => /^(.+?事業)※? /.exec(l)![1]).sort(),
      );
    });

    it.each([
      ['地域づくり支援事業', '9,973', '10,117', 9973, 10117],
      ['自治会・町内会応援事業', '21,332', '22,237', 21332, 22237],
      ['防犯灯LED化整備事業', '1,690', '20,284', 1690, 20284],
      ['所沢市コミュニティ活動推進事業', '6,000', '16,500', 6000, 16500],
    ])('%s: H29 決算額 %s, H30 予算額 %s (千円)', (name, settledText, budgetText, settled, budget) => {
      const p = d.projects.find((x) => x.name === name)!;
      expect(p).toBeDefined();
      expect(p.amounts.find((a) => a.kind === 'settled')).toMatchObject({ fiscalYear: 2017, thousandYen: settled, text: settledText });
      expect(p.amounts.find((a) => a.kind === 'budget')).toMatchObject({ fiscalYear: 2018, thousandYen: budget, text: budgetText });
    });

    it('every amount is printed on its provenance line and parses to its number', () => {
      for (const p of d.projects) {
        for (const a of p.amounts) {
          expect(line(a.provenance?.line ?? p.provenance.line), `${p.name} ${a.kind}`).toContain(` ${a.text}`);
          expect(a.thousandYen).toBe(Number(a.text.replace(/,/g, '')));
        }
        expect(line(p.provenance.line)).toContain(p.name);
      }
    });

    it('the sum of H29 settled amounts matches the printed cells', () => {
      const sum = d.projects.reduce((n, p) => n + (p.amounts.find((a) => a.kind === 'settled')!.thousandYen ?? 0), 0);
      expect(sum).toBe(9973 + 7519 + 6000 + 21332 + 1521 + 9680 + 1690);
    });
  });

  describe('evaluations', () => {
    it('counts 2 with dates, as the document prints 2 記入日', () => {
      const dated = source.filter((l) => /記入日 H\d+\.\d+\.\d+/.test(l));
      expect(dated).toHaveLength(2);
      expect(d.evaluations).toHaveLength(2);
      expect(d.evaluations.filter((e) => e.evaluatedOn)).toHaveLength(2);
    });

    it.each([
      ['self', '2018-07-20', 'H30.7.20', '「地域づくり協議会」については'],
      ['council', '2018-08-28', 'H30.8.28', '防犯灯のＬＥＤ化事業については'],
    ])('%s: written %s (printed %s), on FY2017 results', (stage, iso, printed, opening) => {
      const e = d.evaluations.find((x) => x.stage === stage)!;
      expect(e).toBeDefined();
      expect(e.subject).toEqual({ policyNode: NODE });
      expect(e.fiscalYear).toBe(2017);
      expect(e.evaluatedOn).toBe(iso);
      expect(line(e.provenance.line)).toContain(`記入日 ${printed}`);
      expect(e.comment).toContain(opening);
      expect(e.level).toBeNull(); // the sheet prints no rating level
    });

    it('keeps the wrapped texts whole: every source line of the comments is inside them', () => {
      const self = d.evaluations.find((e) => e.stage === 'self')!;
      const council = d.evaluations.find((e) => e.stage === 'council')!;
      for (let n = 334; n <= 348; n++) expect(self.comment).toContain(source[n - 1].trim());
      for (let n = 328; n <= 332; n++) expect(council.comment).toContain(source[n - 1].trim());
    });

    it('carries the activities per year H27-H30 as texts of the self-evaluation', () => {
      const t = d.evaluations.find((e) => e.stage === 'self')!.otherTexts!;
      expect(Object.keys(t).filter((k) => /^H(27|28|29|30) 活動内容$/.test(k))).toHaveLength(4);
      expect(t['H27 活動内容']).toContain('11地区中8地区');
      expect(t['H29 活動内容']).toContain('平成３０年２月');
      // goals and the survey are records of their own now, not texts
      expect(Object.keys(t).filter((k) => /目標|市民意識調査/.test(k))).toEqual([]);
    });
  });

  describe('goals per year and the citizen survey, as records', () => {
    it('the goals of H27-H30 (line 31), one per year, each printed on its lines', () => {
      expect(source[30]).toMatch(/Ｈ２７（実績） Ｈ２８（実績） Ｈ２９（実績） Ｈ３０/);
      expect(d.yearlyGoals.map((g) => [g.fiscalYear, g.goal])).toEqual([
        [2015, '地域づくり協議会（地域ネットワーク）の構築支援と事業活動の促進'],
        [2016, '地域財源化と地域づくり協議会（地域ネットワーク）活動の充実'],
        [2017, '住民自治活動の環境整備と地域行政体制の見直し'],
        [2018, '地域づくり協議会（地域ネットワーク）を中心とする住民自治活動の自立支援'],
      ]);
      for (const g of d.yearlyGoals) expect(source.slice(g.provenance.line! - 1, g.provenance.lineEnd).join('')).toBe(g.goal);
    });

    it('the survey rows as numbers: 718 and 554 of 2,197, 32.7 % and 25.2 %, ranks 29 and 41 of 42', () => {
      expect(source[207]).toContain('(2,197人中)');
      expect(source[209]).toContain('全42節中順位');
      expect(d.surveyResults.map((r) => [r.item, r.respondents, r.count, r.percent, r.rank, r.rankOf, r.fiscalYear])).toEqual([
        ['第１章「コミュニティ」 第１節「地域コミュニティ」', 2197, 718, 32.7, 29, 42, 2017],
        ['第１章「コミュニティ」 第２節「市民活動」', 2197, 554, 25.2, 41, 42, 2017],
      ]);
      for (const r of d.surveyResults) {
        expect(line(r.provenance.line).trim()).toBe(r.text);
        expect(round((r.count! / r.respondents!) * 100, 1)).toBe(r.percent);
        expect(r.survey).toBe('平成29年度所沢市市民意識調査');
        expect(source[201]).toContain(r.survey);
      }
    });
  });

  describe('provenance', () => {
    it('every indicator value is printed on its provenance line', () => {
      for (const ind of d.indicators) {
        expect(line(ind.provenance.line), ind.name).toContain(ind.name.slice(0, 6));
        for (const v of ind.values) {
          expect(v.provenance?.document).toBe('tokorozawa-002');
          expect(line(v.provenance?.line), `${ind.name} ${v.fiscalYear} ${v.kind}`).toMatch(new RegExp(`(^|[ ])${v.text.replace('.', '\\.')}($|[ ])`));
          expect(v.value).toBe(Number(v.text.replace(/,/g, '')));
        }
      }
    });

    it('every record names the document and a line; every uncertain one says why', () => {
      const records = [...d.plans, ...d.policyNodes, ...d.projects, ...d.indicators, ...d.evaluations, ...d.ratingScales, ...d.surveyResults, ...d.yearlyGoals];
      for (const r of records) {
        expect(r.provenance.document).toBe('tokorozawa-002');
        line(r.provenance.line);
      }
      const all = [
        ...records.map((r) => r.provenance),
        ...d.indicators.flatMap((i) => i.values.map((v) => v.provenance!)),
      ];
      for (const p of all.filter((x) => x.uncertain)) expect(p.note?.length ?? 0).toBeGreaterThan(20);
    });
  });
});
