/**
 * Every committed migration, in order. Listed explicitly (rather than found by globbing) so the
 * same list runs from compiled JS, from tsx and inside the test runner.
 * `npm run migration:create -w server` writes a new file here: add it to this list.
 */
import { Migration20261122000000_initial } from './Migration20261122000000_initial.js';
import { Migration20261122000100_evaluation_subject } from './Migration20261122000100_evaluation_subject.js';
import { Migration20261201000000_accounts_and_cycle } from './Migration20261201000000_accounts_and_cycle.js';
import { Migration20261201000100_row_level_security } from './Migration20261201000100_row_level_security.js';
import { Migration20261202000000_national_scale } from './Migration20261202000000_national_scale.js';
import { Migration20261203000000_edits_bump_data_version } from './Migration20261203000000_edits_bump_data_version.js';
import { Migration20261204000000_city_summary } from './Migration20261204000000_city_summary.js';
import { Migration20261205000000_leakproof_enum_eq } from './Migration20261205000000_leakproof_enum_eq.js';
import { Migration20261206000000_report_statements } from './Migration20261206000000_report_statements.js';
import { Migration20261207000000_flagged_records } from './Migration20261207000000_flagged_records.js';
import { Migration20261208000000_rollup_derived } from './Migration20261208000000_rollup_derived.js';
import { Migration20261219000000_access_version } from './Migration20261219000000_access_version.js';
import { Migration20261219000100_sign_in_failure } from './Migration20261219000100_sign_in_failure.js';
import { Migration20261219000200_audit_log } from './Migration20261219000200_audit_log.js';
import { Migration20261220000100_seed_systems } from './Migration20261220000100_seed_systems.js';
import { Migration20261221000000_comparison } from './Migration20261221000000_comparison.js';
import { Migration20261222000000_project_costs } from './Migration20261222000000_project_costs.js';
import { Migration20261223000000_cycle_and_reminders } from './Migration20261223000000_cycle_and_reminders.js';
import { Migration20261224000000_session_write_lsn } from './Migration20261224000000_session_write_lsn.js';
import { Migration20261225000000_rule_check } from './Migration20261225000000_rule_check.js';
import { Migration20261228000000_stage_pairs_and_search } from './Migration20261228000000_stage_pairs_and_search.js';
import { Migration20261228000100_band_rollup } from './Migration20261228000100_band_rollup.js';
import { Migration20261229000000_project_criteria } from './Migration20261229000000_project_criteria.js';
import { Migration20261230000000_import_job } from './Migration20261230000000_import_job.js';

export const MIGRATIONS = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
  { name: 'Migration20261122000100_evaluation_subject', class: Migration20261122000100_evaluation_subject },
  { name: 'Migration20261201000000_accounts_and_cycle', class: Migration20261201000000_accounts_and_cycle },
  { name: 'Migration20261201000100_row_level_security', class: Migration20261201000100_row_level_security },
  { name: 'Migration20261202000000_national_scale', class: Migration20261202000000_national_scale },
  { name: 'Migration20261203000000_edits_bump_data_version', class: Migration20261203000000_edits_bump_data_version },
  { name: 'Migration20261204000000_city_summary', class: Migration20261204000000_city_summary },
  { name: 'Migration20261205000000_leakproof_enum_eq', class: Migration20261205000000_leakproof_enum_eq },
  { name: 'Migration20261206000000_report_statements', class: Migration20261206000000_report_statements },
  { name: 'Migration20261207000000_flagged_records', class: Migration20261207000000_flagged_records },
  { name: 'Migration20261208000000_rollup_derived', class: Migration20261208000000_rollup_derived },
  { name: 'Migration20261219000000_access_version', class: Migration20261219000000_access_version },
  { name: 'Migration20261219000100_sign_in_failure', class: Migration20261219000100_sign_in_failure },
  { name: 'Migration20261219000200_audit_log', class: Migration20261219000200_audit_log },
  { name: 'Migration20261220000100_seed_systems', class: Migration20261220000100_seed_systems },
  { name: 'Migration20261221000000_comparison', class: Migration20261221000000_comparison },
  { name: 'Migration20261222000000_project_costs', class: Migration20261222000000_project_costs },
  { name: 'Migration20261223000000_cycle_and_reminders', class: Migration20261223000000_cycle_and_reminders },
  { name: 'Migration20261224000000_session_write_lsn', class: Migration20261224000000_session_write_lsn },
  { name: 'Migration20261225000000_rule_check', class: Migration20261225000000_rule_check },
  { name: 'Migration20261228000000_stage_pairs_and_search', class: Migration20261228000000_stage_pairs_and_search },
  { name: 'Migration20261228000100_band_rollup', class: Migration20261228000100_band_rollup },
  { name: 'Migration20261229000000_project_criteria', class: Migration20261229000000_project_criteria },
  { name: 'Migration20261230000000_import_job', class: Migration20261230000000_import_job },
];
