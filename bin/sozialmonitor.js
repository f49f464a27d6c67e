#!/usr/bin/env node
// The `sozialmonitor` command: runs the compiled CLI (npm install builds it via `prepare`).
require('../dist/cli/main.js').main(process.argv);
