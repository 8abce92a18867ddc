/**
 * Turns what happened into notifications (the bell) and queued e-mails, on the owner's
 * connection (the API's role cannot read accounts):
 * - `dispatchEvents`: workflow steps written to `notification_event` in the step's own
 *   transaction → the reviewers (submitted) or the evaluation's writers (returned, accepted).
 * - `scanDeadlines`: each open cycle's department editors whose department still has work: a
 *   deadline near (REMINDER_DAYS, default 7 and 1 days before) or passed. Each reminder has a
 *   key (`dedupe_key`), so running the scan again, or in several processes at once, adds nothing.
 * Both take "now" from the injected clock.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from './clock.js';
import { daysBetween, tokyoDate } from './clock.js';
import { departmentDeadline } from './deadlines.js';
import { deadlineMessage, mailText, stepMessage, type NotificationKind, type StepKind } from './messages.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;
type Sql = (text: string, params?: unknown[]) => Promise<Row[]>;
/** Statements in an EntityManager's transaction. */
const inTx = (em: EntityManager): Sql => (t, p = []) => em.execute(t, p) as Promise<Row[]>;

export interface ReminderSettings {
  /** Days before a deadline that remind (REMINDER_DAYS, default [7, 1]). */
  reminderDays: number[];
  /** PUBLIC_URL: the dashboard's address as users reach it, for links in e-mails. */
  publicUrl: string;
  /** Whether e-mails are queued (SMTP_URL is set). */
  mail: boolean;
}

const COLUMN: Record<string, string> = { policy_node: 'policy_node_id', indicator: 'indicator_id', project: 'project_id' };

interface NewNotification {
  municipalityId: number | null;
  userId: number;
  email: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  cycleId?: number | null;
  departmentId?: number | null;
  dedupeKey?: string | null;
}

/**
 * Outstanding (not submitted nor accepted) subjects per department for a city, fiscal year and
 * stage; subjects are those the stage has ever rated, at their latest department (as the progress page counts).
 */
export const OUTSTANDING_SQL = `
  with subj as (
    select distinct on (subject_kind, policy_node_id, indicator_id, project_id) subject_kind, policy_node_id, indicator_id, project_id, department_id
      from evaluation_subject where municipality_id = ? and stage = ?::evaluation_stage
     order by subject_kind, policy_node_id, indicator_id, project_id, fiscal_year desc),
  cur as (
    select es.subject_kind, es.policy_node_id, es.indicator_id, es.project_id, e.status
      from evaluation_subject es join evaluation e on e.id = es.id
     where es.municipality_id = ? and es.stage = ?::evaluation_stage and es.fiscal_year = ?)
  select s.department_id, d.path, count(*)::int as assigned,
         count(*) filter (where c.status is null or c.status in ('draft', 'returned'))::int as outstanding
    from subj s
    left join cur c on c.subject_kind = s.subject_kind and c.policy_node_id is not distinct from s.policy_node_id
                   and c.indicator_id is not distinct from s.indicator_id and c.project_id is not distinct from s.project_id
    left join department d on d.id = s.department_id
   group by s.department_id, d.path`;

export class ReminderService {
  constructor(
    private readonly owner: MikroORM,
    private readonly clock: Clock,
    readonly settings: ReminderSettings,
  ) {}

  /** Inserts notifications (skipping any whose key exists) and their e-mails; how many were new. */
  private async insert(sql: Sql, list: NewNotification[]): Promise<number> {
    let added = 0;
    for (const n of list) {
      const [row] = await sql(
        `insert into notification (municipality_id, user_id, kind, title, body, link, cycle_id, department_id, dedupe_key, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz) on conflict (dedupe_key) do nothing returning id`,
        [n.municipalityId, n.userId, n.kind, n.title, n.body, n.link, n.cycleId ?? null, n.departmentId ?? null, n.dedupeKey ?? null, this.clock.now()],
      );
      if (!row) continue;
      added++;
      if (this.settings.mail && n.email) {
        const m = mailText(n.title, n.body, n.link ? new URL(n.link, this.settings.publicUrl).href : null);
        await sql(`insert into mail_outbox (notification_id, to_address, subject, body, next_attempt_at) values (?, ?, ?, ?, ?::timestamptz)`, [
          row.id,
          n.email,
          m.subject,
          m.text,
          this.clock.now(),
        ]);
      }
    }
    return added;
  }

