import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { DIRECTIONS, INDICATOR_KINDS, QUALIFIERS, VALUE_KINDS } from '../dataset/format.js';
import type { SqlRow } from '../provenance/provenance.type.js';

export enum ValueKindEnum {
  BASELINE = 'baseline',
  TARGET = 'target',
  ACTUAL = 'actual',
}
registerEnumType(ValueKindEnum, {
  name: 'ValueKind',
  description: '指標値の種類 / Kind of indicator value',
  valuesConfig: {
    BASELINE: { description: '現状値・策定時 / Baseline' },
    TARGET: { description: '目標値 / Target' },
    ACTUAL: { description: '実績値 / Actual' },
  },
});

export enum DirectionEnum {
  HIGHER_IS_BETTER = 'higher_is_better',
  LOWER_IS_BETTER = 'lower_is_better',
  MAINTAIN = 'maintain',
  UNKNOWN = 'unknown',
}
registerEnumType(DirectionEnum, {
  name: 'Direction',
  description: '望ましい方向 / Which direction is better',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: '高いほど良い / Higher is better' },
    LOWER_IS_BETTER: { description: '低いほど良い / Lower is better' },
    MAINTAIN: { description: '維持 / Maintain' },
    UNKNOWN: { description: '不明 / Unknown' },
  },
});

export enum QualifierEnum {
  AT_MOST = 'at_most',
  AT_LEAST = 'at_least',
  APPROX = 'approx',
}
registerEnumType(QualifierEnum, {
  name: 'Qualifier',
  description: '値の限定（以内・以上・程度） / Qualifier printed with a value',
  valuesConfig: {
    AT_MOST: { description: '以内 / At most' },
    AT_LEAST: { description: '以上 / At least' },
    APPROX: { description: '程度・約 / Approximately' },
  },
});

export enum IndicatorKindEnum {
  OUTCOME = 'outcome',
  ACTIVITY = 'activity',
  UNKNOWN = 'unknown',
}
registerEnumType(IndicatorKindEnum, {
  name: 'IndicatorKind',
  description: '指標の種類 / Kind of indicator',
  valuesConfig: {
    OUTCOME: { description: '成果指標 / Outcome' },
    ACTIVITY: { description: '活動指標 / Activity' },
    UNKNOWN: { description: '不明 / Unknown' },
  },
});

// The enums' values are the database's; keep them in step with the dataset format.
void (VALUE_KINDS satisfies readonly `${ValueKindEnum}`[]);
void (DIRECTIONS satisfies readonly `${DirectionEnum}`[]);
void (QUALIFIERS satisfies readonly `${QualifierEnum}`[]);
void (INDICATOR_KINDS satisfies readonly `${IndicatorKindEnum}`[]);

@ObjectType('Indicator', { description: '指標・KPI / An indicator (KPI) of a policy node or project.' })
export class IndicatorType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '説明 / Description.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: '単位（人、%、件…） / Unit.' })
  unit?: string | null;

  @Field(() => DirectionEnum, { description: '望ましい方向 / Which direction is better.' })
  direction!: DirectionEnum;

  @Field(() => IndicatorKindEnum, { description: '成果指標か活動指標か / Outcome or activity.' })
  kind!: IndicatorKindEnum;

  @Field(() => String, { nullable: true, description: '出典（〇〇課調べ） / Source.' })
  source?: string | null;

  @Field(() => Boolean, { description: 'KPI なら true / True for a KPI.' })
  isKpi!: boolean;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  policyNodeId!: number | null;
  projectId!: number | null;
  sortOrder!: number;

  static fromRow(r: SqlRow): IndicatorType {
    return Object.assign(new IndicatorType(), {
      id: String(r.id),
      key: r.key,
      name: r.name,
      description: r.description ?? null,
      unit: r.unit ?? null,
      direction: r.direction as DirectionEnum,
      kind: r.kind as IndicatorKindEnum,
      source: r.source ?? null,
      isKpi: Boolean(r.is_kpi),
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      policyNodeId: r.policy_node_id ?? null,
      projectId: r.project_id ?? null,
      sortOrder: r.sort_order ?? 0,
    });
  }
}

