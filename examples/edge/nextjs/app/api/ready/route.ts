// An Edge readiness endpoint: env-contract/next/ready resolves to its Edge build (the
// `edge-light` condition), which takes the imported contract (no file system here).
import { createReadyHandler } from 'env-contract/next/ready'
import contract from '../../../env.contract.json'

export const runtime = 'edge'
export const dynamic = 'force-dynamic'

export const GET = createReadyHandler({ contract })