  /** Workflow steps not yet told: claimed with SKIP LOCKED, so two processes never tell twice. */
  async dispatchEvents(limit = 100): Promise<number> {
    return this.owner.em.fork().transactional(async (em) => {
      const sql = inTx(em);
      const events = await sql(`select * from notification_event where dispatched_at is null order by id limit ? for update skip locked`, [limit]);
      let added = 0;
      for (const ev of events) {
        const [e] = await sql(
          `select e.id, e.subject_kind, e.policy_node_id, e.indicator_id, e.project_id, e.fiscal_year, e.stage, es.subject_name as name, m.code
             from evaluation e join evaluation_subject es on es.id = e.id join municipality m on m.id = e.municipality_id where e.id = ?`,
          [ev.evaluation_id],
        );
        if (e) {
          const kind = ev.kind as StepKind;
          const [actor] = ev.actor_user_id === null ? [] : await sql(`select display_name from app_user where id = ?`, [ev.actor_user_id]);
          const recipients =
            kind === 'submitted'
              ? await sql(
                  `select u.id, u.email from app_user u where u.municipality_id = ? and u.role = 'reviewer' and not u.disabled and u.id is distinct from ?::int
                      and (not exists (select 1 from evaluation_cycle c where c.municipality_id = u.municipality_id and c.fiscal_year = ? and c.stage = ?::evaluation_stage and c.reviewer_user_id is not null)
                           or u.id in (select c.reviewer_user_id from evaluation_cycle c where c.municipality_id = u.municipality_id and c.fiscal_year = ? and c.stage = ?::evaluation_stage))`,
                  [ev.municipality_id, ev.actor_user_id, e.fiscal_year, e.stage, e.fiscal_year, e.stage],
                )
              : await sql(
                  `select distinct u.id, u.email from evaluation_history h join app_user u on u.id = h.user_id
                    where h.evaluation_id = ? and h.action in ('create', 'save', 'submit') and not u.disabled and u.id is distinct from ?::int`,
                  [ev.evaluation_id, ev.actor_user_id],
                );
          const msg = stepMessage(kind, { subjectName: e.name, fiscalYear: Number(e.fiscal_year), stage: e.stage, actorName: actor?.display_name ?? 'システム', comment: ev.comment });
          const link = `/entry/${e.subject_kind}/${e[COLUMN[e.subject_kind]!]}?city=${e.code}&fy=${e.fiscal_year}&stage=${e.stage}`;
          added += await this.insert(
            sql,
            recipients.map((r) => ({ municipalityId: Number(ev.municipality_id), userId: Number(r.id), email: r.email, kind, ...msg, link, dedupeKey: `event:${ev.id}:${r.id}` })),
          );
        }
        await sql(`update notification_event set dispatched_at = ?::timestamptz where id = ?`, [this.clock.now(), ev.id]);
      }
      return added;
    });
  }

  /** Reminders of deadlines near and passed, for every open cycle; how many were new. */
  async scanDeadlines(): Promise<number> {
    const sql: Sql = (t, p = []) => this.owner.em.getConnection().execute(t, p) as Promise<Row[]>;
    const today = tokyoDate(this.clock.now());
    const cycles = await sql(
      `select c.id, c.municipality_id, c.fiscal_year, c.stage, c.deadline::text as deadline, m.code
         from evaluation_cycle c join municipality m on m.id = c.municipality_id where c.closed_at is null and c.opens_on <= ?::date`,
      [today],
    );
    const days = [...this.settings.reminderDays].sort((a, b) => a - b);
    let added = 0;
    for (const c of cycles) {
      const own = new Map(
        (await sql(`select department_id, deadline::text as deadline from cycle_deadline where cycle_id = ?`, [c.id])).map((r) => [Number(r.department_id), String(r.deadline)]),
      );
      const work = await sql(OUTSTANDING_SQL, [c.municipality_id, c.stage, c.municipality_id, c.stage, c.fiscal_year]);
      const editors = await sql(
        `select u.id, u.email, u.department_id, d.path from app_user u join department d on d.id = u.department_id
          where u.municipality_id = ? and u.role = 'department_editor' and not u.disabled`,
        [c.municipality_id],
      );
      const list: NewNotification[] = [];
      for (const u of editors) {
        const outstanding = work.filter((w) => w.path && String(w.path).startsWith(u.path)).reduce((a, w) => a + Number(w.outstanding), 0);
        if (!outstanding) continue;
        const deadline = departmentDeadline(own, c.deadline, u.path);
        const left = daysBetween(today, deadline);
        const link = `/progress?city=${c.code}&fy=${c.fiscal_year}&stage=${c.stage}`;
        const base = { municipalityId: Number(c.municipality_id), userId: Number(u.id), email: u.email, link, cycleId: Number(c.id), departmentId: Number(u.department_id) };
        const facts = { fiscalYear: Number(c.fiscal_year), stage: c.stage, deadline, daysLeft: left, outstanding };
        if (left < 0) {
          list.push({ ...base, kind: 'deadline_passed', ...deadlineMessage('deadline_passed', facts), dedupeKey: `overdue:${c.id}:${u.id}:${deadline}` });
        } else {
          const d = days.find((x) => left <= x);
          if (d !== undefined) list.push({ ...base, kind: 'deadline_near', ...deadlineMessage('deadline_near', facts), dedupeKey: `near:${c.id}:${u.id}:${deadline}:${d}` });
        }
      }
      // A notification and its e-mail together, or neither.
      added += await this.owner.em.fork().transactional((em) => this.insert(inTx(em), list));
    }
    return added;
  }
}
