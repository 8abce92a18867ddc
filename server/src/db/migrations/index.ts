/**
 * Every committed migration, in order. Listed explicitly (rather than found by globbing) so the
 * same list runs from compiled JS, from tsx and inside the test runner.
 * `npm run migration:create -w server` writes a new file here: add it to this list.
 */
import { Migration20261122000000_initial } from './Migration20261122000000_initial.js';
import { Migration20261122000100_evaluation_subject } from './Migration20261122000100_evaluation_subject.js';

export const MIGRATIONS = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
  { name: 'Migration20261122000100_evaluation_subject', class: Migration20261122000100_evaluation_subject },
];
