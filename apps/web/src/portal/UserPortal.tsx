// The user portal (/portal): replaced by the portal's own work; mounted by main.tsx.
export function UserPortal() {
  return <main className="portal-empty">The user portal is loading…</main>;
}
