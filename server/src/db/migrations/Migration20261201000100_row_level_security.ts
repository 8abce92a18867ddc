import { Migration } from '@mikro-orm/migrations';

/** Every table that belongs to one municipality (`municipality` itself is keyed by its id). */
export const CITY_TABLES = [
  'source_document',
  'rating_scale',
  'rating_level',
  'plan',
  'department',
  'policy_node',
  'policy_node_related_department',
  'project',
  'project_amount',
  'indicator',
  'indicator_value',
  'evaluation',
  'department_policy',
  'department_policy_initiative',
  'evaluation_history',
  'indicator_value_history',
  'publication',
  'app_user',
  'session',
  'api_token',
] as const;

/** The role the API connects as: neither owner of the tables nor BYPASSRLS. */
export const APP_ROLE = 'seisaku_app';

/**
 * Isolation by city in the database (issue 7): row-level security, enabled and forced, on every
 * table keyed by municipality. A row is visible when the transaction's setting
 * `app.municipality_ids` lists its municipality ("1,4"), or is "*" (every city: system
 * administrators, imports, migrations). Unset or empty: no rows at all. `app.published_only`
 * ("on") further limits dated data to published fiscal years and accepted evaluations
 * (PUBLIC_MODE). The API sets both per transaction with SET LOCAL (server/src/auth/request-scope.ts).
 *
 * The role `seisaku_app` gets read access, and writes only where the API writes (evaluations,
 * indicator actuals, their histories, publication). It has no access to accounts, sessions or
 * tokens: authentication runs on the owner's connection. The role is created here when the
 * migrating user may create roles; otherwise create it yourself and set APP_DATABASE_URL
 * (docs/auth.md). The owner's own connections set `app.municipality_ids=*` at connect
 * (db/orm-config.ts), so FORCE does not hide rows from imports.
 */
export class Migration20261201000100_row_level_security extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          if exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
            begin
              create role ${APP_ROLE} nologin nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
            exception when duplicate_object then null;
            end;
          else
            raise notice 'role ${APP_ROLE} not created: % may not create roles (set APP_DATABASE_URL)', current_user;
          end if;
        end if;
      end $$;`);

    this.addSql(`create or replace function app_all_municipalities() returns boolean language sql stable parallel safe
      as $$ select coalesce(current_setting('app.municipality_ids', true), '') = '*' $$;`);
    this.addSql(`create or replace function app_municipality_ids() returns int[] language sql stable parallel safe
      as $$ select case when coalesce(current_setting('app.municipality_ids', true), '') ~ '^[0-9]+(,[0-9]+)*$'
                        then string_to_array(current_setting('app.municipality_ids', true), ',')::int[]
                        else '{}'::int[] end $$;`);
    this.addSql(`create or replace function app_published_only() returns boolean language sql stable parallel safe
      as $$ select coalesce(current_setting('app.published_only', true), '') = 'on' $$;`);

    const visible = (column: string) => `(select app_all_municipalities()) or ${column} = any ((select app_municipality_ids())::int[])`;
    this.addSql(`alter table "municipality" enable row level security; alter table "municipality" force row level security;`);
    this.addSql(`create policy city_isolation on "municipality" using (${visible('id')}) with check (${visible('id')});`);
    for (const t of CITY_TABLES) {
      this.addSql(`alter table "${t}" enable row level security; alter table "${t}" force row level security;`);
      this.addSql(`create policy city_isolation on "${t}" using (${visible('municipality_id')}) with check (${visible('municipality_id')});`);
    }

    // PUBLIC_MODE: dated data only for published fiscal years (targets and baselines always).
    const published = (alias: string) =>
      `exists (select 1 from publication p where p.municipality_id = ${alias}.municipality_id and p.fiscal_year = ${alias}.fiscal_year)`;
    this.addSql(`create policy published_only on "evaluation" as restrictive for select
      using (not (select app_published_only()) or (status = 'accepted' and ${published('evaluation')}));`);
    this.addSql(`create policy published_only on "indicator_value" as restrictive for select
      using (not (select app_published_only()) or kind <> 'actual' or ${published('indicator_value')});`);
    this.addSql(`create policy published_only on "project_amount" as restrictive for select
      using (not (select app_published_only()) or ${published('project_amount')});`);
    this.addSql(`create policy published_only on "department_policy" as restrictive for select
      using (not (select app_published_only()) or ${published('department_policy')});`);
    this.addSql(`create policy published_only on "department_policy_initiative" as restrictive for select
      using (not (select app_published_only()) or exists (select 1 from department_policy d where d.id = policy_id));`);
    for (const t of ['evaluation_history', 'indicator_value_history']) {
      this.addSql(`create policy published_only on "${t}" as restrictive for select using (not (select app_published_only()));`);
    }

    // The view reads its tables with the querying role's rights, so their policies apply.
    this.addSql(`alter view evaluation_subject set (security_invoker = true);`);

    // Grants, when the role exists.
    const readable = ['municipality', ...CITY_TABLES.filter((t) => !['app_user', 'session', 'api_token'].includes(t)), 'evaluation_subject'];
    this.addSql(`
      do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          grant usage on schema public to ${APP_ROLE};
          grant select on ${readable.map((t) => `"${t}"`).join(', ')} to ${APP_ROLE};
          grant insert, update on "evaluation", "indicator_value" to ${APP_ROLE};
          grant insert on "evaluation_history", "indicator_value_history" to ${APP_ROLE};
          grant insert, delete on "publication" to ${APP_ROLE};
          grant usage on sequence evaluation_id_seq, indicator_value_id_seq, evaluation_history_id_seq, indicator_value_history_id_seq, publication_id_seq to ${APP_ROLE};
          begin
            execute format('grant ${APP_ROLE} to %I', current_user);
          exception when others then null;
          end;
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter view evaluation_subject reset (security_invoker);`);
    for (const t of ['municipality', ...CITY_TABLES]) {
      this.addSql(`drop policy if exists city_isolation on "${t}"; drop policy if exists published_only on "${t}";`);
      this.addSql(`alter table "${t}" no force row level security; alter table "${t}" disable row level security;`);
    }
    this.addSql(`drop function if exists app_all_municipalities(), app_municipality_ids(), app_published_only();`);
  }
}
