/**
 * The rule checks kept per evaluation (`rule_check`, server/src/analytics/rule-checks.ts) that
 * `ruleInconsistencies` pages in SQL: equal to the checks computed live for every bundled city,
 * and kept current by an edit in the edit's own transaction (an actual entered through the API
 * moves an indicator's achievement, and its rating then disagrees with the city's rule at once).
 * Against the built server (`npm run build -w server`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, firstAccount, makeUser } from '../support/api-client.js';
import { connect } from '../../server/src/db/database.js';
import { ruleChecks } from '../../server/src/analytics/analytics.service.js';
import type { MikroORM } from '@mikro-orm/postgresql';

const SAMPLE = '990001';
let server: RunningServer;
let orm: MikroORM;
let root: ApiClient;

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  orm = await connect(server.db.url);
  root = await firstAccount(server);
}, 240_000);
afterAll(async () => {
  await orm?.close(true);
  await server?.stop();
});

const INCONSISTENT = `query($c: [String!]) { ruleInconsistencies(filter: { municipalityCodes: $c }, first: 500) {
  totalCount nodes { evaluation { id } printed { code } computed { code } explanation } } }`;

describe('rule checks kept per evaluation', () => {
  it('equal the checks computed live, for every city', async () => {
    const cities = await server.db.query<{ id: number; code: string }>(`select id, code from municipality order by id`);
    let checked = 0;
    for (const c of cities) {
      const live = await ruleChecks(orm.em.fork(), { where: ['es.municipality_id = ?'], bindings: [c.id] });
      const kept = await server.db.query<{ evaluation_id: number; agrees: boolean; computed_level_id: number | null; explanation: string }>(
        `select evaluation_id, agrees, computed_level_id, explanation from rule_check where municipality_id = $1 order by fiscal_year, evaluation_id`,
        [c.id],
      );
      expect(
        kept.map((k) => [k.evaluation_id, k.agrees, k.computed_level_id, k.explanation]),
        c.code,
      ).toEqual(live.map((l) => [l.evaluationId, l.agrees, l.computed ? Number(l.computed.id) : null, l.explanation]));
      const answer = await root.gql(INCONSISTENT, { c: [c.code] });
      expect(answer.errors, answer.text.slice(0, 300)).toBeUndefined();
      expect(answer.data.ruleInconsistencies.totalCount, c.code).toBe(live.filter((l) => !l.agrees).length);
      checked += live.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('are rebuilt by an edit in its transaction: an actual entered moves its rating into the inconsistencies', async () => {
    // A rating of an indicator by the band rule that agrees now, on an actual above zero (higher is better).
    const [e] = await server.db.query<{ id: number; indicator_id: number; fiscal_year: number; department_id: number; version: number }>(
      `select e.id, e.indicator_id, e.fiscal_year, es.department_id, v.version
         from rule_check rc join evaluation e on e.id = rc.evaluation_id join evaluation_subject es on es.id = e.id
         join rating_level rl on rl.id = e.level_id join indicator i on i.id = e.indicator_id
         join indicator_value v on v.indicator_id = i.id and v.kind = 'actual' and v.fiscal_year = e.fiscal_year
         join municipality m on m.id = e.municipality_id
        where m.code = $1 and rc.agrees and rl.code = 'A' and i.direction = 'higher_is_better' and v.value > 0 and es.department_id is not null
        order by e.id limit 1`,
      [SAMPLE],
    );
    expect(e).toBeDefined();
    const before = await root.gql(INCONSISTENT, { c: [SAMPLE] });
    expect(before.data.ruleInconsistencies.nodes.map((n: any) => n.evaluation.id)).not.toContain(String(e!.id));

    // The indicator's department enters its actuals.
    const staff = await makeUser(root, 'editor-rules@a.jp', 'DEPARTMENT_EDITOR', SAMPLE, e!.department_id);
    const saved = await staff.gql(
      `mutation ($i: ID!, $y: Int!, $v: Int) { saveIndicatorActual(indicatorId: $i, fiscalYear: $y, value: 0, version: $v) { value } }`,
      { i: String(e!.indicator_id), y: e!.fiscal_year, v: e!.version },
    );
    expect(saved.errors, saved.text.slice(0, 300)).toBeUndefined();

    // Another document than before (the answer cached before the edit is keyed by the old data version anyway).
    const after = await root.gql(`${INCONSISTENT} # after`, { c: [SAMPLE] });
    expect(after.data.ruleInconsistencies.totalCount).toBe(before.data.ruleInconsistencies.totalCount + 1);
    const moved = after.data.ruleInconsistencies.nodes.find((n: any) => n.evaluation.id === String(e!.id));
    expect(moved).toMatchObject({ printed: { code: 'A' }, computed: { code: 'D' } });
    expect(moved.explanation).toMatch(/^達成率0\.0%/);
  });
});
