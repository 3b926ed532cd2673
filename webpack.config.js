// Bundles the extension for the Node extension host into dist/extension.js.
// sql.js's glue breaks when bundled (see ../shared/VSCODE-TESTING.md), so it stays external and is copied beside the
// bundle with its .wasm; the extension loads both from dist/.
'use strict';
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');

/** @type {import('webpack').Configuration} */
module.exports = {
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
