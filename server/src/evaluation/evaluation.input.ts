import { Field, InputType, registerEnumType } from 'type-graphql';
import { SortDirection } from '../graphql/pagination.js';

export enum EvaluationOrderField {
  FISCAL_YEAR = 'FISCAL_YEAR',
  LEVEL = 'LEVEL',
  SUBJECT_NAME = 'SUBJECT_NAME',
  STAGE = 'STAGE',
}
registerEnumType(EvaluationOrderField, {
  name: 'EvaluationOrderField',
  description: '評価の並び順 / What evaluations are sorted by',
  valuesConfig: {
    FISCAL_YEAR: { description: '年度 / Fiscal year' },
    LEVEL: { description: '評価の段階の順（良い順、評価なしは最後） / Level order (best first, unrated last)' },
    SUBJECT_NAME: { description: '対象の名称 / Subject name' },
    STAGE: { description: '段階（一次、二次、外部、政策会議） / Stage (self, secondary, external, council)' },
  },
});

@InputType({ description: '評価の並び順（同順位はID順） / Order of evaluations (ties by id).' })
export class EvaluationOrder {
  @Field(() => EvaluationOrderField, { defaultValue: EvaluationOrderField.FISCAL_YEAR, description: '並べる項目 / Sort field.' })
  field: EvaluationOrderField = EvaluationOrderField.FISCAL_YEAR;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: '向き / Direction.' })
  direction: SortDirection = SortDirection.ASC;
}
