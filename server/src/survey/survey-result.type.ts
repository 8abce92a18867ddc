import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ProvenanceType } from '../provenance/provenance.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import type { SqlRow } from '../provenance/provenance.type.js';

@ObjectType('SurveyResult', {
  description: '市民意識調査の結果（表の1行、数値と印字どおりの行） / One row of a citizen survey’s results about a policy node, as numbers and as printed.',
})
export class SurveyResultType {
  @Field(() => ID, { description: '内部ID / Internal id.' })
  id!: string;

  @Field(() => String, { description: 'キー / Key within the municipality.' })
  key!: string;

  @Field(() => FiscalYear, { description: '調査の年度 / Fiscal year the survey was held.' })
  fiscalYear!: FiscalYear;

  @Field(() => String, { description: '調査名（平成29年度所沢市市民意識調査） / The survey’s name as printed.' })
  survey!: string;

  @Field(() => String, { description: '数えたもの（「充実すべき施策」と感じている人数） / What was counted.' })
  question!: string;

  @Field(() => String, { description: '項目（節の名称など） / The row’s item (a section of the plan …).' })
  item!: string;

  @Field(() => Int, { nullable: true, description: '回答者数 / Number of respondents.' })
  respondents?: number | null;

  @Field(() => Int, { nullable: true, description: '該当した人数 / Respondents counted.' })
  count?: number | null;

  @Field(() => Float, { nullable: true, description: '割合（%、印字どおり） / Share in percent, as printed.' })
  percent?: number | null;

  @Field(() => Int, { nullable: true, description: '順位 / Rank.' })
  rank?: number | null;

  @Field(() => Int, { nullable: true, description: '順位を付けた項目の数（全42節中 → 42） / Number of items ranked.' })
  rankOf?: number | null;

  @Field(() => String, { description: '印字どおりの行 / The row as printed.' })
  text!: string;

  @Field(() => ProvenanceType, { description: '出典 / Provenance.' })
  provenance!: ProvenanceType;

  /** Internal ids. */
  municipalityId!: number;
  policyNodeId!: number | null;

  static fromRow(r: SqlRow): SurveyResultType {
    return Object.assign(new SurveyResultType(), {
      id: String(r.id),
      key: r.key,
      fiscalYear: FiscalYear.of(r.fiscal_year),
      survey: r.survey,
      question: r.question,
      item: r.item,
      respondents: r.respondents ?? null,
      count: r.count ?? null,
      percent: r.percent ?? null,
      rank: r.rank ?? null,
      rankOf: r.rank_of ?? null,
      text: r.text,
      provenance: ProvenanceType.fromRow(r),
      municipalityId: r.municipality_id,
      policyNodeId: r.policy_node_id ?? null,
    });
  }
}
