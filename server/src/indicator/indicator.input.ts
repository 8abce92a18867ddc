import { Field, InputType, registerEnumType } from 'type-graphql';
import { SubjectFilter } from '../graphql/filters.js';
import { SortDirection } from '../graphql/pagination.js';
import { DirectionEnum, IndicatorKindEnum } from './indicator.type.js';

@InputType({ description: '指標の絞り込み（AND） / Indicator filter; conditions combine with AND.' })
export class IndicatorFilter extends SubjectFilter {
  @Field(() => Boolean, { nullable: true, description: 'KPIのみ（true）／KPI以外（false） / Only (true) or no (false) KPIs.' })
  isKpi?: boolean;

  @Field(() => [DirectionEnum], { nullable: true, description: '望ましい方向 / Directions.' })
  directions?: DirectionEnum[];

  @Field(() => [IndicatorKindEnum], { nullable: true, description: '成果指標・活動指標 / Kinds.' })
  kinds?: IndicatorKindEnum[];
}

export enum IndicatorOrderField {
  DOCUMENT = 'DOCUMENT',
  NAME = 'NAME',
}
registerEnumType(IndicatorOrderField, {
  name: 'IndicatorOrderField',
  description: '指標の並び順 / What indicators are sorted by',
  valuesConfig: {
    DOCUMENT: { description: '文書に載った順（取込順） / As printed (import order)' },
    NAME: { description: '名称 / Name' },
  },
});

@InputType({ description: '指標の並び順 / Order of indicators.' })
export class IndicatorOrder {
  @Field(() => IndicatorOrderField, { defaultValue: IndicatorOrderField.DOCUMENT, description: '並べる項目 / Sort field.' })
  field: IndicatorOrderField = IndicatorOrderField.DOCUMENT;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: '向き / Direction.' })
  direction: SortDirection = SortDirection.ASC;
}
