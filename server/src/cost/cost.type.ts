import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProvenanceType, type SqlRow } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { PROJECT_DIRECTIONS } from '../dataset/format.js';
import { fundTotalOf, personnelCostOf, totalCostOf } from './cost-parts.js';
import type { GroupAchievement } from './cost-achievement.js';

export enum ProjectDirectionEnum {
  EXPAND = 'expand',
  MAINTAIN = 'maintain',
  IMPROVE = 'improve',
  REDUCE = 'reduce',
  INTEGRATE = 'integrate',
  ABOLISH = 'abolish',
  COMPLETE = 'complete',
}
registerEnumType(ProjectDirectionEnum, {
  name: 'ProjectDirection',
  description: '今後の方向性 / The direction a city gives a project',
  valuesConfig: {
    EXPAND: { description: '拡充 / Expand' },
    MAINTAIN: { description: '現状維持 / Maintain' },
    IMPROVE: { description: '改善 / Improve' },
    REDUCE: { description: '縮小 / Reduce' },
    INTEGRATE: { description: '統合 / Integrate' },
    ABOLISH: { description: '廃止 / Abolish' },
    COMPLETE: { description: '完了 / Complete' },
  },
});
void (PROJECT_DIRECTIONS satisfies readonly `${ProjectDirectionEnum}`[]);

export enum CostBasisEnum {
  TOTAL_COST = 'total_cost',
  SETTLED = 'settled',
}
registerEnumType(CostBasisEnum, {
  name: 'CostBasis',
  description: 'コストの根拠 / What a cost figure was computed from',
  valuesConfig: {
    TOTAL_COST: { description: 'トータルコスト（事業費＋人件費＋その他） / Total cost (direct + staff + other)' },
    SETTLED: { description: '決算額（人件費を含まない） / Settled amount (without staff cost)' },
  },
});

export enum PersonnelBasisEnum {
  PRINTED = 'printed',
  STAFF_TIMES_AVERAGE = 'staff_times_average',
}
registerEnumType(PersonnelBasisEnum, {
  name: 'PersonnelCostBasis',
  description: '人件費の根拠 / Where the staff cost comes from',
  valuesConfig: {
    PRINTED: { description: '印字された人件費 / As printed' },
    STAFF_TIMES_AVERAGE: { description: '従事人数×平均人件費 / Staff × average cost per person' },
  },
});

@ObjectType('ProjectFunding', { description: '財源内訳（千円、不明は値なし） / Sources of funds in thousand yen; null = unknown.' })
export class ProjectFundingType {
  @Field(() => Float, { nullable: true, description: '国・県支出金 / National and prefectural grants.' })
  national?: number | null;

  @Field(() => Float, { nullable: true, description: '地方債 / Municipal bonds.' })
  bonds?: number | null;

  @Field(() => Float, { nullable: true, description: 'その他特定財源 / Other specific revenue.' })
  otherSpecific?: number | null;

  @Field(() => Float, { nullable: true, description: '一般財源 / General revenue.' })
  general?: number | null;

  @Field(() => Float, { nullable: true, description: '合計（4つとも分かるときのみ） / Total, when all four are known.' })
  total?: number | null;
}

