import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute, loadAll } from '../graphql/loaders.js';
import { parseId } from '../graphql/pagination.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { PolicyNodeType } from '../plan/policy-node.type.js';
import { DepartmentType } from './department.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

/** Tree order: by the path of ids, compared as numbers (parents before their children). */
function byPath(a: DepartmentType, b: DepartmentType): number {
  for (let i = 0; i < Math.min(a.pathIds.length, b.pathIds.length); i++) {
    if (a.pathIds[i] !== b.pathIds[i]) return a.pathIds[i]! - b.pathIds[i]!;
  }
  return a.pathIds.length - b.pathIds.length;
}

@Resolver(() => DepartmentType)
export class DepartmentResolver {
  @Query(() => [DepartmentType], { description: '自治体の組織（木の順の平坦な一覧、parent/children で木に） / A municipality’s departments, flat in tree order (parent/children give the tree).' })
  async departments(
    @Arg('municipalityCode', () => String, { description: '自治体コード / Municipality code.' }) code: string,
    @Ctx() { em }: GraphQLContext,
  ): Promise<DepartmentType[]> {
    const rows = await execute<SqlRow[]>(em, `select d.* from department d join municipality m on m.id = d.municipality_id where m.code = ?`, [code]);
    return rows.map(DepartmentType.fromRow).sort(byPath);
  }

  @Query(() => DepartmentType, { nullable: true, description: 'IDで組織を1件 / One department by id.' })
  async department(@Arg('id', () => ID, { description: '組織ID / Department id.' }) id: string, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return loaders.department.load(parseId(id));
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '上位の組織（課なら部） / The parent department.' })
  async parent(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return d.parentId == null ? null : loaders.department.load(d.parentId);
  }

  @FieldResolver(() => [DepartmentType], { description: '下位の組織 / Departments directly below.' })
  async children(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType[]> {
    return (await loaders.departmentsByParent.load(Number(d.id))).slice().sort(byPath);
  }

  @FieldResolver(() => [DepartmentType], { description: '上位の組織（最上位から親まで） / Ancestors, from the root to the parent.' })
  async ancestors(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType[]> {
    return loadAll(loaders.department, d.pathIds.slice(0, -1));
  }

  @FieldResolver(() => [DepartmentType], { description: '最上位から自身までの経路 / The path from the root to this department (inclusive).' })
  async path(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType[]> {
    return loadAll(loaders.department, d.pathIds);
  }

  @FieldResolver(() => [PolicyNodeType], { description: 'この組織が主管課として記載されたノード / Policy nodes that name this department as lead department.' })
  async policyNodes(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<PolicyNodeType[]> {
    return loaders.policyNodesByLeadDepartment.load(Number(d.id));
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(d.municipalityId))!;
  }
}
