export default function Home() {
  return (
    <main>
      <h1>env-contract example</h1>
      <p>Site: {process.env.NEXT_PUBLIC_SITE_URL}</p>
    </main>
  )
}
