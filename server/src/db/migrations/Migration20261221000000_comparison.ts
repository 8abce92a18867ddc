import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261201000100_row_level_security.js';
import { TAXONOMY_CLASSES } from '../../comparison/taxonomy-classes.js';

const PROVENANCE = `"source_document_id" int null, "source_line" int null, "source_line_end" int null, "source_page" int null, "source_note" text null, "uncertain" boolean not null default false`;

/** The ancestors-or-self ids of a node, nearest last, from its materialised path ("/1/4/19/"). */
const PATH_IDS = `string_to_array(trim(both '/' from n.path), '/')::int[]`;

/**
 * Comparing cities (issue 21):
 * - the shared taxonomy (`taxonomy_class`: SDGs, 目的別歳出) and each city's mappings of its policy
 *   nodes onto it (`policy_node_class`, with provenance); a mapping holds for the node's subtree
 *   unless a descendant maps the same scheme: `policy_node_effective_class` answers a node's
 *   classes in one join, `policy_node_classes(cities, scheme)` every node of a set of cities;
 * - what a scale's levels mean across cities: `on_track` and a 0–100 `normalized_score` per level
 *   (derived from the levels' scores where a file does not state them);
 * - a city's attributes for choosing peers, and hand-picked peer groups saved under a name.
 */
