/**
 * Base classes: every table carries the municipality it belongs to (so a city's data can be
 * isolated, deleted or distributed by city), and every imported record its provenance.
 */
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Municipality } from '../municipality/municipality.entity.js';
import { SourceDocument } from '../provenance/source-document.entity.js';

@Entity({ abstract: true })
export abstract class CityOwned {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Municipality, { deleteRule: 'cascade', index: true })
  municipality!: Municipality;
}

/** A record that came from a document: which one, which lines, and whether it is uncertain. */
@Entity({ abstract: true })
export abstract class Imported extends CityOwned {
  @ManyToOne(() => SourceDocument, { nullable: true, deleteRule: 'set null' })
  sourceDocument?: SourceDocument | null;

  @Property({ type: 'integer', nullable: true })
  sourceLine?: number | null;

  @Property({ type: 'integer', nullable: true })
  sourceLineEnd?: number | null;

  /** The page the record is printed on: named by its provenance or derived from the document's page map. */
  @Property({ type: 'integer', nullable: true })
  sourcePage?: number | null;

  @Property({ type: 'text', nullable: true })
  sourceNote?: string | null;

  /** True where the source document does not settle the record (see sourceNote). */
  @Property({ type: 'boolean', default: false })
  uncertain: boolean = false;
}
