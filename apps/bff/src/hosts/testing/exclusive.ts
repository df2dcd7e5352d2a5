// vitest globalSetup for the `host` project, first in its list: one host-suite run at a
// time on a machine. The suite's set-up and tear-down clean up every `corral-test-*`
// domain and Gluster volume (whatever a failed test left behind), so two runs at once —
// a developer's file and a full run, say — would destroy each other's guests. A second
// run waits here for the first one to finish instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK = '/var/tmp/corral-host-suite.lock';
const WAIT_MS = 30 * 60_000;

function holder(): number | null {
  try {
    const pid = Number(readFileSync(`${LOCK}/pid`, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(): boolean {
  try {
    mkdirSync(LOCK);
  } catch {
    const pid = holder();
    // A run that died (or is still writing its pid) leaves the lock: take it when dead.
    if (pid === null || alive(pid)) return false;
    rmSync(LOCK, { recursive: true, force: true });
    return tryTake();
  }
  writeFileSync(`${LOCK}/pid`, String(process.pid));
  return true;
}

export default async function takeHostSuite(): Promise<() => void> {
  const deadline = Date.now() + WAIT_MS;
  let told = false;
  while (!tryTake()) {
    if (Date.now() > deadline) {
      throw new Error(
        `another host-suite run (pid ${holder() ?? '?'}) held ${LOCK} for 30 minutes`,
      );
    }
    if (!told) {
      console.error(`host suite: waiting for the run of pid ${holder() ?? '?'} to finish`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return () => {
    if (holder() === process.pid) rmSync(LOCK, { recursive: true, force: true });
  };
}
