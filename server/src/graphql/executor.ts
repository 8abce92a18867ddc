/**
 * Executes operations with compiled code (graphql-jit) instead of graphql-js's interpreter.
 *
 * graphql-js walks the document for every object of an answer: it collects the fields again,
 * builds each field's arguments (an object even when there are none), a path and an info object,
 * and checks every value. For the annual report (300 KB of JSON) that was half of all the memory
 * a request allocated (15 of 30 MB) and 10–13 ms. A compiled query is a function generated once
 * per document and operation that does only what the document asks and reads plain fields as
 * properties (createSchema leaves them without resolvers): 1.7 MB for the same report. Measured in
 * one process, the two executors taking requests in turn: the report 0.87–0.90 of graphql-js's
 * time, the rating distribution 0.79–0.81, the indicator list 0.70–0.74.
 * tests/integration/executor.test.ts checks that every dashboard query and example query gives
 * the same JSON as graphql-js, errors included.
 *
 * Apollo Server lets another executor take over through its gateway interface: the schema is
 * still ours (Apollo parses and validates against it, and every plugin — limits, the request's
 * transaction, the response cache — runs as before); only `execute` is replaced.
 * Compiled queries are kept per parsed document: Apollo keeps one parsed document per query text
 * (its document store, an LRU), so a document it drops takes its compiled query with it.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { withAnswerForms } from './answer-form.js';
import {
  GraphQLError,
  Kind,
  astFromValue,
  execute,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  type SourceLocation,
} from 'graphql';

type Compiled = CompiledQuery | ExecutionResult | typeof INTERPRETED;

/**
 * graphql-jit writes out every fragment spread where it stands, so fragments that spread others
 * twice over (valid GraphQL, cheap to run: the fields merge) would be compiled into 2^n copies.
 * A document that expands beyond this many selections runs on graphql-js's interpreter instead,
 * which merges them; the dashboard's largest document (the annual report) expands to 176.
 */
export const MAX_COMPILED_SELECTIONS = 5_000;
const INTERPRETED = Symbol('interpreted');

/** The selections of `set` with every fragment spread written out, counted without writing them out (each fragment counted once). */
export function expandedSelections(document: DocumentNode, set: SelectionSetNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const sizes = new Map<string, number>();
  const size = (s: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const sel of s?.selections ?? []) {
      if (sel.kind === Kind.FIELD) n += 1 + size(sel.selectionSet);
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += size(sel.selectionSet);
      else {
        const name = sel.name.value;
        if (!sizes.has(name)) {
          sizes.set(name, 0); // a cycle (refused by validation before this) counts nothing
          sizes.set(name, size(fragments.get(name)?.selectionSet));
        }
        n += sizes.get(name)!;
      }
    }
    return n;
  };
  return size(set);
}

/** Compiled queries of `schema`, by document and operation name. */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const byDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();
  return async (rc) => {
    // No operation to run (several in the document and no operationName, or an unknown one):
    // graphql-js's own error, which Apollo answers 400.
    if (!rc.operation) {
      return execute({ schema, document: rc.document, operationName: rc.request.operationName, contextValue: rc.context, variableValues: rc.request.variables });
    }
    const name = rc.operationName ?? '';
    let ops = byDocument.get(rc.document);
    if (!ops) byDocument.set(rc.document, (ops = new Map()));
    let compiled = ops.get(name);
    if (!compiled) {
      compiled =
        // No operation of that name (Apollo leaves `operation` unset): compileQuery answers graphql-js's error.
        rc.operation && expandedSelections(rc.document, rc.operation.selectionSet) > MAX_COMPILED_SELECTIONS
          ? INTERPRETED
          : compileQuery(schema, rc.document, rc.operationName ?? undefined);
      ops.set(name, compiled);
    }
    if (compiled === INTERPRETED) {
      return withAnswerForms(rc.context, await execute({ schema, document: rc.document, operationName: rc.operationName, contextValue: rc.context, variableValues: rc.request.variables }));
    }
    // A document that does not compile (no such operation) answers with graphql-js's own error.
    if (!isCompiledQuery(compiled)) return compiled;
    // Variables are checked by graphql-js (its rules and messages), then handed to the compiled
    // query with the defaults written in: graphql-jit's own coercion refuses an omitted non-null
    // variable or input field that has a default (`$year: Int! = 2022`, `Boolean! = true`).
    const given = rc.request.variables ?? {};
    const checked = getVariableValues(schema, rc.operation.variableDefinitions ?? [], given, { maxErrors: 50 });
    if (checked.errors) return { errors: checked.errors };
    const variables: Record<string, unknown> = {};
    for (const def of rc.operation.variableDefinitions ?? []) {
      const name = def.variable.name.value;
      // A variable left out takes its definition's default (graphql-jit refuses it when non-null).
      const value = name in given ? given[name] : def.defaultValue ? valueFromASTUntyped(def.defaultValue) : undefined;
      if (value === undefined) continue;
      const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
      variables[name] = type ? withInputDefaults(type, value) : value;
    }
    const result = await compiled.query(undefined, rc.context, variables);
    return withAnswerForms(rc.context, result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result);
  };
}

/** `value` (a variable as sent) with every omitted input-object field that has a default given it, as sent. */
function withInputDefaults(type: GraphQLInputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return withInputDefaults(type.ofType, value);
  if (isListType(type)) return Array.isArray(value) ? value.map((v) => withInputDefaults(type.ofType, v)) : withInputDefaults(type.ofType, value);
  const named = getNamedType(type);
  if (!isInputObjectType(named) || typeof value !== 'object') return value;
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...given };
  for (const field of Object.values(named.getFields())) {
    if (field.name in given) out[field.name] = withInputDefaults(field.type, given[field.name]);
    else if (field.defaultValue !== undefined) out[field.name] = defaultAsSent(field);
  }
  return out;
}

const sentDefaults = new WeakMap<GraphQLInputField, unknown>();
/** An input field's default as a client would send it (an enum by its name, not its internal value). */
function defaultAsSent(field: GraphQLInputField): unknown {
  if (!sentDefaults.has(field)) {
    const ast = astFromValue(field.defaultValue, field.type);
    sentDefaults.set(field, ast ? valueFromASTUntyped(ast) : null);
  }
  return sentDefaults.get(field);
}

/**
 * graphql-jit reports errors with its own class (graphql 14's shape: no `extensions` object when
 * the cause had none, no `toJSON`); Apollo and our error formatting expect graphql-js's. The
 * same message, path, locations, cause and extensions as graphql-js would give.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const { message, path, originalError, extensions } = e as GraphQLError & { originalError?: Error | null };
  const cause = originalError ?? undefined;
  if (cause instanceof GraphQLError && cause.path) return cause;
  const error = new GraphQLError(message, { path, originalError: cause, extensions: extensions ?? undefined });
  (error as { locations?: readonly SourceLocation[] }).locations = e.locations;
  return error;
}

/** The schema and the compiled executor, in the shape Apollo Server takes as `gateway`. */
export function compiledGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    async load() {
      return { executor: compiledExecutor(schema) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
