/**
 * Build-time additions to the page's head for a fast first view (vite.config.ts).
 *
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

/**
 * Builds `entry` (a module path under the dashboard) as an entry of its own and puts it first in
 * the built page as a module script, so it runs while the main bundle is still loading.
 */
export function earlyEntry(entry: string): Plugin {
  let file: string | undefined;
  return {
    name: 'seisaku-early-entry',
    apply: 'build',
    config: (config) => {
      const input = config.build?.rollupOptions?.input;
      return { build: { rollupOptions: { input: { ...(typeof input === 'object' && !Array.isArray(input) ? input : { index: 'index.html' }), boot: entry } } } };
    },
    generateBundle(_options, bundle) {
      file = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith(entry.replace(/^\.\//, '')))?.fileName;
      if (!file) this.error(`no entry chunk for ${entry}`);
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => (file ? [{ tag: 'script', attrs: { type: 'module', crossorigin: '', src: `/${file}` }, injectTo: 'head-prepend' }] : []),
    },
  };
}
