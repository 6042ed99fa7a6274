// Builds the registry's web app into server/web/dist (served by the registry server). Run by
// `npm install` (the root `prepare` script); no CDN, every asset is bundled.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the Content-Security-Policy allows only files from the server.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
