/**
 * Loading the benchmark's generated data (always labelled generated):
 * - `importCities`: cities from `generateNation` through the real importer, several
 *   transactions in parallel (one connection each), timed;
 * - `copyBaseline`: PostgreSQL's COPY of the very same rows into the same tables (the ceiling),
 *   inside a transaction that is rolled back;
 * - `cloneCities`: the bulk path to national size: every further city is a copy of one of the
 *   imported ones (ids shifted, paths rewritten, its own code and name), made with INSERT …
 *   SELECT inside PostgreSQL with the foreign-key triggers off, then the rollups and statistics.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generateDataset, generatedMunicipalityCode, generatedMunicipalityName } from '../server/src/dataset/generate.js';
import { importDataset } from '../server/src/dataset/importer.js';
import { validateDataset } from '../server/src/dataset/validate.js';

/** Tables holding a city's rows, parents before children. */
export const CITY_TABLES = [
  'source_document',
  'rating_scale',
  'rating_level',
  'plan',
  'department',
  'policy_node',
  'policy_node_related_department',
  'policy_node_class',
  'project',
  'project_amount',
  'project_cost',
  'project_share',
  'indicator',
  'indicator_value',
  'evaluation',
  'department_policy',
  'department_policy_initiative',
  'rating_rollup',
  'municipality_summary',
  'rule_check',
  'rule_check_city',
  'stage_rollup',
  'stage_difference',
  'band_rollup',
];
/** Tables without an id of their own (keyed by city and dimensions, or by the evaluation they derive from). */
const KEYLESS = new Set(['rating_rollup', 'municipality_summary', 'rule_check', 'rule_check_city', 'stage_rollup', 'stage_difference', 'band_rollup']);
/**
 * Columns of derived tables that name records without a foreign key (dropped for import speed:
 * Migration20261208000000_rollup_derived): shifted like one, so a copy's rows name its own records.
 */
const DERIVED_REFS: Record<string, Record<string, string>> = {
  rating_rollup: { scale_id: 'rating_scale', level_id: 'rating_level', department_id: 'department', plan_id: 'plan', top_node_id: 'policy_node' },
  rule_check: { evaluation_id: 'evaluation', computed_level_id: 'rating_level' },
  stage_rollup: {
    scale_id: 'rating_scale',
    level_id: 'rating_level',
    compare_level_id: 'rating_level',
    department_id: 'department',
    plan_id: 'plan',
    top_node_id: 'policy_node',
  },
  stage_difference: { base_id: 'evaluation', compare_id: 'evaluation' },
};

export interface ImportRun {
  cities: number;
  /** Rows the cities have in the tables COPY fills once imported (`cityRowCount`: the same count as COPY's). */
  rows: number;
  /** Records of the files (what the importer reports as added; without the rollup rows it computes). */
  fileRows: number;
  seconds: number;
  municipalityIds: number[];
}

/**
 * Rows the given cities have in every table of CITY_TABLES: what COPY writes for them, and what
 * the importer's transactions leave (the rollup and summary it computes included). The importer's
 * and COPY's rates are both this count over their seconds.
 */
export async function cityRowCount(query: (sql: string) => Promise<{ n: number | string }[]>, municipalityIds: number[]): Promise<number> {
  const ids = municipalityIds.map((id) => Math.trunc(Number(id))).join(',');
  let rows = 0;
  for (const t of CITY_TABLES) {
    // sql-safe: t is one of the fixed table names above, ids are integers
    const [r] = await query(`select count(*)::int as n from ${t} where municipality_id = any('{${ids}}'::int[])`);
    rows += Number(r?.n ?? 0);
  }
  return rows;
}

/** Imports cities [first, first + count) with `parallel` transactions at a time. */
export async function importCities(orm: MikroORM, first: number, count: number, parallel = 2, seed = 1): Promise<ImportRun> {
  const ids: number[] = [];
  let fileRows = 0;
  let next = first;
  let importSeconds = 0;
  // Generation runs in this process too; only the importer's own time is counted.
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= first + count) return;
      const d = generateDataset({ seed, municipalityIndex: i });
      if (i === first) {
        const checked = validateDataset(JSON.parse(JSON.stringify(d)));
        if (!checked.ok) throw new Error(`generated dataset invalid: ${checked.problems[0]?.en}`);
      }
      const t = performance.now();
      const s = await importDataset(orm, d);
      importSeconds += (performance.now() - t) / 1000;
      fileRows += s.totals.added;
      ids.push(s.municipality.id);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const rows = await cityRowCount((sql) => orm.em.getConnection().execute(sql) as Promise<{ n: number }[]>, ids);
  // Wall-clock equivalent: the summed transaction time divided by the parallelism.
  return { cities: count, rows, fileRows, seconds: importSeconds / parallel, municipalityIds: ids.sort((a, b) => a - b) };
}

