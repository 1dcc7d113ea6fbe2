import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

export default tseslint.config(
  // electron-vite's build writes a bundled copy of its config beside it for a moment (npm test lints while it builds).
  { ignores: ['electron.vite.config.ts.*.mjs', 'out/**', 'dist/**', 'node_modules/**', 'resources/omnitron-api.d.ts', 'test-results/**', '.plandesk-native/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.{ts,mts,mjs,cjs,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS entry points (bin/) use require by definition.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    languageOptions: {
      globals: { ...globals.browser },
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // Main, preload and scripts must never reach into the renderer, and the renderer never into Node.
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', '**/main/**'] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/index.ts and main/electron/ may import electron (docs/architecture.md).' }] }],
    },
  },
  {
    // The layers below the app point down only: they never reach up into the app's composition,
    // its IPC handlers, the CLI or the Electron glue (errors live in main/domain/errors.ts).
    files: ['main/{domain,omnitron,store,sync,outbox,export}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/index.ts and main/electron/ may import electron.' }],
          patterns: [{ group: ['**/ipc/**', '**/app/**', '**/cli/**', '**/electron/**', '**/webhost*'], message: 'A lower layer never imports the app, IPC, CLI or Electron glue.' }],
        },
      ],
    },
  },
  {
    // A function a reader takes in at once: long ones are split into named parts. Migrations keep
    // the code they ran with, and the simulator's generated data is data.
    files: ['main/**/*.ts'],
    ignores: ['main/store/migrations/**', 'main/simulator/data/**'],
    rules: { 'max-lines-per-function': ['error', { max: 120 }] },
  },
)
