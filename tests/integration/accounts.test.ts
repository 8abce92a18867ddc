/**
 * People and the cycle through the API (issue 23), against the built server: an administrator
 * resets a password and the user must set a new one; users' departments change; an
 * administrator lists and revokes a user's tokens; the last administrator is never disabled or
 * demoted, not by ADMIN_TOKEN and not by two administrators demoting each other at once;
 * opening a cycle checks every input and says where; each of these is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf, firstAccount, makeUser } from '../support/api-client.js';

const ISESAKI = '102041';
const TOKORO = '112089';
const ADMIN_TOKEN = 'a-long-enough-admin-token-for-tests';
let server: RunningServer;
let root: ApiClient;
let dept: number;
let otherDept: number;
let foreignDept: number;

const audit = async (action: string) => server.db.query<{ target: string; details: Record<string, unknown>; user_name: string }>(`select target, details, user_name from audit_log where action = $1 order by id`, [action]);

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0', ADMIN_TOKEN });
  const depts = await server.db.query<{ id: number; code: string }>(
    `select d.id, m.code from department d join municipality m on m.id = d.municipality_id where m.code in ($1, $2) order by d.id`,
    [ISESAKI, TOKORO],
  );
  [dept, otherDept] = depts.filter((d) => d.code === ISESAKI).map((d) => d.id) as [number, number];
  foreignDept = depts.find((d) => d.code === TOKORO)!.id;
  root = await firstAccount(server);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('passwords', () => {
  it('an administrator resets a password; the user signs in with the one-time password and must set a new one', async () => {
    const editor = await makeUser(root, 'reset@isesaki.example.jp', 'DEPARTMENT_EDITOR', ISESAKI, dept);
    const { data: me } = await editor.gql(`{ me { id mustChangePassword } }`);
    expect(me.me.mustChangePassword).toBe(false);
    const r = await root.gql(`mutation ($id: ID!) { resetPassword(id: $id) }`, { id: me.me.id });
    expect(r.errors).toBeUndefined();
    const once = r.data.resetPassword as string;
    expect(once).toMatch(/^[A-Za-z2-9]{16}$/);
    // The old session ended, the old password no longer works.
    expect(codeOf(await editor.gql(`mutation { saveIndicatorActual(indicatorId: "1", fiscalYear: 2031, value: 1) { id } }`))).toBe('UNAUTHENTICATED');
    expect(codeOf(await new ApiClient(server.baseUrl).signIn('reset@isesaki.example.jp'))).toBe('UNAUTHENTICATED');
    const again = new ApiClient(server.baseUrl);
    expect((await again.signIn('reset@isesaki.example.jp', once)).errors).toBeUndefined();
    expect((await again.gql(`{ me { mustChangePassword } }`)).data.me.mustChangePassword).toBe(true);
    // Until then nothing is written: the entry form says it may not edit.
    const [node] = await server.db.query<{ id: number }>(`select policy_node_id as id from evaluation_subject where department_id = $1 and stage = 'self' and policy_node_id is not null limit 1`, [dept]);
    const entry = `query ($id: ID!) { evaluationEntry(subjectKind: POLICY_NODE, subjectId: $id, fiscalYear: 2031, stage: SELF) { mayEdit } }`;
    expect((await again.gql(entry, { id: String(node!.id) })).data.evaluationEntry.mayEdit).toBe(false);
    const wrong = await again.gql(`mutation { changePassword(currentPassword: "not it at all", newPassword: "a brand new password") { id } }`);
    expect(wrong.errors?.[0]?.extensions?.field).toBe('currentPassword');
    const short = await again.gql(`mutation ($c: String!) { changePassword(currentPassword: $c, newPassword: "short") { id } }`, { c: once });
    expect(short.errors?.[0]?.extensions?.field).toBe('newPassword');
    const ok = await again.gql(`mutation ($c: String!) { changePassword(currentPassword: $c, newPassword: "a brand new password") { mustChangePassword } }`, { c: once });
    expect(ok.errors).toBeUndefined();
    expect((await again.gql(`{ me { mustChangePassword } }`)).data.me.mustChangePassword).toBe(false);
    expect((await again.gql(entry, { id: String(node!.id) })).data.evaluationEntry.mayEdit).toBe(true);
    expect((await new ApiClient(server.baseUrl).signIn('reset@isesaki.example.jp', 'a brand new password')).errors).toBeUndefined();
    expect((await audit('password_reset')).map((a) => [a.target, a.user_name])).toEqual([['reset@isesaki.example.jp', 'root']]);
    expect((await audit('password_change')).map((a) => a.target)).toEqual(['reset@isesaki.example.jp']);
  });
});

describe('users and tokens', () => {
  it('moves a user to another department, refusing one of another city, and logs before and after', async () => {
    await makeUser(root, 'move@isesaki.example.jp', 'DEPARTMENT_EDITOR', ISESAKI, dept);
    const { data } = await root.gql(`{ users { id email } }`);
    const id = data.users.find((u: { email: string }) => u.email === 'move@isesaki.example.jp').id;
    const foreign = await root.gql(`mutation ($id: ID!, $d: ID) { updateUser(id: $id, departmentId: $d) { id } }`, { id, d: String(foreignDept) });
    expect(foreign.errors?.[0]?.extensions?.field).toBe('departmentId');
    const moved = await root.gql(`mutation ($id: ID!, $d: ID) { updateUser(id: $id, departmentId: $d) { department { id } } }`, { id, d: String(otherDept) });
    expect(moved.data.updateUser.department.id).toBe(String(otherDept));
    const last = (await audit('user_update')).at(-1)!;
    expect(last.details).toMatchObject({ before: { departmentId: dept }, after: { departmentId: otherDept } });
  });

  it('an administrator lists and revokes a user’s token; another city’s administrator may not see them', async () => {
    const analyst = await makeUser(root, 'analyst@isesaki.example.jp', 'ANALYST', ISESAKI);
    const made = await analyst.gql(`mutation { createApiToken(name: "集計スクリプト", days: null) { id token } }`);
    const token = made.data.createApiToken.token as string;
    expect((await new ApiClient(server.baseUrl, token).gql(`{ municipalities { code } }`)).status).toBe(200);
    const list = await root.gql(`{ users { id email apiTokens { id name revoked } } }`);
    const u = list.data.users.find((x: { email: string }) => x.email === 'analyst@isesaki.example.jp');
    expect(u.apiTokens).toEqual([{ id: made.data.createApiToken.id, name: '集計スクリプト', revoked: false }]);
    const tokoroAdmin = await makeUser(root, 'admin@tokorozawa.example.jp', 'ADMINISTRATOR', TOKORO);
    expect(codeOf(await tokoroAdmin.gql(`mutation ($u: ID!, $t: ID!) { revokeUserApiToken(userId: $u, id: $t) }`, { u: u.id, t: made.data.createApiToken.id }))).toBe('BAD_USER_INPUT');
    const revoked = await root.gql(`mutation ($u: ID!, $t: ID!) { revokeUserApiToken(userId: $u, id: $t) }`, { u: u.id, t: made.data.createApiToken.id });
    expect(revoked.data.revokeUserApiToken).toBe(true);
    expect((await new ApiClient(server.baseUrl, token).gql(`{ municipalities { code } }`)).status).toBe(401);
    expect((await audit('token_revoke')).map((a) => [a.target, a.user_name])).toEqual([['集計スクリプト', 'root']]);
  });
});

describe('the last administrator', () => {
  it('is not disabled, even by ADMIN_TOKEN, while no other administrator could take over', async () => {
    const byToken = new ApiClient(server.baseUrl, ADMIN_TOKEN);
    const [r] = await server.db.query<{ id: number }>(`select id from app_user where email = 'root@example.jp'`);
    // A city's administrator exists (所沢), but cannot administer the system administrator's account.
    const refused = await byToken.gql(`mutation ($id: ID!) { updateUser(id: $id, disabled: true) { id } }`, { id: String(r!.id) });
    expect(codeOf(refused), JSON.stringify(refused.errors)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('最後の管理者');
    // (Demoting a system administrator is refused before that: an account of no city is an administrator.)
    const demoted = await byToken.gql(`mutation ($id: ID!) { updateUser(id: $id, role: VIEWER) { id } }`, { id: String(r!.id) });
    expect(demoted.errors?.[0]?.extensions?.field).toBe('role');
    expect((await server.db.query<{ disabled: boolean }>(`select disabled from app_user where id = $1`, [r!.id]))[0]!.disabled).toBe(false);
  });

  it('of two city administrators demoting each other at once, only one succeeds', async () => {
    const a = await makeUser(root, 'a@isesaki.example.jp', 'ADMINISTRATOR', ISESAKI);
    const b = await makeUser(root, 'b@isesaki.example.jp', 'ADMINISTRATOR', ISESAKI);
    // A deployment whose administrators are the city's own: no system administrator to fall back on.
    await server.db.query(`update app_user set disabled = true where email = 'root@example.jp'`);
    const ids = await server.db.query<{ id: number; email: string }>(`select id, email from app_user where email in ('a@isesaki.example.jp', 'b@isesaki.example.jp')`);
    const idOf = (e: string) => String(ids.find((x) => x.email === e)!.id);
    const [x, y] = await Promise.all([
      a.gql(`mutation ($id: ID!) { updateUser(id: $id, disabled: true) { id } }`, { id: idOf('b@isesaki.example.jp') }),
      b.gql(`mutation ($id: ID!) { updateUser(id: $id, disabled: true) { id } }`, { id: idOf('a@isesaki.example.jp') }),
    ]);
    const outcomes = [x, y].map((o) => (o.errors ? codeOf(o) : 'ok')).sort();
    // The loser is refused: either as the last administrator, or because its own account was just disabled.
    expect(outcomes[1]).toBe('ok');
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(outcomes[0]);
    const [active] = await server.db.query<{ n: number }>(`select count(*)::int as n from app_user where role = 'administrator' and not disabled and municipality_id = (select id from municipality where code = $1)`, [ISESAKI]);
    expect(active!.n).toBe(1);
    await server.db.query(`update app_user set disabled = false where email = 'root@example.jp'`);
  });
});

describe('opening a cycle', () => {
  const open = (c: ApiClient, input: Record<string, unknown>) =>
    c.gql(`mutation ($i: OpenCycleInput!) { openCycle(input: $i) { id deadline departmentDeadlines { department { id } deadline } reviewer { id } } }`, { i: input });
  const base = { municipalityCode: ISESAKI, fiscalYear: 2031, stage: 'SELF', opensOn: '2031-05-01', deadline: '2031-06-30' };

  it('checks every input and says where', async () => {
    const admin = await makeUser(root, 'cycle-admin@isesaki.example.jp', 'ADMINISTRATOR', ISESAKI);
    const cases: [Record<string, unknown>, string][] = [
      [{ deadline: '2031-02-30' }, 'deadline'],
      [{ opensOn: '5/1' }, 'opensOn'],
      [{ deadline: '2031-04-30' }, 'deadline'],
      [{ fiscalYear: 1900 }, 'fiscalYear'],
      [{ reviewerId: '999999' }, 'reviewerId'],
      [{ departmentDeadlines: [{ departmentId: String(foreignDept), deadline: '2031-06-20' }] }, 'departmentDeadlines[0].departmentId'],
      [{ departmentDeadlines: [{ departmentId: String(dept), deadline: '2031-04-01' }] }, 'departmentDeadlines[0].deadline'],
      [{ departmentDeadlines: [{ departmentId: String(dept), deadline: '2031-06-01' }, { departmentId: String(dept), deadline: '2031-06-02' }] }, 'departmentDeadlines'],
    ];
    for (const [change, field] of cases) {
      const r = await open(admin, { ...base, ...change });
      expect(r.errors?.[0]?.extensions?.field, JSON.stringify(change)).toBe(field);
    }
    expect(await server.db.query(`select 1 from evaluation_cycle`)).toHaveLength(0);
    const viewer = await makeUser(root, 'viewer@isesaki.example.jp', 'VIEWER', ISESAKI);
    expect(codeOf(await open(viewer, base))).toBe('FORBIDDEN');
    const tokoroAdmin = new ApiClient(server.baseUrl);
    await tokoroAdmin.signIn('admin@tokorozawa.example.jp');
    expect(codeOf(await open(tokoroAdmin, base))).toBe('FORBIDDEN');

    const ok = await open(admin, { ...base, departmentDeadlines: [{ departmentId: String(otherDept), deadline: '2031-07-10' }] });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.openCycle.departmentDeadlines).toEqual([{ department: { id: String(otherDept) }, deadline: '2031-07-10' }]);
    expect(codeOf(await open(admin, base))).toBe('BAD_USER_INPUT');
    const changed = await admin.gql(`mutation ($id: ID!) { updateCycle(id: $id, input: { deadline: "2031-07-05" }) { deadline } }`, { id: ok.data.openCycle.id });
    expect(changed.data.updateCycle.deadline).toBe('2031-07-05');
    const logged = await audit('cycle_open');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.details).toMatchObject({ fiscalYear: 2031, stage: 'self', deadline: '2031-06-30', departmentDeadlines: [{ departmentId: otherDept, deadline: '2031-07-10' }] });
    expect((await audit('cycle_update'))[0]!.details).toMatchObject({ before: { deadline: '2031-06-30' }, after: { deadline: '2031-07-05' } });
    // Everyone of the city reads it.
    const cycles = await viewer.gql(`{ evaluationCycles(municipalityCode: "${ISESAKI}") { deadline } }`);
    expect(cycles.data.evaluationCycles).toEqual([{ deadline: '2031-07-05' }]);
    // Closing it: no longer open (reminders skip it), logged once however often asked.
    for (let i = 0; i < 2; i++) expect((await admin.gql(`mutation ($id: ID!) { closeCycle(id: $id) { open } }`, { id: ok.data.openCycle.id })).data.closeCycle.open).toBe(false);
    expect(await audit('cycle_close')).toHaveLength(1);
    expect((await viewer.gql(`{ openCycleSummary(municipalityCode: "${ISESAKI}") { id } }`)).data.openCycleSummary).toBeNull();
  });
});

describe('the bell', () => {
  it('lists the user’s own notifications, fresh on every ask, and marks them read', async () => {
    const reader = await makeUser(root, 'bell@isesaki.example.jp', 'VIEWER', ISESAKI);
    const [u] = await server.db.query<{ id: number }>(`select id from app_user where email = 'bell@isesaki.example.jp'`);
    const [other] = await server.db.query<{ id: number }>(`select id from app_user where email = 'root@example.jp'`);
    const add = (user: number, title: string) =>
      server.db.query(`insert into notification (user_id, kind, title, body) values ($1, 'deadline_near', $2, '本文')`, [user, title]);
    const ask = `{ notifications(limit: 10) { unread items { title read } } }`;
    await add(u!.id, '一通目');
    await add(other!.id, '他の人あて');
    expect((await reader.gql(ask)).data.notifications).toEqual({ unread: 1, items: [{ title: '一通目', read: false }] });
    // Added by the worker outside any request: the same question answers anew (not from the response cache).
    await add(u!.id, '二通目');
    expect((await reader.gql(ask)).data.notifications.unread).toBe(2);
    expect((await reader.gql(`mutation { markNotificationsRead }`)).data.markNotificationsRead).toBe(2);
    expect((await reader.gql(ask)).data.notifications).toEqual({ unread: 0, items: [{ title: '二通目', read: true }, { title: '一通目', read: true }] });
    expect((await reader.gql(`{ notifications(limit: 1000) { unread } }`)).errors?.[0]?.extensions?.field).toBe('limit');
    expect(codeOf(await new ApiClient(server.baseUrl).gql(ask))).toBe('UNAUTHENTICATED');
  });
});
