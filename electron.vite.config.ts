import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  main: {
    define: { __MISHEN_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // The CLI and the scan and batch workers are built with main: Node entry points over electron/node.
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/main.ts'),
          'scan-worker': resolve('electron/node/scan/scan-worker.ts'),
          'batch-worker': resolve('electron/node/batch/batch-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // Sandboxed preloads must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [
      react(),
      // pdf.js's CMaps, standard fonts, colour profiles and decoder fallbacks, served from the app's own origin.
      viteStaticCopy({
        targets: [
          { src: '../node_modules/pdfjs-dist/cmaps/*', dest: 'pdfjs/cmaps', rename: { stripBase: true } },
          { src: '../node_modules/pdfjs-dist/standard_fonts/*', dest: 'pdfjs/standard_fonts', rename: { stripBase: true } },
          { src: '../node_modules/pdfjs-dist/iccs/*', dest: 'pdfjs/iccs', rename: { stripBase: true } },
          { src: '../node_modules/pdfjs-dist/wasm/*_nowasm_fallback.js', dest: 'pdfjs/wasm', rename: { stripBase: true } },
        ],
      }),
    ],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
