/** The importer through the GraphQL API: administrators only, same validation, all or nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { databaseChecksum } from '../support/db.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';

const TOKEN = 'test-admin-token-0123456789';
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ ADMIN_TOKEN: TOKEN });
});
afterAll(async () => server?.stop());

const MUTATION = `mutation ($name: String!, $content: String!, $dryRun: Boolean!) {
  importDataset(fileName: $name, contentBase64: $content, dryRun: $dryRun) {
    ok dryRun municipalityCode municipalityName tables { table added changed unchanged } problems { file path ja en }
  }
}`;

async function post(variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: MUTATION, variables }),
  });
  return (await res.json()) as { data?: { importDataset: any }; errors?: { message: string; extensions?: { code?: string } }[] };
}

const file = (name: string) => readFileSync(join(SEEDS_DIR, name));

describe('importDataset mutation (live server)', () => {
  it('is refused without the administrator token', async () => {
    const r = await post({ name: 'tokorozawa-002.json', content: file('tokorozawa-002.json').toString('base64'), dryRun: true }, 'wrong-token-wrong-token');
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('re-importing a bundled file changes nothing', async () => {
    // The data stays as it was; the import itself is in the audit log.
    const before = await databaseChecksum(server.db, { except: ['audit_log'] });
    const r = await post({ name: 'tokorozawa-002.json', content: file('tokorozawa-002.json').toString('base64'), dryRun: false }, TOKEN);
    expect(r.errors).toBeUndefined();
    expect(r.data!.importDataset).toMatchObject({ ok: true, municipalityCode: '112089', problems: [] });
    expect(r.data!.importDataset.tables.every((t: any) => t.added === 0 && t.changed === 0)).toBe(true);
    expect(await databaseChecksum(server.db, { except: ['audit_log'] })).toBe(before);
  });

  it('returns located problems for a damaged file and writes nothing', async () => {
    const d = JSON.parse(file('isesaki-004.json').toString('utf8'));
    d.evaluations[3].level = 'Z';
    const before = await databaseChecksum(server.db);
    const r = await post({ name: 'bad.json', content: Buffer.from(JSON.stringify(d)).toString('base64'), dryRun: false }, TOKEN);
    expect(r.data!.importDataset.ok).toBe(false);
    expect(r.data!.importDataset.problems[0]).toMatchObject({ file: 'bad.json', path: 'evaluations[3].level' });
    expect(r.data!.importDataset.problems[0].en).toMatch(/"Z" is not on scale/);
    expect(await databaseChecksum(server.db)).toBe(before);
  });
});
