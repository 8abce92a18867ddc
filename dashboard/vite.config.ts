import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { graphqlLoader } from './graphql-loader.ts';
import { earlyEntry, preloadChunk } from './preload-chunk.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  // The chart library is fetched and compiled while the first queries run, and run only when a
  // chart needs it (evaluating it at start-up held the main thread as the first answers came).
  // boot.ts asks for the list of cities before the main bundle has loaded.
  plugins: [graphqlLoader(), vue(), preloadChunk('apexcharts'), earlyEntry('src/boot.ts')],
  define: {
    // vue-i18n: JIT message compilation (no eval, so the strict CSP holds) and no devtools.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/graphql': 'http://localhost:4000' },
  },
});