@ObjectType('ValuePart', { description: '複数の値が並ぶ値の1つ（広瀬川のBOD値、児童の割合…） / One part of a value printed in several parts.' })
export class ValuePartType {
  @Field(() => String, { description: '印字された見出し（広瀬川、児童） / The part’s label as printed.' })
  label!: string;

  @Field(() => Float, { nullable: true, description: '数値 / The number.' })
  value?: number | null;

  @Field(() => String, { nullable: true, description: '単位 / Unit.' })
  unit?: string | null;

  @Field(() => String, { description: '印字どおり（広瀬川: 2.7mg/L） / As printed.' })
  text!: string;
}

@ObjectType('IndicatorValue', { description: '指標値（年度ごとの現状値・目標値・実績値） / An indicator’s baseline, target or actual for a fiscal year.' })
export class IndicatorValueType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => FiscalYear, { description: '年度（表の列） / Fiscal year (the table’s column).' })
  fiscalYear!: FiscalYear;

  @Field(() => ValueKindEnum, { description: '種類 / Kind.' })
  kind!: ValueKindEnum;

  @Field(() => Float, { nullable: true, description: '数値（印字に数値がなければ null） / The parsed number; null where none is printed.' })
  value?: number | null;

  @Field(() => String, { description: '印字どおりの文字列（5,900人） / The text exactly as printed.' })
  text!: string;

  @Field(() => Int, { nullable: true, description: '値が指す年（列の年度と異なるとき） / The year the value refers to, when it differs from the column’s.' })
  observedYear?: number | null;

  @Field(() => String, { nullable: true, description: '年の注記（(R3年)） / The printed year note.' })
  yearNote?: string | null;

  @Field(() => QualifierEnum, { nullable: true, description: '以内・以上・程度 / Qualifier.' })
  qualifier?: QualifierEnum | null;

  @Field(() => Int, { nullable: true, description: '累計の期間の始まり（西暦） / Start of a cumulative span.' })
  spanFrom?: number | null;

  @Field(() => Int, { nullable: true, description: '累計の期間の終わり（西暦） / End of a cumulative span.' })
  spanTo?: number | null;

  @Field(() => Float, { nullable: true, description: '文書に印字された達成率（%） / Achievement rate printed beside the value (percent).' })
  printedAchievement?: number | null;

  @Field(() => String, { nullable: true, description: '印字された達成率の文字列 / Printed achievement text.' })
  printedAchievementText?: string | null;

  @Field(() => [ValuePartType], { description: '内訳（複数の値が並ぶときの各値を印字の順に。印字どおりの全体は表記に） / The parts of a value printed in several parts, in printed order (text keeps the whole); empty for a single value.' })
  parts!: ValuePartType[];

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids. */
  municipalityId!: number;
  indicatorId!: number;

  static fromRow(r: SqlRow): IndicatorValueType {
    return Object.assign(new IndicatorValueType(), {
      id: String(r.id),
      fiscalYear: FiscalYear.of(r.fiscal_year),
      kind: r.kind as ValueKindEnum,
      value: r.value ?? null,
      text: r.text,
      observedYear: r.observed_year ?? null,
      yearNote: r.year_note ?? null,
      qualifier: (r.qualifier ?? null) as QualifierEnum | null,
      spanFrom: r.span_from ?? null,
      spanTo: r.span_to ?? null,
      printedAchievement: r.printed_achievement ?? null,
      printedAchievementText: r.printed_achievement_text ?? null,
      parts: ((typeof r.parts === 'string' ? JSON.parse(r.parts) : r.parts) ?? []).map((x: ValuePartType) =>
        Object.assign(new ValuePartType(), { label: x.label, value: x.value ?? null, unit: x.unit ?? null, text: x.text }),
      ),
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      indicatorId: r.indicator_id,
    });
  }
}
