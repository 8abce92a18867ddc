/**
 * `npm start`: starts (or connects to) PostgreSQL, migrates, loads the bundled data into an
 * empty database, and serves the API and dashboard on one port until SIGINT/SIGTERM.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { openDatabase, redact, type Database } from './db/database.js';
import { seedIfEmpty } from './dataset/seeds.js';
import { fillMissingRuleChecks } from './analytics/rule-checks.js';
import { createSchema } from './graphql/schema.js';
import { createApp } from './http/app.js';
import { StartupError } from './shared/errors.js';
import { startReminderWorker, type ReminderWorker } from './cycle/worker.js';
import { listenForVersionChanges } from './graphql/read-routing.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel, base: { service: 'seisaku' } });

let db: Database | undefined;
let shuttingDown = false;
let worker: ReminderWorker | undefined;
let stopListening: (() => Promise<void>) | undefined;

/**
 * WORKERS > 1: this process prepares the database (starts the embedded one, migrates, loads the
 * bundled data) and then runs that many API processes sharing PORT (node's cluster module), each
 * with its own pools and response cache, kept coherent through the database (read-routing.ts).
 * A worker that dies is started again.
 */
async function supervise() {
  db = await openDatabase(config, (msg) => logger.info(msg));
  await seedIfEmpty(db.orm);
  // The workers open their own connections (and attach to the embedded PostgreSQL this process started).
  await db.replicas?.close();
  await db.appOrm.close(true);
  await db.orm.close(true);
  const start = () =>
    cluster
      .fork({ SEED: '0' })
      // A worker ended by a signal closes its IPC channel; the primary's next message to it fails
      // with EPIPE, which must not end the primary (it used to, on every shutdown).
      .on('error', (e) => logger.warn({ err: e }, 'API process channel closed'));
  for (let i = 0; i < config.workers; i++) start();
  cluster.on('exit', (worker, code, signal) => {
    if (shuttingDown) return;
    logger.warn({ pid: worker.process.pid, code, signal }, 'API process ended; starting another');
    setTimeout(start, 500);
  });
  logger.info(`${config.workers} API processes on http://localhost:${config.port}/`);
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (w) =>
          new Promise<void>((ok) => {
            if (!w || w.isDead()) return ok();
            w.once('exit', () => ok());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await db?.embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function main() {
  if (!config.production)
    logger.warn('開発モード（NODE_ENV=development）: エラーの応答にスタックトレースを含めます / development mode (NODE_ENV=development): error answers include stack traces');
  db = await openDatabase(config, (msg) => logger.info(msg));
  logger.info({ database: redact(db.url), embedded: !!db.embedded, replicas: config.readUrls.length }, 'database ready');
  // Other API processes' commits drop this process's cached versions at once (read-routing.ts).
  stopListening = await listenForVersionChanges(db.url, (msg) => logger.warn(msg));
  const seeded = await seedIfEmpty(db.orm);
  // Cities imported before the rule checks were kept get theirs now (once).
  await fillMissingRuleChecks(db.orm, (m) => logger.info(m));
  if (seeded) {
    for (const s of seeded) logger.info({ municipality: s.municipality.name, added: s.totals.added }, 'loaded bundled dataset');
  }

  const httpServer = createServer();
  const { app } = await createApp({
    orm: db.orm,
    appOrm: db.appOrm,
    publicMode: config.publicMode,
    requestBudgetMs: config.requestBudgetMs,
    importBudgetMs: config.importBudgetMs,
    schema: await createSchema(),
    logger,
    production: config.production,
    fourEyesOnReturn: config.fourEyesOnReturn,
    replicas: db.replicas,
    dashboardDir: config.dashboardDir,
    httpServer,
    adminToken: config.adminToken,
    oidc: config.oidc,
    localPasswords: config.localPasswords,
  });
  httpServer.on('request', app);
  await new Promise<void>((ok, fail) => {
    httpServer.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new StartupError(`Port ${config.port} is already in use: stop what listens there or set PORT to another port.`) : e),
    );
    httpServer.listen(config.port, config.host, () => ok());
  });
  // Reminders and e-mails, outside any request (server/src/cycle/worker.ts).
  worker = startReminderWorker(
    db.orm,
    { intervalMs: config.reminderIntervalMs, reminderDays: config.reminderDays, publicUrl: config.publicUrl, mail: config.smtpUrl ? { url: config.smtpUrl, from: config.mailFrom } : undefined },
    logger,
  );
  logger.info(`listening on http://localhost:${config.port}/ (GraphQL at /graphql)`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await new Promise<void>((ok) => httpServer.close(() => ok()));
    await worker?.stop();
    await stopListening?.();
    await db?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

(config.workers > 1 && cluster.isPrimary ? supervise() : main()).catch(async (e: unknown) => {
  await db?.close().catch(() => {});
  if (e instanceof StartupError) {
    console.error(`起動できません / Cannot start: ${e.message}`);
  } else {
    logger.fatal({ err: e }, 'startup failed');
  }
  process.exit(1);
});
