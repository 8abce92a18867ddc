/** `annualReport`: the content of the annual evaluation report (see report.service.ts). */
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { FilterError } from '../graphql/errors.js';
import { StageEnum } from '../graphql/filters.js';
import { AnnualReportType } from './report.types.js';
import { annualReport } from './report.service.js';

@Resolver(() => AnnualReportType)
export class ReportResolver {
  @Query(() => AnnualReportType, {
    description:
      '年次の評価報告書の内容（概要、政策分野ごとの施策・指標・評価、付録、前年度からの変更点）。Excel は /reports/<自治体コード>/<年度>.xlsx / ' +
      'The annual evaluation report: summary, measures with indicators and ratings by policy area, appendix, differences from last year. The workbook is at /reports/<code>/<year>.xlsx.',
  })
  async annualReport(
    @Ctx() ctx: GraphQLContext,
    @Arg('municipalityCode', () => String, { description: '自治体コード（6桁） / Municipality code (6 digits).' }) municipalityCode: string,
    @Arg('fiscalYear', () => Int, {
      nullable: true,
      description: '報告する年度（西暦）。省略すると評価のある最新の年度（なければ実績値・基準値のある最新の年度） / Fiscal year (Western); default: the latest year with evaluations (else with actuals, else baselines).',
    })
    fiscalYear: number | null | undefined,
    @Arg('planId', () => ID, { nullable: true, description: '計画のID（省略時はその年度の評価が最も多い計画） / Plan id (default: the plan with most evaluations that year).' })
    planId?: string | null,
    @Arg('stage', () => StageEnum, { nullable: true, description: '評価の段階で絞り込む（省略時はすべて） / Only this stage (default: all).' })
    stage?: StageEnum | null,
  ): Promise<AnnualReportType> {
    if (!/^[0-9]{6}$/.test(municipalityCode)) throw new FilterError('municipalityCode', '6桁の自治体コードを指定してください / must be a 6-digit code');
    const plan = planId == null ? null : Number(planId);
    if (plan !== null && (!Number.isInteger(plan) || plan < 1)) throw new FilterError('planId', '計画のIDが正しくありません / not a plan id');
    return annualReport(ctx.em, { municipalityCode, fiscalYear: fiscalYear ?? null, planId: plan, stage: stage ?? null });
  }
}
