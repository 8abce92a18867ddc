/**
 * Issue 24: a real replication cluster (tests/support/pg-cluster.ts: a primary and a streaming
 * hot standby from the embedded binaries) and two API processes against it, the primary reached
 * through a proxy that stands for the service address a failover repoints. Reads go to the
 * standby with row-level security as on the primary; a caller's writes are seen by its next read
 * through the other process; a stopped standby costs no request and is taken back when it
 * returns; a standby whose replay is paused is avoided; after the primary is lost and the
 * standby promoted, the API carries on against it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestCluster, type Standby, type TestCluster } from '../support/pg-cluster.js';
import { startPgProxy, type PgProxy } from '../support/pg-proxy.js';
import { freePort, startAnotherServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, firstAccount, makeUser, type Answer } from '../support/api-client.js';
import type { TestDatabase } from '../support/db.js';

let cluster: TestCluster;
let standby: Standby;
let proxy: PgProxy;
let a: RunningServer;
let b: RunningServer;
let X: { id: number; code: string };
let Y: { id: number; code: string };
let indicatorX: number;
let indicatorY: number;
let indicatorsX: number[];
const clients: Record<string, { a: ApiClient; b: ApiClient }> = {};
const YEAR = 2031;

const READ = `query ($i: ID!) { indicator(id: $i) { id values(kind: ACTUAL) { id value fiscalYear { year } } } }`;
const SAVE = `mutation ($i: ID!, $x: Float, $v: Int) { saveIndicatorActual(indicatorId: $i, fiscalYear: ${YEAR}, value: $x, version: $v) { version value } }`;
const readFrom = (r: Answer) => r.headers.get('x-read-from');
const actual = (r: Answer): number | null => r.data?.indicator?.values?.find((v: { fiscalYear: { year: number } }) => v.fiscalYear.year === YEAR)?.value ?? null;

/** Both processes as one signed-in caller (the session lives in the database). */
function both(c: ApiClient): { a: ApiClient; b: ApiClient } {
  const other = new ApiClient(b.baseUrl);
  other.cookie = c.cookie;
  return { a: c, b: other };
}

async function readyz(server: RunningServer): Promise<{ database: string; replicas: { name: string; inRotation: boolean; reason: string | null; lagMs: number | null }[] }> {
  return (await fetch(`${server.baseUrl}/readyz`)).json() as never;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const inRotation = async (s: RunningServer) => (await readyz(s)).replicas?.[0]?.inRotation === true;

/** The standby's own view of an indicator's actual (as the superuser: what it has replayed). */
async function onStandby(indicator: number): Promise<number | null> {
  const c = new pg.Client({ connectionString: standby.url('seisaku') });
  await c.connect();
  try {
    const { rows } = await c.query(`select value from indicator_value where indicator_id = $1 and fiscal_year = $2 and kind = 'actual'`, [indicator, YEAR]);
    return rows[0] ? Number(rows[0].value) : null;
  } finally {
    await c.end();
  }
}

async function save(value: number): Promise<Answer> {
  const [row] = await cluster.query<{ version: number }>('seisaku', `select version from indicator_value where indicator_id = $1 and fiscal_year = $2 and kind = 'actual'`, [
    indicatorX,
    YEAR,
  ]);
  const r = await clients.editor!.a.gql(SAVE, { i: String(indicatorX), x: value, v: row ? Number(row.version) : null });
  expect(r.errors, r.text).toBeUndefined();
  return r;
}

beforeAll(async () => {
  cluster = await startTestCluster({ primaryPort: await freePort(), database: 'seisaku' });
  standby = await cluster.addStandby(await freePort());
  proxy = await startPgProxy(cluster.primary.url('seisaku'));
  const db = {
    url: cluster.primary.url('seisaku'),
    name: 'seisaku',
    orm: undefined as never,
    query: (sql: string, params?: unknown[]) => cluster.query('seisaku', sql, params),
    drop: async () => {},
  } as unknown as TestDatabase;
  const env = {
    DATABASE_URL: proxy.via(cluster.primary.url('seisaku')),
    DATABASE_READ_URLS: standby.url('seisaku'),
    PUBLIC_MODE: '0',
    REPLICA_CHECK_MS: '200',
    REPLICA_MAX_LAG_MS: '1500',
    READ_YOUR_WRITES_WAIT_MS: '300',
  };
  a = await startAnotherServer(db, env);
  b = await startAnotherServer(db, env);
  const cities = await db.query<{ id: number; code: string; name: string }>(`select id, code, name from municipality order by id`);
  X = cities.find((c) => c.name.includes('伊勢崎'))!;
  Y = cities.find((c) => c.name.includes('所沢'))!;
  const [i] = await db.query<{ id: number; dept: number }>(
    `select i.id, pn.effective_department_id as dept from indicator i join policy_node pn on pn.id = i.policy_node_id
      where i.municipality_id = $1 and pn.effective_department_id is not null order by i.id limit 1`,
    [X.id],
  );
  indicatorX = i!.id;
  indicatorsX = (await db.query<{ id: number }>(`select id from indicator where municipality_id = $1 order by id`, [X.id])).map((r) => r.id);
  indicatorY = (await db.query<{ id: number }>(`select id from indicator where municipality_id = $1 order by id limit 1`, [Y.id]))[0]!.id;
  const root = await firstAccount(a);
  clients.viewer = both(await makeUser(root, 'viewer@x.jp', 'VIEWER', X.code));
  clients.other = both(await makeUser(root, 'viewer2@x.jp', 'VIEWER', X.code));
  clients.editor = both(await makeUser(root, 'editor@x.jp', 'DEPARTMENT_EDITOR', X.code, i!.dept));
  await until('both processes have the standby in rotation', async () => (await inRotation(a)) && (await inRotation(b)));
}, 180_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await proxy?.close();
  await cluster?.stop();
});