/** COPY of the given cities' rows of every table, timed, rolled back. */
export async function copyBaseline(url: string, municipalityIds: number[]): Promise<{ rows: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = `{${municipalityIds.join(',')}}`;
    const data = new Map<string, Buffer[]>();
    // Generated columns (project_cost.total_cost) are computed by PostgreSQL, never copied.
    const columns = new Map<string, string>();
    for (const t of CITY_TABLES) {
      const cols = (await client.query(`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [t])).rows;
      columns.set(t, cols.map((r: { c: string }) => `"${r.c}"`).join(', '));
    }
    for (const t of CITY_TABLES) {
      const chunks: Buffer[] = [];
      await pipeline(client.query(copyStreams.to(`copy (select ${columns.get(t)} from ${t} where municipality_id = any('${ids}'::int[])) to stdout`)), async (src: AsyncIterable<Buffer>) => {
        for await (const c of src) chunks.push(c);
      });
      data.set(t, chunks);
    }
    const rows = await cityRowCount(async (sql) => (await client.query(sql)).rows, municipalityIds);
    await client.query('begin');
    await client.query(`set local statement_timeout = 0`);
    for (const t of [...CITY_TABLES].reverse()) await client.query(`delete from ${t} where municipality_id = any($1::int[])`, [ids]);
    const t0 = performance.now();
    for (const t of CITY_TABLES) await pipeline(Readable.from(data.get(t)!), client.query(copyStreams.from(`copy ${t} (${columns.get(t)}) from stdin`)));
    const seconds = (performance.now() - t0) / 1000;
    await client.query('rollback');
    return { rows, seconds };
  } finally {
    await client.end();
  }
}

/** Tables whose secondary indexes are dropped during the bulk copy and rebuilt after it. */
const BIG_TABLES = ['evaluation', 'indicator_value', 'rating_rollup', 'project_amount', 'rule_check', 'stage_rollup', 'stage_difference'];

async function session(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`set statement_timeout = 0`);
  await c.query(`set maintenance_work_mem = '512MB'`);
  await c.query(`set session_replication_role = replica`); // no FK triggers: the copies are consistent by construction
  return c;
}

/**
 * Adds cities until the database holds `total`, each a copy of one of the cities there (the
 * i-th new city copies template i mod n), on two connections in parallel. Returns the rows
 * added and the seconds taken.
 */
export async function cloneCities(url: string, total: number, log: (s: string) => void = () => {}): Promise<{ rows: number; seconds: number; templates: number }> {
  const a = await session(url);
  const b = await session(url);
  const t0 = performance.now();
  try {
    const templates = (await a.query(`select id, prefecture from municipality order by id`)).rows as { id: number; prefecture: string }[];
    const n = templates.length;
    if (n >= total) return { rows: 0, seconds: 0, templates: n };
    const stride = async (table: string) => Number((await a.query(`select coalesce(max(id), 0) as m from ${table}`)).rows[0].m);
    const muniStride = await stride('municipality');

    // The new cities: (template id, copy number k, index).
    const map: { template: number; k: number; index: number; prefecture: string }[] = [];
    for (let index = n; index < total; index++) {
      const t = templates[index % n]!;
      map.push({ template: t.id, k: Math.floor(index / n), index, prefecture: t.prefecture });
    }
    await a.query(`drop table if exists bench_clone_map; create unlogged table bench_clone_map (template_id int not null, k int not null)`);
    await a.query(`insert into bench_clone_map select * from unnest($1::int[], $2::int[])`, [map.map((m) => m.template), map.map((m) => m.k)]);
    await a.query(`analyze bench_clone_map`);
    await a.query(
      `insert into municipality (id, code, name, prefecture, generated, data_version)
       select u.*, true, 1 from unnest($1::int[], $2::text[], $3::text[], $4::text[]) as u(id, code, name, prefecture)`,
      [map.map((m) => m.template + m.k * muniStride), map.map((m) => generatedMunicipalityCode(m.index)), map.map((m) => generatedMunicipalityName(m.index)), map.map((m) => m.prefecture)],
    );
    await a.query(`create or replace function bench_shift_path(p text, off int) returns text language sql immutable parallel safe as $$
      select coalesce('/' || string_agg((x::bigint + off)::text, '/' order by o) || '/', p)
        from unnest(string_to_array(trim(both '/' from p), '/')) with ordinality u(x, o) $$`);

    // Secondary indexes of the big tables: dropped now, rebuilt after the copy.
    const indexes = (
      await a.query(`select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename = any($1)
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`, [BIG_TABLES])
    ).rows as { name: string; def: string }[];
    for (const ix of indexes) await a.query(`drop index "${ix.name}"`);

    // Single-column foreign keys: column → referenced table.
    const fks = (
      await a.query(`select c.conrelid::regclass::text as t, a.attname as col, c.confrelid::regclass::text as ref
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f' and array_length(c.conkey, 1) = 1`)
    ).rows as { t: string; col: string; ref: string }[];
    const strides = new Map<string, number>([['municipality', muniStride]]);
    for (const t of CITY_TABLES) if (!KEYLESS.has(t)) strides.set(t, await stride(t));

    const statements: { table: string; sql: string }[] = [];
    for (const t of CITY_TABLES) {
      const cols = (await a.query(`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [t])).rows.map(
        (r) => r.c as string,
      );
      const exprs = cols.map((c) => {
        const q = `x."${c}"`;
        if (c === 'id') return `${q} + c.k * ${strides.get(t)}`;
        if (c === 'path' && (t === 'department' || t === 'policy_node')) return `bench_shift_path(${q}, c.k * ${strides.get(t)})`;
        const fk = fks.find((f) => f.t === t && f.col === c) ?? (DERIVED_REFS[t]?.[c] ? { ref: DERIVED_REFS[t][c] } : undefined);
        if (fk) {
          // A shared table (taxonomy_class): every copy refers to the same row.
          if (!CITY_TABLES.includes(fk.ref) && fk.ref !== 'municipality') return q;
          const s = strides.get(fk.ref);
          if (s === undefined) throw new Error(`no stride for ${fk.ref} (${t}.${c})`);
          return `${q} + c.k * ${s}`;
        }
        return q;
      });
      statements.push({
        table: t,
        // City by city, as the importer writes them (one transaction per city): unordered, the
        // join wrote every copy of a template row together, a city's rows one per page.
        sql: `insert into ${t} (${cols.map((c) => `"${c}"`).join(', ')}) select ${exprs.join(', ')} from ${t} x join bench_clone_map c on c.template_id = x.municipality_id order by c.k, c.template_id${KEYLESS.has(t) ? '' : ', x.id'}`,
      });
    }
    let rows = 0;
    const runAll = async (c: pg.Client, list: { table: string; sql: string }[]) => {
      for (const st of list) {
        const t1 = performance.now();
        const r = await c.query(st.sql);
        rows += r.rowCount ?? 0;
        log(`  ${st.table}: ${(r.rowCount ?? 0).toLocaleString('en-US')} rows in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
      }
    };
    // The evaluations on one connection, everything else on the other.
    await Promise.all([runAll(a, statements.filter((x) => x.table === 'evaluation')), runAll(b, statements.filter((x) => x.table !== 'evaluation'))]);

    const t2 = performance.now();
    const queue = [...indexes];
    const build = async (c: pg.Client) => {
      for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.def);
    };
    await Promise.all([build(a), build(b)]);
    log(`  ${indexes.length} indexes rebuilt in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    await a.query(`set session_replication_role = origin`);
    for (const t of ['municipality', ...CITY_TABLES.filter((x) => !KEYLESS.has(x))]) {
      await a.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    }
    await a.query(`drop table bench_clone_map; drop function bench_shift_path(text, int)`);
    const t3 = performance.now();
    await Promise.all([a.query(`vacuum analyze evaluation`), b.query(`vacuum analyze indicator_value`)]);
    await a.query(`analyze`);
    log(`  vacuum analyze: ${((performance.now() - t3) / 1000).toFixed(1)} s`);
    return { rows, seconds: (performance.now() - t0) / 1000, templates: n };
  } finally {
    await a.end();
    await b.end();
  }
}
