/**
 * Loads `.graphql` files as parsed documents: the text (with the fragments it imports, see
 * graphql-documents.mjs) is parsed at build time, so the bundle ships a ready DocumentNode (no
 * runtime parser, no codegen server). `file.graphql?request` is the operation's text as the
 * Apollo client sends it (every selection with `__typename`), for a request sent without Apollo
 * (boot.ts) whose answer goes into Apollo's cache.
 */
import { Kind, parse, print, visit, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'vite';
import { documentFiles, readDocument } from './graphql-documents.mjs';

export function graphqlLoader(): Plugin {
  return {
    name: 'seisaku-graphql-loader',
    enforce: 'pre',
    load(id) {
      if (id.endsWith('.graphql?request')) {
        const file = id.slice(0, -'?request'.length);
        const text = print(withTypename(parse(readDocument(file), { noLocation: true })));
        return { code: `export default ${JSON.stringify(text)};`, map: null };
      }
      if (!id.endsWith('.graphql')) return null;
      const source = readDocument(id);
      for (const f of documentFiles(id).slice(1)) this.addWatchFile(f);
      // Throws with the file and position on a syntax error, failing the build.
      const doc = parse(source, { noLocation: true });
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`, map: null };
    },
  };
}

const TYPENAME = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } } as const;

/** `__typename` in every selection set but the operation's own, as Apollo's cache adds it. */
function withTypename<T extends import('graphql').DocumentNode>(doc: T): T {
  return visit(doc, {
    SelectionSet: {
      leave(node: SelectionSetNode, _key, parent) {
        const isRoot = parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION;
        if (isRoot || node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
        return { ...node, selections: [...node.selections, TYPENAME] };
      },
    },
  });
}
