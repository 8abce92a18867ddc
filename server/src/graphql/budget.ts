/**
 * One time budget per request (issue 25). A request's statements share one deadline: each runs
 * under what is left of it (`statement_timeout` from the remaining time when the transaction
 * starts), and when the deadline passes the statement running then is cancelled through
 * PostgreSQL's cancel protocol and no further statement is sent. The request fails once, with
 * QUERY_TIMEOUT, at the budget, not after a statement timeout per statement.
 */
import pg from 'pg';

/** SQLSTATE of a cancelled statement (statement_timeout, cancel request): answered as QUERY_TIMEOUT. */
export const QUERY_CANCELED = '57014';

/** A request's deadline, on the monotonic clock (`performance.now()`). */
export interface Budget {
  /** When the request must be done (performance.now() time). */
  deadline: number;
  /** Milliseconds the budget had when it started. */
  total: number;
}

/** A budget of `ms` from now (or from `start`, a performance.now() time). */
export function budgetOf(ms: number, start = performance.now()): Budget {
  return { deadline: start + ms, total: ms };
}

/** Milliseconds left, at least 1 (statement_timeout 0 would mean none). */
export function remainingMs(b: Budget): number {
  return Math.max(1, Math.floor(b.deadline - performance.now()));
}

/** True once the deadline has passed. */
export const spent = (b: Budget): boolean => performance.now() >= b.deadline;

/** The error a statement refused or cancelled for the budget carries (SQLSTATE 57014, like statement_timeout). */
export class BudgetSpentError extends Error {
  readonly code = QUERY_CANCELED;
  constructor(budget: Budget) {
    super(`the request's time budget of ${budget.total} ms is spent`);
  }
}

/** The part of a pg client the cancel request needs. */
interface Cancellable {
  processID: number | null;
  secretKey: number | null;
  host?: string;
  port?: number;
}

/**
 * Asks PostgreSQL to cancel what `client`'s backend runs now (the protocol's CancelRequest on a
 * connection of its own: no authentication, no pool connection). A backend waiting for its next
 * command ignores it. Settles once the server has taken the request (it closes that connection),
 * so the caller can wait before handing the connection to anyone else; never rejects.
 */
export function cancelRunning(client: Cancellable): Promise<void> {
  if (client.processID == null || client.secretKey == null) return Promise.resolve();
  return new Promise((done) => {
    // pg's Connection speaks the protocol; its typings omit connect and cancel.
    const con = new pg.Connection() as unknown as CancelConnection;
    const host = client.host ?? 'localhost';
    const port = client.port ?? 5432;
    // A lost cancel request is not worth waiting for.
    const giveUp = setTimeout(() => {
      con.stream.destroy();
      done();
    }, 2_000);
    const finish = () => {
      clearTimeout(giveUp);
      done();
    };
    con.on('error', finish);
    con.on('end', finish);
    con.on('connect', () => con.cancel(client.processID!, client.secretKey!));
    if (host.startsWith('/')) con.connect(`${host}/.s.PGSQL.${port}`);
    else con.connect(port, host);
  });
}
interface CancelConnection {
  stream: { destroy(): void };
  on(event: string, f: () => void): void;
  connect(port: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
  end(): void;
}
