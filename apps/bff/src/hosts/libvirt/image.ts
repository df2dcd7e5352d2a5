// Disk images on the host, through qemu-img: creating them, reading a backing chain,
// and the offline chain surgery libvirt 9.0 has no API for (see snapshot.ts).
import path from 'node:path';
import type { DiskImage } from './domain.js';
import { CommandError, type HostShell } from './virsh.js';

/** One layer of `qemu-img info --backing-chain --output=json`, top first. */
export interface ChainLayer {
  readonly filename: string;
  readonly format: 'qcow2' | 'raw';
  readonly virtualSize: number;
  readonly backingFilename?: string | undefined;
}

export function parseBackingChain(json: string): ChainLayer[] {
  const raw: unknown = JSON.parse(json);
  const layers = Array.isArray(raw) ? raw : [raw];
  return layers.map((l: unknown): ChainLayer => {
    const o = (l ?? {}) as Record<string, unknown>;
    return {
      filename: String(o.filename ?? ''),
      format: o.format === 'raw' ? 'raw' : 'qcow2',
      virtualSize: Number(o['virtual-size'] ?? 0),
      backingFilename:
        typeof o['full-backing-filename'] === 'string' ? o['full-backing-filename'] : undefined,
    };
  });
}

// Minutes, not seconds: commits copy real data.
const IMAGE_TIMEOUT_MS = 30 * 60_000;

export class Images {
  constructor(private readonly shell: HostShell) {}

  async exists(file: string): Promise<boolean> {
    try {
      await this.shell.run('test', ['-e', file], { timeoutMs: 20_000 });
      return true;
    } catch (err) {
      if (err instanceof CommandError && err.exitCode === 1) return false;
      throw err;
    }
  }

  async create(file: string, format: 'qcow2' | 'raw', sizeGb: number): Promise<void> {
    await this.shell.run('mkdir', ['-p', path.posix.dirname(file)]);
    await this.shell.run('qemu-img', ['create', '-q', '-f', format, file, `${sizeGb}G`], {
      timeoutMs: IMAGE_TIMEOUT_MS,
    });
  }

  /** A new, empty qcow2 layer on top of `backing`. */
  async overlay(file: string, backing: DiskImage): Promise<void> {
    await this.shell.run('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-b',
      backing.path,
      '-F',
      backing.format,
      file,
    ]);
  }

  /** The chain under `file`, top first. `-U`: a running domain holds the images' locks. */
  async chain(file: string): Promise<ChainLayer[]> {
    const out = await this.shell.run('qemu-img', [
      'info',
      '-U',
      '--backing-chain',
      '--output=json',
      file,
    ]);
    return parseBackingChain(out);
  }

  /** Writes `file`'s data into its backing image. */
  async commit(file: string): Promise<void> {
    await this.shell.run('qemu-img', ['commit', '-q', file], { timeoutMs: IMAGE_TIMEOUT_MS });
  }

  /** Points `file` at another backing image whose content already equals the old one's. */
  async rebaseUnsafe(file: string, backing: DiskImage): Promise<void> {
    await this.shell.run('qemu-img', [
      'rebase',
      '-u',
      '-b',
      backing.path,
      '-F',
      backing.format,
      file,
    ]);
  }

  /**
   * A standalone copy of what `from` reads (its whole chain flattened): the disk of a
   * new template or clone, independent of the source's later layers.
   */
  async copy(from: string, to: string, format: 'qcow2' | 'raw'): Promise<void> {
    await this.shell.run('mkdir', ['-p', path.posix.dirname(to)]);
    await this.shell.run('qemu-img', ['convert', '-q', '-U', '-O', format, from, to], {
      timeoutMs: IMAGE_TIMEOUT_MS,
    });
  }

  async remove(file: string): Promise<void> {
    await this.shell.run('rm', ['-f', '--', file]);
  }
}
