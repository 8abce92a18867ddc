/**
 * The filters among a resolver's arguments, checked before it runs (type-graphql's `validateFn`,
 * registered in schema.ts): fiscal years inside the tables' bounds, municipality codes well formed
 * and known to the caller. Each refusal names the argument's path (`filter.fiscalYears.from`,
 * `filter.municipalityCodes[1]`) and the value. A city the caller's row-level security hides is
 * refused exactly as one that does not exist ("unknown or not visible"): the answer never tells
 * the two apart.
 */
import type { ResolverData } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { FilterError } from './errors.js';
import { checkFiscalYears, checkMunicipalityCodeFormat, type FiscalYearFilter } from './filters.js';
import { execute } from './loaders.js';

/** How deep filters sit in a resolver's arguments (`filter.fiscalYears`, `args.filter.municipalityCodes`). */
const MAX_DEPTH = 3;

/**
 * Argument objects a request has had checked: type-graphql calls `validateFn` once per parameter
 * with the same raw arguments, and a compiled query may pass one object for every row and request.
 */
const checked = new WeakMap<object, WeakSet<object>>();

/**
 * Municipality codes and their ids as statements have found them, for the whole process: whether
 * the caller sees a city is then its scope's question (the `municipality` table's row-level
 * security is exactly `scope.all` or the id among `scope.municipalityIds`), and a filter on known
 * cities costs no statement. A code not here, or a city not in the caller's scope, is looked up
 * under the caller's row-level security before it is refused (a city imported again has a new id).
 */
const directory = new Map<string, number>();

/** Per request context: each code looked up, to its statement's answer (one statement for the panels of a request asking at once). */
const lookups = new WeakMap<object, Map<string, Promise<Set<string>>>>();

/** type-graphql's `validateFn`: checks every filter in the resolver's raw arguments, once per call. */
export async function checkFilterArguments(_value: unknown, _type: unknown, data: ResolverData): Promise<void> {
  const args = data.args as Record<string, unknown> | undefined;
  if (!args) return;
  const ctx = data.context as GraphQLContext;
  const done = checked.get(ctx) ?? new WeakSet<object>();
  checked.set(ctx, done);
  if (done.has(args)) return;
  done.add(args);
  const codes: { path: string; codes: string[] }[] = [];
  const walk = (o: Record<string, unknown>, path: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (v === null || typeof v !== 'object') continue;
      const here = path ? `${path}.${k}` : k;
      if (k === 'municipalityCodes' && Array.isArray(v)) {
        checkMunicipalityCodeFormat(v as string[], here);
        if (v.length) codes.push({ path: here, codes: v as string[] });
      } else if (k === 'fiscalYears' && !Array.isArray(v)) checkFiscalYears(v as FiscalYearFilter, here);
      else if (!Array.isArray(v) && depth < MAX_DEPTH) walk(v as Record<string, unknown>, here, depth + 1);
    }
  };
  walk(args, '', 1);
  for (const c of codes) {
    const unseen = await unseenCodes(ctx, c.codes);
    const i = c.codes.findIndex((code) => unseen.includes(code));
    if (i >= 0)
      throw new FilterError(
        `${c.path}[${i}]`,
        `自治体コード ${c.codes[i]} の自治体はないか、閲覧が許されていません / no municipality with code ${c.codes[i]} (unknown or not visible to you)`,
      );
  }
}

/** The codes among `codes` of no city the caller sees (row-level security); a statement only for codes the directory cannot answer. */
async function unseenCodes(ctx: GraphQLContext, codes: readonly string[]): Promise<string[]> {
  const sees = (id: number | undefined) => id !== undefined && (ctx.scope.all || ctx.scope.municipalityIds.includes(id));
  const ask = [...new Set(codes)].filter((c) => !sees(directory.get(c)));
  if (!ask.length) return [];
  const memo = lookups.get(ctx) ?? new Map<string, Promise<Set<string>>>();
  lookups.set(ctx, memo);
  const fresh = ask.filter((c) => !memo.has(c));
  if (fresh.length) {
    const found = execute<{ id: number; code: string }[]>(ctx.em, 'select id, code from municipality where code = any(?)', [fresh]).then((rows) => {
      for (const r of rows) directory.set(String(r.code), Number(r.id));
      return new Set(rows.map((r) => String(r.code)));
    });
    for (const c of fresh) memo.set(c, found);
  }
  const seen = await Promise.all(ask.map((c) => memo.get(c)!));
  return ask.filter((c, i) => !seen[i]!.has(c));
}
