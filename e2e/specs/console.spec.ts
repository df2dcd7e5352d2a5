import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { csrfHeaders, expect, test, type DbProbe as Db } from '../harness/fixtures.js';
import { virsh } from '../harness/host.js';
import {
  CANVAS_HAS_PICTURE,
  GUEST_BANNER,
  GUEST_DIR,
  localHostUp,
  serialLog,
  typeLine,
  word,
} from '../harness/guest.js';
import { Portal } from '../harness/portal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Established TCP connections to a local port (a VM's VNC or SPICE server), as `ss` sees them. */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.trim()).length;
}

test.describe('VNC console in the browser', () => {
  test.setTimeout(180_000);

  test('opens from the grid through a ticket, shows the screen, and lets go of QEMU when closed', async ({
    page,
    db,
  }) => {
    await localHostUp(db);
    const name = `e2e-console-${Date.now().toString(36)}`;
    const { cluster } = await db.one<{ cluster: string }>(
      `SELECT id AS cluster FROM cluster WHERE name = 'Local'`,
    );
    const created = await page.request.post('/trpc/vm.create', {
      data: { name, clusterId: cluster, memoryMb: 128, display: 'VNC' },
      headers: await csrfHeaders(page),
    });
    expect(created.ok(), await created.text()).toBe(true);
    const { id } = (await created.json()).result.data as { id: string };
    await expect
      .poll(() => db.rows(`SELECT status FROM vm WHERE id = $1`, [id]))
      .toEqual([{ status: 'Down' }]);
    const run = await page.request.post('/trpc/vm.run', {
      data: { ids: [id] },
      headers: await csrfHeaders(page),
    });
    expect(run.ok(), await run.text()).toBe(true);
    await expect
      .poll(
        async () =>
          (await db.one<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [id])).status,
        {
          timeout: 90_000,
        },
      )
      .toBe('Up');
    const port = 5900 + Number(virsh('vncdisplay', name).split(':').pop());

    const portal = new Portal(page);
    await portal.open(`Vms: name = ${name}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    const [consoleTab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('action-console').click(),
    ]);
    await expect(consoleTab.getByTestId('console-status')).toHaveAttribute(
      'data-state',
      'connected',
      {
        timeout: 30_000,
      },
    );
    await expect
      .poll(() => consoleTab.evaluate(CANVAS_HAS_PICTURE), { timeout: 30_000 })
      .toBe(true);

    // The proxy holds exactly the connection to QEMU's VNC port, and the store knows it.
    expect(connectionsTo(port)).toBe(1);
    await expect
      .poll(() =>
        db.rows(`SELECT code FROM audit_event WHERE vm_id = $1 AND code = 'VM_CONSOLE_CONNECTED'`, [
          id,
        ]),
      )
      .toHaveLength(1);

    // A ticket nobody signed never gets a socket open.
    const forged = await consoleTab.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url, ['binary']);
          ws.onopen = () => resolve('opened');
          ws.onclose = () => resolve('refused');
        }),
      consoleTab
        .url()
        .replace(/^http/, 'ws')
        .replace(/\/console\/.*$/, '/console/e30.AAAA'),
    );
    expect(forged).toBe('refused');
    expect(connectionsTo(port)).toBe(1);

    // Closing the tab closes the host connection.
    await consoleTab.close();
    await expect.poll(() => connectionsTo(port), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() =>
        db.rows(
          `SELECT code FROM audit_event WHERE vm_id = $1 AND code = 'VM_CONSOLE_DISCONNECTED'`,
          [id],
        ),
      )
      .toHaveLength(1);
  });
});

async function createVm(page: Page, db: Db, name: string, display: 'VNC' | 'SPICE') {
  const { cluster } = await db.one<{ cluster: string }>(
    `SELECT id AS cluster FROM cluster WHERE name = 'Local'`,
  );
  const created = await page.request.post('/trpc/vm.create', {
    data: { name, clusterId: cluster, memoryMb: 256, display },
    headers: await csrfHeaders(page),
  });
  expect(created.ok(), await created.text()).toBe(true);
  const { id } = (await created.json()).result.data as { id: string };
  await expect
    .poll(() => db.rows(`SELECT status FROM vm WHERE id = $1`, [id]))
    .toEqual([{ status: 'Down' }]);
  return id;
}

/** Opens the selected VM's console with a toolbar button; the console's tab once connected. */
async function openConsole(page: Page, button: 'console' | 'consoleSpice' | 'consoleVnc') {
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId(`action-${button}`).click(),
  ]);
  await expect(tab.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', {
    timeout: 30_000,
  });
  return tab;
}

test.describe('Consoles on a real guest', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(240_000);

  let vmId = '';
  let name = '';

  test.beforeAll(() => {
    // Quick when built already; the first build fetches ~70 MB of Debian packages.
    execFileSync('bash', [path.join(root, 'scripts/test-guest.sh'), 'build', GUEST_DIR], {
      stdio: 'inherit',
      timeout: 600_000,
    });
  });

  test('Run Once boots the guest kernel; keys typed over VNC and over SPICE reach it', async ({
    page,
    db,
  }) => {
    await localHostUp(db);
    name = `e2e-guest-${Date.now().toString(36)}`;
    vmId = await createVm(page, db, name, 'SPICE');

    // Run Once with Linux boot options, as a user boots an installer kernel.
    const portal = new Portal(page);
    await portal.open(`Vms: name = ${name}`);
    await portal.expectTotal(1);
    await portal.row(0).click();
    await page.getByTestId('action-runOnce').click();
    await page.getByTestId('runonce-kernel').fill(`${GUEST_DIR}/vmlinuz`);
    await page.getByTestId('runonce-initrd').fill(`${GUEST_DIR}/initrd.img`);
    await page.getByTestId('runonce-kernel-params').fill('console=tty0 console=ttyS0 quiet');
    await page.getByTestId('runonce-ok').click();
    await expect
      .poll(
        async () =>
          (await db.one<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [vmId])).status,
        { timeout: 90_000 },
      )
      .toBe('Up');
    expect(virsh('dumpxml', name)).toContain(`<kernel>${GUEST_DIR}/vmlinuz</kernel>`);
    await expect.poll(() => serialLog(vmId), { timeout: 90_000 }).toContain(GUEST_BANNER);

    // VNC (noVNC): the guest's screen, then a line typed into it.
    const vncPort = 5900 + Number(virsh('vncdisplay', name).split(':').pop());
    const vnc = await openConsole(page, 'consoleVnc');
    await expect.poll(() => vnc.evaluate(CANVAS_HAS_PICTURE), { timeout: 30_000 }).toBe(true);
    const overVnc = word();
    await typeLine(vnc, overVnc);
    await expect.poll(() => serialLog(vmId), { timeout: 30_000 }).toContain(`typed: ${overVnc}`);
    expect(connectionsTo(vncPort)).toBe(1);
    await vnc.close();
    await expect.poll(() => connectionsTo(vncPort), { timeout: 10_000 }).toBe(0);

    // SPICE (spice-html5): the same guest, its main channel and the channels it opens.
    const spicePort = Number(virsh('domdisplay', '--type', 'spice', name).split(':').pop());
    const spice = await openConsole(page, 'consoleSpice');
    await expect.poll(() => spice.evaluate(CANVAS_HAS_PICTURE), { timeout: 30_000 }).toBe(true);
    const overSpice = word();
    await typeLine(spice, overSpice);
    await expect.poll(() => serialLog(vmId), { timeout: 30_000 }).toContain(`typed: ${overSpice}`);
    // main, display, inputs, cursor (and playback when the VM has sound).
    expect(connectionsTo(spicePort)).toBeGreaterThanOrEqual(3);
    await spice.close();
    await expect.poll(() => connectionsTo(spicePort), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() =>
        db.rows<{ message: string }>(
          `SELECT message FROM audit_event WHERE vm_id = $1 AND code = 'VM_CONSOLE_DISCONNECTED'
            ORDER BY id`,
          [vmId],
        ),
      )
      .toEqual([
        { message: expect.stringContaining('VNC console') },
        { message: expect.stringContaining('SPICE console') },
      ]);
  });

  test('a replayed, an expired and a forged ticket each get no connection to QEMU', async ({
    page,
    db,
  }) => {
    expect(vmId, 'the guest from the test before').not.toBe('');
    const vncPort = 5900 + Number(virsh('vncdisplay', name).split(':').pop());
    await page.goto('/');
    const open = async () => {
      const res = await page.request.post('/trpc/console.open', {
        data: { vmId, protocol: 'vnc' },
        headers: await csrfHeaders(page),
      });
      expect(res.ok(), await res.text()).toBe(true);
      return (await res.json()).result.data as { ticket: string; path: string };
    };
    /** Opens the ticket's websocket from the page; 'opened' or 'refused'. */
    const attempt = (ticket: string) =>
      page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url, ['binary']);
            ws.onopen = () => {
              resolve('opened');
              ws.close();
            };
            ws.onclose = () => resolve('refused');
          }),
        `${page
          .url()
          .replace(/^http/, 'ws')
          .replace(/\/[^/]*$/, '')}/console/${ticket}`,
      );

    // Used once, then replayed.
    const { ticket } = await open();
    expect(await attempt(ticket)).toBe('opened');
    await expect.poll(() => connectionsTo(vncPort), { timeout: 10_000 }).toBe(0);
    expect(await attempt(ticket)).toBe('refused');

    // A genuine ticket whose expiry is past: re-signed with the server's own secret, so
    // the expiry is the only thing wrong with it.
    const fresh = (await open()).ticket;
    const { secret } = await db.one<{ secret: string }>(`SELECT secret FROM console_secret`);
    const claims = JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString('utf8'));
    const body = Buffer.from(JSON.stringify({ ...claims, exp: Date.now() - 1_000 })).toString(
      'base64url',
    );
    const mac = createHmac('sha256', Buffer.from(secret, 'base64url')).update(body).digest();
    expect(await attempt(`${body}.${mac.toString('base64url')}`)).toBe('refused');

    // The same claims with a MAC nobody made.
    expect(await attempt(`${fresh.split('.')[0]}.${randomBytes(32).toString('base64url')}`)).toBe(
      'refused',
    );
    // The genuine one still works: it was the expiry and the MAC that were refused.
    expect(await attempt(fresh)).toBe('opened');
    expect(connectionsTo(vncPort)).toBe(0);
  });
});
