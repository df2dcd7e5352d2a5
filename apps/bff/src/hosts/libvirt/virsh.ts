// Process plumbing: running `virsh -c <uri> …` and, for image work libvirt has no API
// for (qemu-img, removing overlays), commands on the host itself — locally, or over
// ssh for `qemu+ssh://` URIs. Always execFile with argument arrays, never a shell, with
// a timeout, and with stderr in the error.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  readonly timeoutMs?: number;
  /** Written to the command's stdin. */
  readonly input?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
// virsh's messages and number formats must not follow the locale we happen to run in.
const ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };

export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shown = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: ENV, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const detail = stderr
          .trim()
          .replace(/^error: /gm, '')
          .replace(/\n+/g, '; ');
        const killed = 'killed' in err && err.killed;
        const code = typeof err.code === 'number' ? err.code : null;
        const why = killed
          ? `timed out after ${timeout} ms`
          : detail || err.message || `exit code ${code}`;
        reject(new CommandError(`${shown}: ${why}`, shown, code, stderr));
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** Stands for the XML file in runWithXml's arguments. */
export const XML_FILE = '{xml}';

/** `virsh -c <uri>` for one libvirt connection. */
export class Virsh {
  constructor(readonly uri: string) {}

  run(args: readonly string[], options?: RunOptions): Promise<string> {
    return runCommand('virsh', ['-q', '-c', this.uri, ...args], options);
  }

  /**
   * virsh reads XML arguments (`define FILE`, `update-device DOM FILE`) from a file on
   * the BFF's side, even for remote hosts. Node's stdin pipes are sockets, which
   * /dev/stdin cannot open, so the XML goes through a private temporary file.
   */
  async runWithXml(args: readonly string[], xml: string, options?: RunOptions): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'corral-virsh-'));
    const file = path.join(dir, 'input.xml');
    try {
      await writeFile(file, xml, { mode: 0o600 });
      return await this.run(
        args.map((a) => (a === XML_FILE ? file : a)),
        options,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A long-running virsh (the event stream); the caller owns and must kill it. */
  spawn(args: readonly string[]): ChildProcessWithoutNullStreams {
    return spawn('virsh', ['-c', this.uri, ...args], { env: ENV, stdio: 'pipe' });
  }
}

/** Where a libvirt URI points: this machine, a host reachable over ssh, or neither. */
export interface UriTarget {
  readonly local: boolean;
  readonly hostname: string;
  readonly ssh?: {
    readonly destination: string;
    readonly port?: string;
    readonly keyfile?: string;
  };
}

const LOCAL_NAMES = new Set(['', 'localhost', '127.0.0.1', '::1', '[::1]']);

export function parseUri(uri: string): UriTarget {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new Error(`not a libvirt URI: ${uri}`);
  }
  const hostname = url.hostname;
  if (LOCAL_NAMES.has(hostname)) return { local: true, hostname: '' };
  const transport = url.protocol.replace(/:$/, '').split('+')[1];
  if (transport !== 'ssh' && transport !== 'libssh' && transport !== 'libssh2') {
    return { local: false, hostname };
  }
  const keyfile = url.searchParams.get('keyfile') ?? undefined;
  return {
    local: false,
    hostname,
    ssh: {
      destination: url.username ? `${decodeURIComponent(url.username)}@${hostname}` : hostname,
      ...(url.port ? { port: url.port } : {}),
      ...(keyfile ? { keyfile } : {}),
    },
  };
}

/** Runs commands on the libvirt host itself. */
export interface HostShell {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<string>;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The host's shell, or undefined when the URI gives no way to run commands there
 * (`qemu+tcp://`, `qemu+tls://`): then image operations refuse with a clear message.
 */
export function hostShell(target: UriTarget): HostShell | undefined {
  if (target.local) return { run: runCommand };
  const ssh = target.ssh;
  if (!ssh) return undefined;
  const sshArgs = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10'];
  if (ssh.port) sshArgs.push('-p', ssh.port);
  if (ssh.keyfile) sshArgs.push('-i', ssh.keyfile);
  return {
    // ssh joins its arguments into one remote shell command line: quote each one.
    run: (file, args, options) =>
      runCommand(
        'ssh',
        [...sshArgs, ssh.destination, '--', [file, ...args].map(shellQuote).join(' ')],
        options,
      ),
  };
}
