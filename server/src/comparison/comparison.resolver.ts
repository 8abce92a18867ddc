import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute, municipalityFromRow } from '../graphql/loaders.js';
import { StageEnum, SubjectKindEnum } from '../graphql/filters.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { ProvenanceType, type SqlRow as Row } from '../provenance/provenance.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { RatingScaleType } from '../rating/rating.type.js';
import { bumpDataVersion, dataChanged } from '../analytics/rollups.js';
import { TAXONOMY_SOURCES, type TaxonomyScheme } from './taxonomy-classes.js';
import { classIdsByCode, replaceMappings } from './class-mappings.js';
import {
  CityComparisonRowType,
  CityComparisonType,
  CitySelectionInput,
  ComparisonMedianType,
  ComparisonScoreType,
  IndicatorsAtTargetType,
  PeerGroupType,
  PolicyNodeClassType,
  PolicyNodesInClassType,
  TaxonomyClassType,
  TaxonomySchemeEnum,
} from './comparison.types.js';
import { belowMedianSince, classScores, indicatorsAtTarget, latestRatedYears, median, selectCities, MAX_COMPARED_CITIES } from './comparison.service.js';

const classFromRow = (r: Row): TaxonomyClassType =>
  Object.assign(new TaxonomyClassType(), {
    id: String(r.id),
    scheme: r.scheme as TaxonomySchemeEnum,
    code: r.code,
    name: r.name_ja,
    nameEn: r.name_en,
    note: r.note ?? null,
    source: TAXONOMY_SOURCES[r.scheme as TaxonomyScheme],
  });

const SCHEMES = Object.values(TaxonomySchemeEnum);
/** Figures as a person reads them (a score to 0.1, a share to the percent); ranks and medians use the exact ones. */
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

const badInput = (ja: string, en: string, field: string) => new GraphQLError(`${ja} / ${en}`, { extensions: { code: 'BAD_USER_INPUT', field } });

/** Per request: each node's classes (own or inherited) in one statement for all nodes asked. */
const NODE_CLASSES = new WeakMap<GraphQLContext, DataLoader<number, PolicyNodeClassType[]>>();
function nodeClasses(ctx: GraphQLContext): DataLoader<number, PolicyNodeClassType[]> {
  let l = NODE_CLASSES.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const rows = await execute<Row[]>(
        ctx.em,
        `select ec.policy_node_id, ec.inherited, ec.mapped_node_id, t.*, c.source_document_id, c.source_line, c.source_line_end, c.source_page, c.source_note, c.uncertain
           from policy_node_effective_class ec
           join taxonomy_class t on t.id = ec.class_id
           join policy_node_class c on c.policy_node_id = ec.mapped_node_id and c.class_id = ec.class_id
          where ec.policy_node_id = any(?)
          order by ec.policy_node_id, t.sort_order`,
        [[...ids]],
      );
      const by = new Map<number, PolicyNodeClassType[]>();
      for (const r of rows) {
        const list = by.get(Number(r.policy_node_id)) ?? [];
        list.push(
          Object.assign(new PolicyNodeClassType(), {
            id: `${r.policy_node_id}:${r.id}`,
            taxonomyClass: classFromRow(r),
            inherited: Boolean(r.inherited),
            mappedNodeId: String(r.mapped_node_id),
            uncertain: Boolean(r.uncertain),
            provenance: ProvenanceType.fromRow(r),
          }),
        );
        by.set(Number(r.policy_node_id), list);
      }
      return ids.map((id) => by.get(id) ?? []);
    });
    NODE_CLASSES.set(ctx, l);
  }
  return l;
}

@Resolver(() => PolicyNodeType)
export class PolicyNodeClassResolver {
  @FieldResolver(() => [PolicyNodeClassType], {
    description: '共通分類（SDGs・目的別歳出）。祖先の対応づけを引き継ぐ（子が同じ分類体系を持てばそれが優先） / The node’s shared classes, own or inherited from its nearest mapped ancestor.',
  })
  async classes(
    @Root() n: PolicyNodeType,
    @Arg('scheme', () => TaxonomySchemeEnum, { nullable: true, description: '分類（省くとすべて） / Scheme; all when omitted.' }) scheme: TaxonomySchemeEnum | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PolicyNodeClassType[]> {
    const all = await nodeClasses(ctx).load(Number(n.id));
    return scheme ? all.filter((c) => c.taxonomyClass.scheme === scheme) : all;
  }
}

@Resolver()
export class ComparisonResolver {
  @Query(() => [TaxonomyClassType], { description: '共通分類の項目（SDGsの17の目標、目的別歳出の款） / The shared classes.' })
  async taxonomyClasses(
    @Arg('scheme', () => TaxonomySchemeEnum, { nullable: true, description: '分類（省くとすべて） / Scheme; all when omitted.' }) scheme: TaxonomySchemeEnum | null,
    @Ctx() { em }: GraphQLContext,
  ): Promise<TaxonomyClassType[]> {
    const rows = await execute<Row[]>(em, 'select * from taxonomy_class where (?::text is null or scheme = ?) order by scheme desc, sort_order', [scheme, scheme]);
    return rows.map(classFromRow);
  }

