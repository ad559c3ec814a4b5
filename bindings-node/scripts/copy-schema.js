'use strict'
// Ships the contract meta-schema in the package, at the path DESIGN's `$schema` uses:
// ./node_modules/env-contract/schema/env-contract.schema.json
const fs = require('node:fs')
const path = require('node:path')

const from = path.join(__dirname, '..', '..', 'schema', 'env-contract.schema.json')
const to = path.join(__dirname, '..', 'schema', 'env-contract.schema.json')
fs.mkdirSync(path.dirname(to), { recursive: true })
fs.copyFileSync(from, to)
