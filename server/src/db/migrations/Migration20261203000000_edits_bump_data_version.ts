import { Migration } from '@mikro-orm/migrations';

/**
 * Evaluation edits run as the API's role: let it mark its own city's data as changed (the
 * response cache is keyed by municipality.data_version). Only that column, and row-level
 * security still limits it to the cities of the request.
 */
export class Migration20261203000000_edits_bump_data_version extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
        grant update (data_version) on "municipality" to seisaku_app;
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'seisaku_app') then
        revoke update (data_version) on "municipality" from seisaku_app;
      end if;
    end $$;`);
  }
}
