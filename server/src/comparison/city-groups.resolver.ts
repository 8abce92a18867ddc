import { createHash } from 'node:crypto';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute, municipalityFromRow } from '../graphql/loaders.js';
import { CityCategory, type MunicipalityType } from '../municipality/municipality.type.js';
import type { SqlRow as Row } from '../provenance/provenance.type.js';
import {
  CityComparisonType,
  CityGroupByEnum,
  CityGroupType,
  IndicatorsAtTargetType,
  PeerGroupType,
  PopulationBandType,
  SpreadType,
  type CityComparisonRowType,
} from './comparison.types.js';
import { DEFAULT_POPULATION_BANDS, bandLabel, checkBands, groupFigures, populationBand, type GroupMember } from './city-groups.js';

const badInput = (ja: string, en: string, field: string) => new GraphQLError(`${ja} / ${en}`, { extensions: { code: 'BAD_USER_INPUT', field } });

/** 都市の区分 in words (the enum's own descriptions). */
const CATEGORY_LABELS: Record<CityCategory, { ja: string; en: string }> = {
  [CityCategory.DESIGNATED_CITY]: { ja: '政令指定都市', en: 'Designated city' },
  [CityCategory.CORE_CITY]: { ja: '中核市', en: 'Core city' },
  [CityCategory.SPECIAL_CASE_CITY]: { ja: '施行時特例市', en: 'Former special-case city' },
  [CityCategory.CITY]: { ja: '一般市', en: 'Other city' },
  [CityCategory.TOWN_VILLAGE]: { ja: '町村', en: 'Town or village' },
};
const CATEGORY_ORDER = Object.values(CityCategory) as string[];

/** One dimension's key of a city: a sortable key, its words, and the typed value the group shows. */
interface Part {
  key: string;
  sort: string;
  ja: string;
  en: string;
  patch: Partial<CityGroupType>;
}

/** A key (words) as a short run of digits: ids are digits only (a CSV of the answer shows them). */
const digits = (key: string) => String(parseInt(createHash('sha256').update(key).digest('hex').slice(0, 12), 16));
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const spread = (s: ReturnType<typeof groupFigures>['normalizedScore'], digits: number) =>
  s &&
  Object.assign(new SpreadType(), {
    min: round(s.min, digits),
    lowerQuartile: round(s.lowerQuartile, digits),
    median: round(s.median, digits),
    upperQuartile: round(s.upperQuartile, digits),
    max: round(s.max, digits),
  });

