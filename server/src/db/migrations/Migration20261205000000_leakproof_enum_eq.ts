import { Migration } from '@mikro-orm/migrations';

/**
 * National scale (issue 8): under row-level security PostgreSQL evaluates a condition inside an
 * index scan only when its function is LEAKPROOF (it could otherwise reveal rows the policies
 * hide). Equality of enums (`stage = 'self'`, `kind = 'actual'`, `subject_kind = …`) is not
 * marked so, although it cannot leak anything, so on the API's role every stage filter ran after
 * the scan instead of in the (municipality_id, fiscal_year, stage) index. Marking it needs a
 * superuser; otherwise the migration says so and everything still works, more slowly
 * (docs/scaling.md).
 */
export class Migration20261205000000_leakproof_enum_eq extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      do $$
      begin
        alter function enum_eq(anyenum, anyenum) leakproof;
      exception when insufficient_privilege then
        raise notice 'enum_eq not marked leakproof: % is not a superuser; stage and kind filters run after row-level security rather than in the index (docs/scaling.md)', current_user;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      do $$
      begin
        alter function enum_eq(anyenum, anyenum) not leakproof;
      exception when insufficient_privilege then null;
      end $$;`);
  }
}