  @Query(() => PolicyNodesInClassType, {
    description:
      'ある自治体の施策のうち、共通分類の1項目に入るもの（祖先の対応づけを引き継いだものを含む。施策体系の分類での絞り込み） / A city’s policy nodes in one shared class, own or inherited (the policy view’s class filter).',
  })
  async policyNodesInClass(
    @Arg('municipalityCode', () => String, { description: '自治体コード / Municipality code.' }) municipalityCode: string,
    @Arg('scheme', () => TaxonomySchemeEnum, { description: '分類 / Scheme.' }) scheme: TaxonomySchemeEnum,
    @Arg('classCode', () => String, { description: '分類の項目コード / Class code.' }) classCode: string,
    @Ctx() { em }: GraphQLContext,
  ): Promise<PolicyNodesInClassType> {
    const [city] = await execute<Row[]>(em, 'select id from municipality where code = ?', [municipalityCode]);
    if (!city) throw badInput(`自治体コード ${municipalityCode} はありません`, `no municipality ${municipalityCode}`, 'municipalityCode');
    const [cls] = await execute<Row[]>(em, 'select * from taxonomy_class where scheme = ? and code = ?', [scheme, classCode]);
    if (!cls) throw badInput(`分類の項目 ${classCode} はありません`, `unknown class code: ${classCode}`, 'classCode');
    // The tree walked once from the city's roots (policy_node_classes), not the per-node view.
    const rows = await execute<Row[]>(
      em,
      `select c.policy_node_id from policy_node_classes(array[?::int], ?::text) c join policy_node pn on pn.id = c.policy_node_id
        where c.class_id = ? order by pn.id`,
      [Number(city.id), scheme, Number(cls.id)],
    );
    return Object.assign(new PolicyNodesInClassType(), {
      id: `${city.id}:${cls.id}`,
      taxonomyClass: classFromRow(cls),
      policyNodeIds: rows.map((r) => String(r.policy_node_id)),
    });
  }

  @Query(() => [PeerGroupType], { description: '保存した比較グループ（名前順） / Saved peer groups, by name.' })
  async peerGroups(@Ctx() { em }: GraphQLContext): Promise<PeerGroupType[]> {
    const groups = await execute<Row[]>(em, 'select * from peer_group order by name');
    const cities = groups.length ? await execute<Row[]>(em, 'select * from municipality where id = any(?) order by code', [[...new Set(groups.flatMap((g) => g.municipality_ids as number[]))]]) : [];
    return groups.map((g) =>
      Object.assign(new PeerGroupType(), {
        id: String(g.id),
        name: g.name,
        municipalities: cities.filter((c) => (g.municipality_ids as number[]).includes(Number(c.id))).map(municipalityFromRow),
      }),
    );
  }

