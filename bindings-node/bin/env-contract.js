#!/usr/bin/env node
'use strict'
// `npx env-contract …`: the command line of the Rust core, run through the addon.
const native = require('../native.js')

process.exit(native.runCli(['env-contract', ...process.argv.slice(2)]))
