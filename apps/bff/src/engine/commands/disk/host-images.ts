// Disk image work on a host, for the disk commands: grow, copy with progress, delete,
// read what an image is, list an ISO domain's files. On libvirt hosts it is real
// (`qemu-img` on the host through its shell — locally or over ssh, as the driver runs
// it —, `virsh blockresize` for a running VM, `virsh vol-list` for a pool); simulated
// hosts have no files, so the commands change the store (and the simulated storage's
// volumes) only.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { HostConnection } from '../../../hosts/driver.js';
import { LibvirtConnection } from '../../../hosts/libvirt/connection.js';
import { poolName } from '../../../hosts/libvirt/pool.js';
import {
  CommandError,
  hostShell,
  parseUri,
  Virsh,
  type HostShell,
} from '../../../hosts/libvirt/virsh.js';
import { SimConnection } from '../../../hosts/sim/index.js';

/** What `qemu-img info` says of an image. */
export interface ImageInfo {
  readonly format: string;
  readonly virtualSize: number;
  readonly actualSize: number;
  readonly backingFile?: string | undefined;
}

export function parseImageInfo(json: string): ImageInfo {
  const o = JSON.parse(json) as Record<string, unknown>;
  return {
    format: String(o.format ?? ''),
    virtualSize: Number(o['virtual-size'] ?? 0),
    actualSize: Number(o['actual-size'] ?? 0),
    backingFile:
      typeof o['full-backing-filename'] === 'string'
        ? o['full-backing-filename']
        : typeof o['backing-filename'] === 'string'
          ? o['backing-filename']
          : undefined,
  };
}

/** `(12.34/100%)` lines of `qemu-img convert -p` → the last percentage in `chunk`. */
export function lastProgress(chunk: string): number | undefined {
  const all = [...chunk.matchAll(/\((\d+(?:\.\d+)?)\/100%\)/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : undefined;
}

// Copies and preallocation write whole images.
const LONG_MS = 6 * 60 * 60_000;

export interface HostImages {
  info(file: string): Promise<ImageInfo>;
  /** Grow an image that no VM has open (`qemu-img resize`). */
  resize(
    file: string,
    sizeGb: number,
    format: 'qcow2' | 'raw',
    preallocated: boolean,
  ): Promise<void>;
  /** Grow the disk of a running domain (`virsh blockresize`); its image is `file`. */
  blockResize(vmId: string, file: string, sizeGb: number): Promise<void>;
  /** `qemu-img convert -p`: a standalone copy of what `from` reads; `progress` 0–100. */
  convert(
    from: string,
    to: string,
    format: 'qcow2' | 'raw',
    preallocated: boolean,
    progress: (pct: number) => void,
  ): Promise<void>;
  /** A qcow2 overlay whose backing file is `backing` (a thin VM disk on a template's image). */
  overlay(file: string, backing: string, backingFormat: 'qcow2' | 'raw'): Promise<void>;
  remove(files: readonly string[]): Promise<void>;
  /** The pool's files, after a refresh (`virsh vol-list`). */
  poolFiles(poolId: string): Promise<string[]>;
}

class LibvirtImages implements HostImages {
  constructor(
    private readonly virsh: Virsh,
    private readonly shell: HostShell,
    private readonly uri: string,
  ) {}

  async info(file: string): Promise<ImageInfo> {
    return parseImageInfo(
      await this.shell.run('qemu-img', ['info', '-U', '--output=json', file], {
        timeoutMs: 60_000,
      }),
    );
  }

  async resize(file: string, sizeGb: number, format: 'qcow2' | 'raw', preallocated: boolean) {
    const args = ['resize', '-q', '-f', format];
    if (preallocated) args.push('--preallocation=falloc');
    await this.shell.run('qemu-img', [...args, file, `${sizeGb}G`], { timeoutMs: LONG_MS });
  }

  async blockResize(vmId: string, file: string, sizeGb: number) {
    await this.virsh.run(['blockresize', vmId, file, `${sizeGb}G`]);
  }

  async convert(
    from: string,
    to: string,
    format: 'qcow2' | 'raw',
    preallocated: boolean,
    progress: (pct: number) => void,
  ): Promise<void> {
    await this.shell.run('mkdir', ['-p', path.posix.dirname(to)]);
    const args = ['convert', '-p', '-U', '-O', format];
    if (preallocated) args.push('-o', 'preallocation=falloc');
    args.push(from, to);
    await streamed(this.uri, 'qemu-img', args, (out) => {
      const pct = lastProgress(out);
      if (pct !== undefined) progress(pct);
    });
  }

  async overlay(file: string, backing: string, backingFormat: 'qcow2' | 'raw') {
    await this.shell.run('mkdir', ['-p', path.posix.dirname(file)]);
    await this.shell.run('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-b',
      backing,
      '-F',
      backingFormat,
      file,
    ]);
  }

  async remove(files: readonly string[]) {
    if (files.length > 0) await this.shell.run('rm', ['-f', '--', ...files]);
  }

  async poolFiles(poolId: string): Promise<string[]> {
    const name = poolName(poolId);
    await this.virsh.run(['pool-refresh', name]);
    const out = await this.virsh.run(['vol-list', name]);
    return out
      .split('\n')
      .map((l) => /^\s*(\S+)\s+\S/.exec(l)?.[1])
      .filter((n): n is string => !!n && n !== 'Name' && !/^-+$/.test(n))
      .sort();
  }
}

/**
 * Runs a command on the host (here, or over ssh as the driver's shell does) and hands
 * its stdout over as it comes: `qemu-img -p` reports progress that way.
 */
function streamed(
  uri: string,
  file: string,
  args: readonly string[],
  onOut: (chunk: string) => void,
): Promise<void> {
  const target = parseUri(uri);
  let cmd = file;
  let argv = [...args];
  if (!target.local) {
    const ssh = target.ssh!;
    const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
    cmd = 'ssh';
    argv = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10'];
    if (ssh.port) argv.push('-p', ssh.port);
    if (ssh.keyfile) argv.push('-i', ssh.keyfile);
    argv.push(ssh.destination, '--', [file, ...args].map(quote).join(' '));
  }
  const shown = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, LC_ALL: 'C' }, stdio: 'pipe' });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), LONG_MS);
    child.stdout.setEncoding('utf8').on('data', onOut);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new CommandError(
            `${shown}: ${stderr.trim().replace(/\n+/g, '; ') || `exit code ${code}`}`,
            shown,
            code,
            stderr,
          ),
        );
    });
  });
}

/** The real image operations of a libvirt host with a shell; undefined for a simulated one. */
export function hostImages(conn: HostConnection): HostImages | undefined {
  if (!(conn instanceof LibvirtConnection)) return undefined;
  const shell = hostShell(parseUri(conn.uri));
  if (!shell)
    throw new Error(
      `Disk images need commands on host ${conn.host.name}, and ${conn.uri} gives no shell there: use a qemu+ssh:// URI`,
    );
  return new LibvirtImages(new Virsh(conn.uri), shell, conn.uri);
}

/** Whether the host is simulated (its images are rows and simulated volumes). */
export const isSimulated = (conn: HostConnection): conn is SimConnection =>
  conn instanceof SimConnection;

/** The files of a pool on a simulated host (its simulated storage's volumes). */
export function simPoolFiles(conn: SimConnection, poolId: string): string[] {
  return conn.world.storage.volumesOf(conn.host.id, poolId);
}
