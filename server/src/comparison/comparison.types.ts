import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { MunicipalityType, CityCategory } from '../municipality/municipality.type.js';
import { RatingScaleType } from '../rating/rating.type.js';
import { StageEnum } from '../graphql/filters.js';
import { ProvenanceType } from '../provenance/provenance.type.js';

/** The shared classifications (taxonomy-classes.ts). */
export enum TaxonomySchemeEnum {
  SDG = 'sdg',
  PURPOSE = 'purpose',
}
registerEnumType(TaxonomySchemeEnum, {
  name: 'TaxonomyScheme',
  description: '共通分類 / A shared classification',
  valuesConfig: {
    SDG: { description: 'SDGsの17の目標 / The SDGs’ 17 goals' },
    PURPOSE: { description: '目的別歳出（地方財政状況調査） / Expenditure by purpose (目的別歳出)' },
  },
});

@ObjectType('TaxonomyClass', { description: '共通分類の項目（SDGsの目標、目的別歳出の款） / One class of a shared classification.' })
export class TaxonomyClassType {
  @Field(() => ID, { description: '内部ID / Internal id.' }) id!: string;
  @Field(() => TaxonomySchemeEnum, { description: '分類 / Scheme.' }) scheme!: TaxonomySchemeEnum;
  @Field(() => String, { description: 'コード（SDGsは "1"〜"17"、目的別は款の名称） / Code: the goal number, or the purpose class’s name.' }) code!: string;
  @Field(() => String, { description: '名称 / Name (Japanese).' }) name!: string;
  @Field(() => String, { description: '英語名 / English name.' }) nameEn!: string;
  @Field(() => String, { nullable: true, description: '注記 / Note.' }) note?: string | null;
  @Field(() => String, { description: '一覧の出典 / Where the list comes from.' }) source!: string;
}

@ObjectType('PolicyNodeClass', { description: '施策の共通分類（祖先から引き継いだものを含む） / A policy node’s class, its own or inherited.' })
export class PolicyNodeClassType {
  @Field(() => ID, { description: '内部ID（施策と分類） / Id (node and class).' }) id!: string;
  @Field(() => TaxonomyClassType, { description: '分類 / The class.' }) taxonomyClass!: TaxonomyClassType;
  @Field(() => Boolean, { description: '祖先の対応づけを引き継いだなら true / True when inherited from an ancestor.' }) inherited!: boolean;
  @Field(() => ID, { description: '対応づけを持つ施策のID / Id of the node the mapping is set on.' }) mappedNodeId!: string;
  @Field(() => Boolean, { description: '判断が確かでなければ true（注記を参照） / True where the mapping is a judgement (see the note).' }) uncertain!: boolean;
  @Field(() => ProvenanceType, { description: '出典と注記 / Provenance and note.' }) provenance!: ProvenanceType;
}

@InputType({ description: '比較する自治体の選び方（指定した条件をすべて満たす自治体） / Which cities to compare: those meeting every condition given.' })
export class CitySelectionInput {
  @Field(() => [String], { nullable: true, description: '自治体コード（手で選ぶ） / Municipality codes, picked by hand.' }) codes?: string[] | null;
  @Field(() => ID, { nullable: true, description: '保存した比較グループ / A saved peer group.' }) peerGroupId?: string | null;
  @Field(() => String, { nullable: true, description: '都道府県 / Prefecture.' }) prefecture?: string | null;
  @Field(() => CityCategory, { nullable: true, description: '都市の区分 / Category.' }) category?: CityCategory | null;
  @Field(() => Int, { nullable: true, description: '人口の下限 / Population at least.' }) populationMin?: number | null;
  @Field(() => Int, { nullable: true, description: '人口の上限 / Population at most.' }) populationMax?: number | null;
  @Field(() => String, { nullable: true, description: '類似団体の区分 / 類似団体 group.' }) similarGroup?: string | null;
}

@ObjectType('PeerGroup', { description: '名前をつけて保存した比較グループ / A hand-picked peer group saved under a name.' })
export class PeerGroupType {
  @Field(() => ID, { description: '内部ID / Internal id.' }) id!: string;
  @Field(() => String, { description: '名前 / Name.' }) name!: string;
  @Field(() => [MunicipalityType], { description: '自治体（コード順） / Its cities, by code.' }) municipalities!: MunicipalityType[];
}

