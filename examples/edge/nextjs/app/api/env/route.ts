// An Edge route handler: checks process.env against the imported contract at each request
// and answers with the report (codes and messages, never a value).
import { backend, validateEnv } from 'env-contract'
import contract from '../../../env.contract.json'

export const runtime = 'edge'
export const dynamic = 'force-dynamic'

export function GET() {
  const report = validateEnv({ contract })
  return Response.json({ backend, report }, { status: report.ok ? 200 : 503 })
}
