import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SubjectKindEnum } from '../graphql/filters.js';
import type { RatingRule } from '../dataset/format.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { ProvenanceType } from '../provenance/provenance.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

export enum RatingRuleKind {
  ACHIEVEMENT_BANDS = 'achievementBands',
  MEAN_SCORE = 'meanScore',
}
registerEnumType(RatingRuleKind, {
  name: 'RatingRuleKind',
  description: '評価の導き方の種類 / How a rule derives a rating',
  valuesConfig: {
    ACHIEVEMENT_BANDS: { description: '達成率の区分（A ≥ 100% …） / Achievement-rate bands' },
    MEAN_SCORE: { description: '入力評価の点数の平均としきい値 / Mean score of input ratings against thresholds' },
  },
});

export enum RatingRuleInputs {
  INDICATORS = 'indicators',
  CHILDREN = 'children',
}
registerEnumType(RatingRuleInputs, {
  name: 'RatingRuleInputs',
  description: '平均する評価の出どころ / Where the averaged ratings come from',
  valuesConfig: {
    INDICATORS: { description: '対象の指標 / The subject’s indicators' },
    CHILDREN: { description: '子ノード / The child nodes' },
  },
});

@ObjectType('RatingBand', { description: '達成率の区分 / An achievement band: a rate ≥ minPercent gets the level.' })
export class RatingBandType {
  @Field(() => String, { description: '評価の段階コード / Level code.' })
  level!: string;

  @Field(() => Float, { description: '下限の達成率（%） / Lower bound of the achievement rate (percent).' })
  minPercent!: number;
}

@ObjectType('RatingThreshold', { description: '平均点のしきい値 / A mean-score threshold: mean > min (≥ when inclusive) gets the level.' })
export class RatingThresholdType {
  @Field(() => String, { description: '評価の段階コード / Level code.' })
  level!: string;

  @Field(() => Float, { description: 'しきい値 / Threshold.' })
  min!: number;

  @Field(() => Boolean, { description: 'しきい値を含む（≥）なら true、超える（>）なら false / True for ≥, false for >.' })
  inclusive!: boolean;
}

@ObjectType('RatingRule', { description: '市が定める評価の導き方 / The rule the city states for deriving a rating.' })
export class RatingRuleType {
  @Field(() => RatingRuleKind, { description: '規則の種類 / Kind of rule.' })
  kind!: RatingRuleKind;

  @Field(() => [RatingBandType], { nullable: true, description: '達成率の区分（上から） / Achievement bands, from the highest (achievementBands).' })
  bands?: RatingBandType[] | null;

  @Field(() => String, { nullable: true, description: '測定できない指標の段階（「-」） / Level for an unmeasured indicator.' })
  unmeasuredLevel?: string | null;

  @Field(() => FiscalYear, { nullable: true, description: '比較する実績値の年度 / Fiscal year of the actual compared.' })
  actualYear?: FiscalYear | null;

  @Field(() => FiscalYear, { nullable: true, description: '比較する目標値の年度 / Fiscal year of the target compared.' })
  targetYear?: FiscalYear | null;

  @Field(() => String, { nullable: true, description: '入力となる評価尺度のキー / Key of the input ratings’ scale (meanScore).' })
  inputScale?: string | null;

  @Field(() => RatingRuleInputs, { nullable: true, description: '入力の出どころ / Where the inputs come from (meanScore).' })
  inputs?: RatingRuleInputs | null;

  @Field(() => [RatingThresholdType], { nullable: true, description: 'しきい値（上から） / Thresholds, from the highest (meanScore).' })
  thresholds?: RatingThresholdType[] | null;

  @Field(() => String, { nullable: true, description: 'どのしきい値にも届かないときの段階 / Level when no threshold is reached (meanScore).' })
  otherwise?: string | null;

  static from(rule: RatingRule): RatingRuleType {
    const t = new RatingRuleType();
    t.kind = rule.kind as RatingRuleKind;
    if (rule.kind === 'achievementBands') {
      t.bands = rule.bands.map((b) => Object.assign(new RatingBandType(), b));
      t.unmeasuredLevel = rule.unmeasuredLevel ?? null;
      t.actualYear = rule.actualYear ? FiscalYear.of(rule.actualYear) : null;
      t.targetYear = rule.targetYear ? FiscalYear.of(rule.targetYear) : null;
    } else {
      t.inputScale = rule.inputScale;
      t.inputs = rule.inputs as RatingRuleInputs;
      t.thresholds = rule.thresholds.map((x) => Object.assign(new RatingThresholdType(), x));
      t.otherwise = rule.otherwise;
    }
    return t;
  }
}

@ObjectType('RatingLevel', { description: '評価尺度の段階（A、B、高…） / One level of a rating scale (A, B, 高 …).' })
export class RatingLevelType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'コード（A、高） / Code (A, 高).' })
  code!: string;

  @Field(() => String, { description: '表示名（順調に推移した） / Label.' })
  label!: string;

  @Field(() => String, { nullable: true, description: '説明 / Description.' })
  description?: string | null;

  @Field(() => Int, { description: '並び順（1 = 最良） / Order, 1 = best.' })
  order!: number;

  @Field(() => Float, { nullable: true, description: '点数（高いほど良い） / Score, higher is better; null where the city gives none.' })
  score?: number | null;

  @Field(() => String, { nullable: true, description: '色（#rrggbb） / Colour (#rrggbb).' })
  color?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '都市間比較で「順調」に数える段階なら true（null：数えない） / Counts as on track when cities are compared; null: not counted.',
  })
  onTrack?: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description: '都市間比較の換算点（0〜100、null：数えない） / The level’s 0–100 score when cities are compared; null: not counted.',
  })
  normalizedScore?: number | null;

  /** Internal: the scale's id. */
  scaleId!: number;

  static fromRow(r: SqlRow): RatingLevelType {
    return Object.assign(new RatingLevelType(), {
      id: String(r.id),
      code: r.code,
      label: r.label,
      description: r.description ?? null,
      order: r.sort_order,
      score: r.score ?? null,
      color: r.color ?? null,
      onTrack: r.on_track ?? null,
      normalizedScore: r.normalized_score ?? null,
      scaleId: r.scale_id,
    });
  }
}

@ObjectType('RatingScale', { description: '評価尺度（市ごと） / A city’s rating scale, with its levels and the rule that derives it.' })
export class RatingScaleType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => String, { description: '名称 / Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: '説明 / Description.' })
  description?: string | null;

  @Field(() => SubjectKindEnum, { description: '評価する対象の種類 / What the scale rates.' })
  subjectKind!: SubjectKindEnum;

  @Field(() => RatingRuleType, { nullable: true, description: '市が定める導き方 / The city’s rule, if it states one.' })
  rule?: RatingRuleType | null;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal: the municipality's id. */
  municipalityId!: number;

  static fromRow(r: SqlRow): RatingScaleType {
    return Object.assign(new RatingScaleType(), {
      id: String(r.id),
      key: r.key,
      name: r.name,
      description: r.description ?? null,
      subjectKind: r.subject_kind as SubjectKindEnum,
      rule: r.rule ? RatingRuleType.from(r.rule as RatingRule) : null,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
    });
  }
}