  @Query(() => CityComparisonType, {
    description:
      '自治体を共通分類で比較する：年度（指定がなければ各自治体の評価のある最新年度）の換算点・「順調」の割合・指標の目標達成、推移、比較対象の中央値を下回り始めた年度 / ' +
      'Cities compared on a shared taxonomy: per city (and class) the normalised score, on-track share and indicators at target in the year (each city’s latest rated year unless given), the trend, and since when it lags its peers’ median.',
  })
  async cityComparison(
    @Arg('cities', () => CitySelectionInput, { description: '比較する自治体 / Which cities.' }) cities: CitySelectionInput,
    @Arg('scheme', () => TaxonomySchemeEnum, { nullable: true, description: '分類（省くと分類なしで全体） / Scheme; all subjects together when omitted.' }) scheme: TaxonomySchemeEnum | null,
    @Arg('classCodes', () => [String], { nullable: true, description: '分類の項目コード（省くとその分類体系のすべて） / Class codes; every class of the scheme when omitted.' }) classCodes: string[] | null,
    @Arg('fiscalYear', () => Int, { nullable: true, description: '年度（省くと各自治体の最新） / Fiscal year; each city’s latest when omitted.' }) fiscalYear: number | null,
    @Arg('stage', () => StageEnum, { defaultValue: StageEnum.SELF, description: '評価の段階 / Stage.' }) stage: StageEnum,
    @Arg('subjectKind', () => SubjectKindEnum, { defaultValue: SubjectKindEnum.POLICY_NODE, description: '評価の対象の種類 / Kind of subject rated.' }) subjectKind: SubjectKindEnum,
    @Ctx() { em }: GraphQLContext,
  ): Promise<CityComparisonType> {
    if (classCodes && !scheme) throw badInput('分類の項目を選ぶときは分類体系（scheme）も指定してください', 'classCodes need a scheme', 'classCodes');
    if (classCodes && classCodes.length > 20) throw badInput('分類の項目は20まで選べます', 'at most 20 class codes', 'classCodes');
    if (fiscalYear != null && (fiscalYear < 1989 || fiscalYear > 2100)) throw badInput('年度は1989〜2100です', 'fiscalYear must be 1989..2100', 'fiscalYear');
    const cityRows = await selectCities(em, cities);
    const municipalities = cityRows.map(municipalityFromRow);
    const ids = cityRows.map((r) => Number(r.id));

    const classRows = scheme
      ? await execute<Row[]>(em, 'select * from taxonomy_class where scheme = ? and (?::text[] is null or code = any(?::text[])) order by sort_order', [scheme, classCodes, classCodes])
      : [];
    if (classCodes) {
      const unknown = classCodes.filter((c) => !classRows.some((r) => r.code === c));
      if (unknown.length) throw badInput(`分類の項目 ${unknown.join('、')} はありません`, `unknown class codes: ${unknown.join(', ')}`, 'classCodes');
    }
    const classes = classRows.map(classFromRow);
    const classIds = classCodes ? classRows.map((r) => Number(r.id)) : null;

    const scores = ids.length ? await classScores(em, ids, scheme, classIds, stage, subjectKind) : [];
    const latest = fiscalYear == null && ids.length ? await latestRatedYears(em, ids, stage, subjectKind) : new Map<number, number>();
    const yearOf = (cityId: number): number | null => fiscalYear ?? latest.get(cityId) ?? null;
    const years = new Map<number, number>();
    for (const id of ids) if (yearOf(id) != null) years.set(id, yearOf(id)!);
    const indicators = await indicatorsAtTarget(em, years, scheme, classIds);

    const scaleIds = [...new Set(scores.flatMap((s) => s.scaleIds))];
    const scaleRows = scaleIds.length ? await execute<Row[]>(em, 'select * from rating_scale where id = any(?) order by id', [scaleIds]) : [];
    const scaleById = new Map(scaleRows.map((r) => [Number(r.id), RatingScaleType.fromRow(r)]));

    // Ids in digits only (a CSV of the answer shows them): stage and subject kind by their place in their enums.
    const variant = `${Object.values(StageEnum).indexOf(stage)}${Object.values(SubjectKindEnum).indexOf(subjectKind)}`;
    const groupKeys: (TaxonomyClassType | null)[] = scheme ? classes : [null];
    const exact = new Map<string, number>();
    const exactByRow = new Map<string, { score: number; onTrack: number }>();
    const rows: CityComparisonRowType[] = [];
    const peerMedians: ComparisonMedianType[] = [];
    const comparisonId = `${ids.join('.')}:${classIds?.join('.') ?? (scheme ? SCHEMES.indexOf(scheme) + 1 : 0)}:${fiscalYear ?? 0}:${variant}`;
    // Ids of the figures of this set of cities: short (not the whole list of cities again), in digits.
    const setId = String(parseInt(createHash('sha256').update(comparisonId).digest('hex').slice(0, 12), 16));
    for (const cls of groupKeys) {
      const classId = cls ? Number(cls.id) : null;
      const inClass = scores.filter((s) => s.classId === classId);
      // The compared cities' median per year: the peers' level each city is held against.
      const byYear = new Map<number, number[]>();
      for (const s of inClass) byYear.set(s.year, [...(byYear.get(s.year) ?? []), s.score]);
      const medians = new Map([...byYear].map(([y, v]) => [y, median(v)!]));
      for (const [y, v] of [...byYear].sort((a, b) => a[0] - b[0]))
        peerMedians.push(
          Object.assign(new ComparisonMedianType(), { id: `${setId}:${classId ?? 0}:${y}`, taxonomyClass: cls, fiscalYear: FiscalYear.of(y), medianScore: round(medians.get(y)!, 1), cities: v.length }),
        );
      const classRowsOut: CityComparisonRowType[] = municipalities.map((m, i) => {
        const cityId = ids[i]!;
        const series = inClass.filter((s) => s.cityId === cityId).sort((a, b) => a.year - b.year);
        const point = (s: (typeof series)[number]) =>
          Object.assign(new ComparisonScoreType(), {
            id: `${cityId}:${classId ?? 0}:${s.year}:${variant}`,
            fiscalYear: FiscalYear.of(s.year),
            subjects: s.subjects,
            normalizedScore: round(s.score, 1),
            onTrackShare: round(s.onTrack, 2),
          });
        const year = yearOf(cityId);
        const current = year == null ? undefined : series.find((s) => s.year === year);
        // Rank, peer median and since-when depend on the compared set: the row's id carries it, so a
        // client's normalised cache never lends one comparison's rank to another that shares the city.
        const rowId = `${setId}:${cityId}:${classId ?? 0}`;
        if (current) {
          exact.set(`${cityId}:${classId}`, current.score);
          exactByRow.set(rowId, { score: current.score, onTrack: current.onTrack });
        }
        const ind = indicators.find((x) => x.cityId === cityId && x.classId === classId);
        const since = year == null ? null : belowMedianSince(new Map(series.map((s) => [s.year, s.score])), medians, year);
        return Object.assign(new CityComparisonRowType(), {
          id: rowId,
          municipality: m,
          taxonomyClass: cls,
          fiscalYear: year == null ? null : FiscalYear.of(year),
          score: current ? point(current) : null,
          indicators: ind
            ? Object.assign(new IndicatorsAtTargetType(), {
                measured: ind.measured,
                atTarget: ind.atTarget,
                share: ind.measured ? round(ind.atTarget / ind.measured, 2) : null,
                medianAchievement: ind.medianAchievement == null ? null : round(ind.medianAchievement, 1),
              })
            : null,
          trend: series.map(point),
          peerMedianScore: year == null || !medians.has(year) ? null : round(medians.get(year)!, 1),
          belowPeerMedianSince: since == null ? null : FiscalYear.of(since),
          rank: null,
          scales: [...new Set(series.flatMap((s) => s.scaleIds))].map((id) => scaleById.get(id)!).filter(Boolean),
        });
      });
      // Lagging first; cities without data last (never ranked as zero).
      const scoreOf = (r: CityComparisonRowType) => exact.get(`${r.municipality.id}:${classId}`)!;
      const withData = classRowsOut.filter((r) => r.score).sort((a, b) => scoreOf(a) - scoreOf(b) || a.municipality.code.localeCompare(b.municipality.code));
      withData.forEach((r) => (r.rank = 1 + withData.filter((o) => scoreOf(o) > scoreOf(r)).length));
      rows.push(...withData, ...classRowsOut.filter((r) => !r.score));
    }
    return Object.assign(new CityComparisonType(), {
      id: comparisonId,
      stage,
      scheme,
      municipalities,
      classes,
      rows,
      peerMedians,
      exact: exactByRow,
      cityRows,
      setId,
    });
  }

