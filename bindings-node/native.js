'use strict'
// Loads the native addon built by `napi build --platform` (env-contract.<platform>.node).
// Hand-written instead of napi's generated loader: one file existence check per candidate.

const { existsSync } = require('node:fs')
const { join } = require('node:path')

function candidates() {
  const { platform, arch } = process
  if (platform === 'linux') return [`linux-${arch}-gnu`, `linux-${arch}-musl`]
  if (platform === 'win32') return [`win32-${arch}-msvc`, `win32-${arch}-gnu`]
  if (platform === 'darwin') return [`darwin-${arch}`, 'darwin-universal']
  return [`${platform}-${arch}`]
}

function load() {
  if (typeof process === 'undefined' || !process.versions || !process.versions.node) {
    // A bundler ignored the package's "edge-light"/"browser" conditions.
    throw new Error('env-contract cannot run in the Edge runtime or in a browser: it is a native Node.js addon.')
  }
  const tried = []
  const failures = []
  for (const triple of candidates()) {
    const file = join(__dirname, `env-contract.${triple}.node`)
    tried.push(file)
    if (!existsSync(file)) continue
    try {
      return require(file)
    } catch (e) {
      failures.push(`${file}: ${e && e.message}`)
    }
  }
  const detail = failures.length ? failures.join('\n') : `none of these files exist:\n  ${tried.join('\n  ')}`
  throw new Error(
    `env-contract: no native addon for ${process.platform}-${process.arch} could be loaded ` +
      `(build it with \`npm run build\` in the package, or install a build for this platform).\n${detail}`,
  )
}

module.exports = load()
