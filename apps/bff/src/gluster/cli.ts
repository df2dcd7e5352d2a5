// The real gluster: `gluster --mode=script <args> --xml` on the host, run here when the
// host is this machine and over `ssh -o BatchMode=yes root@<address>` otherwise (or
// with the user, port and key of a qemu+ssh:// URI). execFile with argument arrays,
// never a local shell; the remote command line is quoted argument by argument.
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { GlusterVolumeType } from '@corral/shared';
import type { HostAddress } from '../hosts/driver.js';
import { parseUri } from '../hosts/libvirt/virsh.js';
import {
  brickName,
  cliOutput,
  parseCreated,
  parseDf,
  parseHealInfo,
  parseId,
  parseMigration,
  parsePeers,
  parseTaskId,
  parseVolumeInfo,
  parseVolumeStatus,
} from './parse.js';
import {
  GlusterError,
  type BrickAddress,
  type CreateVolumeSpec,
  type GlusterDriver,
  type GlusterHealBrick,
  type GlusterHost,
  type GlusterMigration,
  type GlusterPeer,
  type GlusterVolumeInfo,
  type GlusterVolumeStatus,
  type HostFilesystem,
  type QemuOwner,
} from './types.js';

const ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };
const DEFAULT_TIMEOUT_MS = 120_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs a program on the host; resolves whatever its exit status (gluster's is meaningless). */
export interface HostExec {
  /** Where the program runs, for messages (`this machine`, `root@h1`). */
  readonly where: string;
  exec(file: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
}

function execHere(
  file: string,
  args: readonly string[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: ENV,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err && 'killed' in err && err.killed)
          return reject(
            new GlusterError(`${file} ${args.join(' ')}: timed out after ${timeoutMs} ms`, file),
          );
        if (err && typeof err.code === 'string')
          // ENOENT and the like: the program is not there at all.
          return reject(new GlusterError(`${file}: ${err.message}`, file));
        resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
      },
    );
    child.stdin?.end();
  });
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Whether the host is this machine: a local libvirt URI or a loopback address. */
export function isLocalHost(host: HostAddress): boolean {
  if (host.uri) {
    try {
      if (parseUri(host.uri).local) return true;
    } catch {
      // Not a URI we can read: judge by the address.
    }
  }
  return LOOPBACK.has(host.address);
}

/** This machine, or the host over ssh (BatchMode: keys only, never a password prompt). */
export function hostExec(host: HostAddress): HostExec {
  if (isLocalHost(host)) return { where: 'this machine', exec: execHere };
  let destination = `root@${host.address}`;
  const sshArgs = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10'];
  if (host.uri) {
    try {
      const ssh = parseUri(host.uri).ssh;
      if (ssh) {
        destination = ssh.destination.includes('@') ? ssh.destination : `root@${ssh.destination}`;
        if (ssh.port) sshArgs.push('-p', ssh.port);
        if (ssh.keyfile) sshArgs.push('-i', ssh.keyfile);
      }
    } catch {
      // Keep root@<address>.
    }
  }
  return {
    where: destination,
    async exec(file, args, timeoutMs) {
      const r = await execHere(
        'ssh',
        [...sshArgs, destination, '--', [file, ...args].map(shellQuote).join(' ')],
        timeoutMs,
      );
      // 255 is ssh's own failure (unreachable, key refused), not the remote program's.
      if (r.code === 255)
        throw new GlusterError(
          `cannot reach ${destination} over ssh: ${r.stderr.trim().split('\n').pop() ?? 'no answer'}`,
          'ssh',
        );
      return r;
    },
  };
}

const typeArgs = (s: CreateVolumeSpec): string[] => {
  const t: GlusterVolumeType = s.type;
  if (t === 'Replicate' || t === 'Distributed-Replicate') {
    const args = ['replica', String(s.replicaCount)];
    if ((s.arbiterCount ?? 0) > 0) args.push('arbiter', String(s.arbiterCount));
    return args;
  }
  if (t === 'Disperse' || t === 'Distributed-Disperse')
    return ['disperse', String(s.disperseCount), 'redundancy', String(s.redundancyCount)];
  return [];
};

