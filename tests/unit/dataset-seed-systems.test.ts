/**
 * The format's new fields (issue 20) refuse what does not make sense, each problem with its place:
 * page maps, levels a mean leaves out, values in several parts, survey rows and goals per year.
 * The bundled 所沢 and 伊勢崎 datasets are the base each case changes one thing in.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../server/src/dataset/validate.js';

const load = (name: string) => JSON.parse(readFileSync(resolve(__dirname, '../../data/seeds', name), 'utf8'));
const problems = (d: unknown) => {
  const r = validateDataset(d);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.ja}`);
};

describe('dataset format: seed systems', () => {
  it('the bundled datasets pass', () => {
    for (const f of ['tokorozawa-002.json', 'isesaki-004.json', 'katori-003.json', 'ayase-000.json', 'ayase-001.json']) expect(problems(load(f)), f).toEqual([]);
  });

  it('page maps ascend', () => {
    const d = load('tokorozawa-002.json');
    d.documents[0].pages = [{ line: 1, number: 1 }, { line: 1, number: 2 }, { line: 5, number: 2 }];
    expect(problems(d)).toEqual([
      'documents[0].pages[1].line: ページの開始行 1 が前のページの開始行 1 より後になっていません',
      'documents[0].pages[2].number: ページ番号 2 が前のページ番号 2 より大きくありません',
    ]);
  });

  it('a level without a score must be one the mean leaves out (excludedLevels), on the input scale', () => {
    const d = load('isesaki-004.json');
    const quantitative = d.ratingScales.find((s: { key: string }) => s.key === 'isesaki-quantitative');
    delete quantitative.rule.excludedLevels;
    expect(problems(d)).toEqual([expect.stringMatching(/^ratingScales\[\d\]\.rule\.inputScale: 入力尺度 "isesaki-outlook" に点数のない段階（-）があります/)]);
    quantitative.rule.excludedLevels = ['-', 'E'];
    expect(problems(d)).toEqual([expect.stringMatching(/rule\.excludedLevels: 平均から除く段階 "E" が入力尺度 isesaki-outlook にありません/)]);
  });

  it('a value in parts has at least two, each with a label', () => {
    const d = load('isesaki-004.json');
    const bod = d.indicators.find((i: { key: string }) => i.key === '3-2-1-i1');
    bod.values[0].parts = [bod.values[0].parts[0]];
    expect(problems(d).join('\n')).toMatch(/indicators\[\d+\]\.values\[0\]\.parts が小さすぎるか短すぎます/);
    bod.values[0].parts = [{ label: '', value: 1, text: '1' }, { label: 'x', value: 2, text: '2' }];
    expect(problems(d).join('\n')).toMatch(/parts\[0\]\.label が小さすぎるか短すぎます/);
  });

  it('survey rows: rank within the number ranked, count within the respondents, the node exists', () => {
    const d = load('tokorozawa-002.json');
    Object.assign(d.surveyResults[0], { rank: 43, count: 3000, policyNode: 'nowhere' });
    expect(problems(d)).toEqual([
      'surveyResults[0].policyNode: 施策 "nowhere" が見つかりません',
      'surveyResults[0].rank: 順位 43 が全体の数 42 を超えています',
      'surveyResults[0].count: 人数 3000 が回答者数 2197 を超えています',
    ]);
  });

  it('one goal per node and year', () => {
    const d = load('tokorozawa-002.json');
    d.yearlyGoals.push({ ...d.yearlyGoals[0] });
    expect(problems(d)).toEqual(['yearlyGoals[4]: 施策 tokorozawa-juten-kizuna の2015年度の目標が重複しています']);
  });

  it('重点 is true, false or null (unknown)', () => {
    const d = load('katori-003.json');
    d.policyNodes[0].priority = 'yes';
    expect(problems(d).join('\n')).toMatch(/policyNodes\[0\]\.priority の型が違います/);
  });
});
