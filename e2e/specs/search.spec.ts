import { expect, test } from '../harness/fixtures.js';
import { Portal } from '../harness/portal.js';

test.describe('search', () => {
  test('autocomplete writes the query and the grid shows what the database holds', async ({
    page,
    db,
  }) => {
    const portal = new Portal(page);
    await portal.open();
    const input = portal.searchInput;
    await input.fill('');
    await input.pressSequentially('Vm');
    await expect(page.getByTestId('suggestion').filter({ hasText: /^Vms/ }).first()).toBeVisible();
    await page.getByTestId('suggestion').filter({ hasText: /^Vms/ }).first().click();
    await expect(input).toHaveValue(/^Vms:\s*$/);

    // Live data moves (monitoring, sim hosts): the spec filters on configuration.
    await input.pressSequentially(' ty');
    await page
      .getByTestId('suggestion')
      .filter({ hasText: /^type$/ })
      .click();
    await input.pressSequentially(' = ');
    await expect(page.getByTestId('suggestion').filter({ hasText: /^Desktop$/ })).toBeVisible();
    await page
      .getByTestId('suggestion')
      .filter({ hasText: /^Desktop$/ })
      .click();
    await expect(input).toHaveValue(/^Vms:\s*type\s*=\s*Desktop\s*$/i);
    await input.press('Enter');

    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM vm WHERE vm_type = 'Desktop'`,
    );
    expect(n).toBeGreaterThan(0);
    await portal.expectTotal(n);
    await expect(page).toHaveURL(/q=Vms/);
  });

  test('a column header sorts on the server, in the database order', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open('Hosts:');
    const { n } = await db.one<{ n: number }>('SELECT count(*) AS n FROM host');
    await portal.expectTotal(n);

    // The address: configuration, so it holds still while monitoring runs; strings sort
    // case-insensitively in byte order.
    await page
      .getByTestId('grid')
      .locator('.ag-header-cell[col-id="address"] .ag-header-cell-label')
      .click();
    const asc = await db.rows<{ name: string }>(
      `SELECT name FROM host ORDER BY lower(address) COLLATE "C" ASC, id ASC LIMIT 8`,
    );
    await expect.poll(() => portal.column('name', 8)).toEqual(asc.map((r) => r.name));

    await page
      .getByTestId('grid')
      .locator('.ag-header-cell[col-id="address"] .ag-header-cell-label')
      .click();
    const desc = await db.rows<{ name: string }>(
      `SELECT name FROM host ORDER BY lower(address) COLLATE "C" DESC, id DESC LIMIT 8`,
    );
    await expect.poll(() => portal.column('name', 8)).toEqual(desc.map((r) => r.name));
  });

  test('sortby in the query filters and orders like the database', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open();
    await portal.search('Vms: type = server and vcpus >= 2 sortby memory desc');
    const rows = await db.rows<{ name: string }>(
      `SELECT name FROM vm WHERE vm_type = 'Server' AND vcpus >= 2 ORDER BY memory_mb DESC, id DESC`,
    );
    await portal.expectTotal(rows.length);
    await expect.poll(() => portal.column('name', 5)).toEqual(rows.slice(0, 5).map((r) => r.name));
  });

  test('a bad query shows where it is wrong and runs nothing', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open('Hosts:');
    const { n } = await db.one<{ n: number }>('SELECT count(*) AS n FROM host');
    await portal.expectTotal(n);

    const bad = 'Hosts: status = sideways';
    await portal.searchInput.fill(bad);
    await expect(portal.searchError).toBeVisible();
    await expect(portal.searchError).toContainText(/sideways/i);
    await expect(portal.searchError).toContainText(/maintenance/i); // what was expected instead
    await expect(portal.searchError).toHaveAttribute(
      'data-position',
      String(bad.indexOf('sideways')),
    );
    await portal.searchInput.press('Enter');
    await portal.expectTotal(n);
  });

  test('a main tab shows its object and the URL deep-links the query', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open();
    await page.getByTestId('main-tab-storage').click();
    await expect(portal.searchInput).toHaveValue(/^Storage:/);
    const { n } = await db.one<{ n: number }>('SELECT count(*) AS n FROM storage_domain');
    await portal.expectTotal(n);

    await page.goto(
      `/?q=${encodeURIComponent('Hosts: status = maintenance or status = nonoperational')}`,
    );
    const { m } = await db.one<{ m: number }>(
      `SELECT count(*) AS m FROM host WHERE status IN ('Maintenance', 'NonOperational')`,
    );
    await portal.expectTotal(m);
    await expect(page.getByTestId('main-tab-host')).toHaveAttribute('aria-selected', 'true');
  });
});
