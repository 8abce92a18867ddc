/**
 * The counts per source document printed in data/seeds/README.md (records per table, ratings by
 * level, uncertain records), compared with the database after importing the bundled datasets
 * (database test). On a mismatch the failure shows the section as the database has it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';

const README = resolve(__dirname, '../../data/seeds/README.md');

/** Imported tables, with the names the README uses. */
const TABLES: [table: string, label: string][] = [
  ['plan', '計画'],
  ['department', '組織'],
  ['rating_scale', '評価尺度'],
  ['policy_node', '施策体系のノード'],
  ['indicator', '指標'],
  ['indicator_value', '指標値'],
  ['project', '事業'],
  ['project_amount', '事業費'],
  ['evaluation', '評価'],
  ['department_policy', '部局運営方針'],
  ['department_policy_initiative', '取組'],
  ['survey_result', '市民意識調査'],
  ['yearly_goal', '年度目標'],
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
});
afterAll(async () => db?.drop());

/** The README section of one document as the database has it. */
async function section(docId: number, key: string, title: string): Promise<string> {
  const rows: string[] = [];
  let total = 0;
  let uncertain = 0;
  for (const [table, label] of TABLES) {
    const [r] = await db.query<{ n: string; u: string }>(
      `select count(*) as n, count(*) filter (where uncertain) as u from ${table} where source_document_id = $1`,
      [docId],
    );
    const n = Number(r!.n);
    const u = Number(r!.u);
    if (n === 0) continue;
    rows.push(`| ${label} | ${n} | ${u} |`);
    total += n;
    uncertain += u;
  }
  const levels = await db.query<{ scale: string; name: string; code: string | null; n: string }>(
    `select rs.key as scale, rs.name, rl.code, count(e.id) as n
       from rating_scale rs
       join evaluation e on e.scale_id = rs.id and e.source_document_id = $1
       left join rating_level rl on rl.id = e.level_id
      group by rs.key, rs.name, rs.id, rl.code, rl.sort_order
      order by rs.id, rl.sort_order nulls last`,
    [docId],
  );
  const byScale = new Map<string, { name: string; parts: string[]; n: number }>();
  for (const l of levels) {
    const s = byScale.get(l.scale) ?? { name: l.name, parts: [], n: 0 };
    s.parts.push(`${l.code ?? '印字なし'} ${l.n}`);
    s.n += Number(l.n);
    byScale.set(l.scale, s);
  }
  const [unrated] = await db.query<{ n: string }>(`select count(*) as n from evaluation where source_document_id = $1 and scale_id is null`, [docId]);
  const ratingRows = [...byScale].map(([k, s]) => `| ${s.name}（\`${k}\`） | ${s.parts.join('・')} | ${s.n} |`);
  if (Number(unrated!.n)) ratingRows.push(`| 評価の記号のない評価（文章のみ） | — | ${unrated!.n} |`);
  return [
    `### ${title}（\`${key}\`）`,
    '',
    '| 記録 | 件数 | うち不確実 |',
    '|---|---:|---:|',
    ...rows,
    `| 計 | ${total} | ${uncertain} |`,
    '',
    ...(ratingRows.length ? ['| 評価尺度 | 段階ごとの件数 | 計 |', '|---|---|---:|', ...ratingRows, ''] : ['評価はない。', '']),
  ].join('\n');
}

describe('data/seeds/README.md: counts per document', () => {
  it('match the database for every source document of the bundled datasets', async () => {
    const readme = readFileSync(README, 'utf8');
    const docs = await db.query<{ id: number; key: string; title: string }>(
      `select d.id, d.key, d.title from source_document d where not d.generated order by d.key`,
    );
    expect(docs.map((d) => d.key)).toEqual(['ayase-000', 'ayase-001', 'isesaki-004', 'katori-003', 'tokorozawa-002']);
    const expected: string[] = [];
    for (const d of docs) expected.push(await section(d.id, d.key, d.title));
    const start = readme.indexOf('## 文書ごとの件数');
    expect(start, 'README has the section 「## 文書ごとの件数」').toBeGreaterThan(0);
    const end = readme.indexOf('\n## ', start + 1);
    const printed = readme.slice(start, end < 0 ? undefined : end);
    for (const s of expected) expect(printed, `README lacks or differs from:\n\n${s}`).toContain(s);
  });
});
