import type { VmStatus } from '@corral/shared';
import type { HostConnection } from '../hosts/driver.js';

/** What a host says about a domain: its status, or null when the host has no such domain. */
export type DomainState = VmStatus | null;

/**
 * Waits until the host reports the domain in a state `accept` takes, from its events
 * and, in case an event is missed, by reading its domain list every `pollMs`. Resolves
 * with that state, or with `undefined` when `timeoutMs` passes first.
 */
export function waitForDomain(
  conn: HostConnection,
  domainId: string,
  accept: (state: DomainState) => boolean,
  { timeoutMs, pollMs }: { timeoutMs: number; pollMs: number },
): Promise<DomainState | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let poller: ReturnType<typeof setTimeout> | undefined;
    const finish = (state: DomainState | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(poller);
      unsubscribe();
      resolve(state);
    };
    const offer = (state: DomainState) => {
      if (accept(state)) finish(state);
    };
    const unsubscribe = conn.onEvent((event) => {
      if (event.kind === 'domain' && event.id === domainId) offer(event.status);
      else if (event.kind === 'domain-undefined' && event.id === domainId) offer(null);
    });
    const deadline = setTimeout(() => finish(undefined), timeoutMs);
    const poll = async () => {
      try {
        const domains = await conn.listDomains();
        if (settled) return;
        offer(domains.find((d) => d.id === domainId)?.status ?? null);
      } catch {
        // A failed read is not an answer; the next poll or an event may be.
      }
      if (!settled) poller = setTimeout(() => void poll(), pollMs);
    };
    void poll();
  });
}

/** Down, or no longer on the host at all. */
export const isOff = (s: DomainState) => s === null || s === 'Down';
