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
      '/api': { target: bff, changeOrigin: true, ws: true },
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
