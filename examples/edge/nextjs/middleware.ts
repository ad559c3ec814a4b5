// Edge middleware (Next.js 16 runs middleware.ts on the Edge runtime): /guarded is served only
// when process.env meets the contract; otherwise a 503 lists the problems.
import { NextResponse } from 'next/server'
import { assertEnv, EnvContractError } from 'env-contract'
import contract from './env.contract.json'

export const config = { matcher: '/guarded/:path*' }

export function middleware() {
  try {
    assertEnv({ contract })
  } catch (error) {
    if (!(error instanceof EnvContractError)) throw error
    const problems = error.problems.map((p) => `${p.var}:${p.code}`).join(',')
    return new Response(error.message, { status: 503, headers: { 'x-env-contract-problems': problems } })
  }
  const response = NextResponse.next()
  response.headers.set('x-env-contract', 'ok')
  return response
}
