import { OPERATING_SYSTEMS, POOL_MESSAGES, VM_MESSAGES } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import {
  AUTOCONNECT_KEY,
  autoConnectTarget,
  desktopOffers,
  memoryLabel,
  osFamily,
  poolHoldingLabel,
  preferredProtocol,
  quotaFull,
  quotaLabel,
  readAutoConnect,
  takeOffer,
  writeAutoConnect,
  type DesktopState,
} from './portalModel.js';

const ALL = {
  start: true,
  stop: true,
  console: true,
  snapshot: true,
  remove: true,
  returnToPool: true,
};
const USER = { ...ALL, snapshot: false, remove: false, returnToPool: false };

const vm = (over: Partial<DesktopState> = {}): DesktopState => ({
  id: 'v1',
  name: 'desk',
  status: 'Down',
  display: 'VNC',
  poolId: null,
  can: USER,
  ...over,
});

describe('osFamily', () => {
  it('gives every OS the New VM dialog offers a family, and unknown ids "other"', () => {
    const families = OPERATING_SYSTEMS.map((o) => osFamily(o.id));
    expect(families).toEqual([
      'other',
      'linux',
      'rhel',
      'rhel',
      'rhel',
      'fedora',
      'debian',
      'ubuntu',
      'windows',
      'windows',
      'windows',
      'windows',
    ]);
    expect(osFamily('plan9')).toBe('other');
  });
});

describe('desktopOffers', () => {
  it("shows only what the user's roles allow, enabled by the VM's state", () => {
    const down = desktopOffers(vm());
    expect(down.start).toEqual({ shown: true, enabled: true });
    expect(down.shutdown).toEqual({
      shown: true,
      enabled: false,
      reason: VM_MESSAGES.shutdownDown,
    });
    expect(down.console).toMatchObject({ shown: true, enabled: false });
    expect(down.snapshot.shown).toBe(false);
    expect(down.return.shown).toBe(false);

    const up = desktopOffers(vm({ status: 'Up', can: ALL, poolId: 'p1' }));
    expect(up.start).toEqual({ shown: true, enabled: false, reason: VM_MESSAGES.runRunning });
    expect(up.shutdown.enabled).toBe(true);
    expect(up.reboot.enabled).toBe(true);
    expect(up.console.enabled).toBe(true);
    expect(up.snapshot.enabled).toBe(true);
    expect(up.return).toEqual({ shown: true, enabled: true });
    // A pool VM is returned, never removed, from the portal.
    expect(up.remove.shown).toBe(false);
    const own = desktopOffers(vm({ status: 'Up', can: ALL }));
    expect(own.remove).toEqual({ shown: true, enabled: false, reason: VM_MESSAGES.remove });
    expect(desktopOffers(vm({ can: ALL })).remove).toEqual({ shown: true, enabled: true });
  });

  it('hides everything from a user holding no rights on the VM', () => {
    const none = { ...USER, start: false, stop: false, console: false };
    const offers = desktopOffers(vm({ status: 'Up', can: none }));
    expect(Object.values(offers).every((o) => !o.shown)).toBe(true);
  });
});

describe('pools', () => {
  const pool = { free: 2, held: 0, maxPerUser: 1, canTake: true };
  it('offers Take while the user is under max per user and a VM is free', () => {
    expect(takeOffer(pool)).toEqual({ shown: true, enabled: true });
    expect(takeOffer({ ...pool, held: 1 })).toEqual({
      shown: true,
      enabled: false,
      reason: POOL_MESSAGES.maxPerUser(1),
    });
    expect(takeOffer({ ...pool, free: 0 })).toMatchObject({ reason: POOL_MESSAGES.noFreeVm });
    expect(takeOffer({ ...pool, canTake: false }).shown).toBe(false);
    expect(poolHoldingLabel({ ...pool, held: 1, maxPerUser: 3 })).toBe('You have 1 of 3');
  });
});

describe('connect automatically', () => {
  const up = vm({ status: 'Up' });
  it('opens the one desktop when it is Up and the option is on', () => {
    expect(autoConnectTarget(true, [up])).toBe(up);
    expect(autoConnectTarget(false, [up])).toBeNull();
    expect(autoConnectTarget(true, [])).toBeNull();
    expect(autoConnectTarget(true, [up, vm({ id: 'v2', status: 'Up' })])).toBeNull();
    expect(autoConnectTarget(true, [vm({ status: 'PoweringUp' })])).toBeNull();
    expect(autoConnectTarget(true, [vm({ status: 'Up', can: { ...USER, console: false } })])).toBe(
      null,
    );
  });

  it('keeps the option in storage, and reads anything odd as off', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(readAutoConnect(storage)).toBe(false);
    writeAutoConnect(storage, true);
    expect(store.get(AUTOCONNECT_KEY)).toBe('true');
    expect(readAutoConnect(storage)).toBe(true);
    store.set(AUTOCONNECT_KEY, 'yes');
    expect(readAutoConnect(storage)).toBe(false);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(readAutoConnect(broken)).toBe(false);
    expect(() => writeAutoConnect(broken, true)).not.toThrow();
  });
});

describe('labels', () => {
  it('reads memory in GB when it can', () => {
    expect(memoryLabel(4096)).toBe('4 GB');
    expect(memoryLabel(1536)).toBe('1.5 GB');
    expect(memoryLabel(512)).toBe('512 MB');
    expect(preferredProtocol('SPICE')).toBe('spice');
    expect(preferredProtocol('VNC')).toBe('vnc');
    expect(quotaLabel({ owned: 1, quota: 5 })).toBe('1 of 5 VMs');
    expect(quotaFull({ owned: 5, quota: 5 })).toBe(true);
    expect(quotaFull({ owned: 50, quota: null })).toBe(false);
  });
});
