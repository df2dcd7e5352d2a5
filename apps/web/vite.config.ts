import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// In dev the SPA talks to a running BFF through this proxy, so the browser sees one
// origin exactly as in production, where the BFF serves dist/ itself.
const bff = process.env.CORRAL_BFF_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // `source` makes @corral/shared resolve to its TypeScript sources: no build step
  // between editing the search language and seeing it in the browser.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/trpc': { target: bff, changeOrigin: true },
      '/auth': { target: bff, changeOrigin: true },
      '/api': { target: bff, changeOrigin: true, ws: true },
      // Console websockets (`/console/<ticket>`) go to the BFF's proxy; a page load of
      // `/console/<vmId>` is the SPA's console page.
      '/console': {
        target: bff,
        changeOrigin: true,
        ws: true,
        bypass: (req) => (req.headers.upgrade ? undefined : '/index.html'),
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // ag-grid is most of the bytes and changes least: its own chunk stays cached
        // across releases of the app code.
        codeSplitting: {
          groups: [
            { name: 'ag-grid', test: /node_modules[\\/]ag-grid-/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 1600,
  },
});
