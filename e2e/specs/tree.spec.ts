import { expect, test } from '../harness/fixtures.js';
import { Portal } from '../harness/portal.js';

test.describe('system tree', () => {
  test('lists the data centers and writes queries for clusters and their hosts and VMs', async ({
    page,
    db,
  }) => {
    const portal = new Portal(page);
    await portal.open();
    const tree = page.getByTestId('tree');
    const dcs = await db.rows<{ name: string }>(
      'SELECT name FROM data_center ORDER BY lower(name)',
    );
    for (const dc of dcs) {
      await expect(
        tree.getByTestId('tree-node').filter({ hasText: dc.name }).first(),
      ).toBeVisible();
    }

    const cluster = await db.one<{ id: string; name: string; dc: string }>(
      `SELECT c.id, c.name, d.name AS dc FROM cluster c JOIN data_center d ON d.id = c.data_center_id
        WHERE EXISTS (SELECT 1 FROM host h WHERE h.cluster_id = c.id) ORDER BY c.name LIMIT 1`,
    );
    // Expand the data center, then its cluster.
    const dcNode = tree.locator('[data-testid="tree-node"][data-node-kind="datacenter"]', {
      hasText: cluster.dc,
    });
    await dcNode.first().click();
    const clusterNode = tree.locator('[data-testid="tree-node"][data-node-kind="cluster"]', {
      hasText: cluster.name,
    });
    await clusterNode.first().click();
    await expect(portal.searchInput).toHaveValue(
      new RegExp(`^Clusters?:\\s*name\\s*=\\s*"?${cluster.name}"?`),
    );
    await portal.expectTotal(1);

    const { hosts } = await db.one<{ hosts: number }>(
      'SELECT count(*) AS hosts FROM host WHERE cluster_id = $1',
      [cluster.id],
    );
    await tree.locator('[data-testid="tree-node"][data-node-kind="hosts"]').first().click();
    await expect(portal.searchInput).toHaveValue(/^Hosts:\s*cluster\s*=/);
    await portal.expectTotal(hosts);

    const { vms } = await db.one<{ vms: number }>(
      'SELECT count(*) AS vms FROM vm WHERE cluster_id = $1',
      [cluster.id],
    );
    await tree.locator('[data-testid="tree-node"][data-node-kind="vms"]').first().click();
    await expect(portal.searchInput).toHaveValue(/^Vms:\s*cluster\s*=/);
    await portal.expectTotal(vms);
  });
});
