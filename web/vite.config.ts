import { defineConfig } from 'vite';

// Built by `vite build web` (npm run build) into web/dist, which the Express server serves.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES2022 modules supports modulepreload; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    // `npx vite web` for UI work against a running API (npm run dev on :3000).
    proxy: { '/api': 'http://localhost:3000' },
  },
});
