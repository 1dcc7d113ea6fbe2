import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// better-sqlite3, exceljs, ... stay external for main because they are `dependencies`
// (electron-vite externalizes dependencies of the main and preload builds).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // zod is bundled: required from node_modules it loads some hundred files at every start
      // (about 100 ms of the web host's and each CLI command's), bundled its parts in one chunk.
      externalizeDeps: { exclude: ['zod'] },
      // index: the Electron main process; webhost: the same services behind the loopback web
      // host, run by plain Node where Electron cannot start (npm start's fallback, e2e tests);
      // cli: the `plandesk` command (bin/plandesk.cjs), built so it starts without a compiler;
      // page-worker: the thread that reads a sync's pages; write-worker: the thread that writes a
      // long sync's pages; check-worker: the thread that checks the cache after start-up
      // (main/native/threads.ts starts them).
      lib: {
        entry: {
          index: resolve(__dirname, 'main/index.ts'),
          webhost: resolve(__dirname, 'main/webhost-cli.ts'),
          cli: resolve(__dirname, 'main/cli.ts'),
          'page-worker': resolve(__dirname, 'main/sync/page-worker.ts'),
          'check-worker': resolve(__dirname, 'main/store/check-worker.ts'),
          'write-worker': resolve(__dirname, 'main/sync/write-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require npm packages: bundle everything it uses (zod).
      externalizeDeps: false,
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'preload/index.ts') },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias: { '@renderer': resolve(__dirname, 'renderer/src') } },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; the window parses less this way.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [
      vue(),
      // Element Plus on demand: each <el-…> a template uses is imported with its own CSS, instead
      // of the whole library (2.9 MB of JavaScript and 367 KB of CSS before).
      Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    ],
  },
})
