import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidMunicipalityCode, municipalityCheckDigit } from '../../server/src/shared/municipality-code.js';
import { parseJsonDataset } from '../../server/src/dataset/read.js';
import { dataset as datasetSchema } from '../../server/src/dataset/format.js';
import { readWorkbook, writeWorkbook } from '../../server/src/dataset/xlsx.js';
import { formatProblem } from '../../server/src/dataset/validate.js';

describe('全国地方公共団体コード check digit', () => {
  it.each([
    ['102041', '伊勢崎市'],
    ['122360', '香取市'],
    ['142182', '綾瀬市'],
    ['112089', '所沢市'],
    ['131016', '千代田区'],
    ['011002', '札幌市'],
  ])('%s (%s) is valid', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(true);
  });

  it('rejects a wrong check digit and malformed codes', () => {
    expect(isValidMunicipalityCode('102042')).toBe(false);
    expect(isValidMunicipalityCode('10204')).toBe(false);
    expect(isValidMunicipalityCode('10204a')).toBe(false);
  });

  it('maps remainders 0 and 1 to check digits 1 and 0', () => {
    expect(municipalityCheckDigit('10204')).toBe(1); // sum 22, remainder 0
    expect(municipalityCheckDigit('12236')).toBe(0); // sum 45, remainder 1
  });
});

describe('a file with a bad municipality code says where, what is expected and what was found', () => {
  const seed = () => JSON.parse(readFileSync(join(import.meta.dirname, '../../data/seeds/tokorozawa-002.json'), 'utf8'));
  const EXPECTED = '6桁の数字（全国地方公共団体コード：都道府県2桁・市区町村3桁・検査数字1桁。例 伊勢崎市は102041）';
  const problemsOf = (code: unknown) => {
    const d = seed();
    d.municipality.code = code;
    const r = parseJsonDataset(Buffer.from(JSON.stringify(d)));
    if (r.ok) throw new Error(`the code ${String(code)} was accepted`);
    return r.problems;
  };

  it.each([
    ['letters', 'abc', `自治体コードは${EXPECTED}です。書かれていたのは「abc」です`],
    ['five digits', '11208', `自治体コードは${EXPECTED}です。書かれていたのは「11208」です`],
    ['full-width digits', '１１２０８９', `自治体コードは${EXPECTED}です。書かれていたのは「１１２０８９」です`],
    ['a wrong check digit', '112088', `自治体コード「112088」の検査数字（6桁目）が合いません。11208 に続く検査数字は 9 です（自治体コードは${EXPECTED}）`],
  ])('JSON, %s', (_what, code, ja) => {
    const problems = problemsOf(code);
    expect(problems).toEqual([expect.objectContaining({ path: 'municipality.code', ja })]);
    expect(problems[0]!.en).toMatch(new RegExp(`^municipality\\.code: .*"${code}"`));
    // The command line says the place too: the JSON path.
    expect(formatProblem(problems[0]!)).toMatch(/^municipality\.code: 自治体コード/);
  });

  it('JSON, a number instead of a string, and no code at all', () => {
    expect(problemsOf(112089)[0]!.ja).toBe(`自治体コードは${EXPECTED}です。書かれていたのは「112089」です（文字列ではなく数値などとして書かれています。"102041" のように引用符で囲んでください）`);
    expect(problemsOf(undefined)[0]!.ja).toBe(`自治体コードがありません。${EXPECTED}を書いてください`);
  });

  it('a workbook: the sheet, row and column of the cell', async () => {
    const d = datasetSchema.parse(seed());
    d.municipality.code = '11208X';
    const r = await readWorkbook(await writeWorkbook(d));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ sheet: '自治体', row: expect.any(Number), column: expect.stringContaining('団体コード'), ja: `自治体コードは${EXPECTED}です。書かれていたのは「11208X」です` })]);
  });
});
