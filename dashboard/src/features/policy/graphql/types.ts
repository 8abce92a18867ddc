import type { DepartmentRef, NodeRef, Provenance, Stage } from '../../../shared/graphql/types';

export interface TreeNodeRow {
  id: string;
  code: string | null;
  name: string;
  depth: number;
  levelName: string | null;
  priority: boolean | null;
  parent: { id: string } | null;
}
export interface LevelRef {
  id: string;
  code: string;
  label: string;
  color: string | null;
  order: number;
}
export interface NodeRatingRow {
  id: string;
  stage: Stage;
  policyNode: { id: string } | null;
  scale: { id: string; name: string } | null;
  level: LevelRef | null;
}
export interface GetNodeAchievementResult {
  achievementBands: {
    bands: { key: string; label: string; minPercent: number | null }[];
    groups: { policyNode: { id: string } | null; total: number; measured: number; counts: { band: { key: string }; count: number }[] }[];
  };
}
export interface NodeEvaluation {
  id: string;
  fiscalYear: { year: number };
  stage: Stage;
  scale: { id: string; key: string; name: string } | null;
  level: LevelRef | null;
  achievement: string | null;
  issues: string | null;
  response: string | null;
  comment: string | null;
  request: string | null;
  otherTexts: { name: string; text: string }[];
  evaluator: string | null;
  evaluatedOn: string | null;
  ruleCheck: { agrees: boolean; explanation: string; computed: { id: string; code: string } | null } | null;
  provenance: Provenance | null;
}
export interface PolicyNodeDetail {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  depth: number;
  levelName: string | null;
  priority: boolean | null;
  plan: { id: string; name: string };
  path: (NodeRef & { levelName: string | null })[];
  leadDepartment: DepartmentRef | null;
  effectiveDepartment: DepartmentRef | null;
  relatedDepartments: DepartmentRef[];
  children: (NodeRef & { levelName: string | null })[];
  evaluations: NodeEvaluation[];
  indicators: {
    id: string;
    name: string;
    unit: string | null;
    direction: string;
    isKpi: boolean;
    series: {
      points: {
        fiscalYear: { year: number };
        actual: { id: string; text: string; provenance: Provenance | null } | null;
        targetUsed: { id: string; text: string; provenance: Provenance | null } | null;
        achievement: number | null;
        achieved: boolean | null;
      }[];
    };
  }[];
  projects: {
    id: string;
    name: string;
    department: DepartmentRef | null;
    amounts: { id: string; fiscalYear: { year: number }; kind: 'BUDGET' | 'SETTLED'; text: string; thousandYen: number | null; provenance: Provenance | null }[];
  }[];
  provenance: Provenance | null;
}
export interface GetPolicyNodeResult {
  policyNode: PolicyNodeDetail | null;
}
