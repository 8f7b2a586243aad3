import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The renderer is built once into out/renderer and served by Electron's app:// protocol or by src/host.
export default defineConfig({
  root: path.resolve('src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve('out/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
