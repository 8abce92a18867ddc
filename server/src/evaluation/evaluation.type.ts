import { Field, ID, ObjectType } from 'type-graphql';
import { StageEnum, SubjectKindEnum } from '../graphql/filters.js';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { dateText } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('NamedText', { description: '名前付きの本文（次期計画で取り組むべき課題…） / A named text of the city’s sheet.' })
export class NamedText {
  @Field(() => String, { description: '見出し / Heading.' })
  name!: string;

  @Field(() => String, { description: '本文 / Text.' })
  text!: string;
}

@ObjectType('Evaluation', {
  description: '評価：対象・年度・段階ごとの評価と本文 / A rating of a subject for a fiscal year and a stage, with its texts.',
})
export class EvaluationType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => SubjectKindEnum, { description: '対象の種類 / What is rated.' })
  subjectKind!: SubjectKindEnum;

  @Field(() => FiscalYear, { description: '年度 / Fiscal year.' })
  fiscalYear!: FiscalYear;

  @Field(() => StageEnum, { description: '評価の段階 / Stage.' })
  stage!: StageEnum;

  @Field(() => String, { nullable: true, description: '達成状況 / Achievement.' })
  achievement?: string | null;

  @Field(() => String, { nullable: true, description: '課題 / Issues.' })
  issues?: string | null;

  @Field(() => String, { nullable: true, description: '課題への対応 / Response to the issues.' })
  response?: string | null;

  @Field(() => String, { nullable: true, description: '評価コメント / Comment.' })
  comment?: string | null;

  @Field(() => String, { nullable: true, description: '要望・意見 / Requests and opinions.' })
  request?: string | null;

  @Field(() => [NamedText], { description: 'その他の本文 / Further named texts.' })
  otherTexts!: NamedText[];

  @Field(() => String, { nullable: true, description: '評価者 / Evaluator.' })
  evaluator?: string | null;

  @Field(() => String, { nullable: true, description: '評価日（YYYY-MM-DD） / Date written (YYYY-MM-DD).' })
  evaluatedOn?: string | null;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids for the field resolvers. */
  municipalityId!: number;
  policyNodeId!: number | null;
  indicatorId!: number | null;
  projectId!: number | null;
  scaleId!: number | null;
  levelId!: number | null;
  /** From the view `evaluation_subject` when the row came from it (else loaded on demand). */
  subjectNameFromView?: string;
  departmentIdFromView?: number | null;

  /** From an `evaluation` row, or an `evaluation_subject` row joined with it (subject_name, department_id). */
  static fromRow(r: SqlRow): EvaluationType {
    const other = (typeof r.other_texts === 'string' ? JSON.parse(r.other_texts) : r.other_texts) as Record<string, string> | null;
    return Object.assign(new EvaluationType(), {
      id: String(r.id),
      subjectKind: r.subject_kind as SubjectKindEnum,
      fiscalYear: FiscalYear.of(r.fiscal_year),
      stage: r.stage as StageEnum,
      achievement: r.achievement ?? null,
      issues: r.issues ?? null,
      response: r.response ?? null,
      comment: r.comment ?? null,
      request: r.request ?? null,
      otherTexts: Object.entries(other ?? {}).map(([name, text]) => Object.assign(new NamedText(), { name, text })),
      evaluator: r.evaluator ?? null,
      evaluatedOn: r.evaluated_on == null ? null : dateText(r.evaluated_on),
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      policyNodeId: r.policy_node_id ?? null,
      indicatorId: r.indicator_id ?? null,
      projectId: r.project_id ?? null,
      scaleId: r.scale_id ?? null,
      levelId: r.level_id ?? null,
      subjectNameFromView: r.subject_name ?? undefined,
      departmentIdFromView: 'department_id' in r ? (r.department_id ?? null) : undefined,
    });
  }
}
