import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8): the indexes the API's selective queries need, and the rating rollup.
 *
 * - Trees are walked by parent (the `children` loaders): `parent_id` indexes on policy_node,
 *   department and plan (without them every children lookup reads the whole national table).
 *   Subtree, plan and department filters state their city (graphql/filters.ts), so they start
 *   from the existing municipality_id indexes.
 * - The view `evaluation_subject` joins within the evaluation's city (same rows: related records
 *   always belong to the same city), so one city's filter becomes an index condition everywhere.
 * - `random_page_cost` 1.1 for the database (SSD; see docs/scaling.md).
 * - `rating_rollup`: evaluation counts per municipality × fiscal year × stage × subject kind ×
 *   scale × level × department × plan × top-level policy node × uncertain, i.e. the dimensions
 *   of `ratingDistribution` that most filters and groupings use. Rows are derived from the view
 *   `evaluation_subject` by `refreshRollups(trx, municipalityId)` (server/src/analytics/rollups.ts),
 *   which the importer calls in its transaction and evaluation edits must call too. Filled here
 *   for the data already present.
 */
export class Migration20261202000000_national_scale extends Migration {
  override async up(): Promise<void> {
    // Index reads cost about as much as sequential ones on SSDs (and the embedded database's data
    // is a local file): with the default 4 the planner hashes whole national tables to join a few
    // hundred rows of one city. For new sessions of this database; skipped without the right.
    this.addSql(`
      do $$
      begin
        execute format('alter database %I set random_page_cost = 1.1', current_database());
      exception when insufficient_privilege then
        raise notice 'random_page_cost not set: % may not alter the database', current_user;
      end $$;`);
    this.addSql(`create index if not exists "policy_node_parent_id_index" on "policy_node" ("parent_id");`);
    this.addSql(`create index if not exists "department_parent_id_index" on "department" ("parent_id");`);
    this.addSql(`create index if not exists "plan_parent_id_index" on "plan" ("parent_id");`);

    // The view's joins also match the city (every related record is the evaluation's city's): a
    // filter on one city then reaches the indicator, project and policy_node scans as an index
    // condition, instead of those national tables being read whole to join one city's rows.
    this.addSql(`
      create or replace view evaluation_subject with (security_invoker = true) as
      select e.id, e.municipality_id, e.subject_kind, e.policy_node_id, e.indicator_id, e.project_id,
             e.fiscal_year, e.stage, e.scale_id, rs.key as scale_key, e.level_id, rl.code as level_code,
             rl.score as level_score, rl.sort_order as level_order, e.uncertain,
             e.achievement, e.issues, e.response, e.comment, e.request,
             pn.id as subject_node_id, pn.path as subject_node_path, pn.depth as subject_node_depth, pn.plan_id,
             coalesce(case when e.subject_kind = 'project' then p.department_id end, ip.department_id, pn.effective_department_id) as department_id,
             coalesce(i.name, p.name, pn.name) as subject_name
        from evaluation e
        left join rating_scale rs on rs.id = e.scale_id
        left join rating_level rl on rl.id = e.level_id
        left join indicator i on i.id = e.indicator_id and i.municipality_id = e.municipality_id
        left join project p on p.id = e.project_id and p.municipality_id = e.municipality_id
        left join project ip on ip.id = i.project_id and ip.municipality_id = e.municipality_id
        left join policy_node pn on pn.id = coalesce(e.policy_node_id, i.policy_node_id, p.policy_node_id, ip.policy_node_id)
                                and pn.municipality_id = e.municipality_id;`);

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
    this.addSql(`do $$ begin execute format('alter database %I reset random_page_cost', current_database()); exception when insufficient_privilege then null; end $$;`);
    this.addSql(`drop table if exists "rating_rollup";`);
    this.addSql(`
      create or replace view evaluation_subject with (security_invoker = true) as
      select e.id, e.municipality_id, e.subject_kind, e.policy_node_id, e.indicator_id, e.project_id,
             e.fiscal_year, e.stage, e.scale_id, rs.key as scale_key, e.level_id, rl.code as level_code,
             rl.score as level_score, rl.sort_order as level_order, e.uncertain,
             e.achievement, e.issues, e.response, e.comment, e.request,
             pn.id as subject_node_id, pn.path as subject_node_path, pn.depth as subject_node_depth, pn.plan_id,
             coalesce(case when e.subject_kind = 'project' then p.department_id end, ip.department_id, pn.effective_department_id) as department_id,
             coalesce(i.name, p.name, pn.name) as subject_name
        from evaluation e
        left join rating_scale rs on rs.id = e.scale_id
        left join rating_level rl on rl.id = e.level_id
        left join indicator i on i.id = e.indicator_id
        left join project p on p.id = e.project_id
        left join project ip on ip.id = i.project_id
        left join policy_node pn on pn.id = coalesce(e.policy_node_id, i.policy_node_id, p.policy_node_id, ip.policy_node_id);`);
    this.addSql(`drop index if exists "policy_node_parent_id_index", "department_parent_id_index", "plan_parent_id_index";`);
  }
}
