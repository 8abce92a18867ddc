/**
 * Damaged copies of the bundled datasets are refused with a precise, located message, and
 * the database is exactly as it was (checksum of every table), through the real CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, databaseChecksum, type TestDatabase } from '../support/db.js';
import { loadSeeds, SEEDS_DIR } from '../../server/src/dataset/seeds.js';

const CLI = resolve(import.meta.dirname, '../../server/dist/dataset/import-cli.js');
const run = promisify(execFile);
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  dir = mkdtempSync(join(tmpdir(), 'seisaku-import-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function importFile(file: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, [CLI, file, ...args], { env: { ...process.env, DATABASE_URL: db.url } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function damaged(seed: string, damage: (d: Record<string, any>) => void): string {
  const d = JSON.parse(readFileSync(join(SEEDS_DIR, seed), 'utf8'));
  damage(d);
  const file = join(dir, `damaged-${seed}`);
  writeFileSync(file, JSON.stringify(d, null, 2));
  return file;
}

describe('import CLI (database)', () => {
  it('importing a bundled file again changes nothing and says so', async () => {
    const before = await databaseChecksum(db, { except: ['audit_log'] });
    const r = await importFile(join(SEEDS_DIR, 'isesaki-004.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/伊勢崎市 \(102041\)/);
    expect(r.stdout).toMatch(/total 合計\s+0\s+0\s+\d+/);
    // The data is as it was; the import itself is in the audit log.
    expect(await databaseChecksum(db, { except: ['audit_log'] })).toBe(before);
    const [logged] = await db.query<{ target: string; user_name: string }>(`select target, user_name from audit_log order by id desc limit 1`);
    expect(logged).toMatchObject({ target: 'isesaki-004.json', user_name: expect.stringMatching(/^コマンドライン/) });
  });

  it.each([
    [
      'a rating replaced by Z',
      'isesaki-004.json',
      (d: any) => (d.evaluations[0].level = 'Z'),
      /evaluations\[0\]\.level.*"Z".*isesaki-goal/,
    ],
    [
      'a number replaced by text',
      'katori-003.json',
      (d: any) => (d.indicators[0].values[0].value = '二十三'),
      /indicators\[0\]\.values\[0\]\.value/,
    ],
    [
      'a row removed (a parent that children point to)',
      'isesaki-004.json',
      (d: any) => (d.policyNodes = d.policyNodes.filter((n: any) => n.key !== '1-1-1')),
      /親の施策 "1-1-1" が見つかりません.*parent policy node "1-1-1" not found/,
    ],
    [
      'a duplicate key',
      'katori-003.json',
      (d: any) => d.indicators.push({ ...d.indicators[0] }),
      /duplicate indicators key/,
    ],
    [
      'a year outside the plan',
      'katori-003.json',
      (d: any) => (d.indicators[0].values.find((v: any) => v.kind === 'target').fiscalYear = 2031),
      /FY2031 is outside plan/,
    ],
    [
      'an unknown city (a code that is no municipality)',
      'tokorozawa-002.json',
      (d: any) => (d.municipality.code = '112088'),
      /check digit/,
    ],
  ])('%s is refused with a located message and nothing changes', async (_name, seed, damage, message) => {
    const before = await databaseChecksum(db);
    const r = await importFile(damaged(seed, damage));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`damaged-${seed.replace('.', '\\.')}`));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(await databaseChecksum(db)).toBe(before);
  });

  it('a truncated file and a file in Shift_JIS are refused', async () => {
    const before = await databaseChecksum(db);
    const text = readFileSync(join(SEEDS_DIR, 'tokorozawa-002.json'), 'utf8');
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    const r1 = await importFile(truncated);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/not valid JSON/);
    const sjis = join(dir, 'sjis.json');
    writeFileSync(sjis, Buffer.from([0x7b, 0x22, 0x82, 0xa0, 0x22, 0x7d])); // {"あ"} in Shift_JIS
    const r2 = await importFile(sjis);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/UTF-8/);
    expect(await databaseChecksum(db)).toBe(before);
  });

  it('a dry run of a changed file reports the change and writes nothing', async () => {
    const file = damaged('tokorozawa-002.json', (d: any) => (d.projects[0].amounts[0].text = `${d.projects[0].amounts[0].text}（訂正）`));
    const before = await databaseChecksum(db);
    const r = await importFile(file, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dry run/);
    expect(r.stdout).toMatch(/project_amount\s+0\s+1\s+\d+/);
    expect(await databaseChecksum(db)).toBe(before);
  });
});
