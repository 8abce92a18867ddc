import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Municipality } from '../municipality/municipality.entity.js';

/** A source document (PDF, workbook) that imported records point back to. */
@Entity({ tableName: 'source_document' })
@Unique({ properties: ['municipality', 'key'] })
export class SourceDocument {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Municipality, { deleteRule: 'cascade' })
  municipality!: Municipality;

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  file?: string | null;

  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Property({ type: 'date', nullable: true })
  issuedOn?: string | null;

  @Property({ type: 'boolean', default: false })
  generated: boolean = false;

  /** Where each page of the text begins: [{line, number, printed}], lines ascending. */
  @Property({ type: 'jsonb', nullable: true })
  pages?: { line: number; number: number; printed: boolean }[] | null;
}
