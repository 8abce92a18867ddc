/**
 * Reminders and the e-mail queue (issue 23) against the real database and a real SMTP server
 * started in this process, with time moved by an injected clock (never slept through):
 * deadline reminders 7 and 1 days before and after it passed, each once; a returned evaluation
 * tells its writer; e-mails in Japanese with a link; an SMTP outage keeps them queued and they go
 * out when the server is back; two processes' queues never send a mail twice (SKIP LOCKED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TestSmtpServer } from '../support/smtp.js';
import { loadSeeds } from '../../server/src/dataset/seeds.js';
import { ManualClock } from '../../server/src/cycle/clock.js';
import { ReminderService } from '../../server/src/cycle/reminders.js';
import { MailQueue, retryDelaySeconds } from '../../server/src/cycle/mail-queue.js';

const YEAR = 2031;
const PUBLIC_URL = 'https://hyoka.city.example.jp';
let db: TestDatabase;
let smtp: TestSmtpServer;
let city: number;
let dept: number;
let otherDept: number;
let editor: number;
let otherEditor: number;
let reviewer: number;
let cycle: number;
/** 2031-06-30 09:00 in Japan: the default deadline's day. */
const DEADLINE = '2031-06-30';
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+09:00`);

async function pending(): Promise<number> {
  const [r] = await db.query<{ n: number }>(`select count(*)::int as n from mail_outbox where sent_at is null`);
  return r!.n;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.orm);
  smtp = new TestSmtpServer();
  await smtp.start(0);
  const q = db.query;
  [{ id: city }] = (await q<{ id: number }>(`select id from municipality where name like '%伊勢崎%'`)) as [{ id: number }];
  const depts = await q<{ dept: number }>(
    `select department_id as dept from evaluation_subject where municipality_id = $1 and stage = 'self' and department_id is not null group by department_id order by department_id limit 2`,
    [city],
  );
  dept = depts[0]!.dept;
  otherDept = depts[1]!.dept;
  const user = async (email: string, role: string, d: number | null) =>
    (await q<{ id: number }>(`insert into app_user (municipality_id, email, display_name, role, department_id) values ($1, $2, $2, $3, $4) returning id`, [city, email, role, d]))[0]!.id;
  editor = await user('editor@isesaki.example.jp', 'department_editor', dept);
  otherEditor = await user('other@isesaki.example.jp', 'department_editor', otherDept);
  reviewer = await user('reviewer@isesaki.example.jp', 'reviewer', null);
  [{ id: cycle }] = (await q<{ id: number }>(
    `insert into evaluation_cycle (municipality_id, fiscal_year, stage, opens_on, deadline) values ($1, $2, 'self', '2031-05-01', $3) returning id`,
    [city, YEAR, DEADLINE],
  )) as [{ id: number }];
  // The other department has ten more days.
  await q(`insert into cycle_deadline (cycle_id, municipality_id, department_id, deadline) values ($1, $2, $3, '2031-07-10')`, [cycle, city, otherDept]);
}, 180_000);

afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
});

describe('deadline reminders (injected clock)', () => {
  const clock = new ManualClock(at('2031-06-01'));
  let reminders: ReminderService;
  const mine = (user: number) => db.query<{ kind: string; title: string; link: string }>(`select kind, title, link from notification where user_id = $1 order by id`, [user]);

  beforeAll(() => {
    reminders = new ReminderService(db.orm, clock, { reminderDays: [7, 1], publicUrl: PUBLIC_URL, mail: true });
  });

  it('says nothing more than 7 days before, then once at 7 days, once at 1 day, once after', async () => {
    expect(await reminders.scanDeadlines()).toBe(0);
    clock.set(at('2031-06-23'));
    expect(await reminders.scanDeadlines()).toBe(1);
    // Again the same day, and again two days later, with the same reminder due: nothing new.
    expect(await reminders.scanDeadlines()).toBe(0);
    clock.set(at('2031-06-25'));
    expect(await reminders.scanDeadlines()).toBe(0);
    clock.set(at('2031-06-29'));
    expect(await reminders.scanDeadlines()).toBe(1);
    // Midnight in Japan, 15:00 UTC the day before: the deadline's day is not past yet.
    clock.set(new Date('2031-06-30T15:00:00Z'));
    expect(await reminders.scanDeadlines()).toBe(1);
    const list = await mine(editor);
    expect(list.map((n) => n.kind)).toEqual(['deadline_near', 'deadline_near', 'deadline_passed']);
    expect(list[0]!.title).toBe('【期限まで7日】令和13年度 一次評価の提出期限は令和13年6月30日です');
    expect(list[1]!.title).toContain('期限まで1日');
    expect(list[2]!.title).toBe('【期限超過】令和13年度 一次評価の提出期限（令和13年6月30日）を過ぎました');
    expect(list[2]!.link).toBe(`/progress?city=102041&fy=${YEAR}&stage=self`);
  });

  it('uses a department’s own deadline: the other department is reminded 7 days before its own', async () => {
    clock.set(at('2031-07-03'));
    expect(await reminders.scanDeadlines()).toBe(1);
    const list = await mine(otherEditor);
    expect(list.map((n) => n.title)).toEqual(['【期限まで7日】令和13年度 一次評価の提出期限は令和13年7月10日です']);
  });

  it('tells a returned evaluation’s writer, and the reviewers of a submitted one', async () => {
    const [s] = await db.query<{ node: number }>(
      `select policy_node_id as node from evaluation_subject where municipality_id = $1 and stage = 'self' and subject_kind = 'policy_node' and department_id = $2 limit 1`,
      [city, dept],
    );
    const [e] = await db.query<{ id: number }>(
      `insert into evaluation (municipality_id, subject_kind, policy_node_id, fiscal_year, stage, status, version) values ($1, 'policy_node', $2, $3, 'self', 'returned', 3) returning id`,
      [city, s!.node, YEAR],
    );
    await db.query(`insert into evaluation_history (municipality_id, evaluation_id, user_id, user_name, action, after) values ($1, $2, $3, 'editor', 'submit', '{}')`, [city, e!.id, editor]);
    await db.query(`insert into notification_event (municipality_id, kind, evaluation_id, actor_user_id) values ($1, 'submitted', $2, $3)`, [city, e!.id, editor]);
    await db.query(`insert into notification_event (municipality_id, kind, evaluation_id, actor_user_id, comment) values ($1, 'returned', $2, $3, '指標の説明を足してください')`, [city, e!.id, reviewer]);
    expect(await reminders.dispatchEvents()).toBe(2);
    expect(await reminders.dispatchEvents()).toBe(0);
    const toReviewer = await mine(reviewer);
    expect(toReviewer.map((n) => n.kind)).toEqual(['submitted']);
    const returned = (await mine(editor)).filter((n) => n.kind === 'returned');
    expect(returned).toHaveLength(1);
    expect(returned[0]!.title).toMatch(/^【差戻し】.+（令和13年度 一次評価）$/);
    expect(returned[0]!.link).toBe(`/entry/policy_node/${s!.node}?city=102041&fy=${YEAR}&stage=self`);
  });
});

describe('the e-mail queue', () => {
  // After the reminders above were queued.
  const clock = new ManualClock(at('2031-07-04'));

  it('sends every queued mail in Japanese with its link, once', async () => {
    const queued = await pending();
    expect(queued).toBe(6);
    const mail = new MailQueue(db.orm, { url: smtp.url, from: 'hyoka@city.example.jp' }, clock);
    expect(await mail.sendDue()).toEqual({ sent: 6, failed: 0 });
    mail.close();
    expect(await pending()).toBe(0);
    const got = await smtp.waitFor(6);
    const overdue = got.find((m) => m.subject.startsWith('【期限超過】'))!;
    expect(overdue.to).toEqual(['editor@isesaki.example.jp']);
    expect(overdue.text).toContain('未提出の評価が');
    expect(overdue.text).toContain(`開く: ${PUBLIC_URL}/progress?city=102041&fy=${YEAR}&stage=self`);
    const returned = got.find((m) => m.subject.startsWith('【差戻し】'))!;
    expect(returned.text).toContain('差戻しの理由: 指標の説明を足してください');
  });

  it('keeps mails queued while the SMTP server is down, and sends them when it is back', async () => {
    await smtp.stop();
    const before = smtp.mails.length;
    await db.query(`insert into mail_outbox (to_address, subject, body, next_attempt_at) values ('editor@isesaki.example.jp', '【期限超過】停止中のテスト', '本文', $1)`, [clock.now()]);
    const mail = new MailQueue(db.orm, { url: smtp.url, from: 'hyoka@city.example.jp' }, clock);
    expect(await mail.sendDue()).toEqual({ sent: 0, failed: 1 });
    const [row] = await db.query<{ attempts: number; last_error: string; sent_at: Date | null }>(`select attempts, last_error, sent_at from mail_outbox where subject like '%停止中%'`);
    expect(row!.attempts).toBe(1);
    expect(row!.sent_at).toBeNull();
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    // Before the retry delay nothing is tried; the server comes back; after it, the mail goes.
    expect(retryDelaySeconds(1)).toBe(30);
    clock.set(new Date(clock.now().getTime() + 10_000));
    expect(await mail.sendDue()).toEqual({ sent: 0, failed: 0 });
    await smtp.start();
    clock.set(new Date(clock.now().getTime() + 31_000));
    expect(await mail.sendDue()).toEqual({ sent: 1, failed: 0 });
    mail.close();
    const got = await smtp.waitFor(before + 1);
    expect(got.at(-1)!.subject).toBe('【期限超過】停止中のテスト');
    expect(await pending()).toBe(0);
  });

  it('two processes sending at once send each mail exactly once', async () => {
    const before = smtp.mails.length;
    for (let i = 0; i < 12; i++)
      await db.query(`insert into mail_outbox (to_address, subject, body, next_attempt_at) values ($1, $2, '本文', $3)`, [`u${i}@example.jp`, `同時送信 ${i}`, clock.now()]);
    const a = new MailQueue(db.orm, { url: smtp.url, from: 'hyoka@city.example.jp' }, clock);
    const b = new MailQueue(db.orm, { url: smtp.url, from: 'hyoka@city.example.jp' }, clock);
    const [ra, rb] = await Promise.all([a.sendDue(5), b.sendDue(5)]);
    const [rc, rd] = await Promise.all([a.sendDue(5), b.sendDue(5)]);
    a.close();
    b.close();
    expect(ra.sent + rb.sent + rc.sent + rd.sent).toBe(12);
    const got = (await smtp.waitFor(before + 12)).slice(before);
    expect(new Set(got.map((m) => m.subject)).size).toBe(12);
    expect(got).toHaveLength(12);
  });
});
