import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { createLoaders, type Loaders } from './loaders.js';
import { ALL_CITIES, type CityScope, type Principal } from '../auth/principal.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Budget } from './budget.js';

/**
 * Per-request GraphQL context: a forked EntityManager (own identity map) for this request,
 * and the request's DataLoaders (relations batched, cached for this request only).
 * Over HTTP the EntityManager connects as the API's database role and the whole operation runs
 * in one transaction with the caller's cities set (server/src/auth/request-scope.ts).
 */
/** Rules of the evaluation cycle that a deployment sets (config.ts). */
export interface CycleRules {
  /** A reviewer may not return an evaluation it wrote or submitted (it may never accept one). */
  fourEyesOnReturn: boolean;
}

export interface GraphQLContext {
  em: EntityManager;
  loaders: Loaders;
  /** May import and administer (an administrator; ADMIN_TOKEN bearer). */
  admin: boolean;
  /** Who asks (tests and CLIs: `system`, every city). */
  principal: Principal;
  /** Which cities this request's transaction sees. */
  scope: CityScope;
  /** The owner's connection: imports and accounts (absent in tests: use `em`). */
  ownerEm?: EntityManager;
  auth?: AuthService;
  http?: { req: Request; res: Response };
  /** Set when the operation runs in a request transaction (request-scope plugin). */
  transactional?: boolean;
  /** The cycle's rules (default: four eyes on returns too). */
  cycle: CycleRules;
  /** The answer reads what no version tracks (notifications): the response cache does not keep it. */
  uncacheable?: boolean;
  /** Finishes identifying an anonymous caller before the first account (request-scope.ts); absent once done. */
  settle?: () => Promise<void>;
  /** The request's time budget (graphql/budget.ts), set by the request-scope plugin; absent in tests and CLIs. */
  budget?: Budget;
  /** The WAL position the request's reads are at least as new as (read-routing.ts). */
  readAt?: bigint;
}

export interface ContextOptions {
  cycle?: CycleRules;
  admin?: boolean;
  principal?: Principal;
  scope?: CityScope;
  /** The owner's EntityManager, or a function making it when first used. */
  ownerEm?: EntityManager | (() => EntityManager);
  auth?: AuthService;
  http?: { req: Request; res: Response };
  transactional?: boolean;
}

/**
 * The context for one request, from an EntityManager forked for it (or a function forking it
 * when first used). Without a principal (tests, CLIs) it is the `system` caller over every
 * city, on the EntityManager's own connection. The EntityManagers and the loaders are made on
 * first use: a request answered from the response cache needs neither.
 */
export function createContext(em: EntityManager | (() => EntityManager), opts: ContextOptions = {}): GraphQLContext {
  const principal = opts.principal ?? { kind: 'system', admin: opts.admin ?? false };
  const ctx = {
    admin: opts.admin ?? false,
    principal,
    scope: opts.scope ?? ALL_CITIES,
    auth: opts.auth,
    http: opts.http,
    transactional: opts.transactional,
    cycle: opts.cycle ?? { fourEyesOnReturn: true },
  } as GraphQLContext;
  lazy(ctx, 'em', typeof em === 'function' ? em : () => em);
  lazy(ctx, 'loaders', () => createLoaders(ctx.em));
  const owner = opts.ownerEm;
  if (owner) lazy(ctx, 'ownerEm', typeof owner === 'function' ? owner : () => owner);
  else ctx.ownerEm = undefined;
  return ctx;
}

/** A property computed on first read, then a plain value. */
function lazy<K extends keyof GraphQLContext>(ctx: GraphQLContext, key: K, make: () => GraphQLContext[K]): void {
  Object.defineProperty(ctx, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(ctx, key, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(value: GraphQLContext[K]) {
      Object.defineProperty(ctx, key, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