@ObjectType('ProjectCost', {
  description: '事務事業評価のコスト（年度ごと、千円。印字のない項目は不明＝値なし） / A project’s evaluation sheet for a year: cost by kind, sources of funds, its own evaluation and direction, in thousand yen; null = not printed (unknown).',
})
export class ProjectCostType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => Float, { nullable: true, description: '事業費 / Direct cost.' })
  businessCost?: number | null;

  @Field(() => Float, { nullable: true, description: '従事人数（人） / Staff (person-years).' })
  staff?: number | null;

  @Field(() => Float, { nullable: true, description: '平均人件費（千円/人） / Average cost per person.' })
  costPerStaff?: number | null;

  @Field(() => Float, { nullable: true, description: '人件費（印字、なければ従事人数×平均人件費） / Staff cost: as printed, else staff × average.' })
  personnelCost?: number | null;

  @Field(() => PersonnelBasisEnum, { nullable: true, description: '人件費の根拠 / Where the staff cost comes from.' })
  personnelCostBasis?: PersonnelBasisEnum | null;

  @Field(() => Float, { nullable: true, description: 'その他のコスト / Other costs.' })
  otherCost?: number | null;

  @Field(() => Float, { nullable: true, description: 'トータルコスト（事業費＋人件費＋その他。どれかが不明なら不明） / Total cost; unknown when any part is.' })
  totalCost?: number | null;

  @Field(() => Float, { nullable: true, description: '印字されたトータルコスト / Total cost as printed.' })
  printedTotal?: number | null;

  @Field(() => ProjectFundingType, { description: '財源内訳 / Sources of funds.' })
  funding!: ProjectFundingType;

  @Field(() => ProjectDirectionEnum, { nullable: true, description: '今後の方向性 / Direction.' })
  direction?: ProjectDirectionEnum | null;

  @Field(() => String, { nullable: true, description: '方向性の表記 / The direction as printed.' })
  directionText?: string | null;

  @Field(() => String, { nullable: true, description: '事業の評価：妥当性（印字どおり、なければ値なし） / The project’s own rating of its validity (妥当性), as printed.' })
  validity?: string | null;

  @Field(() => String, { nullable: true, description: '事業の評価：有効性（印字どおり） / Its effectiveness (有効性), as printed.' })
  effectiveness?: string | null;

  @Field(() => String, { nullable: true, description: '事業の評価：効率性（印字どおり） / Its efficiency (効率性), as printed.' })
  efficiency?: string | null;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal id. */
  projectId!: number;

  static fromRow(r: SqlRow): ProjectCostType {
    const parts = { businessCost: r.business_cost, staff: r.staff, costPerStaff: r.cost_per_staff, personnelCost: r.personnel_cost, otherCost: r.other_cost };
    const personnel = personnelCostOf(parts);
    const funds = { fundNational: r.fund_national, fundBonds: r.fund_bonds, fundOtherSpecific: r.fund_other_specific, fundGeneral: r.fund_general };
    return Object.assign(new ProjectCostType(), {
      id: String(r.id),
      fiscalYear: FiscalYear.of(r.fiscal_year),
      businessCost: r.business_cost ?? null,
      staff: r.staff ?? null,
      costPerStaff: r.cost_per_staff ?? null,
      personnelCost: personnel,
      personnelCostBasis: r.personnel_cost != null ? PersonnelBasisEnum.PRINTED : personnel != null ? PersonnelBasisEnum.STAFF_TIMES_AVERAGE : null,
      otherCost: r.other_cost ?? null,
      totalCost: totalCostOf(parts),
      printedTotal: r.printed_total ?? null,
      funding: Object.assign(new ProjectFundingType(), {
        national: r.fund_national ?? null,
        bonds: r.fund_bonds ?? null,
        otherSpecific: r.fund_other_specific ?? null,
        general: r.fund_general ?? null,
        total: fundTotalOf(funds),
      }),
      direction: (r.direction ?? null) as ProjectDirectionEnum | null,
      directionText: r.direction_text ?? null,
      validity: r.validity ?? null,
      effectiveness: r.effectiveness ?? null,
      efficiency: r.efficiency ?? null,
      provenance: ProvenanceType.fromRow(r),
      projectId: r.project_id,
    });
  }
}

@ObjectType('ProjectShare', { description: '事業の施策への配分 / A project’s share of a policy node it serves.' })
export class ProjectShareType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => Float, { description: '配分（0〜1） / Share (0–1).' })
  share!: number;

  /** Internal ids. */
  policyNodeId!: number;
  projectId!: number;

  static fromRow(r: SqlRow): ProjectShareType {
    return Object.assign(new ProjectShareType(), { id: String(r.id), share: r.share, policyNodeId: r.policy_node_id, projectId: r.project_id });
  }
}

