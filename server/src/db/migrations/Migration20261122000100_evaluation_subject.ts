import { Migration } from '@mikro-orm/migrations';

/**
 * Each evaluation with its subject's context (policy node, path, plan, department, name), so
 * filters and aggregations over evaluations are one scan with the same meaning everywhere.
 * A policy node's department is its own lead department or its nearest ancestor's.
 */
export class Migration20261122000100_evaluation_subject extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "policy_node" add column "effective_department_id" int null;`);
    this.addSql(`alter table "policy_node" add constraint "policy_node_effective_department_id_foreign" foreign key ("effective_department_id") references "department" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "policy_node_effective_department_id_index" on "policy_node" ("effective_department_id");`);
    this.addSql(`
      create view evaluation_subject as
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
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists evaluation_subject;`);
    this.addSql(`alter table "policy_node" drop column "effective_department_id";`);
  }
}
