// The readiness endpoint: checks the live environment against env.contract.json on each request
// (200 ok, 200 degraded with warnings only, 503 with codes and variable names; never values).
export { GET } from 'env-contract/next/ready'

// Answered at request time, never prerendered at build (the environment of the build machine is
// not the server's), on the Node.js runtime (the native addon; the default for route handlers).
export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'
