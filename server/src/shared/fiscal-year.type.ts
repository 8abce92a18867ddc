import { Field, Int, ObjectType } from 'type-graphql';
import { fiscalYearLabel, fiscalYearLabelEn, fiscalYearShortLabel } from './fiscal-year.js';

@ObjectType({ description: '年度（4月〜翌3月）。西暦年と元号表記 / A fiscal year (April to March): the Western year and its era label.' })
export class FiscalYear {
  @Field(() => Int, { description: '西暦の年度（2023 = 令和5年度） / Western fiscal year (2023 = Reiwa 5).' })
  year!: number;

  @Field(() => String, { description: '元号による表記（令和5年度、令和元年度） / Era label (令和5年度).' })
  label!: string;

  @Field(() => String, { description: '略記（R5、H30） / Short label (R5, H30).' })
  shortLabel!: string;

  @Field(() => String, { description: '英語表記（FY2023 (Reiwa 5)） / English label.' })
  labelEn!: string;

  /** One shared, frozen object per year (answers label thousands of rows with a handful of years). */
  static of(year: number): FiscalYear {
    let fy = BY_YEAR.get(year);
    if (!fy) {
      fy = Object.freeze(Object.assign(new FiscalYear(), { year, label: fiscalYearLabel(year), shortLabel: fiscalYearShortLabel(year), labelEn: fiscalYearLabelEn(year) }));
      BY_YEAR.set(year, fy);
    }
    return fy;
  }
}

const BY_YEAR = new Map<number, FiscalYear>();
