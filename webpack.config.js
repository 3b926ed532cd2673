// Bundles the extension for the Node extension host into dist/extension.js, the command-line interface
// (`session-doctor`, package.json `bin`) into dist/cli.js, Claude Code's status line (`session-doctor-statusline`) into
// dist/statusline.js, and the dashboard's web pages into dist/web/.
// sql.js's glue breaks when bundled (see ../shared/VSCODE-TESTING.md), so it stays external and is copied beside the
// bundle with its .wasm; the extension and the CLI load both from dist/.
'use strict';
const path = require('path');
const webpack = require('webpack');
const CopyPlugin = require('copy-webpack-plugin');

/** @type {import('webpack').Configuration} */
const extension = {
  target: 'node',
  mode: 'none',
  entry: './src/extension.ts',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: 'extension.js',
    libraryTarget: 'commonjs2',
  },
  externals: {
    vscode: 'commonjs vscode',
    'sql.js': 'commonjs ./sql-wasm.js',
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { configFile: 'tsconfig.json' } }] }],
  },
  plugins: [
    new CopyPlugin({
      patterns: [
        { from: 'node_modules/sql.js/dist/sql-wasm.js', to: 'sql-wasm.js' },
        { from: 'node_modules/sql.js/dist/sql-wasm.wasm', to: 'sql-wasm.wasm' },
      ],
    }),
  ],
  devtool: 'nosources-source-map',
  infrastructureLogging: { level: 'log' },
};

/** The CLI: a Node program with a shebang; `__dirname` stays the real folder (dist/), where sql-wasm.js and its .wasm are. */
/** @type {import('webpack').Configuration} */
const cli = {
  target: 'node',
  mode: 'none',
  entry: './src/cli/index.ts',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: 'cli.js',
    libraryTarget: 'commonjs2',
  },
  node: { __dirname: false, __filename: false },
  externals: {
    'sql.js': 'commonjs ./sql-wasm.js',
    // chokidar's optional macOS dependency; chokidar falls back to fs.watch without it.
    fsevents: 'commonjs fsevents',
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { configFile: 'tsconfig.json' } }] }],
  },
  plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  devtool: 'nosources-source-map',
  infrastructureLogging: { level: 'log' },
};

/**
 * The status line alone (`session-doctor-statusline`, package.json `bin`): Claude Code starts it on every status update,
 * so it is its own small bundle (src/cli/statuslineMain.ts, about 9 KB) instead of a path through the whole CLI bundle,
 * whose parse alone costs more than the status line's work (bench/statusline.bench.ts).
 */
/** @type {import('webpack').Configuration} */
const statusline = {
  ...cli,
  name: 'statusline',
  entry: './src/cli/statuslineMain.ts',
  output: { ...cli.output, filename: 'statusline.js' },
  externals: {},
};

/**
 * The parse worker (src/host/node/parseWorker.ts -> dist/parseWorker.js): the worker thread the extension reads and
 * parses its transcripts' catch-up in, off the extension host's thread (src/host/node/workerLineParser.ts).
 */
/** @type {import('webpack').Configuration} */
const parseWorker = {
  ...cli,
  name: 'parseWorker',
  entry: './src/host/node/parseWorker.ts',
  output: { ...cli.output, filename: 'parseWorker.js' },
  externals: { 'sql.js': 'commonjs ./sql-wasm.js' },
  plugins: [],
};

/**
 * The dashboard pages (src/web -> dist/web/dashboard.js): a browser bundle for the webviews, with uPlot and
 * @vscode-elements/elements, type-checked with src/web/tsconfig.json (DOM types); uPlot's stylesheet is copied beside it.
 */
/** @type {import('webpack').Configuration} */
const web = {
  name: 'web',
  target: 'web',
  mode: 'none',
  entry: { dashboard: './src/web/main.ts' },
  output: { path: path.resolve(__dirname, 'dist', 'web'), filename: '[name].js' },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, 'src', 'web', 'tsconfig.json'), instance: 'web' } }],
      },
    ],
  },
  plugins: [new CopyPlugin({ patterns: [{ from: 'node_modules/uplot/dist/uPlot.min.css', to: 'uPlot.min.css' }] })],
  performance: { hints: false },
  devtool: false,
  infrastructureLogging: { level: 'log' },
};

module.exports = [extension, cli, statusline, web, parseWorker];
