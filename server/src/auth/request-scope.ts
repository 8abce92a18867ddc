/**
 * Every GraphQL operation over HTTP runs in one transaction of the API's role (which row-level
 * security applies to), with the statement timeout, generic plans for prepared statements
 * (`executePrepared`: planned once per connection), and the caller's cities set with SET LOCAL
 * (`app.municipality_ids`, `app.published_only`). A query's transaction is read-only and
 * REPEATABLE READ (all its statements see one state of the data, also a second connection the
 * report may take in the same snapshot: `sideConnection`), held on a pool connection of its own
 * (`openReadTransaction`); a mutation's is MikroORM's, on the request's forked EntityManager.
 * Loaders' `execute` and `executePrepared` use whichever the request has, so no statement of the
 * request runs outside it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { createContext, type CycleRules, type GraphQLContext } from '../graphql/context.js';
import { closeReadTransaction, execute, openReadTransaction } from '../graphql/loaders.js';
import { budgetOf, remainingMs } from '../graphql/budget.js';
import { IMPORT_BUDGET_MS } from '../graphql/limits.js';
import { dataChanged } from '../graphql/cache.js';
import type { ReadRouter } from '../graphql/read-routing.js';
import type { AuthService } from './auth.service.js';
import { ALL_CITIES, NO_CITY, isSystemAdministrator, roleOf, scopeSetting, type CityScope, type Principal } from './principal.js';
import { mayAdminister } from './roles.js';
import { databaseUnavailableError, isDatabaseUnavailable } from '../http/database-errors.js';

/** Fields anyone may ask for without signing in. */
const OPEN_FIELDS = new Set(['signIn', 'signOut', 'me', 'signInOptions', '__typename', '__schema', '__type']);

export async function scopeFor(principal: Principal, auth: AuthService): Promise<CityScope> {
  switch (principal.kind) {
    case 'system':
    case 'admin-token':
      return ALL_CITIES;
    case 'user':
      return principal.user.municipalityId === null ? ALL_CITIES : { all: false, municipalityIds: [principal.user.municipalityId], publishedOnly: false };
    case 'anonymous':
      if (principal.open) return ALL_CITIES;
      if (principal.publicMode) return { all: false, municipalityIds: await auth.publishedMunicipalityIds(), publishedOnly: true };
      return NO_CITY;
  }
}

export interface RequestContextDeps {
  /** The API's EntityManager (its role is subject to row-level security). */
  appEm: EntityManager;
  /** The owner's EntityManager (imports, accounts). */
  ownerEm: EntityManager;
  auth: AuthService;
  /** The evaluation cycle's rules (GraphQLContext.cycle). */
  cycle?: CycleRules;
}

/**
 * The GraphQL context of one HTTP request: who asks, which cities, a fresh fork. Before the first
 * account exists, whether an anonymous caller may read (`open`) is asked of the database by every
 * request; unless `settle` is set, that question waits for `ctx.settle()`, which the request
 * scope plugin calls once the operation has parsed and validated (a refused document runs no
 * statement at all).
 */
export async function requestContext(deps: RequestContextDeps, req: Request, res: Response, opts: { settle?: boolean } = {}): Promise<GraphQLContext> {
  let principal: Principal;
  let scope: CityScope;
  try {
    principal = await deps.auth.identify({ cookie: req.headers.cookie, authorization: req.headers.authorization }, { accounts: !!opts.settle });
    scope = await scopeFor(principal, deps.auth);
  } catch (e) {
    // Who asks is read from the database: while it is unavailable, 503 (not a failed context's 500).
    throw isDatabaseUnavailable(e) ? databaseUnavailableError(e) : e;
  }
  const ctx = createContext(() => deps.appEm.fork(), {
    admin: mayAdminister(roleOf(principal)),
    principal,
    scope,
    ownerEm: () => deps.ownerEm.fork(),
    auth: deps.auth,
    http: { req, res },
    transactional: true,
    cycle: deps.cycle,
  });
  if (principal.kind === 'anonymous' && !opts.settle && !deps.auth.accountsKnown()) {
    const anonymous = principal;
    // On the context it is called on: Apollo may run the operation on a copy of this one.
    ctx.settle = async function settle(this: GraphQLContext) {
      this.settle = undefined;
      try {
        if (await deps.auth.accountsExist()) return;
        this.principal = { ...anonymous, open: true };
        this.scope = await scopeFor(this.principal, deps.auth);
      } catch (e) {
        throw isDatabaseUnavailable(e) ? databaseUnavailableError(e) : e;
      }
    };
  }
  return ctx;
}

