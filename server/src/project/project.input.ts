import { Field, InputType, registerEnumType } from 'type-graphql';
import { SubjectFilter } from '../graphql/filters.js';
import { SortDirection } from '../graphql/pagination.js';

@InputType({ description: '事業の絞り込み（AND、組織は事業の担当課、なければノードの主管課） / Project filter; conditions combine with AND. departmentIds match the project’s department, else its node’s lead department.' })
export class ProjectFilter extends SubjectFilter {}

export enum ProjectOrderField {
  DOCUMENT = 'DOCUMENT',
  NAME = 'NAME',
}
registerEnumType(ProjectOrderField, {
  name: 'ProjectOrderField',
  description: '事業の並び順 / What projects are sorted by',
  valuesConfig: {
    DOCUMENT: { description: '文書に載った順（取込順） / As printed (import order)' },
    NAME: { description: '名称 / Name' },
  },
});

@InputType({ description: '事業の並び順 / Order of projects.' })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { defaultValue: ProjectOrderField.DOCUMENT, description: '並べる項目 / Sort field.' })
  field: ProjectOrderField = ProjectOrderField.DOCUMENT;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: '向き / Direction.' })
  direction: SortDirection = SortDirection.ASC;
}
