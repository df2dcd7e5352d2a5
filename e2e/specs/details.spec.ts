import { expect, test } from '../harness/fixtures.js';
import { Portal } from '../harness/portal.js';

test.describe('details', () => {
  test('a selected VM shows its general fields, NICs, disks and events from the database', async ({
    page,
    db,
  }) => {
    const vm = await db.one<{
      id: string;
      name: string;
      status: string;
      nics: number;
      disks: number;
    }>(
      `SELECT v.id, v.name, v.status,
              (SELECT count(*) FROM vm_nic n WHERE n.vm_id = v.id) AS nics,
              (SELECT count(*) FROM vm_disk d WHERE d.vm_id = v.id) AS disks
         FROM vm v WHERE v.status = 'Up' AND EXISTS (SELECT 1 FROM vm_nic n WHERE n.vm_id = v.id)
        ORDER BY v.name LIMIT 1`,
    );
    const portal = new Portal(page);
    await portal.open(`Vms: name = ${vm.name}`);
    await portal.expectTotal(1);
    await portal.row(0).click();

    const general = page.getByTestId('details-general');
    await expect(general).toContainText(vm.name);
    await expect(general).toContainText(vm.status);
    await expect(page).toHaveURL(new RegExp(`sel=${vm.id}`));

    await page.getByTestId('details-tab-nics').click();
    const nicRows = await db.rows<{ mac: string }>('SELECT mac FROM vm_nic WHERE vm_id = $1', [
      vm.id,
    ]);
    for (const nic of nicRows) await expect(portal.details).toContainText(nic.mac);
    await expect(page).toHaveURL(/tab=nics/);

    await page.getByTestId('details-tab-disks').click();
    const disks = await db.rows<{ alias: string }>(
      'SELECT d.alias FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id WHERE vd.vm_id = $1',
      [vm.id],
    );
    expect(disks.length).toBe(vm.disks);
    for (const d of disks) await expect(portal.details).toContainText(d.alias);

    // The URL alone brings the same view back.
    await page.reload();
    await expect(page.getByTestId('details-tab-disks')).toHaveAttribute('aria-selected', 'true');
    for (const d of disks) await expect(portal.details).toContainText(d.alias);
  });

  test('a host’s Virtual Machines tab lists the VMs running on it', async ({ page, db }) => {
    const host = await db.one<{ id: string; name: string }>(
      `SELECT h.id, h.name FROM host h WHERE h.active_vms > 0 ORDER BY h.name LIMIT 1`,
    );
    const vms = await db.rows<{ name: string }>(
      'SELECT name FROM vm WHERE host_id = $1 ORDER BY name',
      [host.id],
    );
    const portal = new Portal(page);
    await portal.open(`Hosts: name = ${host.name}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('details-tab-vms').click();
    for (const v of vms.slice(0, 10)) await expect(portal.details).toContainText(v.name);
  });

  test('the events panel shows the latest audit events', async ({ page, db }) => {
    const latest = await db.rows<{ message: string }>(
      'SELECT message FROM audit_event ORDER BY time DESC, id DESC LIMIT 3',
    );
    const portal = new Portal(page);
    await portal.open();
    const panel = page.getByTestId('events-panel');
    for (const e of latest) await expect(panel).toContainText(e.message);
  });
});
