// A remote-viewer (virt-viewer) connection file for a console, so a native client can
// open the VM's screen directly with the same one-time password the ticket set.
import type { ConsoleProtocol } from './ticket.js';

export interface VvFileInput {
  readonly protocol: ConsoleProtocol;
  /** The console's address and port as the host reports them. */
  readonly host: string;
  readonly port: number;
  readonly tlsPort?: number | undefined;
  readonly password: string;
  readonly title: string;
  /** When the password stops working; remote-viewer must connect before then. */
  readonly expiresAt: Date;
}

/** virt-viewer's key file syntax has no escaping: a newline would start another key. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** The text of a `console.vv` file (virt-viewer's `[virt-viewer]` key file format). */
export function vvFileText(input: VvFileInput): string {
  const lines = [
    '[virt-viewer]',
    `type=${input.protocol}`,
    `host=${oneLine(input.host)}`,
    `port=${input.port}`,
  ];
  if (input.protocol === 'spice' && input.tlsPort !== undefined) {
    lines.push(`tls-port=${input.tlsPort}`);
  }
  lines.push(
    `password=${oneLine(input.password)}`,
    // The password is single-use in spirit: the file goes once it is opened.
    'delete-this-file=1',
    `title=${oneLine(input.title)}`,
    'fullscreen=0',
    // Ctrl+Alt+Del goes to the guest; the viewer's own release-cursor key stays.
    'toggle-fullscreen=shift+f11',
    'release-cursor=shift+f12',
    'secure-attention=ctrl+alt+end',
    `# password valid until ${input.expiresAt.toISOString()}`,
  );
  return `${lines.join('\n')}\n`;
}
