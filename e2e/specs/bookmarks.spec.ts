import { expect, test } from '../harness/fixtures.js';
import { Portal } from '../harness/portal.js';

test.describe('bookmarks', () => {
  test('the seeds’ bookmarks are there and run their query', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open();
    const saved = await db.rows<{ name: string; query: string }>(
      'SELECT name, query FROM bookmark ORDER BY lower(name)',
    );
    expect(saved.length).toBeGreaterThanOrEqual(7);
    const items = page.getByTestId('bookmark-item');
    await expect(items).toHaveCount(saved.length);

    // Windows VMs: configuration, which holds still while the hosts' state moves.
    const windows = saved.find((b) => /windows/i.test(b.name));
    expect(windows).toBeDefined();
    await items.filter({ hasText: windows!.name }).click();
    await expect(portal.searchInput).toHaveValue(windows!.query);
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM vm WHERE lower(os) LIKE 'windows%'`,
    );
    await portal.expectTotal(n);
  });

  test('save, run, rename and delete a bookmark', async ({ page, db }) => {
    const portal = new Portal(page);
    await portal.open();
    const query = 'Vms: os = windows* and type = desktop';
    await portal.search(query);

    await page.getByTestId('bookmark-save').click();
    await page.getByTestId('bookmark-name-input').fill('Windows desktops');
    await page.getByTestId('bookmark-name-input').press('Enter');
    await expect(page.getByTestId('toast').last()).toBeVisible();
    await expect
      .poll(() => db.rows(`SELECT query FROM bookmark WHERE name = 'Windows desktops'`))
      .toEqual([{ query }]);

    // Run it from somewhere else.
    await portal.search('Hosts:');
    await page.getByTestId('bookmark-item').filter({ hasText: 'Windows desktops' }).click();
    await expect(portal.searchInput).toHaveValue(query);
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM vm WHERE lower(os) LIKE 'windows%' AND vm_type = 'Desktop'`,
    );
    await portal.expectTotal(n);

    const item = page.getByTestId('bookmark-item').filter({ hasText: 'Windows desktops' });
    await item.hover();
    await item.getByTestId('bookmark-rename').click();
    await page.getByTestId('bookmark-name-input').fill('Windows desktops up');
    await page.getByTestId('bookmark-name-input').press('Enter');
    await expect
      .poll(() => db.rows(`SELECT name FROM bookmark WHERE query = $1`, [query]))
      .toEqual([{ name: 'Windows desktops up' }]);

    const renamed = page.getByTestId('bookmark-item').filter({ hasText: 'Windows desktops up' });
    await renamed.hover();
    page.once('dialog', (d) => void d.accept());
    await renamed.getByTestId('bookmark-delete').click();
    const confirm = page.getByTestId('bookmark-delete-confirm');
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    await expect
      .poll(() => db.rows(`SELECT id FROM bookmark WHERE query = $1`, [query]))
      .toEqual([]);
    await expect(
      page.getByTestId('bookmark-item').filter({ hasText: 'Windows desktops up' }),
    ).toHaveCount(0);
  });

  test('a duplicate name is refused next to the name field and saves nothing', async ({
    page,
    db,
  }) => {
    const portal = new Portal(page);
    await portal.open();
    const [existing] = await db.rows<{ name: string }>(
      'SELECT name FROM bookmark ORDER BY name LIMIT 1',
    );
    const { before } = await db.one<{ before: number }>('SELECT count(*) AS before FROM bookmark');
    await portal.search('Hosts: cpu_usage > 10');
    await page.getByTestId('bookmark-save').click();
    await page.getByTestId('bookmark-name-input').fill(existing!.name);
    await page.getByTestId('bookmark-name-input').press('Enter');
    await expect(page.getByTestId('bookmark-name-error')).toContainText(/already exists/);
    const { after } = await db.one<{ after: number }>('SELECT count(*) AS after FROM bookmark');
    expect(after).toBe(before);
  });
});
