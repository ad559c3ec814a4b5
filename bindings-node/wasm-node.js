'use strict'
// The WebAssembly backend in Node: env-contract.wasm beside this file, compiled once, when
// native.js finds no native binary that fits the platform (or ENV_CONTRACT_BACKEND=wasm).
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { createBackend } = require('./wasm-backend.js')

const file = join(__dirname, 'env-contract.wasm')
module.exports = createBackend(new WebAssembly.Module(readFileSync(file)))
