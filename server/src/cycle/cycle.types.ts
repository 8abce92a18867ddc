import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StageEnum } from '../graphql/filters.js';
import { DepartmentType } from '../department/department.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';

@ObjectType('DepartmentDeadline', { description: '課ごとの提出期限 / A department’s own deadline.' })
export class DepartmentDeadlineType {
  @Field(() => ID, { description: '周期と課 / Cycle and department.' }) id!: string;
  @Field(() => DepartmentType, { nullable: true }) department?: DepartmentType | null;
  @Field(() => String, { description: '期限（YYYY-MM-DD） / Deadline.' }) deadline!: string;
  departmentId!: number;
}

@ObjectType('EvaluationCycle', { description: '評価の周期（自治体・年度・段階） / One yearly cycle: a city, a fiscal year and a stage.' })
export class EvaluationCycleType {
  @Field(() => ID) id!: string;
  @Field(() => FiscalYear) fiscalYear!: FiscalYear;
  @Field(() => StageEnum) stage!: StageEnum;
  @Field(() => String, { description: '開始日（YYYY-MM-DD） / Opening date.' }) opensOn!: string;
  @Field(() => String, { description: '提出期限（既定、YYYY-MM-DD） / Default deadline.' }) deadline!: string;
  @Field(() => Boolean, { description: '受付中（締め切っていない） / Open: not closed.' }) open!: boolean;
  @Field(() => [DepartmentDeadlineType], { description: '課ごとの期限（既定と異なるもの） / Departments with their own deadline.' }) departmentDeadlines!: DepartmentDeadlineType[];
  municipalityId!: number;
  reviewerUserId!: number | null;
}

@InputType({ description: '課ごとの期限 / A department’s deadline.' })
export class DepartmentDeadlineInput {
  @Field(() => ID) departmentId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) deadline!: string;
}

@InputType({ description: '周期を開く / A cycle to open.' })
export class OpenCycleInput {
  @Field(() => String) municipalityCode!: string;
  @Field(() => Int, { description: '年度（西暦） / Fiscal year.' }) fiscalYear!: number;
  @Field(() => StageEnum) stage!: StageEnum;
  @Field(() => String, { description: '開始日（YYYY-MM-DD） / Opening date.' }) opensOn!: string;
  @Field(() => String, { description: '提出期限（既定、YYYY-MM-DD） / Default deadline.' }) deadline!: string;
  @Field(() => ID, { nullable: true, description: '確認する企画課の利用者（省略時は全員） / The reviewer (default: every reviewer of the city).' }) reviewerId?: string | null;
  @Field(() => [DepartmentDeadlineInput], { nullable: true, description: '課ごとの期限 / Departments’ own deadlines.' }) departmentDeadlines?: DepartmentDeadlineInput[] | null;
}

@InputType({ description: '周期の変更 / Changes to a cycle.' })
export class UpdateCycleInput {
  @Field(() => String, { nullable: true, description: '提出期限（既定） / Default deadline.' }) deadline?: string | null;
  @Field(() => ID, { nullable: true, description: '確認する企画課の利用者 / The reviewer.' }) reviewerId?: string | null;
  @Field(() => [DepartmentDeadlineInput], { nullable: true, description: '課ごとの期限（全体を置き換え） / Departments’ own deadlines (replace all).' })
  departmentDeadlines?: DepartmentDeadlineInput[] | null;
}

@ObjectType('CycleSummary', { description: '受付中の周期の一行要約（概要ページ） / One line on an open cycle, for the overview.' })
export class CycleSummaryType {
  @Field(() => ID) id!: string;
  @Field(() => EvaluationCycleType) cycle!: EvaluationCycleType;
  @Field(() => Int, { description: '対象数 / Subjects assigned.' }) assigned!: number;
  @Field(() => Int, { description: '提出済み・承認済み / Submitted or accepted.' }) done!: number;
  @Field(() => Int, { description: '期限を過ぎた課の数 / Departments past their deadline with work left.' }) overdueDepartments!: number;
}

export enum NotificationKind {
  SUBMITTED = 'submitted',
  RETURNED = 'returned',
  ACCEPTED = 'accepted',
  DEADLINE_NEAR = 'deadline_near',
  DEADLINE_PASSED = 'deadline_passed',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: '通知の種類 / What a notification is about.',
  valuesConfig: {
    SUBMITTED: { description: '確認依頼（提出された） / Submitted for your review.' },
    RETURNED: { description: '差戻し / Returned to you.' },
    ACCEPTED: { description: '承認 / Accepted.' },
    DEADLINE_NEAR: { description: '期限が近い / Deadline near.' },
    DEADLINE_PASSED: { description: '期限超過 / Deadline passed.' },
  },
});

@ObjectType('Notification', { description: '通知 / A notification.' })
export class NotificationType {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => String, { description: '件名 / Title.' }) title!: string;
  @Field(() => String, { description: '本文 / Body.' }) body!: string;
  @Field(() => String, { nullable: true, description: 'ダッシュボード内のリンク / Link within the dashboard.' }) link?: string | null;
  @Field(() => String, { description: '日時 / When.' }) createdAt!: string;
  @Field(() => Boolean, { description: '既読 / Read.' }) read!: boolean;
}

@ObjectType('NotificationList', { description: '自分への通知 / Your notifications.' })
export class NotificationListType {
  @Field(() => ID, { description: '利用者 / The user.' }) id!: string;
  @Field(() => Int, { description: '未読の数 / Unread.' }) unread!: number;
  @Field(() => [NotificationType], { description: '新しい順 / Newest first.' }) items!: NotificationType[];
}
