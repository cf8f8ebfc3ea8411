#!/usr/bin/env node
// `npm run ops` builds first when dist/ is missing, so the CLI works on a fresh clone.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
if (!fs.existsSync(path.resolve(__dirname, '..', 'dist', '.built'))) {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