@ObjectType('ComparisonScore', { description: '換算した評価（対象の数つき） / Normalised ratings with the number of subjects they rest on.' })
export class ComparisonScoreType {
  @Field(() => ID, { description: 'ID / Id.' }) id!: string;
  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' }) fiscalYear!: FiscalYear;
  @Field(() => Int, { description: '数えた対象（評価）の数 / Rated subjects counted.' }) subjects!: number;
  @Field(() => Float, { description: '換算点の平均（0〜100） / Mean normalised score, 0–100.' }) normalizedScore!: number;
  @Field(() => Float, { description: '「順調」の段階の割合（0〜1） / Share of subjects in on-track levels, 0–1.' }) onTrackShare!: number;
}

@ObjectType('IndicatorsAtTarget', { description: '指標の目標達成（その年度の実績値と、その年度以降で最も近い目標値） / Indicators against their targets.' })
export class IndicatorsAtTargetType {
  @Field(() => Int, { description: '実績値と目標値のある指標の数 / Indicators with an actual and a target.' }) measured!: number;
  @Field(() => Int, { description: '目標に達した指標の数 / Indicators at or above target.' }) atTarget!: number;
  @Field(() => Float, { nullable: true, description: '目標に達した割合（0〜1） / Share at or above target.' }) share?: number | null;
  @Field(() => Float, { nullable: true, description: '達成率の中央値（%） / Median achievement, percent.' }) medianAchievement?: number | null;
}

@ObjectType('CityComparisonRow', {
  description:
    '1自治体（・1分類）の比較。その年度の評価がなければ score は null（データなし、0ではない） / One city (and class) compared; score is null when the city has no ratings for the year (no data, never zero).',
})
export class CityComparisonRowType {
  @Field(() => ID, { description: 'ID / Id.' }) id!: string;
  @Field(() => MunicipalityType, { description: '自治体 / The city.' }) municipality!: MunicipalityType;
  @Field(() => TaxonomyClassType, { nullable: true, description: '分類（null：すべて） / The class; null for all.' }) taxonomyClass?: TaxonomyClassType | null;
  @Field(() => FiscalYear, { nullable: true, description: '比較した年度（指定がなければその自治体の評価のある最新年度） / The year compared: the one asked, else the city’s latest rated year.' })
  fiscalYear?: FiscalYear | null;
  @Field(() => ComparisonScoreType, { nullable: true, description: 'その年度の換算評価（null：データなし） / That year’s normalised ratings; null: no data.' })
  score?: ComparisonScoreType | null;
  @Field(() => IndicatorsAtTargetType, { nullable: true, description: 'その年度の指標の目標達成 / That year’s indicators against target.' }) indicators?: IndicatorsAtTargetType | null;
  @Field(() => [ComparisonScoreType], { description: '評価のある年度ごとの推移（昇順） / The trend over the years it has, ascending.' }) trend!: ComparisonScoreType[];
  @Field(() => Float, { nullable: true, description: '同じ年度の比較対象の換算点の中央値 / Median normalised score of the compared cities in that year.' })
  peerMedianScore?: number | null;
  @Field(() => FiscalYear, {
    nullable: true,
    description: '比較対象の中央値を下回り続けている最初の年度（null：その年度は下回っていない） / Since when the city has been below the peers’ median every year up to the compared year; null when not below.',
  })
  belowPeerMedianSince?: FiscalYear | null;
  @Field(() => Int, { nullable: true, description: '換算点の順位（1 = 最高、データなしは null） / Rank by normalised score within its class (1 = highest; null without data).' }) rank?: number | null;
  @Field(() => [RatingScaleType], { description: '数えた評価尺度（段階ごとの換算点と「順調」の定義つき） / The scales counted, whose levels define the normalised score and on-track.' })
  scales!: RatingScaleType[];
}

