/**
 * Counts what the database sends into this process: the rows of every result, and the items of
 * any JSON array inside a row (a statement can return one row holding thousands of subjects).
 * Counted at pg's client, which knex, MikroORM and the request transactions all go through.
 */
import pg from 'pg';

export interface RowsRead {
  /** Rows plus JSON array items since the counter started or was reset. */
  readonly count: number;
  reset(): void;
  stop(): void;
}

function itemsOf(result: unknown): number {
  const results = Array.isArray(result) ? result : [result];
  let n = 0;
  for (const r of results as { rows?: unknown[] }[]) {
    for (const row of r?.rows ?? []) {
      n++;
      for (const v of Object.values(row as Record<string, unknown>)) {
        const parsed = typeof v === 'string' && v.startsWith('[') ? safeParse(v) : v;
        if (Array.isArray(parsed)) n += parsed.length;
      }
    }
  }
  return n;
}
const safeParse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};

/** Starts counting in this process (every pg client); `stop()` puts pg back as it was. */
export function countRowsRead(): RowsRead {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const cb = args.at(-1);
    if (typeof cb === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => {
        if (!err) n += itemsOf(res);
        return (cb as (e: unknown, r: unknown) => unknown)(err, res);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') return (out as Promise<unknown>).then((res) => ((n += itemsOf(res)), res));
    return out;
  };
  return {
    get count() {
      return n;
    },
    reset: () => void (n = 0),
    stop: () => void (proto.query = original),
  };
}
