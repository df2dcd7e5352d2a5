import { execFileSync } from 'node:child_process';
import { expect, test } from '../harness/fixtures.js';
import { virsh } from '../harness/host.js';
import { Portal } from '../harness/portal.js';

/** Established TCP connections to a local port (the VM's VNC server), as `ss` sees them. */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.trim()).length;
}

/** Whether a canvas shows more than one colour (SeaBIOS's text on black counts). */
const CANVAS_HAS_PICTURE = () => {
  const canvas = document.querySelector('[data-testid="console-canvas-container"] canvas');
  if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return false;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 4; i < data.length; i += 4) {
    if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
  }
  return false;
};

test.describe('VNC console in the browser', () => {
  test.setTimeout(180_000);

  test('opens from the grid through a ticket, shows the screen, and lets go of QEMU when closed', async ({
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
    const name = `e2e-console-${Date.now().toString(36)}`;
    const { cluster } = await db.one<{ cluster: string }>(
      `SELECT id AS cluster FROM cluster WHERE name = 'Local'`,
    );
    const created = await page.request.post('/trpc/vm.create', {
      data: { name, clusterId: cluster, memoryMb: 128, display: 'VNC' },
    });
    expect(created.ok(), await created.text()).toBe(true);
    const { id } = (await created.json()).result.data as { id: string };
    await expect
      .poll(() => db.rows(`SELECT status FROM vm WHERE id = $1`, [id]))
      .toEqual([{ status: 'Down' }]);
    const run = await page.request.post('/trpc/vm.run', { data: { ids: [id] } });
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
