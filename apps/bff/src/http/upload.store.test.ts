// Upload over real HTTP on the simulated fleet, on PGlite and PostgreSQL: the disk row
// is Locked until the streamed file is judged (qemu-img info here), then OK with the
// image's format and size; an ISO into the ISO domain becomes a file of its pool; a
// VMDK, an ISO into a Data domain, a short body and an unknown id are refused and leave
// nothing behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { apiOf } from '../engine/commands/data-center/testing.js';
import { engineHarness, type EngineHarness } from '../engine/testing/engine.js';
import { buildFleet, type TestFleet } from '../engine/testing/fleet.js';
import { loadPrincipal } from '../identity/principal.js';
import { addTestUser, signIn, signInAdmin, type TestSession } from '../identity/testing.js';
import { STORE_BACKENDS } from '../store/testing/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'corral-upload-test-'));
const img = (name: string, ...args: string[]) => {
  const file = path.join(tmp, name);
  execFileSync('qemu-img', ['create', '-q', ...args, file]);
  return readFileSync(file);
};
/** An ISO 9660 image as far as the signature goes: 'CD001' at byte 0x8001. */
function isoImage(): Buffer {
  const buf = Buffer.alloc(64 * 1024);
  buf.write('CD001', 0x8001, 'latin1');
  return buf;
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(STORE_BACKENDS)('upload over HTTP on %s', (backend) => {
  let h: EngineHarness;
  let api: ReturnType<typeof apiOf>;
  let f: TestFleet;
  let server: Server;
  let base: string;
  let session: TestSession;

  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
    f = await buildFleet(h.db, { hosts: [{ name: 'h1' }] });
    const { db: _db, ...engine } = h.deps;
    server = createApp({ db: h.db, engine }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    session = await signInAdmin(base, h.db);
    // Uploads begin as the signed-in user: only their session may send the bytes.
    const admin = await loadPrincipal(h.db, session.userId);
    if (!admin) throw new Error('the signed-in admin has no principal');
    api = apiOf(h, admin);
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await h.close();
  });

  const put = (url: string, body: Buffer) =>
    fetch(`${base}${url}`, {
      method: 'PUT',
      body,
      headers: session.headers({ 'content-type': 'application/octet-stream' }),
    });
  const jobOf = async (id: string) =>
    (await api.job.recent({ limit: 20 })).find((j) => j.id === id);

  it('makes a Locked disk OK once a qcow2 image arrived, with its format and size', async () => {
    const body = img('a.qcow2', '-f', 'qcow2', '-o', 'size=3G');
    const r = await api.disk.upload({
      alias: 'uploaded',
      storageDomainId: f.storageDomainId,
      fileName: 'a.qcow2',
      sizeBytes: body.length,
    });
    expect(r.uploadUrl).toBe(`/api/v1/disks/${r.id}/upload`);
    const [locked] = await h.db.query<{ status: string }>(`SELECT status FROM disk WHERE id = $1`, [
      r.id,
    ]);
    expect(locked?.status).toBe('Locked');
    const res = await put(r.uploadUrl, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ format: 'qcow2', sizeGb: 3 });
    await expect.poll(async () => (await jobOf(r.jobIds[0]!))?.status).toBe('Finished');
    const [d] = await h.db.query(
      `SELECT d.status, d.format, d.size_gb, d.sparse, v.path FROM disk d JOIN disk_volume v ON v.disk_id = d.id WHERE d.id = $1`,
      [r.id],
    );
    expect(d).toEqual({
      status: 'OK',
      format: 'COW',
      size_gb: 3,
      sparse: true,
      path: `${h.deps.imagesDir}/${f.storageDomainId}/${r.id}.qcow2`,
    });
    const steps = await h.db.query<{ description: string }>(
      `SELECT description FROM job_step WHERE job_id = $1 ORDER BY position`,
      [r.jobIds[0]],
    );
    expect(steps.map((s) => s.description)).toEqual([
      'Receiving the image',
      'Checking the image',
      'Unlocking the disk',
    ]);
    // The job's progress was fed by the bytes, then finished.
    expect((await jobOf(r.jobIds[0]!))?.progress).toBe(100);
  });

  it('refuses a VMDK image, and an ISO into a Data domain, leaving no disk', async () => {
    const vmdk = img('b.vmdk', '-f', 'vmdk', '-o', 'size=1G');
    const r = await api.disk.upload({
      alias: 'vm',
      storageDomainId: f.storageDomainId,
      fileName: 'b.vmdk',
      sizeBytes: vmdk.length,
    });
    const res = await put(r.uploadUrl, vmdk);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { message: 'The file is a vmdk image; Corral takes qcow2, raw and ISO images.' },
    });
    expect(await h.db.query(`SELECT id FROM disk WHERE id = $1`, [r.id])).toEqual([]);
    expect((await jobOf(r.jobIds[0]!))?.status).toBe('Failed');

    // Bytes that are no disk: qemu-img calls them raw, but they are not whole sectors.
    const notes = Buffer.from('not a disk image\n'.repeat(1000));
    const r3 = await api.disk.upload({
      alias: 'notes',
      storageDomainId: f.storageDomainId,
      fileName: 'notes.txt',
      sizeBytes: notes.length,
    });
    const refused = await put(r3.uploadUrl, notes);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /not a whole number of 512-byte sectors/,
    );
    expect(await h.db.query(`SELECT id FROM disk WHERE id = $1`, [r3.id])).toEqual([]);

    const iso = isoImage();
    const r2 = await api.disk.upload({
      alias: 'raw-iso',
      storageDomainId: f.storageDomainId,
      fileName: 'x.iso',
      sizeBytes: iso.length,
    });
    const ok = await put(r2.uploadUrl, iso);
    // oVirt keeps ISOs in data domains as disks too: a raw disk.
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ format: 'iso', sizeGb: 1 });
  });

  it('puts an ISO into the ISO domain as a file of its pool; refuses a qcow2 there', async () => {
    await h.db.query(`UPDATE storage_domain SET target = $2 WHERE id = $1`, [
      f.isoDomainId,
      `/var/lib/corral/mnt/${f.isoDomainId}`,
    ]);
    const iso = isoImage();
    const r = await api.disk.upload({
      alias: 'installer',
      storageDomainId: f.isoDomainId,
      fileName: 'Debian 12.iso',
      sizeBytes: iso.length,
    });
    const res = await put(r.uploadUrl, iso);
    expect(res.status).toBe(200);
    expect(await h.db.query(`SELECT id FROM disk`)).toEqual([]);
    expect(h.sim.volumesOf(f.hosts[0]!.id, f.isoDomainId)).toEqual(['Debian_12.iso']);
    // The ISO library lists it, for a VM's CD.
    const library = {
      domain: { id: f.isoDomainId, name: 'Test-iso', status: 'Active' },
      files: [
        { name: 'Debian_12.iso', path: `/var/lib/corral/mnt/${f.isoDomainId}/Debian_12.iso` },
      ],
    };
    expect(await api.disk.isoFiles({ dataCenterId: f.dataCenterId })).toEqual(library);
    expect(await api.disk.isoFiles({ clusterId: f.clusterId })).toEqual(library);
    await h.db.query(`UPDATE storage_domain SET status = 'Maintenance' WHERE id = $1`, [
      f.isoDomainId,
    ]);
    expect(await api.disk.isoFiles({ dataCenterId: f.dataCenterId })).toEqual({
      domain: { ...library.domain, status: 'Maintenance' },
      files: [],
      reason: 'ISO domain Test-iso is Maintenance.',
    });
    await h.db.query(`UPDATE storage_domain SET status = 'Active' WHERE id = $1`, [f.isoDomainId]);
    const again = await api.disk
      .upload({
        alias: 'x',
        storageDomainId: f.isoDomainId,
        fileName: 'Debian 12.iso',
        sizeBytes: 10,
      })
      .catch((e: unknown) => e as { cause?: { message: string; field?: string } });
    expect((again as { cause?: unknown }).cause).toMatchObject({
      message: 'Storage domain Test-iso already has a file named Debian_12.iso.',
      field: 'fileName',
    });

    const qcow = img('c.qcow2', '-f', 'qcow2', '-o', 'size=1G');
    const r2 = await api.disk.upload({
      alias: 'no',
      storageDomainId: f.isoDomainId,
      fileName: 'c.iso',
      sizeBytes: qcow.length,
    });
    const bad = await put(r2.uploadUrl, qcow);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'The file is a qcow2 image, not an ISO; an ISO domain holds ISO images only.',
    );
  });

  it('has no ISO library in a data center without an ISO domain', async () => {
    const other = await buildFleet(h.db, { name: 'Bare', hosts: [{ name: 'b1' }] });
    await h.db.query(`DELETE FROM storage_domain WHERE id = $1`, [other.isoDomainId]);
    expect(await api.disk.isoFiles({ dataCenterId: other.dataCenterId })).toEqual({
      domain: null,
      files: [],
      reason: 'The data center has no ISO domain.',
    });
  });

  it('takes the bytes only from the session that began the upload', async () => {
    const r = await api.disk.upload({
      alias: 'mine',
      storageDomainId: f.storageDomainId,
      fileName: 'a.raw',
      sizeBytes: 512,
    });
    await addTestUser(h.db, {
      username: 'other-admin',
      password: 'other-password',
      role: 'SuperUser',
    });
    const other = await signIn(base, 'other-admin', 'other-password');
    const res = await fetch(`${base}${r.uploadUrl}`, {
      method: 'PUT',
      body: Buffer.alloc(512),
      headers: other.headers({ 'content-type': 'application/octet-stream' }),
    });
    expect(res.status).toBe(404);
    // Still waiting for its own user's bytes.
    const [disk] = await h.db.query<{ status: string }>(`SELECT status FROM disk WHERE id = $1`, [
      r.id,
    ]);
    expect(disk?.status).toBe('Locked');
    expect((await put(r.uploadUrl, Buffer.alloc(512))).status).toBe(200);
  });

  it('fails on a body longer than announced, and answers 404 for an unknown upload', async () => {
    const r = await api.disk.upload({
      alias: 'short',
      storageDomainId: f.storageDomainId,
      fileName: 'a.raw',
      sizeBytes: 10,
    });
    const res = await put(r.uploadUrl, Buffer.alloc(100));
    expect(res.status).toBe(413);
    await expect.poll(async () => (await jobOf(r.jobIds[0]!))?.status).toBe('Failed');
    expect(await h.db.query(`SELECT id FROM disk WHERE id = $1`, [r.id])).toEqual([]);
    const none = await put(r.uploadUrl, Buffer.alloc(1));
    expect(none.status).toBe(404);
  });
});
