// The Disks tab on the local libvirt host's storage domain: a new disk, extended, an
// image uploaded from the browser, a VMDK refused, and a removal —
// each checked in the image files (qemu-img) and the store.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type DbProbe } from '../harness/fixtures.js';
import { Portal } from '../harness/portal.js';

const run = Date.now().toString(36);
const GiB = 1024 ** 3;

function imageInfo(file: string): { format: string; 'virtual-size': number } {
  return JSON.parse(
    execFileSync('qemu-img', ['info', '-U', '--output=json', file], { encoding: 'utf8' }),
  ) as { format: string; 'virtual-size': number };
}

/** The disk's status and the image its top volume points at. */
async function diskState(db: DbProbe, alias: string) {
  const rows = await db.rows<{ status: string; size_gb: number; path: string }>(
    `SELECT d.status, d.size_gb, v.path FROM disk d JOIN disk_volume v ON v.disk_id = d.id
      WHERE d.alias = $1 ORDER BY v.created_at DESC LIMIT 1`,
    [alias],
  );
  return rows[0];
}

async function chooseOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  expect(value, `an option "${text}" in ${testId}`).not.toBeNull();
  await select.selectOption(value!);
}

test.describe('Disks on the local libvirt host', () => {
  test.setTimeout(180_000);
  const scratch = path.join(os.tmpdir(), `corral-e2e-upload-${run}`);

  test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('new, extend, upload (and a refused VMDK), remove — in the image files', async ({
    page,
    db,
  }) => {
    await expect
      .poll(
        async () =>
          (
            await db.rows<{ status: string }>(
              `SELECT status FROM host WHERE uri = 'qemu:///system'`,
            )
          )[0]?.status,
        { timeout: 60_000 },
      )
      .toBe('Up');
    const portal = new Portal(page);
    const alias = `e2e-disk-${run}`;

    // New Virtual Disk, floating, 1 GiB thin qcow2 in local-images.
    await portal.open('Disks: storage = local-images');
    await page.getByTestId('action-new').click();
    await page.getByTestId('disk-alias').fill(alias);
    await page.getByTestId('disk-size').fill('1');
    await chooseOption(page, 'disk-domain', 'local-images');
    await page.getByTestId('disk-dialog-ok').click();
    await expect(page.getByTestId('disk-dialog')).toBeHidden();
    await expect
      .poll(async () => (await diskState(db, alias))?.status, { timeout: 60_000 })
      .toBe('OK');
    const created = (await diskState(db, alias))!;
    expect(imageInfo(created.path)).toMatchObject({ format: 'qcow2', 'virtual-size': GiB });

    // Extend by 1 GiB: the image grows.
    await portal.search(`Disks: name = ${alias}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('action-extend').click();
    await page.getByTestId('disk-extend-by').fill('1');
    await page.getByTestId('disk-extend-ok').click();
    await expect
      .poll(() => imageInfo(created.path)['virtual-size'], { timeout: 60_000 })
      .toBe(2 * GiB);
    await expect.poll(async () => (await diskState(db, alias))?.size_gb).toBe(2);

    // Upload a qcow2 image made here; it lands in the domain's pool as qcow2.
    execFileSync('mkdir', ['-p', scratch]);
    const file = path.join(scratch, 'uploaded.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '64M']);
    const uploaded = `e2e-upload-${run}`;
    await page.getByTestId('action-upload').click();
    await page.getByTestId('disk-upload-file').setInputFiles(file);
    await page.getByTestId('disk-upload-alias').fill(uploaded);
    await chooseOption(page, 'disk-upload-domain', 'local-images');
    await page.getByTestId('disk-upload-ok').click();
    await expect(page.getByTestId('disk-upload-dialog')).toBeHidden({ timeout: 60_000 });
    await expect
      .poll(async () => (await diskState(db, uploaded))?.status, { timeout: 60_000 })
      .toBe('OK');
    const up = (await diskState(db, uploaded))!;
    expect(up.path).not.toBe(file);
    expect(imageInfo(up.path)).toMatchObject({ format: 'qcow2', 'virtual-size': 64 << 20 });

    // An image in a format Corral does not run from (VMDK) is refused, leaving no disk.
    const text = path.join(scratch, 'appliance.vmdk');
    execFileSync('qemu-img', ['create', '-q', '-f', 'vmdk', text, '64M']);
    const refused = `e2e-refused-${run}`;
    const disksBefore = await db.rows(`SELECT id FROM disk ORDER BY id`);
    await page.getByTestId('action-upload').click();
    await page.getByTestId('disk-upload-file').setInputFiles(text);
    await page.getByTestId('disk-upload-alias').fill(refused);
    await chooseOption(page, 'disk-upload-domain', 'local-images');
    await page.getByTestId('disk-upload-ok').click();
    await expect(page.getByTestId('disk-upload-dialog').getByTestId('form-error')).toBeVisible({
      timeout: 30_000,
    });
    await expect.poll(() => db.rows(`SELECT id FROM disk ORDER BY id`)).toEqual(disksBefore);
    await page.getByTestId('disk-upload-dialog').press('Escape');

    // Remove the first disk: its image goes.
    await portal.search(`Disks: name = ${alias}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('action-remove').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => diskState(db, alias), { timeout: 60_000 }).toBeUndefined();
    await expect.poll(() => existsSync(created.path), { timeout: 30_000 }).toBe(false);
  });
});
