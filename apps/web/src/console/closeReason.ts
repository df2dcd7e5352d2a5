// What the user reads when the console websocket closes (docs/consoles.md: close codes).
/** Why the console is not (or no longer) showing, from the websocket's close. */
export function closeReason(code: number, wasConnected: boolean): string {
  if (code === 4001) return 'Another user took over this console.';
  if (code === 4002) return 'The VM stopped or moved to another host.';
  if (!wasConnected) {
    return 'The console refused the connection: the ticket expired or was used already. Reconnect to get a new one.';
  }
  return 'The console connection closed.';
}
