/** Hand-written result types of the cycle and notification operations. */
import type { Stage } from '../../../shared/graphql/types';

export type NotificationKind = 'SUBMITTED' | 'RETURNED' | 'ACCEPTED' | 'DEADLINE_NEAR' | 'DEADLINE_PASSED';

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface GetNotificationsResult {
  notifications: { id: string; unread: number; items: NotificationItem[] };
}

export interface CycleItem {
  id: string;
  fiscalYear: { year: number };
  stage: Stage;
  opensOn: string;
  deadline: string;
  open: boolean;
  reviewer: { id: string; displayName: string } | null;
  departmentDeadlines: { id: string; deadline: string; department: { id: string; name: string } | null }[];
}

export interface GetCyclesResult {
  evaluationCycles: CycleItem[];
}

export interface GetOpenCycleSummaryResult {
  openCycleSummary: { id: string; assigned: number; done: number; overdueDepartments: number; cycle: CycleItem } | null;
}

export interface GetReviewersResult {
  users: { id: string; displayName: string; role: string; disabled: boolean }[];
}
