import type { CostBasis, ProjectDirection } from '../../cost/graphql/types';
import type { ReportRecords } from '../../report-records/graphql/types';
/** Result types of get_annual_report.query.graphql (hand-written to match the selection). */
import type { Stage } from '../../../shared/graphql/types';

export interface ReportYear {
  year: number;
  label: string;
  labelEn: string;
}
export interface ReportRating {
  evaluationId: string;
  stage?: Stage;
  scaleName?: string | null;
  levelCode: string | null;
  levelColor: string | null;
  ruleAgrees: boolean | null;
  ruleLevel: string | null;
}
export interface ReportText {
  stage: Stage;
  label: string;
  text: string;
}
export interface ReportLevelCount {
  code: string;
  label: string | null;
  color: string | null;
  count: number;
  previousCount: number | null;
}
export interface ReportRatingSummary {
  areaId: string;
  areaName: string;
  scaleKey: string;
  scaleName: string;
  stage: Stage;
  total: number;
  previousTotal: number | null;
  levels: ReportLevelCount[];
}
export interface ReportBandCount {
  key: string;
  label: string;
  count: number;
  share: number;
  minPercent?: number | null;
  maxPercent?: number | null;
}
export interface ReportFrontPage {
  headline: {
    scaleKey: string;
    scaleName: string;
    stage: Stage;
    measureCount: number;
    rated: number;
    previousRated: number | null;
    levels: ReportLevelCount[];
  } | null;
  indicators: { total: number; measured: number; achieved: number; previousMeasured: number | null; previousAchieved: number | null };
  changes: { compared: number; up: number; down: number; unchanged: number } | null;
  laggingLevels: string[];
  lowestAreas: { areaId: string; code: string | null; name: string; rated: number; lagging: number; levels: { code: string; count: number }[] }[];
}
export interface ReportSubItem {
  id: string;
  code: string | null;
  name: string;
  levelName: string | null;
  childNames: string[];
  ratings: ReportRating[];
  texts: ReportText[];
}
export interface ReportMeasure {
  id: string;
  areaId: string;
  code: string | null;
  name: string;
  ancestorNames: string[];
  leadDepartment: string | null;
  relatedDepartments: string[];
  priority: boolean | null;
  uncertain: boolean;
  ratings: ReportRating[];
  texts: ReportText[];
  subItems: ReportSubItem[];
}
export interface ReportIndicator {
  id: string;
  measureId: string | null;
  projectId: string | null;
  name: string;
  unit: string | null;
  baselineYear: number | null;
  baselineText: string | null;
  /** A value printed in several parts: each part as printed (empty for a single value). */
  baselineParts: string[];
  targetYear: number | null;
  targetText: string | null;
  /** A value printed in several parts: each part as printed (empty for a single value). */
  targetParts: string[];
  actualYear: number | null;
  actualText: string | null;
  /** A value printed in several parts: each part as printed (empty for a single value). */
  actualParts: string[];
  achievement: number | null;
  printedAchievementText: string | null;
  band: string | null;
  uncertain: boolean;
  rating: ReportRating | null;
}
export interface ReportProject {
  id: string;
  measureId: string | null;
  name: string;
  department: string | null;
  settledYear: number;
  settled: number | null;
  budgetYear: number | null;
  budget: number | null;
  outcomeIndicatorId: string | null;
  cost: number | null;
  costBasis: CostBasis | null;
  unitCost: number | null;
  unitCostUnit: string | null;
  direction: ProjectDirection | null;
  /** 妥当性・有効性・効率性 as printed. */
  validity: string | null;
  effectiveness: string | null;
  efficiency: string | null;
  /** The project's own ratings (綾瀬 達成状況). */
  ratings: Pick<ReportRating, 'evaluationId' | 'stage' | 'scaleName' | 'levelCode' | 'levelColor'>[];
}
export interface AnnualReport extends ReportRecords {
  municipalityCode: string;
  municipalityName: string;
  generated: boolean;
  planId: string;
  planName: string;
  measureLevelName: string | null;
  measureDepthReason: string;
  areaLevelName: string | null;
  fiscalYear: ReportYear;
  previousFiscalYear: ReportYear | null;
  stage: Stage | null;
  generatedAt: string;
  suggestedFiscalYear: ReportYear | null;
  frontPage: ReportFrontPage;
  summary: {
    measureCount: number;
    indicatorCount: number;
    evaluationCount: number;
    ratings: ReportRatingSummary[];
    bands: ReportBandCount[];
    bandsByArea: { areaId: string; counts: ReportBandCount[] }[];
  };
  areas: { id: string; code: string | null; name: string; measureCount: number; indicatorCount: number; cost: number | null; costBasis: CostBasis | null; costProjects: number; projectCount: number }[];
  costByPurpose: { id: string; code: string | null; name: string | null; cost: number | null; costBasis: CostBasis | null; costProjects: number; projectCount: number }[];
  measures: ReportMeasure[];
  indicators: ReportIndicator[];
  projects: ReportProject[];
  differences: {
    ratingChanges: {
      subjectKind: string;
      subjectId: string;
      subjectName: string;
      code: string | null;
      scaleName: string | null;
      stage: Stage;
      previousLevel: string;
      currentLevel: string;
      direction: number;
    }[];
    indicatorChanges: { indicatorId: string; name: string; measureLabel: string | null; what: string; previousText: string | null; currentText: string | null }[];
    newMeasures: { id: string; code: string | null; name: string; areaName: string | null }[];
    removedMeasures: { id: string; code: string | null; name: string; areaName: string | null }[];
  };
  appendix: {
    ruleChecked: number;
    generatedNote: string | null;
    ruleDisagreements: {
      evaluationId: string;
      subjectKind: string;
      subjectName: string;
      measureLabel: string | null;
      scaleName: string | null;
      stage: Stage;
      printed: string | null;
      computed: string | null;
      explanation: string;
    }[];
    flagged: { kind: string; subject: string; detail: string | null; reason: string; note: string | null; document: string | null; line: number | null }[];
  };
}
export interface GetAnnualReportResult {
  annualReport: AnnualReport | null;
}
