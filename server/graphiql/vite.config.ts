/**
 * The analysts' GraphQL IDE, served by the server at /graphiql. Built on its own (React and
 * GraphiQL 3, no web workers, no CDN) into server/dist/graphiql; `npm run build -w server` runs it.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/graphiql/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    // Inside server/dist (ignored by git; tsc never writes there).
    outDir: fileURLToPath(new URL('../dist/graphiql', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or data: modules under the server's CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // Radix UI's "use client" directives mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
});
