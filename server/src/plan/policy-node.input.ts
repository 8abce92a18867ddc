import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { SubjectFilter } from '../graphql/filters.js';
import { SortDirection } from '../graphql/pagination.js';

@InputType({ description: '施策体系のノードの絞り込み（AND） / Policy node filter; conditions combine with AND. departmentIds match the node’s effective (inherited) lead department.' })
export class PolicyNodeFilter extends SubjectFilter {
  @Field(() => [Int], { nullable: true, description: '深さ（1 = 最上位） / Depths (1 = top level).' })
  depths?: number[];

  @Field(() => [ID], { nullable: true, description: '親ノードID（その子だけ） / Parent node ids (their children only).' })
  parentIds?: string[];

  @Field(() => Boolean, { nullable: true, description: '重点のみ（true）／重点でないものだけ（false）。重点かどうか不明なノードはどちらにも入らない / Only (true) or no (false) priority nodes; nodes whose 重点 is unknown are in neither.' })
  priority?: boolean;

  @Field(() => Boolean, { nullable: true, description: '重点かどうか不明なノードだけ（true）／不明でないものだけ（false） / Only nodes whose 重点 is unknown (true), or only those where it is known (false).' })
  priorityUnknown?: boolean;
}

export enum PolicyNodeOrderField {
  DOCUMENT = 'DOCUMENT',
  CODE = 'CODE',
  NAME = 'NAME',
  DEPTH = 'DEPTH',
}
registerEnumType(PolicyNodeOrderField, {
  name: 'PolicyNodeOrderField',
  description: '施策体系のノードの並び順 / What policy nodes are sorted by',
  valuesConfig: {
    DOCUMENT: { description: '文書に載った順（取込順） / As printed (import order)' },
    CODE: { description: 'コード / Code' },
    NAME: { description: '名称 / Name' },
    DEPTH: { description: '深さ / Depth' },
  },
});

@InputType({ description: '施策体系のノードの並び順 / Order of policy nodes.' })
export class PolicyNodeOrder {
  @Field(() => PolicyNodeOrderField, { defaultValue: PolicyNodeOrderField.DOCUMENT, description: '並べる項目 / Sort field.' })
  field: PolicyNodeOrderField = PolicyNodeOrderField.DOCUMENT;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: '向き / Direction.' })
  direction: SortDirection = SortDirection.ASC;
}
