export default function Home() {
  return (
    <main>
      <h1>env-contract in the Edge runtime</h1>
      <p>GET /api/env (an Edge route handler) and /guarded (behind middleware.ts).</p>
    </main>
  )
}
