/**
 * The reminder worker every API process runs: tells workflow steps, checks deadlines and sends
 * queued e-mails every REMINDER_INTERVAL_MS. Several processes may run it at once (the queue and
 * the events are claimed with SKIP LOCKED; reminders have keys); none of it runs in a request.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { MailQueue, type MailSettings } from './mail-queue.js';
import { ReminderService } from './reminders.js';

export interface WorkerSettings {
  intervalMs: number;
  reminderDays: number[];
  publicUrl: string;
  mail?: MailSettings;
}

export interface ReminderWorker {
  reminders: ReminderService;
  mail: MailQueue | null;
  /** One pass now (also what the timer runs). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the worker (`intervalMs` 0: no timer, passes only through `runOnce`). */
export function startReminderWorker(owner: MikroORM, settings: WorkerSettings, logger: Pick<Logger, 'warn'>, clock: Clock = systemClock): ReminderWorker {
  const reminders = new ReminderService(owner, clock, { reminderDays: settings.reminderDays, publicUrl: settings.publicUrl, mail: !!settings.mail });
  const mail = settings.mail ? new MailQueue(owner, settings.mail, clock) : null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = async () => {
    await reminders.dispatchEvents();
    await reminders.scanDeadlines();
    if (mail) {
      const r = await mail.sendDue();
      if (r.failed) logger.warn({ failed: r.failed, sent: r.sent }, 'メールを送れませんでした。後で再送します / some e-mails could not be sent: they stay queued');
    }
  };
  const runOnce = async () => {
    // One pass at a time in this process; a failing pass (database down) waits for the next tick.
    if (!running)
      running = pass()
        .catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'reminder pass failed'))
        .finally(() => (running = null));
    return running;
  };
  const timer = settings.intervalMs > 0 ? setInterval(() => void (stopped || runOnce()), settings.intervalMs) : null;
  timer?.unref();
  return {
    reminders,
    mail,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      mail?.close();
    },
  };
}
