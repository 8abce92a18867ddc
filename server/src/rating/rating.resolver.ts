import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { execute } from '../graphql/loaders.js';
import type { GraphQLContext } from '../graphql/context.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { RatingLevelType, RatingScaleType } from './rating.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@Resolver(() => RatingScaleType)
export class RatingScaleResolver {
  @Query(() => [RatingScaleType], { description: '自治体の評価尺度 / A municipality’s rating scales.' })
  async ratingScales(
    @Arg('municipalityCode', () => String, { description: '自治体コード / Municipality code.' }) code: string,
    @Ctx() { em }: GraphQLContext,
  ): Promise<RatingScaleType[]> {
    const rows = await execute<SqlRow[]>(em, `select s.* from rating_scale s join municipality m on m.id = s.municipality_id where m.code = ? order by s.id`, [code]);
    return rows.map(RatingScaleType.fromRow);
  }

  @FieldResolver(() => [RatingLevelType], { description: '段階（良い順） / Levels, best first.' })
  async levels(@Root() s: RatingScaleType, @Ctx() { loaders }: GraphQLContext): Promise<RatingLevelType[]> {
    return loaders.levelsByScale.load(Number(s.id));
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() s: RatingScaleType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(s.municipalityId))!;
  }
}
