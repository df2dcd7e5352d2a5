// The seed documents' set-up flow, in the browser, on this machine's real libvirtd and
// glusterd: new data center → Guide Me → cluster with the virt and Gluster services →
// the local host added to it → a Replicate volume, replica 3, optimized for virt and
// started → a GlusterFS storage domain on it → a VM with its disk there, running.
// Every step is checked where it happens (gluster, libvirt, qemu-img, the store), and
// the refusals a newcomer meets are shown and change nothing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { csrfHeaders, expect, test, type DbProbe } from '../harness/fixtures.js';
import { virsh } from '../harness/host.js';
import { Portal } from '../harness/portal.js';

const run = Date.now().toString(36);
const DC = `e2e-dc-${run}`;
const CLUSTER = `e2e-cl-${run}`;
const VOLUME = `e2e-vol-${run}`;
const DOMAIN = `e2e-sd-${run}`;
const VM = `e2e-seed-${run}`;
/** Gluster makes only a brick path's last directory: the parent exists beforehand. */
const BRICKS = `/var/tmp/corral-e2e-bricks-${run}`;

function gluster(...args: string[]): string {
  return execFileSync('gluster', ['--mode=script', ...args], { encoding: 'utf8' });
}

/** `gluster volume info VOL --xml` reduced to what the flow set. */
function volumeInfo(name: string) {
  let xml = '';
  try {
    xml = gluster('volume', 'info', name, '--xml');
  } catch {
    // not there (yet), or glusterd busy with another transaction: ask again
  }
  const one = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  const options = new Map(
    [...xml.matchAll(/<option>\s*<name>([^<]+)<\/name>\s*<value>([^<]*)<\/value>/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  const bricks = [...xml.matchAll(/<brick uuid="[^"]*">([^<]+)<name>/g)].map((m) => m[1]!);
  return {
    type: one('typeStr'),
    status: one('statusStr'),
    replica: Number(one('replicaCount')),
    bricks,
    options,
  };
}

function glusterVolumes(): string[] {
  const xml = gluster('volume', 'list', '--xml');
  return [...xml.matchAll(/<volume>([^<]+)<\/volume>/g)].map((m) => m[1]!);
}

/** The options gluster's own virt group sets (what "optimize for virt store" applies). */
function virtGroup(): Map<string, string> {
  return new Map(
    readFileSync('/var/lib/glusterd/groups/virt', 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('=', 2) as [string, string]),
  );
}

async function statusOf(db: DbProbe, table: 'host' | 'vm' | 'gluster_volume', name: string) {
  const rows = await db.rows<{ status: string }>(`SELECT status FROM ${table} WHERE name = $1`, [
    name,
  ]);
  return rows[0]?.status ?? '(none)';
}

/** The dialog on top (a guide opened from a guide sits above it). */
const top = (page: Page, testId: string): Locator => page.getByTestId(testId).last();

async function chooseOption(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  expect(value, `an option "${text}"`).not.toBeNull();
  await select.selectOption(value!);
}

test.describe('Guided set-up on real glusterd and libvirt', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(420_000);

  let hostName = '';
  let domainId = '';

  test.beforeAll(async () => {
    mkdirSync(BRICKS, { recursive: true, mode: 0o755 });
  });

  test.afterAll(() => {
    const quiet = (f: () => unknown) => {
      try {
        f();
      } catch {
        // already gone
      }
    };
    quiet(() => virsh('destroy', VM));
    if (domainId) quiet(() => virsh('pool-destroy', `corral-${domainId}`));
    quiet(() => gluster('volume', 'stop', VOLUME, 'force'));
    quiet(() => gluster('volume', 'delete', VOLUME));
    rmSync(BRICKS, { recursive: true, force: true });
  });

  test('from a new data center to a running VM on a Gluster storage domain', async ({
    page,
    db,
  }) => {
    const portal = new Portal(page);
    const [local] = await db.rows<{ id: string; name: string }>(
      `SELECT id, name FROM host WHERE uri = 'qemu:///system'`,
    );
    expect(local, 'the local libvirt host is in the demo').toBeDefined();
    hostName = local!.name;
    await expect.poll(() => statusOf(db, 'host', hostName), { timeout: 60_000 }).toBe('Up');

    // Earlier specs may have left VMs running here; the host moves clusters empty.
    const running = await db.rows<{ id: string }>(
      `SELECT id FROM vm WHERE host_id = $1 AND status <> 'Down'`,
      [local!.id],
    );
    if (running.length > 0) {
      const off = await page.request.post('/trpc/vm.powerOff', {
        data: { ids: running.map((r) => r.id) },
        headers: await csrfHeaders(page),
      });
      expect(off.ok(), await off.text()).toBe(true);
      await expect
        .poll(
          async () =>
            (
              await db.rows(`SELECT id FROM vm WHERE host_id = $1 AND status <> 'Down'`, [
                local!.id,
              ])
            ).length,
          { timeout: 60_000 },
        )
        .toBe(0);
    }

    // Refused: removing a host that is Up. The button says why; the API refuses alike.
    await portal.open(`Hosts: name = ${hostName}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    const remove = page.getByTestId('action-remove');
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveAttribute('title', /Maintenance/);
    const refused = await page.request.post('/trpc/host.remove', {
      data: { ids: [local!.id] },
      headers: await csrfHeaders(page),
    });
    expect(refused.status()).toBe(412);
    expect(await refused.text()).toMatch(/Maintenance/);
    expect(await statusOf(db, 'host', hostName)).toBe('Up');

    // The host leaves its demo cluster (Maintenance, then Remove) to join the new one.
    await page.getByTestId('action-maintenance').click();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(() => statusOf(db, 'host', hostName), { timeout: 60_000 })
      .toBe('Maintenance');
    await expect(remove).toBeEnabled({ timeout: 30_000 });
    await remove.click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => statusOf(db, 'host', hostName), { timeout: 30_000 }).toBe('(none)');

    // New Data Center; its Guide Me opens by itself and says what is missing.
    await portal.open('DataCenter:');
    await page.getByTestId('action-new').click();
    const dcDialog = page.getByTestId('dc-dialog');
    await dcDialog.getByTestId('dc-name').fill(DC);
    await dcDialog.getByTestId('dc-dialog-ok').click();
    await expect(dcDialog).toBeHidden();
    expect(
      await db.rows(`SELECT status, storage_mode FROM data_center WHERE name = $1`, [DC]),
    ).toEqual([{ status: 'Uninitialized', storage_mode: 'Shared' }]);
    const dcGuide = page.getByTestId('guide-dialog');
    await expect(dcGuide).toBeVisible();
    await expect(dcGuide.getByTestId('guide-step-cluster')).toHaveAttribute('data-state', 'todo');
    await expect(dcGuide.getByTestId('guide-step-storage')).toHaveAttribute(
      'data-state',
      'blocked',
    );

    // Guide Me → New Cluster with both services.
    await dcGuide.getByTestId('guide-action-newCluster').click();
    const clusterDialog = page.getByTestId('cluster-dialog');
    await clusterDialog.getByTestId('cluster-name').fill(CLUSTER);
    await clusterDialog.getByTestId('cluster-services-virt').check();
    await clusterDialog.getByTestId('cluster-services-gluster').check();
    await clusterDialog.getByTestId('cluster-dialog-ok').click();
    await expect(clusterDialog).toBeHidden();
    expect(
      await db.rows(
        `SELECT c.virt_service, c.gluster_service, d.name AS dc
           FROM cluster c JOIN data_center d ON d.id = c.data_center_id WHERE c.name = $1`,
        [CLUSTER],
      ),
    ).toEqual([{ virt_service: true, gluster_service: true, dc: DC }]);

    // The cluster's guide, above the data center's → New Host: this machine.
    await expect(page.getByTestId('guide-dialog')).toHaveCount(2);
    await top(page, 'guide-dialog').getByTestId('guide-action-newHost').click();
    const hostDialog = page.getByTestId('host-dialog');
    await expect(hostDialog.getByTestId('host-cluster').locator('option:checked')).toContainText(
      CLUSTER,
    );
    await hostDialog.getByTestId('host-name').fill(hostName);
    await hostDialog.getByTestId('host-address').fill('127.0.0.1');
    await hostDialog.getByTestId('host-driver').selectOption('libvirt');
    await hostDialog.getByTestId('host-uri').fill('qemu:///system');
    await hostDialog.getByTestId('host-dialog-ok').click();
    await expect(hostDialog).toBeHidden();
    await expect.poll(() => statusOf(db, 'host', hostName), { timeout: 90_000 }).toBe('Up');
    expect(
      await db.rows(
        `SELECT c.name FROM host h JOIN cluster c ON c.id = h.cluster_id WHERE h.name = $1`,
        [hostName],
      ),
    ).toEqual([{ name: CLUSTER }]);

    // Guide Me → New Volume. First a mistake: replica 3 with two bricks.
    const clusterGuide = top(page, 'guide-dialog');
    await expect(clusterGuide.getByTestId('guide-step-host')).toHaveAttribute('data-state', 'done');
    await clusterGuide.getByTestId('guide-action-newVolume').click();
    const volumeDialog = page.getByTestId('volume-dialog');
    await expect(
      volumeDialog.getByTestId('volume-cluster').locator('option:checked'),
    ).toContainText(CLUSTER);
    await volumeDialog.getByTestId('volume-name').fill(VOLUME);
    await volumeDialog.getByTestId('volume-type').selectOption('Replicate');
    await volumeDialog.getByTestId('volume-replica').fill('3');
    await volumeDialog.getByTestId('volume-optimize').check();
    await volumeDialog.getByTestId('volume-force').check();
    await volumeDialog.getByTestId('volume-start').check();
    for (let i = 0; i < 2; i++) {
      await volumeDialog.getByTestId('brick-add').click();
      await chooseOption(volumeDialog.getByTestId(`brick-host-${i}`), hostName);
      await volumeDialog.getByTestId(`brick-dir-${i}`).fill(`${BRICKS}/b${i + 1}`);
    }
    await volumeDialog.getByTestId('volume-ok').click();
    await expect(volumeDialog.getByTestId('field-error-bricks')).toContainText('3');
    expect(glusterVolumes()).not.toContain(VOLUME);
    expect(await db.rows(`SELECT id FROM gluster_volume WHERE name = $1`, [VOLUME])).toEqual([]);

    // The third brick, and the volume is made, optimized for virt and started.
    await volumeDialog.getByTestId('brick-add').click();
    await chooseOption(volumeDialog.getByTestId('brick-host-2'), hostName);
    await volumeDialog.getByTestId('brick-dir-2').fill(`${BRICKS}/b3`);
    await volumeDialog.getByTestId('volume-ok').click();
    await expect(volumeDialog).toBeHidden();
    // Gluster is the truth; the store follows it (the job reads the volume back).
    await expect.poll(() => volumeInfo(VOLUME).status, { timeout: 120_000 }).toBe('Started');
    await expect.poll(() => statusOf(db, 'gluster_volume', VOLUME), { timeout: 30_000 }).toBe('Up');
    const info = volumeInfo(VOLUME);
    expect(info.type).toBe('Replicate');
    expect(info.status).toBe('Started');
    expect(info.replica).toBe(3);
    expect(info.bricks.map((b) => b.split(':').pop())).toEqual(
      [1, 2, 3].map((i) => `${BRICKS}/b${i}`),
    );
    for (const [key, value] of virtGroup()) expect(info.options.get(key), key).toBe(value);
    const uid = execFileSync('id', ['-u', 'libvirt-qemu'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'libvirt-qemu'], { encoding: 'utf8' }).trim();
    expect(info.options.get('storage.owner-uid')).toBe(uid);
    expect(info.options.get('storage.owner-gid')).toBe(gid);

    // Refused: a brick directory that is already a brick. Nothing new in gluster.
    const volumesBefore = glusterVolumes();
    await clusterGuide.getByTestId('guide-action-newVolume').click();
    await volumeDialog.getByTestId('volume-name').fill(`${VOLUME}-again`);
    await volumeDialog.getByTestId('volume-type').selectOption('Distribute');
    await volumeDialog.getByTestId('volume-force').check();
    await volumeDialog.getByTestId('brick-add').click();
    await chooseOption(volumeDialog.getByTestId('brick-host-0'), hostName);
    await volumeDialog.getByTestId('brick-dir-0').fill(`${BRICKS}/b1`);
    await volumeDialog.getByTestId('volume-ok').click();
    await expect(volumeDialog.getByTestId('field-error-bricks.0.directory')).toBeVisible();
    expect(glusterVolumes()).toEqual(volumesBefore);
    await volumeDialog.press('Escape');
    await expect(volumeDialog).toBeHidden();

    // Back in the data center's guide: New Storage Domain, GlusterFS on the volume.
    await clusterGuide.getByTestId('guide-close').click();
    await expect(page.getByTestId('guide-dialog')).toHaveCount(1);
    await expect(dcGuide.getByTestId('guide-step-storage')).toHaveAttribute('data-state', 'todo', {
      timeout: 30_000,
    });
    await dcGuide.getByTestId('guide-action-newStorage').click();
    const sdDialog = page.getByTestId('sd-dialog');
    await sdDialog.getByTestId('sd-name').fill(DOMAIN);
    await sdDialog.getByTestId('sd-function').selectOption('Data');
    await sdDialog.getByTestId('sd-type').selectOption('GlusterFS');
    await chooseOption(sdDialog.getByTestId('sd-gluster-volume'), VOLUME);
    await chooseOption(sdDialog.getByTestId('sd-host'), hostName);
    await sdDialog.getByTestId('sd-dialog-ok').click();
    await expect(sdDialog).toBeHidden();
    await expect
      .poll(
        async () =>
          (
            await db.rows<{ status: string }>(`SELECT status FROM storage_domain WHERE name = $1`, [
              DOMAIN,
            ])
          )[0]?.status,
        { timeout: 120_000 },
      )
      .toBe('Active');
    const domain = await db.one<{ id: string; is_master: boolean; target: string }>(
      `SELECT id, is_master, target FROM storage_domain WHERE name = $1`,
      [DOMAIN],
    );
    domainId = domain.id;
    expect(domain.is_master).toBe(true);
    expect(virsh('pool-list', '--name')).toContain(`corral-${domain.id}`);
    const mounts = readFileSync('/proc/mounts', 'utf8');
    expect(mounts).toMatch(new RegExp(`:/${VOLUME} ${domain.target} fuse.glusterfs`));
    await expect(dcGuide.getByTestId('guide-step-storage')).toHaveAttribute('data-state', 'done', {
      timeout: 30_000,
    });
    await dcGuide.getByTestId('guide-close').click();

    // Refused: a second ISO domain in a data center that has one (the demo's Default).
    const domainsBefore = await db.rows(`SELECT id FROM storage_domain ORDER BY id`);
    await portal.open('Storage:');
    await page.getByTestId('action-new').click();
    await sdDialog.getByTestId('sd-name').fill(`${DOMAIN}-iso`);
    await chooseOption(sdDialog.getByTestId('sd-datacenter'), 'Default');
    await sdDialog.getByTestId('sd-function').selectOption('ISO');
    await sdDialog.getByTestId('sd-type').selectOption('NFS');
    await sdDialog.getByTestId('sd-path').fill('nfs.example.com:/iso');
    await sdDialog.getByTestId('sd-dialog-ok').click();
    await expect(sdDialog.locator('[data-testid^="field-error-"]').first()).toContainText('ISO');
    await sdDialog.press('Escape');
    expect(await db.rows(`SELECT id FROM storage_domain ORDER BY id`)).toEqual(domainsBefore);

    // New VM in the new cluster, its disk in the Gluster domain; run it.
    await portal.open(`Vms: cluster = ${CLUSTER}`);
    await page.getByTestId('action-new').click();
    const vmDialog = page.getByTestId('vm-dialog');
    await vmDialog.getByTestId('vm-cluster').selectOption({ label: CLUSTER });
    await vmDialog.getByTestId('vm-name').fill(VM);
    await vmDialog.getByTestId('vm-memory').fill('128');
    await vmDialog.getByTestId('vm-tab-disks').click();
    await vmDialog.getByTestId('vm-disk-add').click();
    await vmDialog.getByTestId('vm-disk-size').fill('1');
    await chooseOption(vmDialog.getByTestId('vm-disk-domain'), DOMAIN);
    await vmDialog.getByTestId('vm-dialog-ok').click();
    await expect(vmDialog).toBeHidden();
    await expect.poll(() => statusOf(db, 'vm', VM), { timeout: 60_000 }).toBe('Down');

    // The disk is a real qcow2 image in the domain's pool, on the Gluster volume.
    const [image] = await db.rows<{ path: string }>(
      `SELECT v.path FROM disk_volume v JOIN vm_disk vd ON vd.disk_id = v.disk_id
         JOIN vm ON vm.id = vd.vm_id WHERE vm.name = $1`,
      [VM],
    );
    expect(image?.path.startsWith(`${domain.target}/`)).toBe(true);
    virsh('pool-refresh', `corral-${domain.id}`);
    expect(virsh('vol-list', `corral-${domain.id}`)).toContain(image!.path);
    const qemuInfo = JSON.parse(
      execFileSync('qemu-img', ['info', '-U', '--output=json', image!.path], { encoding: 'utf8' }),
    ) as { format: string; 'virtual-size': number };
    expect(qemuInfo.format).toBe('qcow2');
    expect(qemuInfo['virtual-size']).toBe(1024 ** 3);

    await portal.search(`Vms: name = ${VM}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('action-run').click();
    await expect.poll(() => statusOf(db, 'vm', VM), { timeout: 120_000 }).toBe('Up');
    expect(virsh('domstate', VM)).toBe('running');
    expect(virsh('domblklist', VM)).toContain(image!.path);
  });
});
