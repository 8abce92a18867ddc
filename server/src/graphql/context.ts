import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { createLoaders, type Loaders } from './loaders.js';
import { ALL_CITIES, type CityScope, type Principal } from '../auth/principal.js';
import type { AuthService } from '../auth/auth.service.js';

/**
 * Per-request GraphQL context: a forked EntityManager (own identity map) for this request,
 * and the request's DataLoaders (relations batched, cached for this request only).
 * Over HTTP the EntityManager connects as the API's database role and the whole operation runs
 * in one transaction with the caller's cities set (server/src/auth/request-scope.ts).
 */
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
}

export interface ContextOptions {
  admin?: boolean;
  principal?: Principal;
  scope?: CityScope;
  ownerEm?: EntityManager;
  auth?: AuthService;
  http?: { req: Request; res: Response };
  transactional?: boolean;
}

/**
 * The context for one request, from an EntityManager forked for it. Without a principal (tests,
 * CLIs) it is the `system` caller over every city, on the EntityManager's own connection.
 */
export function createContext(em: EntityManager, opts: ContextOptions = {}): GraphQLContext {
  const principal = opts.principal ?? { kind: 'system', admin: opts.admin ?? false };
  return {
    em,
    loaders: createLoaders(em),
    admin: opts.admin ?? false,
    principal,
    scope: opts.scope ?? ALL_CITIES,
    ownerEm: opts.ownerEm,
    auth: opts.auth,
    http: opts.http,
    transactional: opts.transactional,
  };
}
