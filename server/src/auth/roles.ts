/**
 * Roles and what each may do (issue 7). A user belongs to one municipality (a system
 * administrator to none and sees every city) and has one role:
 *  - viewer: reads everything of the city.
 *  - analyst: reads; may create API tokens for scripts (tokens are read-only).
 *  - department_editor (with a department): writes and submits self-evaluations (一次評価) and
 *    indicator actuals of the subjects of their department (and its sub-departments).
 *  - reviewer (企画課): writes and submits secondary evaluations (二次評価); returns or accepts
 *    submitted evaluations of any stage.
 *  - committee_member: writes and submits external evaluations (外部評価).
 *  - administrator: manages the city's users, imports its datasets, publishes fiscal years.
 *    Without a municipality: every city (system administrator).
 * Nobody writes council (政策会議) evaluations through the API yet: they are imported.
 */
import { registerEnumType } from 'type-graphql';
import type { Stage } from '../dataset/format.js';

export enum Role {
  VIEWER = 'viewer',
  ANALYST = 'analyst',
  DEPARTMENT_EDITOR = 'department_editor',
  REVIEWER = 'reviewer',
  COMMITTEE_MEMBER = 'committee_member',
  ADMINISTRATOR = 'administrator',
}
registerEnumType(Role, {
  name: 'Role',
  description: '役割 / Role.',
  valuesConfig: {
    VIEWER: { description: '閲覧者 / Reads.' },
    ANALYST: { description: '分析担当（APIトークン可） / Reads, may create API tokens.' },
    DEPARTMENT_EDITOR: { description: '所管課の入力担当（一次評価・実績値） / Self-evaluations and actuals of their department.' },
    REVIEWER: { description: '企画課（二次評価・差戻し・承認） / Secondary evaluations, returns and accepts.' },
    COMMITTEE_MEMBER: { description: '外部評価委員 / External evaluations.' },
    ADMINISTRATOR: { description: '管理者（利用者・取込・公開） / Users, imports, publishing.' },
  },
});

export const ROLES = Object.values(Role);

/** The role that writes and submits each stage. */
export const STAGE_WRITER: Record<Stage, Role | null> = {
  self: Role.DEPARTMENT_EDITOR,
  secondary: Role.REVIEWER,
  external: Role.COMMITTEE_MEMBER,
  council: null,
};

export const mayReview = (role: Role | undefined) => role === Role.REVIEWER;
export const mayAdminister = (role: Role | undefined) => role === Role.ADMINISTRATOR;
export const mayCreateApiTokens = (role: Role | undefined) => role === Role.ANALYST || role === Role.ADMINISTRATOR;
