/** Result types of the department-policy operations. */
import type { Connection, DepartmentRef, Provenance } from '../../../shared/graphql/types';

export interface Initiative {
  id: string;
  category: string;
  title: string;
  body: string;
  order: number;
  provenance: Provenance | null;
}

export interface DepartmentPolicyFull {
  id: string;
  fiscalYear: { year: number };
  basicApproach: string;
  provenance: Provenance | null;
  department: DepartmentRef;
  initiatives: Initiative[];
}

export interface GetDepartmentPoliciesResult {
  departmentPolicies: Connection<DepartmentPolicyFull>;
}

export interface PolicyChoice {
  id: string;
  fiscalYear: { year: number };
  department: DepartmentRef;
  initiatives: { id: string; category: string }[];
}

export interface GetDepartmentPolicyOfResult {
  department: {
    id: string;
    name: string;
    policies: DepartmentPolicyFull[];
    ancestors: { id: string; name: string; policies: DepartmentPolicyFull[] }[];
  } | null;
}
