/**
 * The e-mail queue (`mail_outbox`): rows are written with the notification they tell of, and
 * sent later by whichever API process claims them first. A claim takes due rows with
 * `FOR UPDATE SKIP LOCKED` (several processes never take the same row) and pushes their next
 * attempt past a lease, so a process that dies mid-send leaves them to be retried, not lost.
 * A failed send waits longer each time (30 s doubling, at most an hour) and is kept until sent:
 * an SMTP server that is down loses nothing.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from './clock.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** How long a claimed row stays with its process before another may take it. */
const LEASE_SECONDS = 120;
/** Rows one pass sends at most. */
export const MAIL_BATCH = 20;

/** Wait before the next try after `attempts` failed ones: 30 s, 60 s, 120 s … at most an hour. */
export const retryDelaySeconds = (attempts: number): number => Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600);

export interface MailSettings {
  /** SMTP_URL, e.g. smtp://user:pass@mail.city.example.jp:587 (smtps:// for TLS from the start). */
  url: string;
  /** MAIL_FROM: the sender's address. */
  from: string;
}

export class MailQueue {
  private readonly transport: Transporter;

  constructor(
    private readonly owner: MikroORM,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {
    // Short timeouts: a server that does not answer is retried later, not waited for.
    this.transport = nodemailer.createTransport(settings.url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  }

  private sql(text: string, params: unknown[] = []): Promise<Row[]> {
    return this.owner.em.getConnection().execute(text, params) as Promise<Row[]>;
  }

  /** Sends what is due; how many went out and how many failed (they stay queued). */
  async sendDue(limit = MAIL_BATCH): Promise<{ sent: number; failed: number }> {
    const now = this.clock.now();
    const claimed = await this.sql(
      `update mail_outbox set next_attempt_at = ?::timestamptz + make_interval(secs => ?), attempts = attempts + 1
        where id in (select id from mail_outbox where sent_at is null and next_attempt_at <= ?::timestamptz order by id limit ? for update skip locked)
        returning id, to_address, subject, body, attempts`,
      [now, LEASE_SECONDS, now, limit],
    );
    let sent = 0;
    let failed = 0;
    for (const m of claimed) {
      try {
        await this.transport.sendMail({ from: this.settings.from, to: m.to_address, subject: m.subject, text: m.body });
        await this.sql(`update mail_outbox set sent_at = ?::timestamptz, last_error = null where id = ?`, [this.clock.now(), m.id]);
        sent++;
      } catch (e) {
        failed++;
        await this.sql(`update mail_outbox set last_error = ?, next_attempt_at = ?::timestamptz + make_interval(secs => ?) where id = ?`, [
          String((e as Error).message).slice(0, 500),
          this.clock.now(),
          retryDelaySeconds(Number(m.attempts)),
          m.id,
        ]);
      }
    }
    return { sent, failed };
  }

  close(): void {
    this.transport.close();
  }
}
