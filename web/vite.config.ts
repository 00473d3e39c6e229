import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is served by the Lifeboat server itself (src/http/static.ts); in development Vite proxies /api to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': process.env.LIFEBOAT_URL ?? 'http://127.0.0.1:3000' } },
});