/** What the compared cities are grouped by (`CityComparison.groups`). */
export enum CityGroupByEnum {
  CATEGORY = 'category',
  POPULATION_BAND = 'population_band',
  PREFECTURE = 'prefecture',
  PEER_GROUP = 'peer_group',
  SIMILAR_GROUP = 'similar_group',
}
registerEnumType(CityGroupByEnum, {
  name: 'CityGroupBy',
  description: '自治体のまとめ方 / What to group the compared cities by',
  valuesConfig: {
    CATEGORY: { description: '都市の区分（政令指定都市・中核市・施行時特例市・一般市・町村） / Category' },
    POPULATION_BAND: { description: '人口の階級（populationBands の区切り） / Population band (split at populationBands)' },
    PREFECTURE: { description: '都道府県 / Prefecture' },
    PEER_GROUP: { description: '保存した比較グループ（複数に属する市はそれぞれに数える） / Saved peer group; a city in several counts in each' },
    SIMILAR_GROUP: { description: '類似団体の区分 / 類似団体 group' },
  },
});

@ObjectType('Spread', { description: '散らばり（市ごとの値の最小・四分位・中央値・最大） / Spread of the cities’ values: minimum, quartiles, median, maximum.' })
export class SpreadType {
  @Field(() => Float, { description: '最小 / Minimum.' }) min!: number;
  @Field(() => Float, { description: '第1四分位 / Lower quartile.' }) lowerQuartile!: number;
  @Field(() => Float, { description: '中央値 / Median.' }) median!: number;
  @Field(() => Float, { description: '第3四分位 / Upper quartile.' }) upperQuartile!: number;
  @Field(() => Float, { description: '最大 / Maximum.' }) max!: number;
}

@ObjectType('PopulationBand', { description: '人口の階級（下限以上、上限未満） / A population band: at least min, under max.' })
export class PopulationBandType {
  @Field(() => Int, { nullable: true, description: '下限（以上。null：下限なし） / At least this; null: no lower bound.' }) min?: number | null;
  @Field(() => Int, { nullable: true, description: '上限（未満。null：上限なし） / Under this; null: no upper bound.' }) max?: number | null;
}

@ObjectType('CityGroup', {
  description:
    '自治体のまとまり（区分・人口階級・都道府県・比較グループ）ごとの集計。値は各市の比較年度のもの、データのない市は数えず citiesWithoutData に数える / ' +
    'Cities aggregated by category, population band, prefecture or peer group: each city’s compared year; cities without data are counted apart, never as zero.',
})
export class CityGroupType {
  @Field(() => ID, { description: 'ID / Id.' }) id!: string;
  @Field(() => String, { description: 'まとまりの名前（日本語。例：中核市・10万〜20万人） / The group’s name in Japanese.' }) label!: string;
  @Field(() => String, { description: '英語の名前 / The group’s name in English.' }) labelEn!: string;
  @Field(() => CityCategory, { nullable: true, description: '都市の区分（CATEGORY のとき。null：不明） / Category, when grouped by it; null: unknown.' }) category?: CityCategory | null;
  @Field(() => PopulationBandType, { nullable: true, description: '人口の階級（POPULATION_BAND のとき。null：人口不明） / Population band, when grouped by it; null: unknown.' })
  populationBand?: PopulationBandType | null;
  @Field(() => String, { nullable: true, description: '都道府県（PREFECTURE のとき） / Prefecture, when grouped by it.' }) prefecture?: string | null;
  @Field(() => PeerGroupType, { nullable: true, description: '比較グループ（PEER_GROUP のとき。null：どのグループにも属さない市） / Peer group, when grouped by it; null: cities in none.' })
  peerGroup?: PeerGroupType | null;
  @Field(() => String, { nullable: true, description: '類似団体の区分（SIMILAR_GROUP のとき。null：不明） / 類似団体 group, when grouped by it; null: unknown.' }) similarGroup?: string | null;
  @Field(() => TaxonomyClassType, { nullable: true, description: '分類（null：すべて） / The class; null for all.' }) taxonomyClass?: TaxonomyClassType | null;
  @Field(() => [MunicipalityType], { description: 'このまとまりの自治体（コード順） / Its cities, by code.' }) municipalities!: MunicipalityType[];
  @Field(() => Int, { description: '自治体の数 / Cities in the group.' }) cities!: number;
  @Field(() => Int, { description: '比較年度の評価がある自治体の数 / Cities with ratings in their compared year.' }) citiesWithData!: number;
  @Field(() => Int, { description: '評価のない自治体の数（データなし、0とはしない） / Cities without ratings: no data, never zero.' }) citiesWithoutData!: number;
  @Field(() => Int, { description: '数値のもとになった評価（対象）の数の合計 / Rated subjects the figures rest on, summed over the cities.' }) subjects!: number;
  @Field(() => SpreadType, { nullable: true, description: '各市の換算点（0〜100）の散らばり（null：データなし） / Spread of the cities’ normalised scores; null: no data.' })
  normalizedScore?: SpreadType | null;
  @Field(() => SpreadType, { nullable: true, description: '各市の「順調」の割合（0〜1）の散らばり / Spread of the cities’ on-track shares, 0–1.' }) onTrackShare?: SpreadType | null;
  @Field(() => Int, { description: '比較対象全体の中央値を下回る自治体の数 / Cities below the median of all compared cities in their year.' }) belowPeerMedian!: number;
  @Field(() => IndicatorsAtTargetType, {
    nullable: true,
    description: '指標の目標達成（数は合計、medianAchievement は各市の中央値の中央値） / Indicators against target: counts summed, medianAchievement the median of the cities’ medians.',
  })
  indicators?: IndicatorsAtTargetType | null;
}

