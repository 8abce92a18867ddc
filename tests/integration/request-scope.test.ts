/**
 * The request transaction (server/src/auth/request-scope.ts): queries run read-only, mutations
 * read-write, with the caller's cities and the statement timeout set, all after one BEGIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { connect } from '../../server/src/db/database.js';
import { createContext, type GraphQLContext } from '../../server/src/graphql/context.js';
import { execute } from '../../server/src/graphql/loaders.js';
import { requestScopePlugin } from '../../server/src/auth/request-scope.js';

let db: TestDatabase;
let orm: MikroORM;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await connect(db.url);
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** Runs the plugin's hooks around `inside` for an operation of the given text. */
async function inRequest(source: string, inside: (ctx: GraphQLContext) => Promise<void>) {
  const ctx = createContext(orm.em.fork(), { principal: { kind: 'system', admin: true }, transactional: true });
  const hooks = (await requestScopePlugin(1234).requestDidStart!({ contextValue: ctx } as never))!;
  const operation = parse(source).definitions[0] as OperationDefinitionNode;
  await hooks.didResolveOperation!({ operation, contextValue: ctx } as never);
  try {
    await inside(ctx);
  } finally {
    await hooks.willSendResponse!({ contextValue: ctx, response: { body: { kind: 'single', singleResult: {} } } } as never);
  }
}
const setting = async (ctx: GraphQLContext, name: string) => (await execute<{ v: string }[]>(ctx.em, 'select current_setting(?) as v', [name]))[0]!.v;

describe('the request transaction', () => {
  it('is read-only for a query, with the cities and the statement timeout set', async () => {
    await inRequest('query { municipalities { code } }', async (ctx) => {
      expect(await setting(ctx, 'transaction_read_only')).toBe('on');
      expect(await setting(ctx, 'app.municipality_ids')).toBe('*');
      expect(await setting(ctx, 'statement_timeout')).toBe('1234ms');
      await expect(execute(ctx.em, 'create temporary table scratch (a int)')).rejects.toThrow(/read-only transaction/);
    });
  });

  it('is read-write for a mutation', async () => {
    await inRequest('mutation { signOut }', async (ctx) => {
      expect(await setting(ctx, 'transaction_read_only')).toBe('off');
      await execute(ctx.em, 'create temporary table scratch (a int)');
    });
  });
});
