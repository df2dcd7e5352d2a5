// EventStream's process handling with stand-in virsh children (real processes, `sh`).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EventStream, type VirshEvent } from './events.js';
import { fixture } from './fixtures/index.js';

const realLines = fixture('events.txt')
  .split('\n')
  .filter((l) => l.includes("event 'lifecycle'"))
  .slice(0, 2);

/** Spawns `script(n)` for the n-th `virsh event`; `virsh version` answers when `answering()`. */
function fakeVirsh(script: (n: number) => string, answering: () => boolean) {
  const spawned: ReturnType<typeof spawn>[] = [];
  return {
    spawned,
    run: () => (answering() ? Promise.resolve('') : Promise.reject(new Error('no libvirtd'))),
    spawn: () => {
      const child = spawn('sh', ['-c', script(spawned.length)], { stdio: 'pipe' });
      spawned.push(child);
      return child;
    },
  };
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('EventStream', () => {
  it('passes parsed lines on and kills its child on close', async () => {
    const printf = realLines.map((l) => `echo "${l.replace(/"/g, '\\"')}"`).join('; ');
    const virsh = fakeVirsh(
      () => `${printf}; echo 'not an event'; exec sleep 30`,
      () => true,
    );
    const events: VirshEvent[] = [];
    const stream = new EventStream(virsh, {
      event: (e) => events.push(e),
      lost: () => {},
      restored: () => {},
    });
    await stream.start();
    await until(() => events.length === 2);
    expect(events.map((e) => e.detail)).toEqual(realLines.map((l) => l.split(': ').at(-1)));
    await stream.close();
    expect(virsh.spawned[0]?.exitCode !== null || virsh.spawned[0]?.signalCode !== null).toBe(true);
  });

  it(
    'reports a lost connection once, retries, and says when it is back',
    { timeout: 15_000 },
    async () => {
      let up = false;
      // The first child loses its connection; until libvirtd is up again virsh fails at once.
      const virsh = fakeVirsh(
        (n) =>
          n === 0
            ? "sleep 0.6; echo 'error: Disconnected from qemu:///system due to end of file' >&2; exit 1"
            : up
              ? 'exec sleep 30'
              : "echo 'error: failed to connect to the hypervisor' >&2; exit 1",
        () => up,
      );
      const lost: string[] = [];
      let restored = 0;
      const stream = new EventStream(
        virsh,
        { event: () => {}, lost: (r) => lost.push(r), restored: () => restored++ },
        50,
      );
      await stream.start();
      await until(() => lost.length === 1);
      expect(lost[0]).toMatch(/Disconnected from qemu:\/\/\/system/);
      // libvirtd still away: virsh keeps failing, the loss is not reported again.
      await until(() => virsh.spawned.length >= 3);
      expect(lost).toHaveLength(1);
      expect(restored).toBe(0);
      up = true;
      // The next child keeps listening: the stream is back.
      await until(() => restored === 1);
      expect(virsh.spawned.length).toBeGreaterThanOrEqual(4);
      await stream.close();
      expect(virsh.spawned.every((c) => c.exitCode !== null || c.signalCode !== null)).toBe(true);
    },
  );
});
