// The runtime check: runs once when the server starts (`next start`, and the standalone
// server.js, which never evaluates next.config). The contract is imported, not read from
// disk, so it travels inside the server bundle.
import contract from './env.contract.json'

export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { assertEnv } = await import('env-contract')
    try {
      assertEnv({ contract })
    } catch (error) {
      // Next.js logs a failing register() but keeps serving 500s: refuse to boot instead.
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    }
  }
}
