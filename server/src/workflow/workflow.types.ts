import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StageEnum, SubjectKindEnum } from '../graphql/filters.js';
import { DepartmentType } from '../department/department.type.js';
import { RatingScaleType } from '../rating/rating.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';

export enum EvaluationStatus {
  DRAFT = 'draft',
  SUBMITTED = 'submitted',
  RETURNED = 'returned',
  ACCEPTED = 'accepted',
}
registerEnumType(EvaluationStatus, {
  name: 'EvaluationStatus',
  description: '評価の状態 / Where an evaluation is in its cycle.',
  valuesConfig: {
    DRAFT: { description: '作成中 / Draft.' },
    SUBMITTED: { description: '提出済み / Submitted.' },
    RETURNED: { description: '差戻し / Returned for changes.' },
    ACCEPTED: { description: '承認済み（取込データも） / Accepted (imported records too).' },
  },
});

@InputType({ description: '評価の保存 / An evaluation to save.' })
export class SaveEvaluationInput {
  @Field(() => SubjectKindEnum, { description: '対象の種類 / Subject kind.' }) subjectKind!: SubjectKindEnum;
  @Field(() => ID, { description: '対象のID / Subject id.' }) subjectId!: string;
  @Field(() => Int, { description: '年度（西暦） / Fiscal year.' }) fiscalYear!: number;
  @Field(() => StageEnum, { description: '段階 / Stage.' }) stage!: StageEnum;
  @Field(() => ID, { nullable: true, description: '評価尺度（省略時はこの段階で使われている尺度） / Scale (default: the one this stage uses).' })
  scaleId?: string | null;
  @Field(() => String, { nullable: true, description: '評価（尺度の段階コード、A など） / Level code (A …).' }) levelCode?: string | null;
  @Field(() => String, { nullable: true, description: '達成状況 / Achievement.' }) achievement?: string | null;
  @Field(() => String, { nullable: true, description: '課題 / Issues.' }) issues?: string | null;
  @Field(() => String, { nullable: true, description: '課題への対応 / Response.' }) response?: string | null;
  @Field(() => String, { nullable: true, description: '評価コメント / Comment.' }) comment?: string | null;
  @Field(() => String, { nullable: true, description: '要望・意見 / Requests.' }) request?: string | null;
  @Field(() => Int, { nullable: true, description: '読み込んだ時の版（新規は省略） / The version you loaded (omit when new).' })
  version?: number | null;
}

@ObjectType('EvaluationHistoryEntry', { description: '評価の履歴 / One change of an evaluation.' })
export class EvaluationHistoryEntry {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '日時 / When.' }) at!: string;
  @Field(() => String, { description: '誰が / Who.' }) userName!: string;
  @Field(() => String, { description: '操作（create, save, submit, return, accept） / Action.' }) action!: string;
  @Field(() => String, { nullable: true, description: 'コメント（差戻し理由） / Comment (why returned).' }) comment?: string | null;
  @Field(() => [String], { description: '変わった項目 / Fields that changed.' }) changedFields!: string[];
  @Field(() => String, { nullable: true, description: '変更前（JSON） / Before, as JSON.' }) before?: string | null;
  @Field(() => String, { nullable: true, description: '変更後（JSON） / After, as JSON.' }) after?: string | null;
}

@ObjectType('EvaluationRecord', { description: '入力中・提出済みの評価（状態と版つき） / An evaluation with its status and version.' })
export class EvaluationRecord {
  @Field(() => ID) id!: string;
  @Field(() => EvaluationStatus) status!: EvaluationStatus;
  @Field(() => Int, { description: '版（保存のたびに増える） / Version, bumped by every change.' }) version!: number;
  @Field(() => FiscalYear) fiscalYear!: FiscalYear;
  @Field(() => StageEnum) stage!: StageEnum;
  @Field(() => String, { nullable: true }) levelCode?: string | null;
  @Field(() => String, { nullable: true }) achievement?: string | null;
  @Field(() => String, { nullable: true }) issues?: string | null;
  @Field(() => String, { nullable: true }) response?: string | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => String, { nullable: true }) request?: string | null;
  @Field(() => String, { nullable: true, description: '評価者 / Evaluator.' }) evaluator?: string | null;
  @Field(() => [EvaluationHistoryEntry], { description: '履歴（古い順） / History, oldest first.' }) history!: EvaluationHistoryEntry[];
}

@ObjectType('EvaluationEntry', { description: '評価入力の画面に要るもの / What the entry form needs.' })
export class EvaluationEntry {
  @Field(() => String, { description: '対象の名称 / Subject name.' }) subjectName!: string;
  @Field(() => DepartmentType, { nullable: true, description: '担当課 / Department.' }) department?: DepartmentType | null;
  @Field(() => RatingScaleType, { nullable: true, description: '尺度（段階はデータから） / Scale (levels from the data).' }) scale?: RatingScaleType | null;
  @Field(() => EvaluationRecord, { nullable: true, description: 'この年度・段階の評価 / The evaluation for this year and stage.' }) record?: EvaluationRecord | null;
  @Field(() => Boolean, { description: '入力・提出できる / May write and submit.' }) mayEdit!: boolean;
  @Field(() => Boolean, { description: '差戻し・承認できる / May return and accept.' }) mayReview!: boolean;
}

@ObjectType('DepartmentProgress', { description: '課ごとの進み具合 / Progress of one department.' })
export class DepartmentProgress {
  @Field(() => DepartmentType, { nullable: true, description: '課（なければ未割当） / Department (null: none).' }) department?: DepartmentType | null;
  @Field(() => Int, { description: '対象数 / Subjects.' }) total!: number;
  @Field(() => Int) draft!: number;
  @Field(() => Int) submitted!: number;
  @Field(() => Int) returned!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int, { description: '未着手（評価がない） / Not started.' }) missing!: number;
  @Field(() => Int, { description: '期限超過（期限後も未提出） / Late: not submitted by the deadline.' }) late!: number;
  @Field(() => String, { nullable: true, description: 'この課の提出期限（指定または周期から、YYYY-MM-DD） / This department’s deadline: given, or from the cycle.' }) deadline?: string | null;
  @Field(() => String, { nullable: true, description: '期限超過の督促を送った日時 / When an overdue reminder went out.' }) reminderSentAt?: string | null;
  departmentId!: number | null;
}

@ObjectType('IndicatorActual', { description: '実績値（版つき） / An actual value with its version.' })
export class IndicatorActual {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => FiscalYear) fiscalYear!: FiscalYear;
  @Field(() => Float, { nullable: true }) value?: number | null;
  @Field(() => String) text!: string;
}