@ObjectType('UnitCost', { description: '単位当たりコスト（コスト÷実績値） / Cost per unit of an indicator: cost ÷ actual.' })
export class UnitCostType {
  @Field(() => ID, { description: '事業・指標・年度から作るID / Id made of project, indicator and year.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => Float, { nullable: true, description: '単位当たりコスト（千円/単位、不明は値なし） / Cost per unit in thousand yen; null = unknown.' })
  value?: number | null;

  @Field(() => Float, { nullable: true, description: '分子：コスト（千円） / Numerator: the cost.' })
  cost?: number | null;

  @Field(() => CostBasisEnum, { nullable: true, description: '分子の根拠 / What the cost is.' })
  costBasis?: CostBasisEnum | null;

  @Field(() => Float, { nullable: true, description: '分母：実績値 / Denominator: the actual.' })
  actual?: number | null;

  @Field(() => Float, { nullable: true, description: '前年度の実績値 / The actual of the year before.' })
  previousActual?: number | null;

  @Field(() => Boolean, { nullable: true, description: '前年度より悪くなった（望ましい方向で判断。方向が不明・値がないときは値なし） / Worse than the year before, by the indicator’s better direction; null when unknown.' })
  worsened?: boolean | null;

  /** Internal id of the indicator. */
  indicatorId!: number;
}

@ObjectType('ProjectYearFigures', {
  description: '事業の年度ごとの計算値（それぞれ何から計算したかを持つ。不明はnull） / A project’s computed figures for a year, each with what it was computed from; null = unknown.',
})
export class ProjectYearFiguresType {
  @Field(() => ID, { description: '事業と年度から作るID / Id made of project and year.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => Float, { nullable: true, description: 'コスト（トータルコスト、なければ決算額） / Cost: the total cost, else the settled amount.' })
  cost?: number | null;

  @Field(() => CostBasisEnum, { nullable: true, description: 'コストの根拠 / What the cost is.' })
  costBasis?: CostBasisEnum | null;

  @Field(() => Float, { nullable: true, description: '予算額 / Budget.' })
  budget?: number | null;

  @Field(() => Float, { nullable: true, description: '決算額 / Settled amount.' })
  settled?: number | null;

  @Field(() => Float, { nullable: true, description: '執行率（決算額÷予算額、同じ年度） / Execution rate: settled ÷ budget of the same year.' })
  executionRate?: number | null;

  @Field(() => Float, { nullable: true, description: '前年度のコスト（同じ根拠） / Previous year’s cost on the same basis.' })
  previousCost?: number | null;

  @Field(() => CostBasisEnum, { nullable: true, description: '前年度比の根拠（両年度で分かるもの） / Basis of the change: one known in both years.' })
  changeBasis?: CostBasisEnum | null;

  @Field(() => Float, { nullable: true, description: '前年度からの増減（千円） / Change against the previous year.' })
  change?: number | null;

  @Field(() => Float, { nullable: true, description: '前年度比の増減率（0.1 = 10%増） / Change as a fraction of the previous year.' })
  changeRate?: number | null;

  @Field(() => [UnitCostType], { description: '指標ごとの単位当たりコスト / Cost per unit of each of the project’s indicators.' })
  unitCosts!: UnitCostType[];
}

@ObjectType('CostRating', { description: 'グループの施策の評価 / The rating of a group’s policy node.' })
export class CostRatingType {
  @Field(() => ID, { description: '評価段階のID / Level id.' })
  id!: string;

  @Field(() => String, { description: 'コード / Code.' })
  code!: string;

  @Field(() => String, { description: '表示名 / Label.' })
  label!: string;

  @Field(() => Float, { nullable: true, description: '点数 / Score.' })
  score?: number | null;

  @Field(() => Float, { nullable: true, description: '段階の正規化スコア（0〜100）を0〜1にしたもの / The level’s normalised score (0–100) as a fraction 0–1.' })
  normalizedScore?: number | null;

  @Field(() => String, { nullable: true, description: '色 / Colour.' })
  color?: string | null;
}

/** A group's id: a number made from what the group is (city, year, grouping, key), stable across requests, without raw codes. */
function groupId(what: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < what.length; i++) h = Math.imul(h ^ what.charCodeAt(i), 0x01000193) >>> 0;
  let h2 = 0x9747b28c;
  for (let i = what.length - 1; i >= 0; i--) h2 = Math.imul(h2 ^ what.charCodeAt(i), 0x5bd1e995) >>> 0;
  return `${h}${String(h2).padStart(10, '0')}`;
}

@ObjectType('CostGroup', {
  description:
    '事業費の集計の1グループ（配分を掛けて合計。不明な事業は合計に入れず件数で示す） / One group of a cost roll-up: amounts summed with the projects’ shares; unknown ones are left out and counted.',
})
export class CostGroupType {
  @Field(() => ID, { description: 'グループのキー（年度と集計方法を含む） / Group key (with year and grouping).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'グループの値（施策ID、組織ID、方向性、評価コード、目的別の分類ID。ないときは値なし＝未分類など） / The group’s value (node id, department id, direction, level code, class id); null = none (e.g. unmapped).' })
  key?: string | null;

  @Field(() => ProjectDirectionEnum, { nullable: true, description: 'DIRECTION でまとめたとき：今後の方向性 / For DIRECTION: the direction.' })
  direction?: ProjectDirectionEnum | null;

  @Field(() => String, { nullable: true, description: 'グループ名（施策名・組織名・目的別の分類名。方向性と評価は表示側で） / Name of the node, department or class.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '施策の番号（目的別では分類のコード） / The node’s printed code (the class code for PURPOSE).' })
  code?: string | null;

  @Field(() => Int, { description: '事業の数（配分先ごと） / Projects (per node they are shared to).' })
  projects!: number;

  @Field(() => Float, { nullable: true, description: 'トータルコストの合計（配分×トータルコスト、分かる事業のみ） / Sum of share × total cost over projects whose total cost is known.' })
  totalCost?: number | null;

  @Field(() => Int, { description: 'トータルコストが分かる事業の数 / Projects whose total cost is known.' })
  totalCostProjects!: number;

  @Field(() => Float, { nullable: true, description: '決算額の合計（配分×決算額） / Sum of share × settled amount.' })
  settled?: number | null;

  @Field(() => Int, { description: '決算額が分かる事業の数 / Projects with a settled amount.' })
  settledProjects!: number;

  @Field(() => Float, { nullable: true, description: '予算額の合計（配分×予算額） / Sum of share × budget.' })
  budget?: number | null;

  @Field(() => Int, { description: '予算額が分かる事業の数 / Projects with a budget.' })
  budgetProjects!: number;

  @Field(() => Float, { nullable: true, description: '執行率（両方分かる事業の決算額計÷予算額計） / Execution rate over projects with both amounts.' })
  executionRate?: number | null;

  @Field(() => Int, { description: '執行率に使った事業の数 / Projects the execution rate is computed from.' })
  executionProjects!: number;

  @Field(() => Float, { nullable: true, description: '前年度のトータルコスト（両年度で分かる事業） / Previous year’s total cost, over projects known in both years.' })
  previousTotalCost?: number | null;

  @Field(() => Float, { nullable: true, description: '同じ事業の今年度のトータルコスト / This year’s total cost of those same projects.' })
  comparableTotalCost?: number | null;

  @Field(() => Int, { description: '前年度比に使った事業の数 / Projects the change is computed from.' })
  changeProjects!: number;

  @Field(() => Float, { nullable: true, description: '前年度比の増減率 / Change against the previous year as a fraction.' })
  changeRate?: number | null;

  @Field(() => CostRatingType, { nullable: true, description: '施策でまとめたとき：その施策の評価 / For a node: its rating at the asked stage.' })
  rating?: CostRatingType | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '正規化スコア1点当たりのコスト：トータルコスト÷段階の正規化スコア（0〜100）。スコア0や不明のときは値なし / Total cost per point of the level’s normalised score (0–100); null when the score is 0 or unknown.',
  })
  costPerScorePoint?: number | null;

  /** For NODE groups: the achievements of the roll-up's nodes, fetched once for all its groups when a group's `achievement` is asked. */
  achievements?: () => Promise<Map<string, GroupAchievement>>;

  static fromRow(r: SqlRow, idPrefix: string, grouping?: string): CostGroupType {
    const num = (v: unknown) => (v == null ? null : Number(v));
    const prev = num(r.previous_total_cost);
    const comparable = num(r.comparable_total_cost);
    return Object.assign(new CostGroupType(), {
      id: groupId(`${idPrefix}:${r.key ?? '-'}`),
      key: r.key == null ? null : String(r.key),
      direction: grouping === 'direction' && r.key != null ? (String(r.key) as ProjectDirectionEnum) : null,
      name: r.name ?? null,
      code: r.code ?? null,
      projects: Number(r.projects),
      totalCost: num(r.total_cost),
      totalCostProjects: Number(r.total_cost_projects),
      settled: num(r.settled),
      settledProjects: Number(r.settled_projects),
      budget: num(r.budget),
      budgetProjects: Number(r.budget_projects),
      executionRate: num(r.execution_rate),
      executionProjects: Number(r.execution_projects),
      previousTotalCost: prev,
      comparableTotalCost: comparable,
      changeProjects: Number(r.change_projects),
      changeRate: prev && comparable != null ? comparable / prev - 1 : null,
      costPerScorePoint: r.level_normalized ? (num(r.total_cost) == null ? null : Number(r.total_cost) / (Number(r.level_normalized) * 100)) : null,
      rating:
        r.level_id == null
          ? null
          : Object.assign(new CostRatingType(), {
              id: String(r.level_id),
              code: r.level_code,
              label: r.level_label,
              score: r.level_score ?? null,
              normalizedScore: r.level_normalized ?? null,
              color: r.level_color ?? null,
            }),
    });
  }
}