function topLevelFields(op: OperationDefinitionNode): string[] | null {
  const names: string[] = [];
  for (const s of op.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) return null;
    names.push(s.name.value);
  }
  return names;
}

/** Mutations that import a dataset: they get the import budget instead of a read's. */
const IMPORT_FIELDS = new Set(['importDataset']);

/**
 * Opens the request transaction once the operation is known; ends it before the answer goes out
 * (a read-only one: while it goes out). The request's time budget (graphql/budget.ts) starts when
 * Apollo receives it: `budgetMs` (REQUEST_BUDGET_MS), or `importBudgetMs` for an import. A
 * query's statements run under what is left of it and the one running at the deadline is
 * cancelled; a mutation's run under what was left when its transaction began.
 */
export function requestScopePlugin(budgetMs: number, importBudgetMs: number = IMPORT_BUDGET_MS, reads?: ReadRouter): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const start = performance.now();
      let began = false;
      let readTransaction = false;
      return {
        async didResolveOperation({ operation, contextValue: ctx }) {
          if (!operation) return;
          // The operation is valid: now (and only now) finish identifying the caller.
          await ctx.settle?.();
          const p = ctx.principal;
          const mutation = operation.operation === 'mutation';
          const fields = topLevelFields(operation);
          const onlyOpen = fields !== null && fields.every((f) => OPEN_FIELDS.has(f));
          if (p.kind === 'anonymous' && !onlyOpen) {
            // Before any account exists, mutations reach their resolvers, which refuse them (FORBIDDEN).
            if (mutation && !p.open) throw new GraphQLError('サインインしてください / sign in first', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
            if (!p.open && !p.publicMode)
              throw new GraphQLError('サインインしてください / sign in first', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          }
          if (mutation && p.kind === 'user' && p.via === 'token' && !onlyOpen)
            throw new GraphQLError('APIトークンは読み取り専用です / API tokens are read-only', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          const importing = mutation && fields !== null && fields.some((f) => IMPORT_FIELDS.has(f));
          ctx.budget = budgetOf(importing ? importBudgetMs : budgetMs, start);
          if (!ctx.transactional) return;
          const settings = {
            'app.municipality_ids': scopeSetting(ctx.scope),
            'app.published_only': ctx.scope.publishedOnly ? 'on' : 'off',
            statement_timeout: String(remainingMs(ctx.budget)),
            plan_cache_mode: 'force_generic_plan',
          };
          if (!mutation) {
            // A query: BEGIN (repeatable read, read only) and the settings in one round trip, on a
            // connection of its own that its statements use directly (server/src/graphql/loaders.ts).
            // With read replicas (or to honour the caller's last write) the router picks the server.
            await (reads ? reads.open(ctx, settings) : openReadTransaction(ctx.em, settings, ctx.budget));
            readTransaction = true;
            return;
          }
          // A mutation: MikroORM's transaction (its resolvers use the EntityManager), then the
          // settings in one statement. (Not em.begin({ readOnly }): knex sends SET TRANSACTION
          // before BEGIN, where it is a no-op with a warning.)
          await ctx.em.begin();
          began = true;
          await execute(
            ctx.em,
            `select set_config('app.municipality_ids', ?, true), set_config('app.published_only', ?, true), set_config('statement_timeout', ?, true),
                    set_config('plan_cache_mode', ?, true)`,
            [settings['app.municipality_ids'], settings['app.published_only'], settings.statement_timeout, settings.plan_cache_mode],
          );
        },
        async willSendResponse({ contextValue: ctx, response }) {
          const failed = response.body.kind === 'single' && !!response.body.singleResult.errors?.length;
          if (readTransaction) {
            readTransaction = false;
            // Nothing to keep: the answer goes out while COMMIT runs (the connection returns to
            // the pool when it has; a failure there changes nothing).
            void closeReadTransaction(ctx.em, !failed);
            return;
          }
          if (!began) return;
          began = false;
          try {
            if (failed || !ctx.em.getTransactionContext()) await ctx.em.rollback();
            else {
              await ctx.em.commit();
              // The caller's next reads see this write through any process or replica (read-routing.ts).
              await reads?.committed(ctx);
              // Committed: this process's response cache reads the versions again (a mutation may
              // have bumped a city's or the access version; a read before the commit saw the old).
              dataChanged();
            }
          } catch {
            await ctx.em.rollback().catch(() => {});
          }
        },
      };
    },
  };
}

/** System administrators (and tests) see every city; everyone else their own. */
export const seesAllCities = (ctx: GraphQLContext) => ctx.scope.all || isSystemAdministrator(ctx.principal);
