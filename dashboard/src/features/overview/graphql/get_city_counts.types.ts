export interface CityCounts {
  id: string;
  code: string;
  name: string;
  prefecture: string;
  generated: boolean;
  counts: {
    plans: number;
    policyNodes: number;
    indicators: number;
    indicatorValues: number;
    evaluations: number;
    projects: number;
    departmentPolicies: number;
  };
}
export interface GetCityCountsResult {
  municipalities: CityCounts[];
}