/** gluster on one host through its CLI. */
export class CliGlusterHost implements GlusterHost {
  constructor(
    readonly host: HostAddress,
    readonly serverName: string,
    private readonly shell: HostExec,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** One gluster command; its <cliOutput>, or GlusterError with gluster's message. */
  async gluster(args: readonly string[]) {
    const command = `gluster ${args.join(' ')}`;
    const r = await this.shell.exec('gluster', ['--mode=script', ...args, '--xml'], this.timeoutMs);
    return cliOutput(r.stdout, r.stderr, command);
  }

  async volumeInfo(name?: string): Promise<GlusterVolumeInfo[]> {
    return parseVolumeInfo(await this.gluster(['volume', 'info', ...(name ? [name] : [])]));
  }

  /** `status … detail` has the bricks' space but no tasks; `status … tasks` has those. */
  async volumeStatus(name?: string): Promise<GlusterVolumeStatus[]> {
    const detail = parseVolumeStatus(
      await this.gluster(['volume', 'status', name ?? 'all', 'detail']),
    );
    const tasks = parseVolumeStatus(
      await this.gluster(['volume', 'status', name ?? 'all', 'tasks']),
    );
    const byName = new Map(tasks.map((t) => [t.name, t.tasks]));
    return detail.map((v) => ({ ...v, tasks: byName.get(v.name) ?? [] }));
  }

  async createVolume(spec: CreateVolumeSpec): Promise<{ id: string }> {
    const args = [
      'volume',
      'create',
      spec.name,
      ...typeArgs(spec),
      'transport',
      'tcp',
      ...spec.bricks.map(brickName),
      ...(spec.force ? ['force'] : []),
    ];
    return parseCreated(await this.gluster(args));
  }

  async startVolume(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.gluster(['volume', 'start', name, ...(options.force ? ['force'] : [])]);
  }

  async stopVolume(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.gluster(['volume', 'stop', name, ...(options.force ? ['force'] : [])]);
  }

  async deleteVolume(name: string): Promise<void> {
    await this.gluster(['volume', 'delete', name]);
  }

  async setOption(name: string, key: string, value: string): Promise<void> {
    await this.gluster(['volume', 'set', name, key, value]);
  }

  async setGroup(name: string, group: string): Promise<void> {
    await this.gluster(['volume', 'set', name, 'group', group]);
  }

  async resetOption(name: string, key?: string): Promise<void> {
    await this.gluster(['volume', 'reset', name, ...(key ? [key] : [])]);
  }

  async addBricks(
    name: string,
    bricks: readonly BrickAddress[],
    options: { replicaCount?: number; force?: boolean } = {},
  ): Promise<void> {
    await this.gluster([
      'volume',
      'add-brick',
      name,
      ...(options.replicaCount ? ['replica', String(options.replicaCount)] : []),
      ...bricks.map(brickName),
      ...(options.force ? ['force'] : []),
    ]);
  }

  async removeBricksStart(
    name: string,
    bricks: readonly BrickAddress[],
  ): Promise<{ taskId: string | null }> {
    const root = await this.gluster([
      'volume',
      'remove-brick',
      name,
      ...bricks.map(brickName),
      'start',
    ]);
    return { taskId: parseTaskId(root, 'volRemoveBrick') };
  }

  async removeBricksStatus(
    name: string,
    bricks: readonly BrickAddress[],
  ): Promise<GlusterMigration> {
    const root = await this.gluster([
      'volume',
      'remove-brick',
      name,
      ...bricks.map(brickName),
      'status',
    ]);
    return parseMigration(root, 'volRemoveBrick');
  }

  async removeBricksCommit(name: string, bricks: readonly BrickAddress[]): Promise<void> {
    await this.gluster(['volume', 'remove-brick', name, ...bricks.map(brickName), 'commit']);
  }

  async removeBricksStop(name: string, bricks: readonly BrickAddress[]): Promise<void> {
    await this.gluster(['volume', 'remove-brick', name, ...bricks.map(brickName), 'stop']);
  }

  async removeBricksForce(
    name: string,
    bricks: readonly BrickAddress[],
    options: { replicaCount?: number } = {},
  ): Promise<void> {
    await this.gluster([
      'volume',
      'remove-brick',
      name,
      ...(options.replicaCount ? ['replica', String(options.replicaCount)] : []),
      ...bricks.map(brickName),
      'force',
    ]);
  }

  async replaceBrick(name: string, from: BrickAddress, to: BrickAddress): Promise<void> {
    await this.gluster([
      'volume',
      'replace-brick',
      name,
      brickName(from),
      brickName(to),
      'commit',
      'force',
    ]);
  }

  async rebalanceStart(name: string): Promise<{ taskId: string | null }> {
    return {
      taskId: parseTaskId(
        await this.gluster(['volume', 'rebalance', name, 'start']),
        'volRebalance',
      ),
    };
  }

  async rebalanceStatus(name: string): Promise<GlusterMigration> {
    return parseMigration(
      await this.gluster(['volume', 'rebalance', name, 'status']),
      'volRebalance',
    );
  }

  async healInfo(name: string): Promise<GlusterHealBrick[]> {
    return parseHealInfo(await this.gluster(['volume', 'heal', name, 'info']));
  }

  async peerProbe(server: string): Promise<void> {
    await this.gluster(['peer', 'probe', server]);
  }

  async peerStatus(): Promise<GlusterPeer[]> {
    return parsePeers(await this.gluster(['peer', 'status']));
  }

  async filesystems(): Promise<HostFilesystem[]> {
    // df exits 1 when one mount cannot be read (a stale FUSE mount) yet lists the rest.
    const r = await this.shell.exec(
      'df',
      ['-B1', '--output=source,fstype,size,used,target'],
      30_000,
    );
    if (!r.stdout.trim())
      throw new GlusterError(`df on ${this.shell.where}: ${r.stderr.trim() || 'no output'}`, 'df');
    return parseDf(r.stdout);
  }

  async qemuOwner(): Promise<QemuOwner> {
    // Debian's libvirt runs QEMU as libvirt-qemu; Fedora/RHEL's as qemu.
    for (const user of ['libvirt-qemu', 'qemu']) {
      const r = await this.shell.exec('id', [user], 30_000);
      const ids = r.code === 0 ? parseId(r.stdout) : null;
      if (ids) return { user, ...ids };
    }
    throw new GlusterError(
      `no QEMU user (libvirt-qemu or qemu) on ${this.shell.where}; is libvirt installed there?`,
      'id',
    );
  }
}

export interface CliGlusterOptions {
  /** Per gluster command (default 120 s). */
  readonly timeoutMs?: number;
  /** This machine's name for its own bricks; gluster refuses loopback addresses (default: hostname). */
  readonly localName?: string;
  /** How to run programs on a host (tests); default: here or over ssh. */
  readonly exec?: (host: HostAddress) => HostExec;
}

/** gluster on libvirt hosts (the real hosts): the CLI, locally or over ssh. */
export class CliGlusterDriver implements GlusterDriver {
  readonly kind = 'libvirt' as const;
  private readonly localName: string;

  constructor(private readonly options: CliGlusterOptions = {}) {
    this.localName = options.localName ?? os.hostname();
  }

  serverName(host: HostAddress): string {
    return isLocalHost(host) ? this.localName : host.address;
  }

  /** Connected once glusterd answers there (`gluster pool list`). */
  async connect(host: HostAddress): Promise<GlusterHost> {
    const shell = (this.options.exec ?? hostExec)(host);
    const conn = new CliGlusterHost(host, this.serverName(host), shell, this.options.timeoutMs);
    try {
      await conn.gluster(['pool', 'list']);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new GlusterError(
        `glusterd on ${host.name} (${shell.where}) does not answer: ${why}`,
        'gluster pool list',
      );
    }
    return conn;
  }
}
