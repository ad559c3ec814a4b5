// A Cloudflare Worker that checks its env bindings against the imported contract at each
// request and answers with the report. Its env holds a KV namespace beside the string
// variables: env-contract skips values that are not strings.
import { backend, validateEnv, assertEnv, EnvContractError } from 'env-contract'
import contract from '../contract.json'

export default {
  fetch(request, env) {
    const url = new URL(request.url)
    if (url.pathname === '/assert') {
      try {
        const values = assertEnv({ contract, env })
        return Response.json({ ok: true, port: values.PORT })
      } catch (error) {
        if (!(error instanceof EnvContractError)) throw error
        return new Response(error.message, { status: 503 })
      }
    }
    if (url.pathname === '/no-env') {
      // No process.env here: leaving env out is a clear TypeError.
      try {
        validateEnv({ contract })
        return new Response('checked without env', { status: 500 })
      } catch (error) {
        return new Response(`${error.name}: ${error.message}`, { status: 400 })
      }
    }
    const report = validateEnv({ contract, env })
    return Response.json({ backend, runtime: typeof process, report }, { status: report.ok ? 200 : 503 })
  },
}
