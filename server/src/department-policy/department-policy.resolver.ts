import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FiscalYearFilter, fiscalYearScope, likePattern, subjectScope, SubjectFilter } from '../graphql/filters.js';
import { FilterError } from '../graphql/errors.js';
import { ConnectionType, paginate, SortDirection, type Connection } from '../graphql/pagination.js';
import { DepartmentType } from '../department/department.type.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { DepartmentPolicyType, InitiativeType } from './department-policy.type.js';

@InputType({ description: '部局運営方針の絞り込み（AND） / Department policy filter; conditions combine with AND.' })
export class DepartmentPolicyFilter {
  @Field(() => [String], { nullable: true, description: '自治体コード / Municipality codes.' })
  municipalityCodes?: string[];

  @Field(() => FiscalYearFilter, { nullable: true, description: '年度 / Fiscal years.' })
  fiscalYears?: FiscalYearFilter;

  @Field(() => [ID], { nullable: true, description: '組織ID / Department ids.' })
  departmentIds?: string[];

  @Field(() => Boolean, { defaultValue: true, description: '配下の組織を含める / Include sub-departments.' })
  includeSubDepartments: boolean = true;

  @Field(() => [String], { nullable: true, description: '取組の区分（財務体質の強化、個別課題…）のいずれかを持つ / Has an initiative in any of these categories.' })
  categories?: string[];

  @Field(() => String, { nullable: true, description: '基本的考え方・取組・組織名の部分一致検索 / Substring search in the basic approach, initiatives and department name.' })
  search?: string;
}

export const DepartmentPolicyConnection = ConnectionType(DepartmentPolicyType, 'DepartmentPolicy', '部局運営方針');

@ArgsType()
class DepartmentPoliciesArgs {
  @Field(() => DepartmentPolicyFilter, { nullable: true, description: '絞り込み / Filter.' })
  filter?: DepartmentPolicyFilter;

  @Field(() => Int, { nullable: true, description: '件数（既定50、最大500） / Page size (default 50, max 500).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'このカーソルの後から / Items after this cursor.' })
  after?: string;
}

function departmentPolicyScope(f: DepartmentPolicyFilter | undefined) {
  const subject: SubjectFilter = Object.assign(new SubjectFilter(), {
    municipalityCodes: f?.municipalityCodes,
    departmentIds: f?.departmentIds,
    includeSubDepartments: f?.includeSubDepartments ?? true,
  });
  const s = subjectScope(subject, {
    municipalityId: 'dp.municipality_id',
    planId: 'null',
    nodeId: 'null',
    nodePath: 'null',
    departmentId: 'dp.department_id',
    uncertain: 'dp.uncertain',
    searchText: [],
  });
  const y = fiscalYearScope(f?.fiscalYears, 'dp.fiscal_year');
  s.where.push(...y.where);
  s.bindings.push(...y.bindings);
  if (f?.categories?.length) {
    s.where.push('exists (select 1 from department_policy_initiative x where x.policy_id = dp.id and x.category = any(?))');
    s.bindings.push(f.categories);
  }
  const text = f?.search?.trim();
  if (text) {
    if (text.length > 200) throw new FilterError('search', '200文字までです / at most 200 characters');
    s.where.push(
      `(dp.basic_approach ilike ? or d.name ilike ? or exists (select 1 from department_policy_initiative x where x.policy_id = dp.id and (x.title ilike ? or x.body ilike ?)))`,
    );
    s.bindings.push(...Array(4).fill(likePattern(text)));
  }
  return s;
}

@Resolver(() => DepartmentPolicyType)
export class DepartmentPolicyResolver {
  @Query(() => DepartmentPolicyConnection, { description: '部局運営方針の一覧（新しい年度から） / Department policies, newest fiscal year first.' })
  async departmentPolicies(@Args(() => DepartmentPoliciesArgs) args: DepartmentPoliciesArgs, @Ctx() { em }: GraphQLContext): Promise<Connection<DepartmentPolicyType>> {
    return paginate({
      em,
      from: 'department_policy dp join department d on d.id = dp.department_id',
      select: 'dp.*',
      idColumn: 'dp.id',
      sortKey: 'dp.fiscal_year',
      orderName: 'FISCAL_YEAR_DESC',
      direction: SortDirection.DESC,
      scope: departmentPolicyScope(args.filter),
      first: args.first,
      after: args.after,
      toNode: DepartmentPolicyType.fromRow,
    });
  }

  @FieldResolver(() => DepartmentType, { description: '組織 / The department.' })
  async department(@Root() p: DepartmentPolicyType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType> {
    return (await loaders.department.load(p.departmentId))!;
  }

  @FieldResolver(() => [InitiativeType], { description: '取組（文書の順） / Initiatives, as printed.' })
  async initiatives(@Root() p: DepartmentPolicyType, @Ctx() { loaders }: GraphQLContext): Promise<InitiativeType[]> {
    return loaders.initiativesByPolicy.load(Number(p.id));
  }

  @FieldResolver(() => MunicipalityType, { description: '自治体 / The municipality.' })
  async municipality(@Root() p: DepartmentPolicyType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType> {
    return (await loaders.municipality.load(p.municipalityId))!;
  }
}

/** A department's policies (a field of Department kept in this slice), newest year first. */
@Resolver(() => DepartmentType)
export class DepartmentPoliciesResolver {
  @FieldResolver(() => [DepartmentPolicyType], { description: 'この組織の部局運営方針（新しい年度から） / The department’s policies, newest fiscal year first.' })
  async policies(@Root() d: DepartmentType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentPolicyType[]> {
    return loaders.policiesByDepartment.load(Number(d.id));
  }
}
