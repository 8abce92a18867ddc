import { describe, expect, it } from 'vitest';
import {
  fiscalYearLabel,
  fiscalYearLabelEn,
  fiscalYearOfDate,
  fiscalYearShortLabel,
  parseFiscalYear,
} from '../../server/src/shared/fiscal-year.js';

describe('fiscal year labels', () => {
  it.each([
    [1989, '平成元年度', 'H1'],
    [1990, '平成2年度', 'H2'],
    [2015, '平成27年度', 'H27'],
    [2018, '平成30年度', 'H30'],
    [2019, '令和元年度', 'R1'],
    [2020, '令和2年度', 'R2'],
    [2022, '令和4年度', 'R4'],
    [2023, '令和5年度', 'R5'],
    [2027, '令和9年度', 'R9'],
  ])('FY%i is %s (%s)', (year, label, short) => {
    expect(fiscalYearLabel(year)).toBe(label);
    expect(fiscalYearShortLabel(year)).toBe(short);
  });

  it('has an English form', () => {
    expect(fiscalYearLabelEn(2023)).toBe('FY2023 (Reiwa 5)');
    expect(fiscalYearLabelEn(2019)).toBe('FY2019 (Reiwa 1)');
  });
});

describe('parseFiscalYear', () => {
  it.each([
    ['令和4年度', 2022],
    ['令和元年度', 2019],
    ['平成31年度', 2019],
    ['平成30年度', 2018],
    ['平成元年', 1989],
    ['R4', 2022],
    ['R4年度', 2022],
    ['r5', 2023],
    ['H30', 2018],
    ['Ｈ２９', 2017],
    ['Ｈ２７（実績）', 2015],
    ['2022（令和4）', 2022],
    ['2023（令和5）', 2023],
    ['2022年度', 2022],
    ['2027', 2027],
    ['(R3年)', 2021],
  ])('%s → %i', (text, year) => {
    expect(parseFiscalYear(text)).toBe(year);
  });

  it.each([['-'], ['ー'], ['目標値'], [''], ['2022（令和5）']])('%s → null', (text) => {
    expect(parseFiscalYear(text)).toBeNull();
  });
});

describe('fiscalYearOfDate', () => {
  it.each([
    ['2023-03-31', 2022],
    ['2023-04-01', 2023],
    ['2019-04-30', 2019],
    ['2019-05-01', 2019],
    ['2024-01-15', 2023],
  ])('%s is in FY%i', (iso, fy) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    expect(fiscalYearOfDate(new Date(y, m - 1, d))).toBe(fy);
  });
});
