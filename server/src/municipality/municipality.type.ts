import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StageEnum } from '../graphql/filters.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';

@ObjectType({ description: 'データ件数 / How many records a municipality holds.' })
export class MunicipalityCounts {
  @Field(() => Int, { description: '計画 / Plans.' }) plans!: number;
  @Field(() => Int, { description: '施策体系のノード / Policy tree nodes.' }) policyNodes!: number;
  @Field(() => Int, { description: '組織 / Departments.' }) departments!: number;
  @Field(() => Int, { description: '指標 / Indicators.' }) indicators!: number;
  @Field(() => Int, { description: '指標値 / Indicator values.' }) indicatorValues!: number;
  @Field(() => Int, { description: '評価 / Evaluations.' }) evaluations!: number;
  @Field(() => Int, { description: '事業 / Projects.' }) projects!: number;
  @Field(() => Int, { description: '部局運営方針 / Department policies.' }) departmentPolicies!: number;
}

/** 都市の区分 (the values of the dataset's `attributes.category`). */
export enum CityCategory {
  DESIGNATED_CITY = 'designated_city',
  CORE_CITY = 'core_city',
  SPECIAL_CASE_CITY = 'special_case_city',
  CITY = 'city',
  TOWN_VILLAGE = 'town_village',
}
registerEnumType(CityCategory, {
  name: 'CityCategory',
  description: '都市の区分 / Category of a municipality',
  valuesConfig: {
    DESIGNATED_CITY: { description: '政令指定都市 / Designated city' },
    CORE_CITY: { description: '中核市 / Core city' },
    SPECIAL_CASE_CITY: { description: '施行時特例市 / Former special-case city' },
    CITY: { description: '一般市 / Other city' },
    TOWN_VILLAGE: { description: '町村 / Town or village' },
  },
});

@ObjectType('Municipality', { description: '自治体 / A municipality (city), identified by its 全国地方公共団体コード.' })
export class MunicipalityType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: '全国地方公共団体コード（6桁） / National local-government code (6 digits).' })
  code!: string;

  @Field(() => String, { description: '名称 / Name (伊勢崎市).' })
  name!: string;

  @Field(() => String, { nullable: true, description: '英語名 / English name.' })
  nameEn?: string | null;

  @Field(() => String, { description: '都道府県 / Prefecture.' })
  prefecture!: string;

  @Field(() => Boolean, { description: '生成データ（実在しない市）なら true / True for generated (fictional) data.' })
  generated!: boolean;

  @Field(() => Int, { description: 'データ版数（取込・編集ごとに増える） / Data version, bumped by every import and edit.' })
  dataVersion!: number;

  @Field(() => Int, { nullable: true, description: '人口（基準日は populationAsOf） / Population (as of populationAsOf).' })
  population?: number | null;

  @Field(() => String, { nullable: true, description: '人口の基準日（YYYY-MM-DD） / Reference date of the population.' })
  populationAsOf?: string | null;

  @Field(() => Float, { nullable: true, description: '面積（km²） / Area in km².' })
  areaKm2?: number | null;

  @Field(() => String, { nullable: true, description: '面積の基準日（YYYY-MM-DD） / Reference date of the area.' })
  areaAsOf?: string | null;

  @Field(() => CityCategory, { nullable: true, description: '都市の区分 / Category (政令指定都市 … 町村); null where not known.' })
  category?: CityCategory | null;

  @Field(() => String, { nullable: true, description: '類似団体の区分 / 類似団体 group, where known.' })
  similarGroup?: string | null;

  @Field(() => String, { nullable: true, description: '属性の出典 / Where the attributes come from.' })
  attributesSource?: string | null;

  @Field(() => String, { nullable: true, description: '属性の注記 / Note on the attributes.' })
  attributesNote?: string | null;

  @Field(() => Boolean, { description: '属性を確認できていなければ true / True where the attributes could not be verified.' })
  attributesUncertain!: boolean;
}

@ObjectType({ description: '段階ごとの件数 / A count for one evaluation stage.' })
export class StageCount {
  @Field(() => StageEnum, { description: '評価の段階 / Stage.' }) stage!: StageEnum;
  @Field(() => Int, { description: '件数 / Count.' }) count!: number;
}

@ObjectType({ description: '年度ごとの収録データ / What a municipality holds for one fiscal year.' })
export class YearSummary {
  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' }) fiscalYear!: FiscalYear;
  @Field(() => [StageCount], { description: '段階ごとの評価済みの件数（評価のある段階のみ） / Rated evaluations per stage (stages with any).' }) rated!: StageCount[];
  @Field(() => Int, { description: '現状値（基準値）の件数 / Baseline values.' }) baselineValues!: number;
  @Field(() => Int, { description: '目標値の件数 / Target values.' }) targetValues!: number;
  @Field(() => Int, { description: '実績値の件数 / Actual values.' }) actualValues!: number;
}
