#!/usr/bin/env node
// Writes test/support/suite-seconds.json (what test/support/sequencer.js orders suites by) from a
// jest JSON report: `npx jest --silent --json --outputFile=/tmp/jest.json && node scripts/suite-times.js /tmp/jest.json`.
const fs = require('fs');
const path = require('path');

const { keyOf } = require('../test/support/sequencer');

const root = path.resolve(__dirname, '..');
const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const seconds = Object.fromEntries(report.testResults
  .map((r) => [keyOf(r.name), Math.round((r.endTime - r.startTime) / 100) / 10])
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
fs.writeFileSync(path.join(root, 'test', 'support', 'suite-seconds.json'), `${JSON.stringify(seconds, null, 2)}\n`);
console.log(`${Object.keys(seconds).length} suites written to test/support/suite-seconds.json`);