  @Mutation(() => [PolicyNodeClassType], {
    description:
      '施策の共通分類を設定する（その分類体系の項目を置き換える。空なら祖先から引き継ぐ。管理者のみ） / Set a node’s classes in one scheme (replacing them; empty to inherit again). Administrators only.',
  })
  async setPolicyNodeClasses(
    @Arg('policyNodeId', () => ID, { description: '施策のID / Policy node id.' }) policyNodeId: string,
    @Arg('scheme', () => TaxonomySchemeEnum, { description: '分類 / Scheme.' }) scheme: TaxonomySchemeEnum,
    @Arg('classCodes', () => [String], { description: '項目のコード（17まで） / Class codes (at most 17).' }) classCodes: string[],
    @Arg('uncertain', () => Boolean, { defaultValue: false, description: '判断が確かでなければ true / True where it is a judgement.' }) uncertain: boolean,
    @Arg('note', () => String, { nullable: true, description: '注記（日本語、2000字まで） / Note (at most 2,000 characters).' }) note: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PolicyNodeClassType[]> {
    if (!ctx.admin) throw new GraphQLError('管理者だけが分類を設定できます / only administrators may set classes', { extensions: { code: 'FORBIDDEN' } });
    if (!/^\d{1,9}$/.test(policyNodeId)) throw badInput('施策のIDが正しくありません', 'policyNodeId must be a node id', 'policyNodeId');
    if (classCodes.length > 17) throw badInput('項目は17まで指定できます', 'at most 17 class codes', 'classCodes');
    if (new Set(classCodes).size !== classCodes.length) throw badInput('項目が重複しています', 'a class code is listed twice', 'classCodes');
    if (note && note.length > 2000) throw badInput('注記は2000字までです', 'note is longer than 2,000 characters', 'note');
    const db = (ctx.ownerEm ?? ctx.em).getKnex();
    await db.transaction(async (trx) => {
      const node = (await trx.raw('select id, municipality_id from policy_node where id = ?', [Number(policyNodeId)])).rows[0] as Row | undefined;
      if (!node) throw badInput(`施策 ${policyNodeId} はありません`, `no policy node ${policyNodeId}`, 'policyNodeId');
      const cityId = Number(node.municipality_id);
      if (ctx.principal.kind === 'user' && ctx.principal.user.municipalityId !== null && ctx.principal.user.municipalityId !== cityId)
        throw new GraphQLError('他の自治体の施策は編集できません / you may edit only your own municipality’s nodes', { extensions: { code: 'FORBIDDEN' } });
      const ids = await classIdsByCode(trx);
      const unknown = classCodes.filter((c) => !ids.has(`${scheme}|${c}`));
      if (unknown.length) throw badInput(`分類の項目 ${unknown.join('、')} はありません`, `unknown class codes: ${unknown.join(', ')}`, 'classCodes');
      const provenance = { source_document_id: null, source_line: null, source_line_end: null, source_page: null, source_note: note, uncertain };
      const counts = await replaceMappings(trx, cityId, false, [{ nodeId: Number(node.id), scheme, classIds: classCodes.map((c) => ids.get(`${scheme}|${c}`)!), provenance }]);
      if (counts.added + counts.changed > 0) await bumpDataVersion(trx, cityId);
    });
    dataChanged();
    NODE_CLASSES.delete(ctx);
    return (await nodeClasses(ctx).load(Number(policyNodeId))).filter((c) => c.taxonomyClass.scheme === scheme);
  }

  @Mutation(() => PeerGroupType, { description: '自治体を選んで比較グループを名前をつけて保存する（同名は置き換え。管理者のみ） / Save a hand-picked peer group under a name (replacing one of that name). Administrators only.' })
  async savePeerGroup(
    @Arg('name', () => String, { description: '名前（100字まで） / Name (at most 100 characters).' }) name: string,
    @Arg('codes', () => [String], { description: '自治体コード / Municipality codes.' }) codes: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<PeerGroupType> {
    if (!ctx.admin) throw new GraphQLError('管理者だけが保存できます / only administrators may save peer groups', { extensions: { code: 'FORBIDDEN' } });
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw badInput('名前は1〜100字です', 'name must be 1..100 characters', 'name');
    if (!codes.length || codes.length > MAX_COMPARED_CITIES) throw badInput(`自治体は1〜${MAX_COMPARED_CITIES}です`, `give 1..${MAX_COMPARED_CITIES} codes`, 'codes');
    const found = (await (ctx.ownerEm ?? ctx.em).getKnex().raw('select * from municipality where code = any(?) order by code', [codes])).rows as Row[];
    const missing = codes.filter((c) => !found.some((r) => r.code === c));
    if (missing.length) throw badInput(`自治体コード ${missing.join('、')} はありません`, `unknown municipality codes: ${missing.join(', ')}`, 'codes');
    const g = await (ctx.ownerEm ?? ctx.em).getKnex().transaction(async (trx) => {
      const before = (await trx.raw('select municipality_ids from peer_group where name = ? for update', [trimmed])).rows[0] as Row | undefined;
      const [saved] = (
        await trx.raw(
          `insert into peer_group (name, municipality_ids) values (?, ?) on conflict (name) do update set municipality_ids = excluded.municipality_ids returning *`,
          [trimmed, found.map((r) => Number(r.id))],
        )
      ).rows as Row[];
      // A cached comparison of the group is keyed by its cities' data versions: bump those of the
      // cities it had and has, so no answer made for the old membership is served again.
      for (const id of new Set([...((before?.municipality_ids as number[]) ?? []), ...found.map((r) => Number(r.id))])) await bumpDataVersion(trx, id);
      return saved;
    });
    dataChanged();
    return Object.assign(new PeerGroupType(), { id: String(g!.id), name: g!.name, municipalities: found.map(municipalityFromRow) });
  }
}