@ObjectType('ComparisonMedian', { description: '比較対象の換算点の中央値（年度・分類ごと） / The compared cities’ median normalised score, per class and year.' })
export class ComparisonMedianType {
  @Field(() => ID, { description: 'ID / Id.' }) id!: string;
  @Field(() => TaxonomyClassType, { nullable: true, description: '分類（null：すべて） / The class; null for all.' }) taxonomyClass?: TaxonomyClassType | null;
  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' }) fiscalYear!: FiscalYear;
  @Field(() => Float, { description: '換算点の中央値（0〜100） / Median normalised score, 0–100.' }) medianScore!: number;
  @Field(() => Int, { description: 'その年度に評価のある自治体の数 / Cities with ratings that year.' }) cities!: number;
}

@ObjectType('CityComparison', { description: '都市間比較 / Cities compared on a shared taxonomy.' })
export class CityComparisonType {
  @Field(() => ID, { description: 'ID / Id.' }) id!: string;
  @Field(() => StageEnum, { description: '評価の段階 / Stage compared.' }) stage!: StageEnum;
  @Field(() => TaxonomySchemeEnum, { nullable: true, description: '分類（null：分類なしで全体） / Scheme; null: all subjects together.' }) scheme?: TaxonomySchemeEnum | null;
  @Field(() => [MunicipalityType], { description: '比較した自治体（コード順） / The cities compared, by code.' }) municipalities!: MunicipalityType[];
  @Field(() => [TaxonomyClassType], { description: '比較した分類 / The classes compared.' }) classes!: TaxonomyClassType[];
  @Field(() => [CityComparisonRowType], { description: '自治体（×分類）ごとの行（分類順、換算点の低い順） / One row per city (× class), by class then score ascending (lagging first), no data last.' })
  rows!: CityComparisonRowType[];
  @Field(() => [ComparisonMedianType], { description: '比較対象の換算点の中央値（分類・年度ごと。小さな複数グラフの基準線） / The compared cities’ median per class and year (the reference line of the small multiples).' })
  peerMedians!: ComparisonMedianType[];
  /** Not a field: each row's exact score and on-track share (rows show them rounded), for `groups`. */
  exact!: Map<string, { score: number; onTrack: number }>;
  /** Not a field: the compared cities' rows (attributes for `groups`). */
  cityRows!: Record<string, unknown>[];
  /** Not a field: a short id of this set of cities and choices, for the ids of its figures. */
  setId!: string;
}

@ObjectType('PolicyNodesInClass', { description: 'ある自治体の、共通分類の1項目に入る施策（自身の対応づけか祖先から引き継いだもの） / A city’s policy nodes in one shared class, own or inherited.' })
export class PolicyNodesInClassType {
  @Field(() => ID, { description: 'ID（自治体と分類） / Id (city and class).' }) id!: string;
  @Field(() => TaxonomyClassType, { description: '分類 / The class.' }) taxonomyClass!: TaxonomyClassType;
  @Field(() => [ID], { description: '施策のID（ID順） / The nodes’ ids, ascending.' }) policyNodeIds!: string[];
}