describe('two API processes, a primary and a streaming standby', () => {
  it('reads go to the standby, where row-level security keeps the caller to its city', async () => {
    const own = await clients.viewer!.b.gql(READ, { i: String(indicatorX) });
    expect(own.errors, own.text).toBeUndefined();
    expect(readFrom(own)).toBe('replica1');
    expect(own.data.indicator.id).toBe(String(indicatorX));
    const other = await clients.viewer!.a.gql(READ, { i: String(indicatorY) });
    expect(readFrom(other)).toBe('replica1');
    expect(other.data.indicator).toBeNull();
    // On the standby itself, as the API's role with city X set: no row of city Y.
    const c = new pg.Client({ connectionString: standby.url('seisaku') });
    await c.connect();
    try {
      await c.query('begin read only');
      await c.query('set local role seisaku_app');
      await c.query(`select set_config('app.municipality_ids', $1, true)`, [String(X.id)]);
      const { rows } = await c.query(`select count(*) filter (where municipality_id = $1)::int as mine, count(*) filter (where municipality_id = $2)::int as theirs from indicator`, [X.id, Y.id]);
      expect(rows[0].mine).toBeGreaterThan(0);
      expect(rows[0].theirs).toBe(0);
      await c.query('rollback');
    } finally {
      await c.end();
    }
  });

  it('a write through one process is read back through the other, even while the standby replays nothing', async () => {
    const before = await onStandby(indicatorX);
    await standby.pauseReplay();
    try {
      const w = await save(101.5);
      expect(w.headers.get('x-seisaku-lsn')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const r = await clients.editor!.b.gql(READ, { i: String(indicatorX) });
      expect(r.errors, r.text).toBeUndefined();
      expect(actual(r)).toBe(101.5);
      // Served by the primary: the standby has not applied the write.
      expect(readFrom(r)).toBe('primary');
      expect(await onStandby(indicatorX)).toBe(before);
    } finally {
      await standby.resumeReplay();
    }
    await standby.catchUp();
    // Replayed: another caller's read (not in any cache yet) is served by the standby again.
    const again = await clients.other!.b.gql(READ, { i: String(indicatorX) });
    expect(actual(again)).toBe(101.5);
    expect(readFrom(again)).toBe('replica1');
  });

  it('a cached answer in the other process is not served after a write', async () => {
    await clients.other!.b.gql(READ, { i: String(indicatorX) });
    const cached = await clients.other!.b.gql(READ, { i: String(indicatorX) });
    expect(cached.headers.get('x-response-cache')).toBe('hit');
    await save(202.25);
    const fresh = await clients.other!.b.gql(READ, { i: String(indicatorX) });
    expect(fresh.headers.get('x-response-cache')).not.toBe('hit');
    expect(actual(fresh)).toBe(202.25);
  });

  it('a lagging standby is taken out of rotation and its readers go to the primary', async () => {
    await standby.pauseReplay();
    try {
      await save(303);
      await until('the standby is out of rotation for lag', async () => {
        const r = (await readyz(b)).replicas[0]!;
        return !r.inRotation && /lagging/.test(r.reason ?? '');
      });
      // Another caller (no write of its own) is not given the standby's old data either.
      const r = await clients.other!.b.gql(READ, { i: String(indicatorX) });
      expect(readFrom(r)).toBe('primary');
      expect(actual(r)).toBe(303);
    } finally {
      await standby.resumeReplay();
    }
    await until('the standby is back in rotation', async () => (await inRotation(a)) && (await inRotation(b)));
  });

  it('stopping the standby under load fails no request; restarted, it is taken back', async () => {
    let stop = false;
    let n = 0;
    const failures: string[] = [];
    const from = new Map<string, number>();
    const worker = async (c: ApiClient) => {
      while (!stop) {
        const k = n++;
        // A new text each time: computed, not answered from the cache.
        const r = await c.gql(`query ($i: ID!) { q${k}: indicator(id: $i) { id values { value } } }`, { i: String(indicatorsX[k % indicatorsX.length]) });
        if (r.status !== 200 || r.errors) failures.push(`${r.status} ${r.text.slice(0, 200)}`);
        from.set(String(readFrom(r)), (from.get(String(readFrom(r))) ?? 0) + 1);
      }
    };
    const load = [clients.viewer!.a, clients.viewer!.b, clients.other!.a, clients.other!.b].map(worker);
    await new Promise((r) => setTimeout(r, 1_000));
    standby.stop('fast');
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(load);
    expect(failures).toEqual([]);
    expect(from.get('replica1')).toBeGreaterThan(0);
    expect(from.get('primary')).toBeGreaterThan(0);
    const status = (await readyz(a)).replicas[0]!;
    expect(status.inRotation).toBe(false);
    expect(status.reason).toMatch(/unreachable/);

    await standby.start();
    await until('the restarted standby is back in rotation', async () => (await inRotation(a)) && (await inRotation(b)));
    const r = await clients.viewer!.a.gql(READ, { i: String(indicatorX) });
    expect(readFrom(r)).toBe('replica1');
    expect(actual(r)).toBe(303);
  });
});

describe('the primary lost', () => {
  it('while the primary cannot be reached, signed-in callers read from the standby and writes answer 503', async () => {
    proxy.cut();
    try {
      // Past the cached versions' 250 ms: they too must be read on the standby.
      await new Promise((r) => setTimeout(r, 500));
      const r = await clients.viewer!.b.gql(`query ($i: ID!) { down: indicator(id: $i) { id values(kind: ACTUAL) { value fiscalYear { year } } } }`, { i: String(indicatorX) });
      expect(r.status, r.text).toBe(200);
      expect(readFrom(r)).toBe('replica1');
      expect(r.data.down.values.find((v: { fiscalYear: { year: number } }) => v.fiscalYear.year === YEAR).value).toBe(303);
      const w = await clients.editor!.a.gql(SAVE, { i: String(indicatorX), x: 1, v: 1 });
      expect(w.status).toBe(503);
      expect(w.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      const ready = await readyz(a);
      expect(ready.database).toBe('read-only');
    } finally {
      proxy.restore();
    }
    await until('the primary answers again', async () => (await readyz(a)).database === 'ok' && (await readyz(b)).database === 'ok');
  });

  it('after the primary is lost and the standby promoted, the API writes and reads on the new primary', async () => {
    await standby.catchUp();
    await cluster.primary.stop();
    await standby.promote();
    // The service address now leads to the promoted standby (docs/scaling.md: failover).
    proxy.retarget(standby.url('seisaku'));
    let saved: Answer | undefined;
    await until('a write succeeds on the new primary', async () => {
      const c = new pg.Client({ connectionString: standby.url('seisaku') });
      await c.connect();
      const { rows } = await c.query(`select version from indicator_value where indicator_id = $1 and fiscal_year = $2 and kind = 'actual'`, [indicatorX, YEAR]);
      await c.end();
      saved = await clients.editor!.b.gql(SAVE, { i: String(indicatorX), x: 404, v: Number(rows[0]!.version) });
      return !saved.errors;
    });
    expect(saved!.data.saveIndicatorActual.value).toBe(404);
    // The writer, through the other process: at once (its session carries the write's position).
    const r = await clients.editor!.a.gql(READ, { i: String(indicatorX) });
    expect(r.errors, r.text).toBeUndefined();
    expect(actual(r)).toBe(404);
    // Anyone else once that process has read the versions again (its notifications reconnect to the new primary).
    await until('another caller sees the write', async () => actual(await clients.viewer!.a.gql(READ, { i: String(indicatorX) })) === 404, 5_000);
    // The promoted standby is no replica any more: out of rotation, reads on the primary.
    await until('the promoted standby is out of rotation', async () => {
      const s = (await readyz(a)).replicas[0]!;
      return !s.inRotation && /not a standby/.test(s.reason ?? '');
    });
    // (A new text: not answered from the cache.)
    const after = await clients.viewer!.a.gql(`query ($i: ID!) { after: indicator(id: $i) { id } }`, { i: String(indicatorX) });
    expect(readFrom(after)).toBe('primary');
  });
});