export class Migration20261221000000_comparison extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "taxonomy_class" ("id" serial primary key, "scheme" text not null, "code" text not null, "name_ja" text not null, "name_en" text not null,
      "sort_order" int not null, "note" text null, constraint taxonomy_class_scheme check (scheme in ('sdg', 'purpose')),
      constraint taxonomy_class_scheme_code_unique unique ("scheme", "code"), constraint taxonomy_class_id_scheme_unique unique ("id", "scheme"));`);
    TAXONOMY_CLASSES.forEach((c, i) => {
      const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
      this.addSql(`insert into "taxonomy_class" (scheme, code, name_ja, name_en, sort_order, note) values (${q(c.scheme)}, ${q(c.code)}, ${q(c.nameJa)}, ${q(c.nameEn)}, ${i + 1}, ${c.note ? q(c.note) : 'null'});`);
    });

    this.addSql(`create table "policy_node_class" ("id" serial primary key, "municipality_id" int not null, ${PROVENANCE}, "policy_node_id" int not null, "scheme" text not null, "class_id" int not null,
      constraint policy_node_class_node_class_unique unique ("policy_node_id", "class_id"));`);
    this.addSql(`create index "policy_node_class_municipality_id_index" on "policy_node_class" ("municipality_id");`);
    this.addSql(`create index "policy_node_class_class_id_index" on "policy_node_class" ("class_id");`);
    this.addSql(`create index "policy_node_class_node_scheme_index" on "policy_node_class" ("policy_node_id", "scheme");`);
    this.addSql(`alter table "policy_node_class" add constraint "policy_node_class_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node_class" add constraint "policy_node_class_policy_node_id_foreign" foreign key ("policy_node_id") references "policy_node" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "policy_node_class" add constraint "policy_node_class_class_foreign" foreign key ("class_id", "scheme") references "taxonomy_class" ("id", "scheme") on update cascade;`);
    this.addSql(`alter table "policy_node_class" add constraint "policy_node_class_source_document_id_foreign" foreign key ("source_document_id") references "source_document" ("id") on update cascade on delete set null;`);

    // Each node's classes per scheme: those mapped on its nearest ancestor-or-self that maps the scheme.
    this.addSql(`
      create view policy_node_effective_class with (security_invoker = true) as
      select n.municipality_id, n.id as policy_node_id, c.scheme, c.class_id, c.policy_node_id as mapped_node_id,
             c.policy_node_id <> n.id as inherited, c.uncertain
        from policy_node n
        cross join (values ('sdg'), ('purpose')) s(scheme)
        join lateral (
          select x.policy_node_id from policy_node_class x
           where x.municipality_id = n.municipality_id and x.scheme = s.scheme and x.policy_node_id = any(${PATH_IDS})
           order by array_position(${PATH_IDS}, x.policy_node_id) desc limit 1) m on true
        join policy_node_class c on c.policy_node_id = m.policy_node_id and c.scheme = s.scheme;`);

    // The same for a set of cities at once, walking each tree from its roots (the view's per-node
    // lookup re-runs for every row when it is joined into a larger statement).
    this.addSql(`
      create function policy_node_classes(cities int[], class_scheme text)
        returns table (municipality_id int, policy_node_id int, class_id int, mapped_node_id int)
        language sql stable as $$
        with recursive t(id, municipality_id, mapped) as (
          select n.id, n.municipality_id,
                 case when exists (select 1 from policy_node_class c where c.policy_node_id = n.id and c.scheme = class_scheme) then n.id end
            from policy_node n where n.municipality_id = any(cities) and n.parent_id is null
          union all
          select n.id, n.municipality_id,
                 case when exists (select 1 from policy_node_class c where c.policy_node_id = n.id and c.scheme = class_scheme) then n.id else t.mapped end
            from policy_node n join t on n.parent_id = t.id
        )
        select t.municipality_id, t.id, c.class_id, t.mapped from t join policy_node_class c on c.policy_node_id = t.mapped and c.scheme = class_scheme
      $$;`);

    this.addSql(`alter table "rating_level" add column "on_track" boolean null, add column "normalized_score" double precision null,
      add constraint rating_level_normalized_score check (normalized_score is null or normalized_score between 0 and 100);`);
    // The levels already stored: linear in their scores (best 100, worst 0), on track from 50.
    this.addSql(`update rating_level l set normalized_score = case when s.hi > s.lo then 100.0 * (l.score - s.lo) / (s.hi - s.lo) else 100 end
        from (select scale_id, min(score) as lo, max(score) as hi from rating_level where score is not null group by 1) s
       where s.scale_id = l.scale_id and l.score is not null;`);
    this.addSql(`update rating_level set on_track = normalized_score >= 50 where normalized_score is not null;`);

    this.addSql(`alter table "municipality" add column "population" int null, add column "population_as_of" date null,
      add column "area_km2" double precision null, add column "area_as_of" date null, add column "category" text null, add column "similar_group" text null,
      add column "attributes_source" text null, add column "attributes_note" text null, add column "attributes_uncertain" boolean not null default false,
      add constraint municipality_category check (category is null or category in ('designated_city', 'core_city', 'special_case_city', 'city', 'town_village')),
      add constraint municipality_population check (population is null or population >= 0),
      add constraint municipality_area check (area_km2 is null or area_km2 > 0);`);

    this.addSql(`create table "peer_group" ("id" serial primary key, "name" text not null, "municipality_ids" int[] not null, "created_at" timestamptz not null default now(),
      constraint peer_group_name_unique unique ("name"), constraint peer_group_size check (cardinality(municipality_ids) between 1 and 2000));`);

    const visible = `(select app_all_municipalities()) or municipality_id = any ((select app_municipality_ids())::int[])`;
    this.addSql(`alter table "policy_node_class" enable row level security; alter table "policy_node_class" force row level security;`);
    this.addSql(`create policy city_isolation on "policy_node_class" using (${visible}) with check (${visible});`);
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          grant select on "taxonomy_class", "policy_node_class", "policy_node_effective_class", "peer_group" to ${APP_ROLE};
          grant execute on function policy_node_classes(int[], text) to ${APP_ROLE};
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "peer_group";`);
    this.addSql(`alter table "municipality" drop constraint if exists municipality_category, drop constraint if exists municipality_population, drop constraint if exists municipality_area,
      drop column if exists "population", drop column if exists "population_as_of", drop column if exists "area_km2", drop column if exists "area_as_of",
      drop column if exists "category", drop column if exists "similar_group", drop column if exists "attributes_source", drop column if exists "attributes_note", drop column if exists "attributes_uncertain";`);
    this.addSql(`alter table "rating_level" drop constraint if exists rating_level_normalized_score, drop column if exists "on_track", drop column if exists "normalized_score";`);
    this.addSql(`drop function if exists policy_node_classes(int[], text);`);
    this.addSql(`drop view if exists policy_node_effective_class;`);
    this.addSql(`drop table if exists "policy_node_class";`);
    this.addSql(`drop table if exists "taxonomy_class";`);
  }
}
