/**
 * 年度 labels built on Intl's Japanese calendar: 令和5年度 (2023), 令和元年度 for year 1.
 * FY Y runs April Y to March Y+1; the era that starts during it (令和, May 2019) names it.
 */
import { i18n } from '../i18n';

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'Asia/Tokyo' });

const ROMAJI: Record<string, { letter: string; romaji: string }> = {
  令和: { letter: 'R', romaji: 'Reiwa' },
  平成: { letter: 'H', romaji: 'Heisei' },
  昭和: { letter: 'S', romaji: 'Showa' },
};

/** Era name and year within it (1 = 元年) for a Western fiscal year. */
export function eraYear(fiscalYear: number): { era: string; year: number } {
  const parts = eraFormat.formatToParts(new Date(Date.UTC(fiscalYear, 11, 31, 3)));
  const era = parts.find((p) => p.type === 'era')?.value ?? '';
  const text = parts.find((p) => p.type === 'year')?.value ?? '';
  const year = text === '元' ? 1 : Number(text);
  if (era && Number.isInteger(year)) return { era, year };
  // An ICU without the Japanese calendar: fall back to the two recent eras.
  return fiscalYear >= 2019 ? { era: '令和', year: fiscalYear - 2018 } : { era: '平成', year: fiscalYear - 1988 };
}

/** 令和5年度: the label cities print. */
export function fiscalYearLabelJa(fiscalYear: number): string {
  const { era, year } = eraYear(fiscalYear);
  return `${era}${year === 1 ? '元' : year}年度`;
}

/** 令和5年度 in Japanese, FY2023 in English (reactive: follows the UI language). */
export function fiscalYearLabel(fiscalYear: number): string {
  return isEnglish() ? `FY${fiscalYear}` : fiscalYearLabelJa(fiscalYear);
}

function isEnglish(): boolean {
  return String(i18n.global.locale.value).startsWith('en');
}

/** R5 */
export function fiscalYearShort(fiscalYear: number): string {
  const { era, year } = eraYear(fiscalYear);
  return `${ROMAJI[era]?.letter ?? era}${year}`;
}

/** 令和5年度 (2023) in Japanese, FY2023 (Reiwa 5) in English. */
export function fiscalYearOption(fiscalYear: number, locale: string): string {
  if (locale.startsWith('en')) {
    const { era, year } = eraYear(fiscalYear);
    return `FY${fiscalYear} (${ROMAJI[era]?.romaji ?? era} ${year})`;
  }
  return `${fiscalYearLabelJa(fiscalYear)} (${fiscalYear})`;
}
