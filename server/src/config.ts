/**
 * All settings read from the environment, in one place, with their defaults.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { IMPORT_BUDGET_MS, REQUEST_BUDGET_MS } from './graphql/limits.js';
import { oidcSettingsFromEnv, type OidcSettings } from './auth/oidc/oidc-settings.js';
import { DEFAULT_REPLICA_SETTINGS, readUrlsFromEnv, type ReplicaSettings } from './db/replicas.js';

/** The repository root (this file is server/src/config.ts or server/dist/config.js). */
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface Config {
  /** HTTP port for the API and dashboard. */
  port: number;
  host: string;
  /** An existing PostgreSQL to use; when unset the embedded one is started. */
  databaseUrl?: string;
  /** Embedded PostgreSQL settings (used only without DATABASE_URL). */
  embedded: { dataDir: string; port: number; database: string };
  /**
   * Errors answered without details (stack traces, paths, SQL): always, unless
   * NODE_ENV=development (opt-in; the server says so when it starts).
   */
  production: boolean;
  /**
   * FOUR_EYES_RETURN (default on): a reviewer may not return an evaluation it wrote or submitted,
   * as it may never accept one (workflow.resolver.ts). Off (0) for a planning division of one.
   */
  fourEyesOnReturn: boolean;
  logLevel: string;
  /** Load the bundled datasets when the database has no municipality yet. */
  seedOnEmptyDatabase: boolean;
  dashboardDir: string;
  /** Bearer token for administration (imports) until accounts exist; unset disables it. */
  adminToken?: string;
  /**
   * REQUEST_BUDGET_MS: the time one request (GraphQL, CSV, report) may take in the database, all
   * its statements together; it fails once with QUERY_TIMEOUT when spent (default 5 s).
   */
  requestBudgetMs: number;
  /** IMPORT_BUDGET_MS: the same for an administrator's import (default 10 min). */
  importBudgetMs: number;
  /** PUBLIC_MODE=1: requests without signing in read published fiscal years only (default off). */
  publicMode: boolean;
  /**
   * APP_DATABASE_URL: how the API connects for requests, as a role that neither owns the tables
   * nor bypasses row-level security (the owner at DATABASE_URL keeps migrations and imports).
   * Unset: the server enables the role `seisaku_app` itself (docs/auth.md).
   */
  appDatabaseUrl?: string;
  /** SMTP_URL (smtp:// or smtps://): reminders go out by e-mail too; unset, in the dashboard only. */
  smtpUrl?: string;
  /** MAIL_FROM: the sender of reminders (default no-reply@localhost). */
  mailFrom: string;
  /** PUBLIC_URL: the dashboard's address as users reach it, for links in e-mails (default http://localhost:PORT). */
  publicUrl: string;
  /** REMINDER_DAYS: days before a deadline that remind (default 7,1). */
  reminderDays: number[];
  /** REMINDER_INTERVAL_MS: how often the reminder worker runs (default 60000). */
  reminderIntervalMs: number;
  /** OIDC_*: sign-in with the city's identity provider (auth/oidc/oidc-settings.ts); unset: none. */
  oidc?: OidcSettings;
  /** LOCAL_PASSWORDS=0: passwords are refused (needs OIDC); default on. */
  localPasswords: boolean;
  /** DATABASE_READ_URLS: hot standbys that queries are read from (db/replicas.ts); empty: none. */
  readUrls: string[];
  /** REPLICA_MAX_LAG_MS, READ_YOUR_WRITES_WAIT_MS, REPLICA_CHECK_MS (db/replicas.ts). */
  replicas: ReplicaSettings;
  /** WORKERS: API processes this command starts (node's cluster module, sharing PORT); default 1. */
  workers: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intOr(env.PORT, 4000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    embedded: {
      dataDir: env.PG_DATA_DIR ? resolve(env.PG_DATA_DIR) : resolve(ROOT_DIR, '.data/postgres'),
      port: intOr(env.PG_PORT, 54329, 'PG_PORT'),
      database: env.PG_DATABASE ?? 'seisaku',
    },
    production: env.NODE_ENV !== 'development',
    fourEyesOnReturn: !['0', 'false', 'off', 'no'].includes((env.FOUR_EYES_RETURN ?? '').toLowerCase()),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    seedOnEmptyDatabase: env.SEED !== '0',
    dashboardDir: resolve(ROOT_DIR, 'dashboard/dist'),
    adminToken: env.ADMIN_TOKEN && env.ADMIN_TOKEN.length >= 16 ? env.ADMIN_TOKEN : undefined,
    requestBudgetMs: positiveIntOr(env.REQUEST_BUDGET_MS, REQUEST_BUDGET_MS, 'REQUEST_BUDGET_MS'),
    importBudgetMs: positiveIntOr(env.IMPORT_BUDGET_MS, IMPORT_BUDGET_MS, 'IMPORT_BUDGET_MS'),
    publicMode: ['1', 'true', 'on', 'yes'].includes((env.PUBLIC_MODE ?? '').toLowerCase()),
    appDatabaseUrl: env.APP_DATABASE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'no-reply@localhost',
    publicUrl: env.PUBLIC_URL || `http://localhost:${intOr(env.PORT, 4000, 'PORT')}`,
    reminderDays: reminderDays(env.REMINDER_DAYS),
    reminderIntervalMs: positiveIntOr(env.REMINDER_INTERVAL_MS, 60_000, 'REMINDER_INTERVAL_MS'),
    ...signIn(env),
    readUrls: readUrlsFromEnv(env.DATABASE_READ_URLS),
    replicas: {
      maxLagMs: positiveIntOr(env.REPLICA_MAX_LAG_MS, DEFAULT_REPLICA_SETTINGS.maxLagMs, 'REPLICA_MAX_LAG_MS'),
      waitMs: positiveIntOr(env.READ_YOUR_WRITES_WAIT_MS, DEFAULT_REPLICA_SETTINGS.waitMs, 'READ_YOUR_WRITES_WAIT_MS'),
      checkMs: positiveIntOr(env.REPLICA_CHECK_MS, DEFAULT_REPLICA_SETTINGS.checkMs, 'REPLICA_CHECK_MS'),
    },
    workers: workersFrom(env.WORKERS),
  };
}

function signIn(env: NodeJS.ProcessEnv): { oidc?: OidcSettings; localPasswords: boolean } {
  const oidc = oidcSettingsFromEnv(env);
  const localPasswords = !['0', 'false', 'off', 'no'].includes((env.LOCAL_PASSWORDS ?? '').toLowerCase());
  if (!localPasswords && !oidc) throw new Error('LOCAL_PASSWORDS=0 needs OIDC_ISSUER (else nobody could sign in)');
  return { oidc, localPasswords };
}

function positiveIntOr(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number of milliseconds, got "${value}"`);
  return n;
}

/** WORKERS: a whole number from 1 to 64. */
function workersFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64 (API processes), got "${value}"`);
  return n;
}

function intOr(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

/** "7,1" → [7, 1]: whole days from 0 to 365. */
function reminderDays(value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') return [7, 1];
  const days = value.split(',').map((v) => Number(v.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 365)) throw new Error(`REMINDER_DAYS must be whole days from 0 to 365 separated by commas, got "${value}"`);
  return [...new Set(days)];
}
