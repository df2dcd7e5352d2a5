// Upload, the engine's half: `beginUpload` checks the target, writes the disk row
// (Locked) — or, into an ISO domain, reserves the file's name — and starts the job, whose
// first step waits for the browser to stream the file (`PUT /api/v1/disks/<id>/upload`,
// apps/bff/src/http/upload.ts). The bytes go straight to a file on this machine: into
// the domain's pool target when this machine is its libvirt host (`qemu:///system`),
// or to a scratch file for a simulated one. Then the file is judged by what it is
// (qcow2 / raw / ISO, by `qemu-img info` and the ISO 9660 signature), and the disk
// becomes OK — or the upload fails and leaves nothing behind.
import { DISK_LIMITS, isoFileName, type DiskUploadInput } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../../../hosts/libvirt/virsh.js';
import { LibvirtConnection } from '../../../hosts/libvirt/connection.js';
import { parseUri } from '../../../hosts/libvirt/virsh.js';
import { poolSpecOf, type StorageDomainRow } from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { connectTo, domainImageDir, type HostRow } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, startJob, started, type Started } from '../common.js';
import { domainHosts, freeGb } from './common.js';
import { domainFor } from './create.js';
import { isSimulated, parseImageInfo, simPoolFiles } from './host-images.js';

const GIB = 1024 ** 3;

/** How long an upload waits for its first byte, and then between bytes. */
export const UPLOAD_IDLE_MS = 10 * 60_000;

/** What a finished upload turned out to be. */
export interface UploadResult {
  readonly format: 'qcow2' | 'raw' | 'iso';
  readonly sizeGb: number;
  readonly path: string;
}

/** One upload under way, between `beginUpload` and the end of the HTTP body. */
export interface UploadSession {
  readonly id: string;
  readonly name: string;
  readonly sizeBytes: number;
  /** Who began it: only their session may send the bytes (undefined: the engine's own). */
  readonly userId: string | undefined;
  /** Where the bytes are written. */
  readonly file: string;
  /** Bytes written so far (the HTTP side reports them). */
  received(bytes: number): void;
  /** The body is complete: judge it. */
  complete(): void;
  /** The body broke off (aborted, too long, …). */
  abort(reason: string): void;
  /** The job's end: what the file was, or why it was refused. */
  readonly outcome: Promise<UploadResult>;
}

const sessions = new Map<string, UploadSession>();

export const uploadSession = (id: string): UploadSession | undefined => sessions.get(id);

const ISO_SIGNATURE_OFFSET = 0x8001;

/** The image's format: qcow2 and raw as `qemu-img info` says, an ISO 9660 image as iso. */
export async function detectFormat(file: string): Promise<{ format: string; virtualSize: number }> {
  const info = await imageInfo(file);
  if (info.format === 'raw') {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(5);
      const { bytesRead } = await fh.read(buf, 0, 5, ISO_SIGNATURE_OFFSET);
      if (bytesRead === 5 && buf.toString('latin1') === 'CD001')
        return { format: 'iso', virtualSize: info.virtualSize };
    } finally {
      await fh.close();
    }
  }
  // Any bytes are "raw" to qemu-img (which rounds their size up to a sector); a disk's
  // are whole sectors, a text file's are not.
  if (info.format === 'raw') {
    const { size } = await stat(file);
    if (size % 512 !== 0)
      throw new Error(
        `The file is ${size} bytes, not a whole number of 512-byte sectors: it is not a disk image.`,
      );
  }
  if (info.format === 'qcow2' && info.backingFile)
    throw new Error(
      `The image has a backing file (${info.backingFile}); upload a standalone image (qemu-img convert flattens it).`,
    );
  return { format: info.format, virtualSize: info.virtualSize };
}

/**
 * `qemu-img info` of a file here; where qemu-img is not installed (a demo machine with
 * simulated hosts only) the qcow2 magic decides between qcow2 and raw.
 */
async function imageInfo(file: string) {
  try {
    return parseImageInfo(
      await runCommand('qemu-img', ['info', '--output=json', file], { timeoutMs: 60_000 }),
    );
  } catch (err) {
    if (!/ENOENT/.test(String(err))) throw err;
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(4);
      await fh.read(head, 0, 4, 0);
      const size = (await fh.stat()).size;
      const qcow2 = head.equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]));
      const vsize = qcow2 ? Number((await readAt(fh, 24, 8)).readBigUInt64BE()) : size;
      return { format: qcow2 ? 'qcow2' : 'raw', virtualSize: vsize, actualSize: size };
    } finally {
      await fh.close();
    }
  }
}

async function readAt(fh: Awaited<ReturnType<typeof open>>, at: number, n: number) {
  const buf = Buffer.alloc(n);
  await fh.read(buf, 0, n, at);
  return buf;
}

