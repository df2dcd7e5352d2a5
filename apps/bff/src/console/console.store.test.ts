import { vmActions } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../engine/errors.js';
import { engineHarness, type EngineHarness } from '../engine/testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../engine/testing/fleet.js';
import { STORE_BACKENDS } from '../store/testing/index.js';
import { createCaller } from '../trpc/router.js';
import { consoleSecret, consumeTicket } from './store.js';
import { TICKET_TTL_MS, type ConsoleTicketClaims } from './ticket.js';
import { superUser } from '../identity/principal.js';

/** Everything console.open could change, to show a refusal changed none of it. */
async function snapshot(h: EngineHarness) {
  const count = async (table: string) =>
    (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  return {
    sessions: await count('console_session'),
    used: await count('console_ticket_used'),
    events: await count('audit_event'),
    vms: await h.db.query(`SELECT id, status, host_id, started_at FROM vm ORDER BY id`),
  };
}

describe.each(STORE_BACKENDS)('console tickets on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  let api: ReturnType<typeof createCaller>;
  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [{ name: 'con-h1' }] });
    const { db: _db, ...engine } = h.deps;
    api = createCaller({ db: h.db, user: superUser(), engine });
  });
  afterEach(() => h.close());

  it('refuses a VM that is Down with the shared rule, changing nothing', async () => {
    const vmId = await addTestVm(h.db, fleet, { name: 'con-down', status: 'Down' });
    const before = await snapshot(h);
    const refusal = await api.console.open({ vmId, protocol: 'vnc' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: vmActions({ status: 'Down' }).console.reason,
    });
    const cause = (refusal as { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(AppError);
    expect((cause as AppError).field).toBe('vmId');
    expect(await snapshot(h)).toEqual(before);
  });

  it('refuses every status the rule refuses and an unknown VM', async () => {
    for (const status of ['Suspended', 'MigratingFrom', 'ImageLocked', 'WaitForLaunch'] as const) {
      const vmId = await addTestVm(h.db, fleet, { name: `con-${status}`, status });
      await expect(api.console.open({ vmId, protocol: 'spice' })).rejects.toMatchObject({
        message: vmActions({ status }).console.reason,
      });
    }
    await expect(api.console.open({ vmId: randomUUID(), protocol: 'vnc' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it("passes on the host's refusal (a simulated host has no consoles), changing nothing", async () => {
    const vmId = await addTestVm(h.db, fleet, {
      name: 'con-up',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const before = await snapshot(h);
    const refusal = await api.console.open({ vmId, protocol: 'vnc' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toMatchObject({ code: 'CONFLICT' });
    expect((refusal as Error).message).toContain(
      `Host ${fleet.hosts[0]!.name} could not open a console`,
    );
    expect(await snapshot(h)).toEqual(before);
  });

  it('records a used ticket so it is refused the second time, on any connection', async () => {
    const claims: ConsoleTicketClaims = {
      v: 1,
      id: randomUUID(),
      user: 'admin@internal',
      vmId: randomUUID(),
      hostId: randomUUID(),
      startedAt: null,
      protocol: 'vnc',
      address: '127.0.0.1',
      port: 5900,
      exp: Date.now() + TICKET_TTL_MS,
    };
    expect(await consumeTicket(h.db, claims)).toBe(true);
    const rows = await h.db.query<{ expires_at: Date }>(
      `SELECT expires_at FROM console_ticket_used WHERE ticket_id = $1`,
      [claims.id],
    );
    expect(rows.map((r) => new Date(r.expires_at).getTime())).toEqual([claims.exp]);
    expect(await consumeTicket(h.db, claims)).toBe(false);
    expect(await consumeTicket(h.db, { ...claims, id: randomUUID() })).toBe(true);
  });

  it('keeps one signing secret in the store unless one is configured', async () => {
    const first = await consoleSecret(h.db);
    expect(first.length).toBe(32);
    const [row] = await h.db.query<{ secret: string }>(`SELECT secret FROM console_secret`);
    expect(Buffer.from(row!.secret, 'base64url').equals(first)).toBe(true);
    expect((await consoleSecret(h.db)).equals(first)).toBe(true);
    const configured = 'a configured secret of some length';
    expect((await consoleSecret(h.db, configured)).toString('utf8')).toBe(configured);
  });
});
