// The user portal end to end (docs/user-portal.md), on this machine's libvirtd: an
// administrator makes a local user, a pool on the libvirt host's cluster from a template
// and grants the user UserRole on it; the user signs in, sees only their own desktops
// and that pool (and the API refuses everything else by id, by search, by console
// ticket), takes a desktop, starts it and works in its console; a role granted and
// revoked by the administrator shows in the open portal without a reload; and the
// portal works on a phone-sized screen.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { csrfHeaders, expect, test, type DbProbe as Db } from '../harness/fixtures.js';
import {
  CANVAS_HAS_PICTURE,
  GUEST_BANNER,
  GUEST_DIR,
  localHostUp,
  serialLog,
  typeLine,
  word,
} from '../harness/guest.js';
import { virsh } from '../harness/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'desk-user-pass-1';

/** A tRPC mutation as the page's session; its `result.data`. */
async function mutate<T = unknown>(page: Page, proc: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${proc}`, {
    data: input,
    headers: await csrfHeaders(page),
  });
  expect(res.ok(), `${proc}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** A tRPC query as the page's session: the raw response. */
function query(page: Page, proc: string, input?: unknown) {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return page.request.get(`/trpc/${proc}${q}`);
}

async function status(db: Db, vmId: string): Promise<string | undefined> {
  return (await db.rows<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [vmId]))[0]
    ?.status;
}

/** Down, and its stateless reset done (the pool resets a desktop that ran once it is Down). */
async function settledDown(db: Db, vmId: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await db.rows<{ status: string; dirty: boolean }>(
            `SELECT status, stateless_dirty AS dirty FROM vm WHERE id = $1`,
            [vmId],
          )
        )[0],
      { timeout: 60_000 },
    )
    .toEqual({ status: 'Down', dirty: false });
}

function domstate(name: string): string {
  try {
    return virsh('domstate', name);
  } catch {
    return 'absent';
  }
}