@Resolver(() => CityComparisonType)
export class CityGroupResolver {
  @FieldResolver(() => [CityGroupType], {
    description:
      '比較した自治体を属性でまとめた集計（分類ごと、中央値の低い順、データのないまとまりは最後）。複数指定すると組み合わせごと / ' +
      'The compared cities aggregated by attributes, per class, lowest median first (groups without data last); several keys group by their combinations.',
  })
  async groups(
    @Root() c: CityComparisonType,
    @Arg('groupBy', () => [CityGroupByEnum], { description: 'まとめ方（1〜3、組み合わせ） / What to group by (1 to 3, combined).' }) groupBy: CityGroupByEnum[],
    @Arg('populationBands', () => [Int], {
      nullable: true,
      description: '人口の階級の区切り（小さい順、10個まで。省略時 5万・10万・20万・50万） / Population band limits, ascending, at most 10; default 50,000, 100,000, 200,000, 500,000.',
    })
    populationBands: number[] | null,
    @Ctx() { em }: GraphQLContext,
  ): Promise<CityGroupType[]> {
    const by = [...new Set(groupBy)];
    if (!by.length || by.length > 3) throw badInput('まとめ方は1〜3つ指定してください', 'give 1 to 3 groupBy keys', 'groupBy');
    const limits = populationBands ?? DEFAULT_POPULATION_BANDS;
    const bad = checkBands(limits);
    if (bad) throw new GraphQLError(bad, { extensions: { code: 'BAD_USER_INPUT', field: 'populationBands' } });

    const ids = c.cityRows.map((r) => Number(r.id));
    const peerGroups = by.includes(CityGroupByEnum.PEER_GROUP) && ids.length ? await execute<Row[]>(em, 'select * from peer_group where municipality_ids && ?::int[] order by name', [ids]) : [];
    const groupCities = peerGroups.length
      ? await execute<Row[]>(em, 'select * from municipality where id = any(?) order by code', [[...new Set(peerGroups.flatMap((g) => g.municipality_ids as number[]))]])
      : [];
    const peerGroupType = (g: Row) =>
      Object.assign(new PeerGroupType(), {
        id: String(g.id),
        name: g.name,
        municipalities: groupCities.filter((m) => (g.municipality_ids as number[]).includes(Number(m.id))).map(municipalityFromRow),
      });

    /** A city's keys in one dimension (a city may be in several peer groups, or in none). */
    const partsOf = (city: Row, dim: CityGroupByEnum): Part[] => {
      switch (dim) {
        case CityGroupByEnum.CATEGORY: {
          const cat = (city.category as CityCategory | null) ?? null;
          const words = cat ? CATEGORY_LABELS[cat] : { ja: '区分不明', en: 'Category unknown' };
          return [{ key: cat ?? '', sort: String(cat ? CATEGORY_ORDER.indexOf(cat) : 9), ...words, patch: { category: cat } }];
        }
        case CityGroupByEnum.POPULATION_BAND: {
          const b = populationBand(city.population == null ? null : Number(city.population), limits);
          const words = bandLabel(b);
          return [
            {
              key: b ? `${b.min ?? ''}-${b.max ?? ''}` : '',
              sort: b ? String(b.min ?? 0).padStart(12, '0') : 'z',
              ...words,
              patch: { populationBand: b && Object.assign(new PopulationBandType(), b) },
            },
          ];
        }
        case CityGroupByEnum.PREFECTURE:
          return [{ key: String(city.prefecture), sort: String(city.prefecture), ja: String(city.prefecture), en: String(city.prefecture), patch: { prefecture: String(city.prefecture) } }];
        case CityGroupByEnum.SIMILAR_GROUP: {
          const g = (city.similar_group as string | null) ?? null;
          return [{ key: g ?? '', sort: g ?? '\uffff', ja: g ?? '類似団体不明', en: g ?? 'Similar group unknown', patch: { similarGroup: g } }];
        }
        case CityGroupByEnum.PEER_GROUP: {
          const mine = peerGroups.filter((g) => (g.municipality_ids as number[]).includes(Number(city.id)));
          if (!mine.length) return [{ key: '', sort: '\uffff', ja: '比較グループなし', en: 'In no peer group', patch: { peerGroup: null } }];
          return mine.map((g) => ({ key: String(g.id), sort: String(g.name), ja: String(g.name), en: String(g.name), patch: { peerGroup: peerGroupType(g) } }));
        }
      }
    };
    /** Every combination of a city's keys across the dimensions. */
    const combos = (city: Row): Part[][] => by.reduce<Part[][]>((acc, dim) => acc.flatMap((pre) => partsOf(city, dim).map((p) => [...pre, p])), [[]]);

    const cityById = new Map(c.cityRows.map((r) => [Number(r.id), r as Row]));
    const munById = new Map(c.municipalities.map((m) => [Number(m.id), m]));
    const classKeys = [...new Map(c.rows.map((r) => [r.taxonomyClass?.id ?? '', r.taxonomyClass ?? null])).values()];
    const out: CityGroupType[] = [];
    for (const cls of classKeys) {
      const buckets = new Map<string, { parts: Part[]; members: GroupMember[]; cities: MunicipalityType[] }>();
      for (const row of c.rows.filter((r) => (r.taxonomyClass?.id ?? null) === (cls?.id ?? null))) {
        const cityId = Number(row.municipality.id);
        for (const parts of combos(cityById.get(cityId)!)) {
          const key = parts.map((p) => p.key).join('|');
          const b = buckets.get(key) ?? { parts, members: [], cities: [] };
          b.members.push(member(row, c.exact.get(row.id)));
          b.cities.push(munById.get(cityId)!);
          buckets.set(key, b);
        }
      }
      const groups = [...buckets.entries()].map(([key, b]) => {
        const f = groupFigures(b.members);
        return {
          f,
          sort: b.parts.map((p) => p.sort).join('|'),
          type: Object.assign(new CityGroupType(), Object.assign({}, ...b.parts.map((p) => p.patch)) as Partial<CityGroupType>, {
            id: `${c.setId}:${by.map((d) => Object.values(CityGroupByEnum).indexOf(d)).join('')}:${limits.join('.')}:${cls?.id ?? 0}:${digits(key)}`,
            label: b.parts.map((p) => p.ja).join('・'),
            labelEn: b.parts.map((p) => p.en).join(' · '),
            taxonomyClass: cls,
            municipalities: b.cities.sort((x, y) => x.code.localeCompare(y.code)),
            cities: f.cities,
            citiesWithData: f.citiesWithData,
            citiesWithoutData: f.citiesWithoutData,
            subjects: f.subjects,
            normalizedScore: spread(f.normalizedScore, 1),
            onTrackShare: spread(f.onTrackShare, 2),
            belowPeerMedian: f.belowPeerMedian,
            indicators: f.indicators && Object.assign(new IndicatorsAtTargetType(), {
              measured: f.indicators.measured,
              atTarget: f.indicators.atTarget,
              share: f.indicators.share == null ? null : round(f.indicators.share, 2),
              medianAchievement: f.indicators.medianAchievement == null ? null : round(f.indicators.medianAchievement, 1),
            }),
          }),
        };
      });
      // Lagging first (lowest median of the exact scores), then by the keys; groups without data last.
      groups.sort((a, b) => {
        const ma = a.f.normalizedScore?.median;
        const mb = b.f.normalizedScore?.median;
        if (ma == null || mb == null) return ma == null && mb == null ? a.sort.localeCompare(b.sort) : ma == null ? 1 : -1;
        return ma - mb || a.sort.localeCompare(b.sort);
      });
      out.push(...groups.map((g) => g.type));
    }
    return out;
  }
}

/** A row's contribution to its groups: its exact figures where it has data. */
function member(row: CityComparisonRowType, exact: { score: number; onTrack: number } | undefined): GroupMember {
  return {
    cityId: Number(row.municipality.id),
    score: exact?.score ?? null,
    onTrack: exact?.onTrack ?? null,
    subjects: row.score?.subjects ?? 0,
    belowPeerMedian: row.belowPeerMedianSince != null,
    indicators: row.indicators ? { measured: row.indicators.measured, atTarget: row.indicators.atTarget, medianAchievement: row.indicators.medianAchievement ?? null } : null,
  };
}
