import { expect, test } from '../harness/fixtures.js';
import { backingChain, virsh } from '../harness/host.js';
import { Portal } from '../harness/portal.js';

// A VM's whole life on the real local libvirt host, driven from the portal and checked
// where it happens: libvirt (virsh), the disk images (qemu-img) and the store.
test.describe('VM lifecycle on the local libvirt host', () => {
  test.setTimeout(180_000);

  test('create, run, see a kill from outside live, snapshot as a qcow2 chain', async ({
    page,
    db,
  }) => {
    const local = await db.rows<{ name: string; status: string }>(
      `SELECT name, status FROM host WHERE driver = 'libvirt' AND uri = 'qemu:///system'`,
    );
    expect(local, 'the local libvirt host is in the demo').toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await db.one<{ status: string }>(`SELECT status FROM host WHERE uri = 'qemu:///system'`))
            .status,
        { timeout: 60_000 },
      )
      .toBe('Up');

    const name = `e2e-vm-${Date.now().toString(36)}`;
    const portal = new Portal(page);
    await portal.open('Vms: cluster = Local');

    // New VM: 128 MiB, one 1 GiB thin disk in the local storage domain.
    await page.getByTestId('action-new').click();
    const dialog = page.getByTestId('vm-dialog');
    await dialog.getByTestId('vm-cluster').selectOption({ label: 'Local' });
    await dialog.getByTestId('vm-name').fill(name);
    await dialog.getByTestId('vm-memory').fill('128');
    await dialog.getByTestId('vm-tab-disks').click();
    await dialog.getByTestId('vm-disk-add').click();
    await dialog.getByTestId('vm-disk-size').fill('1');
    const domain = dialog.getByTestId('vm-disk-domain');
    const localOption = domain.locator('option', { hasText: 'local-images' });
    await domain.selectOption((await localOption.getAttribute('value'))!);
    await dialog.getByTestId('vm-dialog-ok').click();
    await expect(dialog).toBeHidden();

    await expect
      .poll(() => db.rows(`SELECT status, memory_mb FROM vm WHERE name = $1`, [name]))
      .toEqual([{ status: 'Down', memory_mb: 128 }]);

    // Run it; the scheduler has one host in this cluster: this machine.
    await portal.search(`Vms: name = ${name}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('action-run').click();
    const status = portal.row(0).locator('[col-id="status"] [data-status]');
    await expect(status).toHaveAttribute('data-status', 'Up', { timeout: 90_000 });
    expect(virsh('domstate', name)).toBe('running');
    await expect(
      page
        .getByTestId('job-row')
        .filter({ hasText: `Running VM ${name}` })
        .first(),
    ).toHaveAttribute('data-status', 'Finished', { timeout: 30_000 });

    // Pull the plug behind Corral's back: the browser learns it from libvirt's event,
    // pushed through the feed, without a reload.
    const marker = await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      return true;
    });
    expect(marker).toBe(true);
    virsh('destroy', name);
    await expect(status).toHaveAttribute('data-status', 'Down', { timeout: 10_000 });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await expect
      .poll(() => db.rows(`SELECT status, host_id FROM vm WHERE name = $1`, [name]))
      .toEqual([{ status: 'Down', host_id: null }]);

    // Snapshot: the disk becomes a chain of two qcow2 images.
    await page.getByTestId('action-snapshot').click();
    await page.getByTestId('snapshot-description').fill('before upgrade');
    await page.getByTestId('snapshot-ok').click();
    await expect
      .poll(
        () =>
          db.rows(
            `SELECT s.status FROM snapshot s JOIN vm v ON v.id = s.vm_id
              WHERE v.name = $1 AND s.description = 'before upgrade'`,
            [name],
          ),
        { timeout: 30_000 },
      )
      .toEqual([{ status: 'OK' }]);
    const volumes = await db.rows<{ path: string; parent_id: string | null }>(
      `SELECT dv.path, dv.parent_id FROM disk_volume dv
         JOIN vm_disk vd ON vd.disk_id = dv.disk_id JOIN vm v ON v.id = vd.vm_id
        WHERE v.name = $1 ORDER BY dv.created_at`,
      [name],
    );
    expect(volumes).toHaveLength(2);
    const top = volumes.find((v) => v.parent_id !== null)!;
    const base = volumes.find((v) => v.parent_id === null)!;
    const chain = backingChain(top.path);
    expect(chain.map((i) => i.filename)).toEqual([top.path, base.path]);
    expect(chain.every((i) => i.format === 'qcow2')).toBe(true);
    // libvirt's definition points at the new top layer.
    expect(virsh('domblklist', name, '--details')).toContain(top.path);
  });
});
