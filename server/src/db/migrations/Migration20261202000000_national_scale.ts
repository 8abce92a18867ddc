import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8): the indexes the API's selective queries need, and the rating rollup.
 *
 * - Trees are walked by parent (the `children` loaders): `parent_id` indexes on policy_node,
 *   department and plan (without them every children lookup reads the whole national table).
 *   Subtree, plan and department filters state their city (graphql/filters.ts), so they start
 *   from the existing municipality_id indexes.
 * - `rating_rollup`: evaluation counts per municipality × fiscal year × stage × subject kind ×
 *   scale × level × department × plan × top-level policy node × uncertain, i.e. the dimensions
 *   of `ratingDistribution` that most filters and groupings use. Rows are derived from the view
 *   `evaluation_subject` by `refreshRollups(trx, municipalityId)` (server/src/analytics/rollups.ts),
 *   which the importer calls in its transaction and evaluation edits must call too. Filled here
 *   for the data already present.
 */
export class Migration20261202000000_national_scale extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists "policy_node_parent_id_index" on "policy_node" ("parent_id");`);
    this.addSql(`create index if not exists "department_parent_id_index" on "department" ("parent_id");`);
    this.addSql(`create index if not exists "plan_parent_id_index" on "plan" ("parent_id");`);

    this.addSql(`create table "rating_rollup" (
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "stage" "evaluation_stage" not null,
      "subject_kind" "evaluation_subject_kind" not null,
      "scale_id" int not null references "rating_scale" ("id") on update cascade on delete cascade,
      "level_id" int null references "rating_level" ("id") on update cascade on delete cascade,
      "department_id" int null references "department" ("id") on update cascade on delete cascade,
      "plan_id" int null references "plan" ("id") on update cascade on delete cascade,
      "top_node_id" int null references "policy_node" ("id") on update cascade on delete cascade,
      "uncertain" boolean not null,
      "status" "evaluation_status" not null,
      "n" int not null);`);
    this.addSql(`create index "rating_rollup_municipality_year_index" on "rating_rollup" ("municipality_id", "fiscal_year");`);
    // The rows for the data already present (the same statement as refreshRollups, for every city).
    this.addSql(`insert into rating_rollup (municipality_id, fiscal_year, stage, subject_kind, scale_id, level_id, department_id, plan_id, top_node_id, uncertain, status, n)
      select es.municipality_id, es.fiscal_year, es.stage, es.subject_kind, es.scale_id, es.level_id, es.department_id, es.plan_id,
             nullif(split_part(es.subject_node_path, '/', 2), '')::int, es.uncertain, e.status, count(*)::int
        from evaluation_subject es join evaluation e on e.id = es.id
       where es.scale_id is not null
       group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;`);

    // The same isolation as the evaluations it counts (Migration20261201000100_row_level_security):
    // by city, and in PUBLIC_MODE only accepted ratings of published fiscal years.
    this.addSql(`alter table "rating_rollup" enable row level security; alter table "rating_rollup" force row level security;`);
    this.addSql(`create policy city_isolation on "rating_rollup"
      using ((select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[]))
      with check ((select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[]));`);
    this.addSql(`create policy published_only on "rating_rollup" as restrictive for select
      using (not (select app_published_only()) or (status = 'accepted'
             and exists (select 1 from publication p where p.municipality_id = rating_rollup.municipality_id and p.fiscal_year = rating_rollup.fiscal_year)));`);
    // Evaluation edits on the API's role refresh the city's rows and bump its data_version.
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
          grant select, insert, delete on "rating_rollup" to seisaku_app;
          grant update ("data_version") on "municipality" to seisaku_app;
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rating_rollup";`);
    this.addSql(`drop index if exists "policy_node_parent_id_index", "department_parent_id_index", "plan_parent_id_index";`);
  }
}
