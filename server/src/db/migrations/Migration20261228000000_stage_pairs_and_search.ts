import { Migration } from '@mikro-orm/migrations';
import { STAGE_DIFFERENCE_COLUMNS, STAGE_ROLLUP_COLUMNS, stageDifferenceSelect, stageRollupSelect } from '../../analytics/stage-rollup.js';
import { bigramIndexExpression, EVALUATION_SEARCH_COLUMNS } from '../../graphql/filters.js';

/**
 * Issue 21 item 6 / issue 25: over every city, without a city filter.
 * - `stage_rollup`: pairs of ratings of one subject, year and scale at two stages, counted per
 *   city × year × base stage × compared stage × scale × both levels (× the rating rollup's
 *   department, plan, top node, uncertain): `stageComparison`'s counts without joining the
 *   evaluations (4.25× the plain-SQL floor at 40 cities before).
 * - `stage_difference`: the pairs whose levels differ, by base evaluation: its page by keyset.
 *   Both derived like `rating_rollup` (rebuilt per city in the writing transaction,
 *   analytics/stage-rollup.ts), without foreign keys but to their city.
 * - A search index that serves two-character Japanese terms (防災): `text_bigrams` (every
 *   two-character substring) of the evaluation texts and of the subjects' names, in GIN indexes;
 *   the search narrows by all bigrams of the term, then checks the exact match. PostgreSQL keeps
 *   expression indexes current in the writing transaction (importer, edits). The embedded
 *   PostgreSQL ships pg_trgm, whose trigrams cannot serve a two-character term, and not pg_bigm.
 * - `evaluation (fiscal_year, id)`: a search's first page in its order, for terms that match
 *   many evaluations (the planner picks it or the bigram index by the term's frequency).
 */
export class Migration20261228000000_stage_pairs_and_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "stage_rollup" (
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "stage" "evaluation_stage" not null,
      "compare_stage" "evaluation_stage" not null,
      "subject_kind" "evaluation_subject_kind" not null,
      "scale_id" int not null,
      "level_id" int not null,
      "compare_level_id" int not null,
      "difference" smallint not null,
      "department_id" int null,
      "plan_id" int null,
      "top_node_id" int null,
      "uncertain" boolean not null,
      "accepted" boolean not null,
      "n" int not null);`);
    this.addSql(`create index "stage_rollup_year_index" on "stage_rollup" ("fiscal_year", "stage", "compare_stage");`);
    this.addSql(`create index "stage_rollup_municipality_year_index" on "stage_rollup" ("municipality_id", "fiscal_year");`);
    this.addSql(`create table "stage_difference" (
      "base_id" int not null,
      "compare_id" int not null,
      "municipality_id" int not null references "municipality" ("id") on update cascade on delete cascade,
      "fiscal_year" smallint not null,
      "stage" "evaluation_stage" not null,
      "compare_stage" "evaluation_stage" not null,
      "difference" smallint not null,
      primary key ("base_id", "compare_stage"));`);
    // The page's order (fiscal year, base evaluation) for every city, and for one.
    this.addSql(`create index "stage_difference_page_index" on "stage_difference" ("stage", "compare_stage", "fiscal_year", "base_id");`);
    this.addSql(`create index "stage_difference_municipality_index" on "stage_difference" ("municipality_id", "stage", "compare_stage", "fiscal_year", "base_id");`);
    this.addSql(`insert into stage_rollup (${STAGE_ROLLUP_COLUMNS}) ${stageRollupSelect('true')};`);
    this.addSql(`insert into stage_difference (${STAGE_DIFFERENCE_COLUMNS}) ${stageDifferenceSelect('true')};`);

    // As the evaluations they pair (rating_rollup: Migration20261202000000_national_scale): by
    // city, and in PUBLIC_MODE only pairs of accepted ratings of published years.
    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    for (const t of ['stage_rollup', 'stage_difference']) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible}) with check (${visible});`);
    }
    this.addSql(`create policy published_only on "stage_rollup" as restrictive for select
      using (not (select app_published_only()) or (accepted
             and exists (select 1 from publication p where p.municipality_id = stage_rollup.municipality_id and p.fiscal_year = stage_rollup.fiscal_year)));`);
    this.addSql(`create policy published_only on "stage_difference" as restrictive for select
      using (not (select app_published_only()) or (exists (select 1 from evaluation e where e.id = stage_difference.base_id)
             and exists (select 1 from evaluation e where e.id = stage_difference.compare_id)));`);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
          grant select, insert, delete on "stage_rollup" to seisaku_app;
          grant select, insert, delete on "stage_difference" to seisaku_app;
        end if;
      end $$;`);

    // Every two-character substring of a text (a one-character text has none). Repeats are kept:
    // a GIN index stores each key of a row once anyway, and `@>` does not count them.
    this.addSql(`create or replace function text_bigrams(t text) returns text[] language sql immutable strict parallel safe as $$
      select array(select substr(t, i, 2) from generate_series(1, length(t) - 1) i) $$;`);
    this.addSql(`create index "evaluation_search_bigram_index" on "evaluation" using gin (${bigramIndexExpression(EVALUATION_SEARCH_COLUMNS)});`);
    for (const t of ['indicator', 'project', 'policy_node'])
      this.addSql(`create index "${t}_name_bigram_index" on "${t}" using gin (${bigramIndexExpression(['name'])});`);
    this.addSql(`create index "evaluation_fiscal_year_id_index" on "evaluation" ("fiscal_year", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "evaluation_fiscal_year_id_index";`);
    for (const t of ['indicator', 'project', 'policy_node']) this.addSql(`drop index if exists "${t}_name_bigram_index";`);
    this.addSql(`drop index if exists "evaluation_search_bigram_index";`);
    this.addSql(`drop function if exists text_bigrams(text);`);
    this.addSql(`drop table if exists "stage_difference";`);
    this.addSql(`drop table if exists "stage_rollup";`);
  }
}
