/** The overview request's variables for the URL filters (useOverview, and boot.ts before the app loads). */
import { evaluationFilter, subjectFilter, type Filters } from '../../../shared/filters';

/** This year and the previous one, the chosen stage; transitions from last year to this. */
export function overviewVariables(f: Filters): Record<string, unknown> {
  const fy = f.fiscalYear ?? 0;
  return {
    ratings: evaluationFilter(f, { years: [fy - 1, fy] }),
    current: evaluationFilter(f, { years: [fy] }),
    subject: subjectFilter(f),
    fiscalYear: fy,
    sinceLastYear: evaluationFilter(f, { stages: null }),
    from: { fiscalYear: fy - 1, stage: f.stage },
    to: { fiscalYear: fy, stage: f.stage },
  };
}