/** The host the bytes land on: this machine's libvirt host, else a simulated one. */
async function landingHost(
  deps: EngineDeps,
  domain: StorageDomainRow,
): Promise<{ row: HostRow; simulated: boolean }> {
  const hosts = await domainHosts(deps.db, domain);
  if (hosts.length === 0)
    refuse(
      `No Up host reaches storage domain ${domain.name}; the image has nowhere to go.`,
      'storageDomainId',
    );
  for (const h of hosts) {
    if (h.driver === 'libvirt' && parseUri(h.uri ?? 'qemu:///system').local)
      return { row: h, simulated: false };
  }
  const sim = hosts.find((h) => h.driver === 'sim');
  if (sim) return { row: sim, simulated: true };
  refuse(
    `Uploads are written on this machine, and storage domain ${domain.name} is reached only by remote hosts (${hosts.map((h) => h.name).join(', ')}).`,
    'storageDomainId',
  );
}

export async function beginUpload(
  deps: EngineDeps,
  actor: Actor,
  input: DiskUploadInput & { description: string; interface: string },
  options: { idleMs?: number } = {},
): Promise<Started & { id: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const field = 'storageDomainId';
  const domain = await domainFor(deps, input.storageDomainId, field);
  if (domain.domain_type !== 'Data' && domain.domain_type !== 'ISO')
    refuse(
      `Storage domain ${domain.name} is an ${domain.domain_type} domain; images go to Data and ISO domains.`,
      field,
    );
  if (domain.status !== 'Active')
    refuse(`Storage domain ${domain.name} is ${domain.status}; it must be Active.`, field);
  const sizeGb = Math.max(1, Math.ceil(input.sizeBytes / GIB));
  if (freeGb(domain) < input.sizeBytes / GIB)
    refuse(
      `Storage domain ${domain.name} has ${freeGb(domain)} GB free; the file needs ${Math.ceil((input.sizeBytes / GIB) * 10) / 10} GB.`,
      'sizeBytes',
    );
  const host = await landingHost(deps, domain);
  const dir = domainImageDir(deps.imagesDir, domain);
  const iso = domain.domain_type === 'ISO';
  const id = randomUUID();
  const name = iso ? isoFileName(input.fileName) : input.alias;
  const final = iso ? path.join(dir, name) : '';
  if (iso) {
    const taken = host.simulated
      ? await connectTo(deps, host.row).then((c) =>
          isSimulated(c) ? simPoolFiles(c, domain.id).includes(name) : false,
        )
      : existsSync(final);
    if (taken)
      refuse(`Storage domain ${domain.name} already has a file named ${name}.`, 'fileName');
    if ([...sessions.values()].some((s) => s.name === name && s.file.startsWith(dir)))
      refuse(`A file named ${name} is being uploaded to ${domain.name} already.`, 'fileName');
  }
  const file = host.simulated
    ? path.join(deps.imagesDir, 'uploads', `${id}.upload`)
    : path.join(dir, `${id}.upload`);

  // The pool connected (the bytes must not land beside a lost mount) and the directory
  // there before the browser may send.
  if (domain.target) {
    const conn = await connectTo(deps, host.row).catch((err: unknown) =>
      refuse(`Host ${host.row.name} cannot be reached: ${String(err)}`, field),
    );
    await conn.ensurePool(poolSpecOf(domain, deps.imagesDir));
  }
  await mkdir(path.dirname(file), { recursive: true });

  if (!iso) {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO disk (id, storage_domain_id, alias, description, size_gb, actual_size_gb,
           format, sparse, interface, status)
         VALUES ($1, $2, $3, $4, $5, 0, 'RAW', true, $6, 'Locked')`,
        [id, domain.id, input.alias, input.description, sizeGb, input.interface],
      );
      await tx.query(`INSERT INTO disk_volume (disk_id, path, format) VALUES ($1, $2, 'RAW')`, [
        id,
        path.join(dir, `${id}.raw`),
      ]);
    });
    touched(deps, 'disk', [id]);
  }

  // The HTTP side and the job meet here.
  let bodyDone!: () => void;
  let bodyFailed!: (err: Error) => void;
  const body = new Promise<void>((resolve, reject) => {
    bodyDone = resolve;
    bodyFailed = reject;
  });
  body.catch(() => undefined);
  let settle!: (r: UploadResult) => void;
  let fail!: (err: Error) => void;
  const outcome = new Promise<UploadResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  outcome.catch(() => undefined);
  const idleMs = options.idleMs ?? UPLOAD_IDLE_MS;
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => bodyFailed(new Error(`No data arrived for ${Math.round(idleMs / 1000)} s.`)),
      idleMs,
    );
  };
  let progressShown = 0;
  let onBytes: (bytes: number) => void = () => undefined;
  const session: UploadSession = {
    id,
    name,
    sizeBytes: input.sizeBytes,
    userId: actor.userId,
    file,
    received: (bytes) => {
      arm();
      onBytes(bytes);
    },
    complete: () => bodyDone(),
    abort: (reason) => bodyFailed(new Error(reason)),
    outcome,
  };
  sessions.set(id, session);
  arm();

  const what = iso ? `ISO image ${name}` : `disk ${input.alias}`;
  const refs = { storageDomainId: domain.id };
  const job = await startJob(
    deps,
    a,
    {
      description: `Uploading ${what} to storage domain ${domain.name}`,
      steps: [
        'Receiving the image',
        'Checking the image',
        iso ? 'Adding the file' : 'Unlocking the disk',
      ],
      refs,
    },
    async (j) => {
      onBytes = (bytes) => {
        const p = Math.floor((bytes / input.sizeBytes) * 80);
        if (p > progressShown) {
          progressShown = p;
          void j.progress(p).catch(() => undefined);
        }
      };
      await j.event({
        ...refs,
        code: 'UPLOAD_IMAGE_STARTED',
        message: `Upload of ${what} (${input.fileName}) to storage domain ${domain.name} was initiated by ${a.userName}.`,
      });
      let result: UploadResult | undefined;
      try {
        await orUndo(
          async () => {
            await j.step('Receiving the image', async () => {
              await body;
              const got = (await stat(file)).size;
              if (got !== input.sizeBytes)
                throw new Error(`${got} of ${input.sizeBytes} bytes arrived.`);
            });
            result = await j.step('Checking the image', async () => {
              const { format, virtualSize } = await detectFormat(file);
              if (!['qcow2', 'raw', 'iso'].includes(format))
                throw new Error(
                  `The file is a ${format} image; Corral takes qcow2, raw and ISO images.`,
                );
              if (iso && format !== 'iso')
                throw new Error(
                  `The file is a ${format} image, not an ISO; an ISO domain holds ISO images only.`,
                );
              const vsize = Math.max(1, Math.ceil(virtualSize / GIB));
              if (vsize > DISK_LIMITS.maxGb)
                throw new Error(
                  `The image is ${vsize} GB; a disk is at most ${DISK_LIMITS.maxGb} GB.`,
                );
              const ext = format === 'qcow2' ? 'qcow2' : 'raw';
              const to = iso ? final : path.join(dir, `${id}.${ext}`);
              return { format: format as UploadResult['format'], sizeGb: vsize, path: to };
            });
            const r = result;
            await j.step(iso ? 'Adding the file' : 'Unlocking the disk', async () => {
              const conn = await connectTo(deps, host.row);
              if (host.simulated) {
                await rm(file, { force: true });
                if (domain.target || iso)
                  await conn
                    .createVolume(domain.id, {
                      name: path.basename(r.path),
                      format: 'raw',
                      sizeGb: Math.ceil((input.sizeBytes / GIB) * 100) / 100,
                      preallocated: true,
                    })
                    .catch(() => undefined);
              } else {
                await rename(file, r.path);
                // The pool learns of its new volume (vol-list shows it).
                if (domain.target && conn instanceof LibvirtConnection)
                  await conn.ensurePool(poolSpecOf(domain, deps.imagesDir));
              }
              if (!iso) {
                const actual = Math.round((input.sizeBytes / GIB) * 100) / 100;
                const fmt = r.format === 'qcow2' ? 'COW' : 'RAW';
                await db.query(
                  `UPDATE disk SET status = 'OK', format = $2, size_gb = $3, actual_size_gb = $4,
                      sparse = $5 WHERE id = $1`,
                  [id, fmt, r.sizeGb, actual, r.format === 'qcow2'],
                );
                await db.query(`UPDATE disk_volume SET path = $2, format = $3 WHERE disk_id = $1`, [
                  id,
                  r.path,
                  fmt,
                ]);
                touched(deps, 'disk', [id]);
              }
            });
          },
          async () => {
            await rm(file, { force: true });
            if (!iso) {
              await db.query(`DELETE FROM disk WHERE id = $1`, [id]);
              touched(deps, 'disk', [id], 'remove');
            }
          },
        );
        const r = result!;
        await j.event({
          ...refs,
          code: 'UPLOAD_IMAGE_FINISHED',
          message: `${iso ? `ISO image ${name}` : `Disk ${input.alias}`} was uploaded to storage domain ${domain.name} (${r.format}, ${r.sizeGb} GB).`,
        });
        return r;
      } finally {
        clearTimeout(idle);
        sessions.delete(id);
      }
    },
  );
  // The HTTP side answers once the job's end is in the store.
  void job.done.then((r) => (r.status === 'Finished' ? settle(r.value) : fail(new Error(r.error))));
  return { id, ...started([job]) };
}
