/**
 * Loads `.graphql` files as parsed documents: the text is parsed at build time, so the
 * bundle ships a ready DocumentNode (no runtime parser, no codegen server).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import type { Plugin } from 'vite';

export function graphqlLoader(): Plugin {
  return {
    name: 'seisaku-graphql-loader',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.graphql')) return null;
      const source = readFileSync(id, 'utf8');
      // Throws with the file and position on a syntax error, failing the build.
      const doc = parse(source, { noLocation: true });
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`, map: null };
    },
  };
}
