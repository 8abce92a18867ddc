/** Every entity, for the ORM's discovery (one list, in dependency order). */
import { Municipality } from '../municipality/municipality.entity.js';
import { SourceDocument } from '../provenance/source-document.entity.js';
import { CityOwned, Imported } from '../shared/base.entity.js';
import { Plan } from '../plan/plan.entity.js';
import { Department } from '../department/department.entity.js';
import { PolicyNode } from '../plan/policy-node.entity.js';
import { PolicyNodeRelatedDepartment } from '../plan/policy-node-department.entity.js';
import { Project } from '../project/project.entity.js';
import { ProjectAmount } from '../project/project-amount.entity.js';
import { ProjectCost } from '../cost/project-cost.entity.js';
import { ProjectShare } from '../cost/project-share.entity.js';
import { Indicator } from '../indicator/indicator.entity.js';
import { IndicatorValue } from '../indicator/indicator-value.entity.js';
import { RatingScale } from '../rating/rating-scale.entity.js';
import { RatingLevel } from '../rating/rating-level.entity.js';
import { Evaluation } from '../evaluation/evaluation.entity.js';
import { DepartmentPolicy } from '../department-policy/department-policy.entity.js';
import { DepartmentPolicyInitiative } from '../department-policy/department-policy-initiative.entity.js';
import { SurveyResult } from '../survey/survey-result.entity.js';
import { YearlyGoal } from '../yearly-goal/yearly-goal.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';

export const ENTITIES = [
  CityOwned,
  Imported,
  Municipality,
  SourceDocument,
  Plan,
  Department,
  PolicyNode,
  PolicyNodeRelatedDepartment,
  Project,
  ProjectAmount,
  ProjectCost,
  ProjectShare,
  Indicator,
  IndicatorValue,
  RatingScale,
  RatingLevel,
  Evaluation,
  DepartmentPolicy,
  DepartmentPolicyInitiative,
  SurveyResult,
  YearlyGoal,
  AuditEntry,
];

export {
  Municipality,
  SourceDocument,
  Plan,
  Department,
  PolicyNode,
  PolicyNodeRelatedDepartment,
  Project,
  ProjectAmount,
  ProjectCost,
  ProjectShare,
  Indicator,
  IndicatorValue,
  RatingScale,
  RatingLevel,
  Evaluation,
  DepartmentPolicy,
  DepartmentPolicyInitiative,
  SurveyResult,
  YearlyGoal,
};
