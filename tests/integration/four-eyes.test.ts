/**
 * Four eyes in the evaluation cycle (issue 19, finding 8): a reviewer wrote, submitted and
 * accepted its own secondary evaluation. Now a reviewer may not accept an evaluation it wrote or
 * submitted (by the evaluation's history), and, unless the cycle says otherwise
 * (FOUR_EYES_RETURN=0), not return one either; another reviewer of the city does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherServer, startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf, firstAccount, makeUser } from '../support/api-client.js';

let server: RunningServer;
let lenient: RunningServer;
let reviewer: ApiClient;
let other: ApiClient;
let subject: number;
let year = 2050;

const SAVE = `mutation ($i: SaveEvaluationInput!) { saveEvaluation(input: $i) { id version } }`;
const SUBMIT = `mutation ($id: ID!, $v: Int!) { submitEvaluation(id: $id, version: $v) { status version } }`;
const ACCEPT = `mutation ($id: ID!, $v: Int!) { acceptEvaluation(id: $id, version: $v) { status version } }`;
const RETURN = `mutation ($id: ID!, $v: Int!) { returnEvaluation(id: $id, version: $v, comment: "根拠を") { status version } }`;

/** A secondary evaluation written and submitted by `by`: its id, at version 2. */
async function submittedBy(by: ApiClient): Promise<string> {
  const saved = await by.gql(SAVE, { i: { subjectKind: 'POLICY_NODE', subjectId: String(subject), fiscalYear: year++, stage: 'SECONDARY', comment: '概ね順調' } });
  expect(saved.errors, saved.text.slice(0, 300)).toBeUndefined();
  const id = saved.data.saveEvaluation.id as string;
  expect((await by.gql(SUBMIT, { id, v: 1 })).data.submitEvaluation.status).toBe('SUBMITTED');
  return id;
}

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  lenient = await startAnotherServer(server.db, { PUBLIC_MODE: '0', FOUR_EYES_RETURN: '0' });
  const A = (await server.db.query<{ id: number; code: string; name: string }>(`select id, code, name from municipality`)).find((c) => c.name.includes('伊勢崎'))!;
  subject = (await server.db.query<{ id: number }>(`select id from policy_node where municipality_id = $1 order by id limit 1`, [A.id]))[0]!.id;
  const root = await firstAccount(server);
  reviewer = await makeUser(root, 'reviewer1@a.jp', 'REVIEWER', A.code);
  other = await makeUser(root, 'reviewer2@a.jp', 'REVIEWER', A.code);
}, 240_000);
afterAll(async () => {
  await lenient?.stop();
  await server?.stop();
});

describe('four eyes', () => {
  it('a reviewer may not accept an evaluation it wrote and submitted; another reviewer may', async () => {
    const id = await submittedBy(reviewer);
    const own = await reviewer.gql(ACCEPT, { id, v: 2 });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(own.errors![0]!.message).toMatch(/自分が書いた・提出した評価は承認できません.*another reviewer accepts it/);
    const r = await other.gql(ACCEPT, { id, v: 2 });
    expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
    expect(r.data.acceptEvaluation.status).toBe('ACCEPTED');
  });

  it('nor return it, by default; another reviewer may', async () => {
    const id = await submittedBy(reviewer);
    expect(codeOf(await reviewer.gql(RETURN, { id, v: 2 }))).toBe('FORBIDDEN');
    expect((await other.gql(RETURN, { id, v: 2 })).data.returnEvaluation.status).toBe('RETURNED');
    // Resubmitted by the writer, still not acceptable by it.
    expect((await reviewer.gql(SUBMIT, { id, v: 3 })).data.submitEvaluation.version).toBe(4);
    expect(codeOf(await reviewer.gql(ACCEPT, { id, v: 4 }))).toBe('FORBIDDEN');
  });

  it('a cycle with FOUR_EYES_RETURN=0 lets the writer return, never accept', async () => {
    const id = await submittedBy(reviewer);
    const self = new ApiClient(lenient.baseUrl);
    self.cookie = reviewer.cookie;
    expect(codeOf(await self.gql(ACCEPT, { id, v: 2 }))).toBe('FORBIDDEN');
    const r = await self.gql(RETURN, { id, v: 2 });
    expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
    expect(r.data.returnEvaluation.status).toBe('RETURNED');
  });
});
