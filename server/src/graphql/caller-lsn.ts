/**
 * Read-your-writes across processes and replicas: after a mutation commits, the caller's session
 * keeps the primary's WAL position (auth.service.ts `recordWrite`), and the answer carries it in
 * the header `x-seisaku-lsn` (for callers without a session, who may send it back). The caller's
 * later reads, through any API process, are served from data at least that new
 * (read-routing.ts) under cache keys read after it (cache.ts).
 */
import type { Request } from 'express';
import { parseLsn } from '../db/replicas.js';

export const LSN_HEADER = 'x-seisaku-lsn';

interface Caller {
  principal?: object;
  http?: { req?: Pick<Request, 'headers'> };
}

/** The position of the caller's last write, or 0 (a malformed header is ignored: it could only make a read wait). */
export function callerLsn(ctx: Caller): bigint {
  const header = ctx.http?.req?.headers[LSN_HEADER];
  const fromHeader = parseLsn(Array.isArray(header) ? header[0] : header) ?? 0n;
  const fromSession = parseLsn((ctx.principal as { writeLsn?: string | null } | undefined)?.writeLsn) ?? 0n;
  return fromHeader > fromSession ? fromHeader : fromSession;
}
