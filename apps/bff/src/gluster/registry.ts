import type { HostAddress } from '../hosts/driver.js';
import type { GlusterDriver, GlusterHost } from './types.js';

export type GlusterHostRef = HostAddress & { readonly driver: string };

/**
 * gluster on the BFF's hosts, by the host's driver: the CLI on libvirt hosts, the
 * simulated twin on simulated ones. One connection per host, opened on first use; a
 * host whose glusterd did not answer is tried afresh next time.
 */
export class GlusterRegistry {
  private readonly open = new Map<string, Promise<GlusterHost>>();

  constructor(private readonly drivers: Partial<Record<GlusterDriver['kind'], GlusterDriver>>) {}

  hasDriver(kind: string): kind is GlusterDriver['kind'] {
    return this.drivers[kind as GlusterDriver['kind']] !== undefined;
  }

  private driver(host: GlusterHostRef): GlusterDriver {
    const driver = this.hasDriver(host.driver) ? this.drivers[host.driver] : undefined;
    if (!driver) throw new Error(`no gluster driver for ${host.driver} host ${host.name}`);
    return driver;
  }

  /** The name bricks on the host are addressed by in gluster (`<server>:/dir`). */
  serverName(host: GlusterHostRef): string {
    return this.driver(host).serverName(host);
  }

  get(host: GlusterHostRef): Promise<GlusterHost> {
    const existing = this.open.get(host.id);
    if (existing) return existing;
    let driver: GlusterDriver;
    try {
      driver = this.driver(host);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const connecting = driver.connect(host).catch((err: unknown) => {
      this.open.delete(host.id);
      throw err;
    });
    this.open.set(host.id, connecting);
    return connecting;
  }

  /** Forget a host's connection (removed, or to reconnect after a failure). */
  drop(hostId: string): void {
    this.open.delete(hostId);
  }

  close(): void {
    this.open.clear();
  }
}
