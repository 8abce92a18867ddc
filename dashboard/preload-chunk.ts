/**
 * Adds `<link rel="modulepreload">` for the chunk of a lazily imported package to the built
 * page: the browser fetches and compiles it from the start, and runs it only when the code that
 * imports it does.
 */
import type { Plugin } from 'vite';

export function preloadChunk(packageName: string): Plugin {
  let file: string | undefined;
  return {
    name: 'seisaku-preload-chunk',
    apply: 'build',
    generateBundle(_options, bundle) {
      file = Object.values(bundle).find((c) => c.type === 'chunk' && c.moduleIds.some((id) => id.includes(`/node_modules/${packageName}/`)))?.fileName;
      if (!file) this.error(`no chunk holds ${packageName}`);
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => (file ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `/${file}` }, injectTo: 'head' }] : []),
    },
  };
}
