// The console page's place in the address bar: `/console/<vmId>?protocol=vnc|spice`.
// The same path prefix carries the console websocket (`/console/<ticket>`), which only
// ever arrives as an upgrade, so a page load there is always this page.
export const CONSOLE_PROTOCOLS = ['vnc', 'spice'] as const;
export type ConsoleProtocol = (typeof CONSOLE_PROTOCOLS)[number];

export interface ConsoleRoute {
  readonly vmId: string;
  readonly protocol: ConsoleProtocol;
}

function isProtocol(value: string): value is ConsoleProtocol {
  return (CONSOLE_PROTOCOLS as readonly string[]).includes(value);
}

/** The console page's route, or null when the path is the portal's. */
export function parseConsoleRoute(pathname: string, search: string): ConsoleRoute | null {
  const match = /^\/console\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  let vmId: string;
  try {
    vmId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  if (!vmId.trim()) return null;
  const asked = new URLSearchParams(search).get('protocol')?.toLowerCase() ?? '';
  return { vmId, protocol: isProtocol(asked) ? asked : 'vnc' };
}

export function consoleUrl(route: ConsoleRoute): string {
  return `/console/${encodeURIComponent(route.vmId)}?protocol=${route.protocol}`;
}

/** The protocol a VM's console opens with unless the user picks: the VM's display type. */
export function defaultProtocol(display: unknown): ConsoleProtocol {
  return typeof display === 'string' && display.toLowerCase() === 'spice' ? 'spice' : 'vnc';
}

/** The websocket address of a ticket's path, on the page's own origin. */
export function consoleSocketUrl(location: { protocol: string; host: string }, path: string) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
