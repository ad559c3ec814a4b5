// Served only when middleware.ts found the environment valid.
export default function Guarded() {
  return <p>guarded: the environment meets the contract</p>
}
