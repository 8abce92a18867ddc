/**
 * The band rollup (`band_rollup`, server/src/analytics/band-counts.ts) that answers
 * `achievementBands` over whole cities (issue 21 item 6: the live statement timed out over every
 * city): the same bands and counts as the live statement for every city and year, over every
 * city, grouped by city, and after an actual is changed in a transaction that refreshes it as
 * the edits do (`refreshValueRollups`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { achievementBandCounts } from '../../server/src/analytics/band-counts.js';
import { BandGroupBy } from '../../server/src/analytics/analytics.types.js';
import { refreshValueRollups } from '../../server/src/analytics/rollups.js';
import { SubjectFilter } from '../../server/src/graphql/filters.js';
import { generateDataset } from '../../server/src/dataset/generate.js';
import { importDataset } from '../../server/src/dataset/importer.js';

let db: TestDatabase;
let years: number[];
let codes: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  for (let i = 1; i <= 3; i++) await importDataset(db.orm, generateDataset({ seed: 13, municipalityIndex: i, years: 4, startYear: 2021 }));
  years = (await db.query<{ y: number }>(`select distinct fiscal_year as y from indicator_value where kind = 'actual' order by 1`)).map((r) => r.y);
  codes = (await db.query<{ code: string }>(`select code from municipality order by id`)).map((r) => r.code);
}, 600_000);
afterAll(async () => {
  await db?.drop();
});

/** The answer from the rollup and from the live statement (asked with the groups' nodes, which the rollup does not serve). */
async function both(filter: SubjectFilter | undefined, year: number, by: BandGroupBy[]) {
  const plain = (r: Awaited<ReturnType<typeof achievementBandCounts>>) => ({
    bands: r.bands.map((b) => [b.key, b.minPercent, b.maxPercent]),
    groups: r.groups.map((g) => [g.municipalityId, g.total, g.measured, g.counts.map((c) => [c.band.key, c.count])]),
  });
  return {
    rolled: plain(await achievementBandCounts(db.orm.em.fork(), filter, year, by, null, false)),
    live: plain(await achievementBandCounts(db.orm.em.fork(), filter, year, by, null, true)),
  };
}

const cities = (c: string[]) => Object.assign(new SubjectFilter(), { municipalityCodes: c });

describe('achievement bands over whole cities from the band rollup', () => {
  it('equal the live statement for every year (also one without actuals), over every city, per city and grouped by city', async () => {
    expect(years.length).toBeGreaterThan(2);
    for (const y of [...years, years[0]! - 1])
      for (const f of [undefined, cities(codes), ...codes.map((c) => cities([c]))])
        for (const by of [[], [BandGroupBy.MUNICIPALITY]]) {
          const { rolled, live } = await both(f, y, by);
          expect(rolled, `${y} ${JSON.stringify(f)} ${by}`).toEqual(live);
        }
    // The rollup did count something measured.
    const { live } = await both(undefined, years.at(-2)!, []);
    expect(live.groups[0]![2]).toBeGreaterThan(10);
  }, 300_000);

  it('follow an actual changed in a transaction that refreshes them, as an edit does', async () => {
    const [v] = await db.query<{ id: number; fiscal_year: number; municipality_id: number }>(
      // An actual at or above its target (higher is better): set to zero, it leaves the top band.
      `select v.id, v.fiscal_year, i.municipality_id from indicator_value v join indicator i on i.id = v.indicator_id
         join lateral (select t.value, t.qualifier from indicator_value t where t.indicator_id = i.id and t.kind = 'target' and t.fiscal_year >= v.fiscal_year
                        order by t.fiscal_year limit 1) t on true
        where v.kind = 'actual' and i.direction = 'higher_is_better' and t.qualifier is null and t.value > 0 and v.value >= t.value
        order by v.id limit 1`,
    );
    const before = await both(undefined, v!.fiscal_year, []);
    await db.orm.em.fork().transactional(async (em) => {
      await em.execute(`update indicator_value set value = 0 where id = ?`, [v!.id]);
      await refreshValueRollups(em, v!.municipality_id);
    });
    const after = await both(undefined, v!.fiscal_year, []);
    expect(after.rolled).toEqual(after.live);
    expect(after.rolled).not.toEqual(before.rolled);
  }, 120_000);
});
