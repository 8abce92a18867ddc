/**
 * Imports from the dashboard across API processes, and a confirmation that comes too late
 * (database test, two server processes on one database): a preview made by one process is
 * polled and confirmed through another after the first has stopped (the job, its preview and its
 * file are in the database, not in a process); a confirmation after the city's data moved on
 * since the preview is refused with a Japanese message, writes nothing, and the file can be
 * previewed again and then confirmed; a job whose process died reads as failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherServer, startServer, type RunningServer } from '../browser/support/server.js';
import { databaseChecksum } from '../support/db.js';
import { importClient } from '../support/import-jobs.js';

const TOKEN = 'test-admin-token-processes-0123456789';
const ISESAKI = '102041';
const HEADER = '指標,年度,種別,値,表記';
/** The data, not the bookkeeping: the jobs themselves and sessions move with every step. */
const DATA = { except: ['import_job', 'session'] };
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  a = await startServer({ ADMIN_TOKEN: TOKEN });
  b = await startAnotherServer(a.db, { ADMIN_TOKEN: TOKEN });
}, 180_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

async function actual(year: number): Promise<string | null> {
  const rows = await a.db.query<{ text: string }>(
    `select v.text from indicator_value v join indicator i on i.id = v.indicator_id join municipality m on m.id = i.municipality_id
      where m.code = $1 and i.key = '1-1-1-i1' and v.kind = 'actual' and v.fiscal_year = $2`,
    [ISESAKI, year],
  );
  return rows[0]?.text ?? null;
}

describe('import jobs live in the database', { timeout: 180_000 }, () => {
  it('a preview made by one process is confirmed through another after the first has stopped', async () => {
    const onA = importClient(a.baseUrl, TOKEN);
    const onB = importClient(b.baseUrl, TOKEN);
    const id = await onA.begin('実績.csv', Buffer.from(`${HEADER}\n1-1-1-i1,2022,実績値,6300,"6,300人"\n`), ISESAKI);
    // Polled through the other process while (or after) the first reads the file.
    const ready = await onB.settle(id);
    expect(ready).toMatchObject({ state: 'READY', municipalityName: '伊勢崎市' });
    expect(ready.preview.changed).toEqual([expect.objectContaining({ label: '1-1-1-i1 令和4年度 実績値', changes: expect.arrayContaining([{ field: '表記', before: '5,900人', after: '6,300人' }]) })]);
    expect(await onA.job(id)).toMatchObject({ state: 'READY' });

    // The process that made the preview dies: nothing of the job was in it.
    const exited = new Promise((r) => a.process.once('exit', r));
    a.process.kill('SIGKILL');
    await exited;
    const done = await onB.confirm(id);
    expect(done.data!.job).toMatchObject({ state: 'DONE', written: [{ table: '指標値', added: 0, changed: 1, unchanged: 0 }] });
    expect(await actual(2022)).toBe('6,300人');
    // The file is dropped once written; a second confirmation is refused.
    expect((await a.db.query<{ n: number }>(`select count(*)::int as n from import_job where id = $1 and file is not null`, [id]))[0]!.n).toBe(0);
    expect((await onB.confirm(id)).errors?.[0]?.message).toMatch(/段階/);
    a = await restart(a);
  });

  it('refuses a confirmation after the city’s data changed since the preview, writes nothing, and previews the file again', async () => {
    const onA = importClient(a.baseUrl, TOKEN);
    const onB = importClient(b.baseUrl, TOKEN);
    const mine = await onA.start('わたしの実績.csv', Buffer.from(`${HEADER}\n1-1-1-i1,2023,実績値,7000,"7,000人"\n`), ISESAKI);
    expect(mine.state).toBe('READY');
    // Meanwhile a colleague's import of the same city is confirmed (through the other process).
    const theirs = await onB.start('同僚の実績.csv', Buffer.from(`${HEADER}\n1-1-1-i1,2022,実績値,6400,"6,400人"\n`), ISESAKI);
    expect((await onB.confirm(theirs.id)).data!.job.state).toBe('DONE');

    const before = await databaseChecksum(a.db, DATA);
    const late = await onB.confirm(mine.id);
    expect(late.data!.job.state).toBe('STALE');
    expect(late.data!.job.problems[0].ja).toBe(
      'プレビューの後に伊勢崎市のデータが変わりました（ほかの取込や編集があったため）。何も書き込んでいません。もう一度プレビューして、変更点を確かめてから確定してください',
    );
    expect(await databaseChecksum(a.db, DATA)).toBe(before);
    expect(await actual(2023)).toBeNull();
    expect(await actual(2022)).toBe('6,400人');
    // Not confirmable as it stands.
    expect((await onA.confirm(mine.id)).errors?.[0]?.message).toMatch(/段階/);

    // A new preview of the same file, against the data as it is now; then it is written.
    const again = await onA.again(mine.id);
    expect(again).toMatchObject({ state: 'READY', fileName: 'わたしの実績.csv' });
    expect(again.id).not.toBe(mine.id);
    const done = await onA.confirm(again.id);
    expect(done.data!.job.state).toBe('DONE');
    expect(await actual(2023)).toBe('7,000人');
    expect(await actual(2022)).toBe('6,400人');
  });

  it('a job whose process died while writing reads as failed once its heartbeat is a minute old, and its file is dropped', async () => {
    const onB = importClient(b.baseUrl, TOKEN);
    // As a process leaves it when it dies mid-write: state writing, heartbeat stopped (its transaction rolled back with it).
    const id = '00000000-0000-4000-8000-000000000001';
    await a.db.query(
      `insert into import_job (id, owner, file_name, format, status, file, sha256, updated_at) values ($1, 'admin-token', 'x.csv', 'CSV', 'writing', '\\x00', 'x', now() - interval '30 seconds')`,
      [id],
    );
    expect((await onB.job(id)).state).toBe('WRITING');
    await a.db.query(`update import_job set updated_at = now() - interval '61 seconds' where id = $1`, [id]);
    const failed = await onB.job(id);
    expect(failed.state).toBe('FAILED');
    expect(failed.problems[0].ja).toBe('取り込みに失敗しました。何も書き込まれていません');
    expect((await a.db.query<{ file: Buffer | null }>(`select file from import_job where id = $1`, [id]))[0]!.file).toBeNull();
  });
});

/** The first server again on the same database (the first test stopped its process). */
async function restart(s: RunningServer): Promise<RunningServer> {
  const next = await startAnotherServer(s.db, { ADMIN_TOKEN: TOKEN });
  return {
    ...next,
    stop: async () => {
      await next.stop();
      await s.db.drop();
    },
  };
}
