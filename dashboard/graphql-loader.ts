/**
 * Loads `.graphql` files as parsed documents: the text (with the fragments it imports, see
 * graphql-documents.mjs) is parsed at build time, so the bundle ships a ready DocumentNode (no
 * runtime parser, no codegen server).
 */
import { parse } from 'graphql';
import type { Plugin } from 'vite';
import { documentFiles, readDocument } from './graphql-documents.mjs';

export function graphqlLoader(): Plugin {
  return {
    name: 'seisaku-graphql-loader',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.graphql')) return null;
      const source = readDocument(id);
      for (const f of documentFiles(id).slice(1)) this.addWatchFile(f);
      // Throws with the file and position on a syntax error, failing the build.
      const doc = parse(source, { noLocation: true });
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`, map: null };
    },
  };
}
