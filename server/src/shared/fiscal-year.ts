/**
 * 年度 (fiscal years): April of year Y to March of Y + 1, stored as the Western year Y and shown
 * with its era. 平成 H n = 1988 + n (H1 = 1989); 令和 R n = 2018 + n (R1 = 2019).
 * FY2019 is both 平成31年度 and 令和元年度: the era that begins during the fiscal year (令和 began
 * on 1 May 2019) is the one we print, as cities do.
 */

export interface Era {
  /** 令和 */
  name: string;
  /** R */
  letter: string;
  /** English name (Reiwa). */
  romaji: string;
  /** Western year of the era's first year (元年). */
  firstYear: number;
}

/** Eras from the newest; the product's data starts in 平成. */
export const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', romaji: 'Reiwa', firstYear: 2019 },
  { name: '平成', letter: 'H', romaji: 'Heisei', firstYear: 1989 },
  { name: '昭和', letter: 'S', romaji: 'Showa', firstYear: 1926 },
];

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'Asia/Tokyo' });

/**
 * Era and year within it (1 for 元年), from Intl's Japanese calendar on the last day of the
 * calendar year Y (so a new era that begins during the fiscal year names it, as 令和 does FY2019).
 */
export function eraYear(fiscalYear: number): { era: Era; year: number } {
  // Intl's formatting costs microseconds and a large answer labels thousands of years: once per year.
  let known = ERA_YEARS.get(fiscalYear);
  if (!known) ERA_YEARS.set(fiscalYear, (known = computeEraYear(fiscalYear)));
  return known;
}
const ERA_YEARS = new Map<number, { era: Era; year: number }>();

function computeEraYear(fiscalYear: number): { era: Era; year: number } {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1926) throw new RangeError(`fiscal year ${fiscalYear} is before 昭和`);
  const parts = eraFormat.formatToParts(new Date(Date.UTC(fiscalYear, 11, 31, 3)));
  const eraName = parts.find((p) => p.type === 'era')?.value;
  const yearText = parts.find((p) => p.type === 'year')?.value ?? '';
  const era = ERAS.find((e) => e.name === eraName);
  const year = yearText === '元' ? 1 : Number(yearText);
  // An era newer than this table (or an ICU without the Japanese calendar) falls back to the table.
  if (!era || !Number.isInteger(year)) {
    const known = eraOf(fiscalYear);
    return { era: known, year: fiscalYear - known.firstYear + 1 };
  }
  return { era, year };
}

/** The era a fiscal year is labelled with, from the table. */
export function eraOf(fiscalYear: number): Era {
  const era = ERAS.find((e) => fiscalYear >= e.firstYear);
  if (!era) throw new RangeError(`fiscal year ${fiscalYear} is before 昭和`);
  return era;
}

/** "令和5年度", "令和元年度", "平成30年度". */
export function fiscalYearLabel(fiscalYear: number): string {
  const { era, year } = eraYear(fiscalYear);
  return `${era.name}${year === 1 ? '元' : year}年度`;
}

/** "R5", "H30": the short form tables print. */
export function fiscalYearShortLabel(fiscalYear: number): string {
  const { era, year } = eraYear(fiscalYear);
  return `${era.letter}${year}`;
}

/** "FY2023 (Reiwa 5)". */
export function fiscalYearLabelEn(fiscalYear: number): string {
  const { era, year } = eraYear(fiscalYear);
  return `FY${fiscalYear} (${era.romaji} ${year})`;
}

/** The fiscal year a calendar date falls in (April to March). */
export function fiscalYearOfDate(date: Date): number {
  return date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1;
}

const FULLWIDTH = /[０-９Ａ-Ｚａ-ｚ（）－]/g;
/** Folds full-width digits, letters and brackets to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const ERA_BY_TOKEN = new Map<string, Era>();
for (const e of ERAS) {
  ERA_BY_TOKEN.set(e.name, e);
  ERA_BY_TOKEN.set(e.letter, e);
  ERA_BY_TOKEN.set(e.letter.toLowerCase(), e);
}

/**
 * Parses the forms documents print for a year: 令和4年度, 令和元年, R4, R4年度, H30, Ｈ２９,
 * 2022（令和4）, 2022年度, 2022. Returns the Western year, or null when the text holds none.
 * A Western year written next to an era (2022（令和4）) must agree with it, or null is returned.
 */
export function parseFiscalYear(input: string): number | null {
  const text = toHalfWidth(input).trim();
  const eraMatch = /(令和|平成|昭和|[RHSrhs])\s*(元|\d{1,2})\s*(?:年度|年)?/.exec(text);
  const westernMatch = /(?<!\d)(19\d{2}|20\d{2}|2100)(?!\d)/.exec(text);
  let fromEra: number | null = null;
  if (eraMatch) {
    const era = ERA_BY_TOKEN.get(eraMatch[1]!);
    const n = eraMatch[2] === '元' ? 1 : Number(eraMatch[2]);
    if (era && n >= 1) fromEra = era.firstYear + n - 1;
  }
  const fromWestern = westernMatch ? Number(westernMatch[1]) : null;
  if (fromEra !== null && fromWestern !== null) return fromEra === fromWestern ? fromEra : null;
  return fromEra ?? fromWestern;
}

/** Every fiscal year from `from` to `to` inclusive. */
export function fiscalYearRange(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}