test.describe('User portal', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(240_000);

  const suffix = Date.now().toString(36);
  const username = `e2e-desk-${suffix}`;
  const poolName = `e2e-pp-${suffix}`;
  const otherName = `e2e-ptpl-${suffix}`;
  let userId = '';
  let poolId = '';
  let otherVmId = '';
  let takenId = '';
  let takenName = '';
  let userContext: BrowserContext | null = null;
  let user: Page;

  test.afterAll(async () => {
    await userContext?.close();
  });

  test('an administrator gives a colleague a pool; they see only theirs, take a desktop, start it and open its console', async ({
    page,
    db,
    browser,
  }) => {
    // --- The administrator's set-up, through the API with the admin session.
    await localHostUp(db);
    // Wherever the seed flow moved this machine's host, the pool goes on its cluster.
    const { clusterId } = await db.one<{ clusterId: string }>(
      `SELECT cluster_id AS "clusterId" FROM host WHERE uri = 'qemu:///system'`,
    );
    await page.goto('/');
    await mutate(page, 'user.create', {
      username,
      password: PASSWORD,
      firstName: 'Desk',
      lastName: 'User',
      vmQuota: 0,
    });
    ({ id: userId } = await db.one<{ id: string }>(
      `SELECT id FROM app_user WHERE username = $1 AND domain = 'internal'`,
      [username],
    ));

    // A template from a small disk-less VM (SeaBIOS shows its screen), then the pool.
    const source = await mutate<{ id: string }>(page, 'vm.create', {
      name: otherName,
      clusterId,
      memoryMb: 256,
      display: 'VNC',
    });
    otherVmId = source.id;
    await expect.poll(() => status(db, otherVmId), { timeout: 60_000 }).toBe('Down');
    const { templateId } = await mutate<{ templateId: string }>(page, 'vm.makeTemplate', {
      id: otherVmId,
      name: `${otherName}-t`,
    });
    await expect
      .poll(
        async () =>
          (
            await db.one<{ status: string }>(`SELECT status FROM template WHERE id = $1`, [
              templateId,
            ])
          ).status,
        { timeout: 60_000 },
      )
      .toBe('OK');
    await expect.poll(() => status(db, otherVmId), { timeout: 60_000 }).toBe('Down');
    ({ id: poolId } = await mutate<{ id: string }>(page, 'pool.create', {
      name: poolName,
      clusterId,
      templateId,
      poolType: 'Manual',
      size: 2,
      prestarted: 0,
      maxPerUser: 1,
      stateless: true,
    }));
    await expect
      .poll(
        async () =>
          (
            await db.rows<{ status: string }>(
              `SELECT status FROM vm WHERE pool_id = $1 ORDER BY name`,
              [poolId],
            )
          ).map((v) => v.status),
        { timeout: 90_000 },
      )
      .toEqual(['Down', 'Down']);
    await mutate(page, 'permission.add', {
      userId,
      role: 'UserRole',
      objectType: 'Pool',
      objectId: poolId,
    });

    // --- The colleague, in a browser of their own: the login page, then the portal.
    userContext = await browser.newContext();
    user = await userContext.newPage();
    await user.goto('/');
    await expect(user).toHaveURL(/\/login/);
    await user.getByTestId('login-username').fill(username);
    await user.getByTestId('login-password').fill(PASSWORD);
    await user.getByTestId('login-submit').click();
    await expect(user).toHaveURL(/\/portal/);
    await expect(user.getByTestId('portal-user')).toHaveText(`${username}@internal`);
    const poolCard = user.locator(`[data-testid="portal-pool-card"][data-pool-name="${poolName}"]`);
    await expect(poolCard).toBeVisible();
    await expect(user.getByTestId('portal-pool-card')).toHaveCount(1);
    await expect(poolCard.getByTestId('portal-pool-free')).toHaveAttribute('data-free', '2');
    await expect(poolCard.getByTestId('portal-pool-held')).toHaveText('You have 0 of 1');
    await expect(user.getByTestId('portal-no-vms')).toBeVisible();
    await expect(user.getByTestId('portal-vm-card')).toHaveCount(0);
    await expect(user.getByTestId('portal-new-vm')).toHaveCount(0);

    // The API refuses what the portal does not show: by id, by console ticket, by search.
    const byId = await query(user, 'vm.get', { id: otherVmId });
    expect(byId.status()).toBe(404);
    expect(((await byId.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
      'NOT_FOUND',
    );
    const ticket = await user.request.post('/trpc/console.open', {
      data: { vmId: otherVmId, protocol: 'vnc' },
      headers: await csrfHeaders(user),
    });
    expect(ticket.ok()).toBe(false);
    expect([403, 404]).toContain(ticket.status());

    // --- Take a desktop: a card appears, the store holds the assignment, libvirt runs it.
    await poolCard.getByTestId('portal-pool-take').click();
    await expect(user.getByTestId('toast').filter({ hasText: poolName })).toBeVisible();
    const card = user.getByTestId('portal-vm-card');
    await expect(card).toHaveCount(1);
    takenName = (await card.getAttribute('data-vm-name')) ?? '';
    takenId = (await card.getAttribute('data-vm-id')) ?? '';
    expect(takenName).toMatch(new RegExp(`^${poolName}-[12]$`));
    expect(
      await db.rows(
        `SELECT r.name AS role FROM permission p JOIN role r ON r.id = p.role_id
          WHERE p.user_id = $1 AND p.object_type = 'Vm' AND p.object_id = $2`,
        [userId, takenId],
      ),
    ).toEqual([{ role: 'UserRole' }]);
    await expect(poolCard.getByTestId('portal-pool-held')).toHaveText('You have 1 of 1');
    await expect(poolCard.getByTestId('portal-pool-take')).toBeDisabled();
    // Take starts a Down desktop; its card follows the status without a reload.
    await expect(card).toHaveAttribute('data-status', 'Up', { timeout: 90_000 });
    expect(domstate(takenName)).toBe('running');

    // By search a user counts exactly the VMs that are theirs; the pool's other desktop
    // is not theirs either: not by id, not to run.
    const mine = (await (await query(user, 'portal.vms')).json()) as {
      result: { data: { id: string }[] };
    };
    expect(mine.result.data.map((v) => v.id)).toEqual([takenId]);
    const searched = await query(user, 'search.run', { query: 'Vms:' });
    expect(searched.ok()).toBe(true);
    const found = (await searched.json()) as {
      result: { data: { total: number; rows: { name: string }[] } };
    };
    expect(found.result.data.rows.map((r) => r.name)).toEqual([takenName]);
    expect(found.result.data.total).toBe(1);
    const { id: freeId } = await db.one<{ id: string }>(
      `SELECT id FROM vm WHERE pool_id = $1 AND id <> $2`,
      [poolId, takenId],
    );
    expect((await query(user, 'vm.get', { id: freeId })).status()).toBe(404);
    const runOther = await user.request.post('/trpc/vm.run', {
      data: { ids: [freeId] },
      headers: await csrfHeaders(user),
    });
    expect([403, 404]).toContain(runOther.status());
    expect(await status(db, freeId)).toBe('Down');

    // Stopped by the administrator, started again from the portal.
    await mutate(page, 'vm.powerOff', { ids: [takenId] });
    await expect(card).toHaveAttribute('data-status', 'Down', { timeout: 60_000 });
    expect(domstate(takenName)).not.toBe('running');
    await settledDown(db, takenId);
    await expect(card).toHaveCount(1); // a Manual pool's desktop stays the user's
    await card.getByTestId('portal-vm-start').click();
    await expect(
      user.getByTestId('toast').filter({ hasText: `Starting ${takenName}` }),
    ).toBeVisible();
    await expect(card).toHaveAttribute('data-status', 'Up', { timeout: 90_000 });
    expect(domstate(takenName)).toBe('running');

    // Its console, in a window of its own: connected and showing the screen.
    const [tab] = await Promise.all([
      user.waitForEvent('popup'),
      card.getByTestId('portal-vm-console-vnc').click(),
    ]);
    await tab.waitForURL(new RegExp(`/console/${takenId}\\?protocol=vnc$`));
    await expect(tab.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', {
      timeout: 30_000,
    });
    await expect.poll(() => tab.evaluate(CANVAS_HAS_PICTURE), { timeout: 30_000 }).toBe(true);
    await tab.close();
  });

  test('a role granted and revoked by an administrator shows in the open portal without a reload', async ({
    page,
    db,
  }) => {
    expect(takenId, 'the desktop from the test before').not.toBe('');
    await user.evaluate(() => {
      (window as unknown as { portalMark: number }).portalMark = 42;
    });
    await page.goto('/');
    await mutate(page, 'permission.add', {
      userId,
      role: 'UserRole',
      objectType: 'Vm',
      objectId: otherVmId,
    });
    const granted = user.locator(`[data-testid="portal-vm-card"][data-vm-name="${otherName}"]`);
    await expect(granted).toBeVisible({ timeout: 20_000 });
    await expect(granted).toHaveAttribute('data-status', 'Down');
    await expect(granted.getByTestId('portal-vm-start')).toBeEnabled();
    await expect(user.getByTestId('portal-vm-card')).toHaveCount(2);

    const { id: permissionId } = await db.one<{ id: string }>(
      `SELECT id FROM permission WHERE user_id = $1 AND object_type = 'Vm' AND object_id = $2`,
      [userId, otherVmId],
    );
    await mutate(page, 'permission.remove', { permissionId });
    await expect(granted).toHaveCount(0, { timeout: 20_000 });
    await expect(user.getByTestId('portal-vm-card')).toHaveCount(1);
    // The same page all along.
    expect(
      await user.evaluate(() => (window as unknown as { portalMark?: number }).portalMark),
    ).toBe(42);
    // And the API agrees: the VM is unknown to the user again.
    expect((await query(user, 'vm.get', { id: otherVmId })).status()).toBe(404);
  });

  test('on a phone-sized screen the cards stack in one column and every button is reachable', async () => {
    expect(takenId, 'the desktop from the first test').not.toBe('');
    await user.setViewportSize({ width: 390, height: 844 });
    await user.reload();
    const cards = user.locator('[data-testid="portal-vm-card"], [data-testid="portal-pool-card"]');
    await expect(cards).toHaveCount(2);
    const boxes = await Promise.all(
      (await cards.all()).map(async (c) => {
        await c.scrollIntoViewIfNeeded();
        return c.boundingBox();
      }),
    );
    for (const b of boxes) {
      expect(b).not.toBeNull();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(390);
    }
    // One column: every card starts at the same x, one below the other.
    expect(new Set(boxes.map((b) => Math.round(b!.x))).size).toBe(1);
    expect(await user.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const card = user.locator(`[data-testid="portal-vm-card"][data-vm-name="${takenName}"]`);
    for (const id of [
      'portal-vm-shutdown',
      'portal-vm-reboot',
      'portal-vm-console-spice',
      'portal-vm-console-vnc',
      'portal-vm-return',
    ]) {
      const button = card.getByTestId(id);
      await button.scrollIntoViewIfNeeded();
      await expect(button).toBeInViewport();
      const box = (await button.boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(390);
      expect(box.height, `${id} is big enough for a finger`).toBeGreaterThanOrEqual(32);
    }
    await expect(user.getByTestId('portal-signout')).toBeInViewport();
    // Console works at this size too.
    const [tab] = await Promise.all([
      user.waitForEvent('popup'),
      card.getByTestId('portal-vm-console-vnc').click(),
    ]);
    await expect(tab.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', {
      timeout: 30_000,
    });
    await tab.close();
    await user.setViewportSize({ width: 1280, height: 800 });
  });

  test('Connect automatically opens the only desktop’s console when the portal loads', async () => {
    expect(takenId, 'the desktop from the first test').not.toBe('');
    await user.getByTestId('portal-autoconnect').check();
    expect(
      await user.evaluate(() => window.localStorage.getItem('corral.portal.autoConnect')),
    ).toBe('true');
    const [tab] = await Promise.all([user.waitForEvent('popup'), user.reload()]);
    await tab.waitForURL(new RegExp(`/console/${takenId}\\?protocol=vnc$`));
    await expect(tab.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', {
      timeout: 30_000,
    });
    await tab.close();
    await expect(user.getByTestId('portal-autoconnect')).toBeChecked();
    await user.getByTestId('portal-autoconnect').uncheck();
    // Off: a reload opens nothing.
    let opened = false;
    const onPopup = () => {
      opened = true;
    };
    user.on('popup', onPopup);
    await user.reload();
    await expect(user.getByTestId('portal-vm-card')).toHaveCount(1);
    await user.waitForTimeout(1_500);
    user.off('popup', onPopup);
    expect(opened).toBe(false);
  });

  test('keys typed in the portal’s SPICE and VNC consoles reach the guest', async ({
    page,
    db,
  }) => {
    expect(takenId, 'the desktop from the first test').not.toBe('');
    // Quick when built already (console.spec builds it first).
    execFileSync('bash', [path.join(root, 'scripts/test-guest.sh'), 'build', GUEST_DIR], {
      stdio: 'inherit',
      timeout: 600_000,
    });
    // The administrator boots the test guest's kernel on the user's desktop (Run Once).
    await page.goto('/');
    await mutate(page, 'vm.powerOff', { ids: [takenId] });
    await settledDown(db, takenId);
    await mutate(page, 'vm.runOnce', {
      id: takenId,
      kernel: `${GUEST_DIR}/vmlinuz`,
      initrd: `${GUEST_DIR}/initrd.img`,
      kernelParams: 'console=tty0 console=ttyS0 quiet',
    });
    const card = user.locator(`[data-testid="portal-vm-card"][data-vm-name="${takenName}"]`);
    await expect(card).toHaveAttribute('data-status', 'Up', { timeout: 90_000 });
    await expect.poll(() => serialLog(takenId), { timeout: 90_000 }).toContain(GUEST_BANNER);

    // Both protocols from the card, each in its own window, each typing into the guest.
    for (const protocol of ['vnc', 'spice'] as const) {
      const [tab] = await Promise.all([
        user.waitForEvent('popup'),
        card.getByTestId(`portal-vm-console-${protocol}`).click(),
      ]);
      await expect(tab).toHaveURL(new RegExp(`protocol=${protocol}`));
      await expect(tab.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', {
        timeout: 30_000,
      });
      await expect.poll(() => tab.evaluate(CANVAS_HAS_PICTURE), { timeout: 30_000 }).toBe(true);
      const typed = word();
      await typeLine(tab, typed);
      await expect.poll(() => serialLog(takenId), { timeout: 30_000 }).toContain(`typed: ${typed}`);
      await tab.close();
    }
  });

  test('Return to pool hands the desktop back: the card goes, the assignment too', async ({
    db,
  }) => {
    expect(takenId, 'the desktop from the first test').not.toBe('');
    const card = user.locator(`[data-testid="portal-vm-card"][data-vm-name="${takenName}"]`);
    await card.getByTestId('portal-vm-return').click();
    await user.getByTestId('portal-return-ok').click();
    await expect(card).toHaveCount(0, { timeout: 20_000 });
    await expect(user.getByTestId('portal-no-vms')).toBeVisible();
    expect(
      await db.rows(`SELECT id FROM permission WHERE user_id = $1 AND object_type = 'Vm'`, [
        userId,
      ]),
    ).toEqual([]);
    const poolCard = user.locator(`[data-testid="portal-pool-card"][data-pool-name="${poolName}"]`);
    await expect(poolCard.getByTestId('portal-pool-held')).toHaveText('You have 0 of 1');
    // Signing out ends the session: the portal sends the browser to the login page.
    await user.getByTestId('portal-signout').click();
    await expect(user).toHaveURL(/\/login/);
    expect((await query(user, 'portal.vms')).status()).toBe(401);
  });
});
