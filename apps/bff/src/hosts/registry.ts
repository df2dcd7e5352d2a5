import type { HostAddress, HostConnection, HostDriver, HostEvent } from './driver.js';

export type HostEventListener = (hostId: string, event: HostEvent) => void;

/**
 * The BFF's connections to its hosts, one per host, opened on first use with the
 * host's driver (libvirt or sim) and shared by the engine (commands) and monitoring
 * (samples, events). Host events from every connection fan in here.
 */
export class HostRegistry {
  private readonly open = new Map<string, Promise<HostConnection>>();
  private readonly listeners = new Set<HostEventListener>();
  private readonly unsubscribe = new Map<string, () => void>();

  constructor(private readonly drivers: Partial<Record<HostDriver['kind'], HostDriver>>) {}

  hasDriver(kind: string): kind is HostDriver['kind'] {
    return kind in this.drivers && this.drivers[kind as HostDriver['kind']] !== undefined;
  }

  /** The host's connection, connecting first if needed. Rejects when the host can't be reached. */
  get(host: HostAddress & { driver: string }): Promise<HostConnection> {
    const existing = this.open.get(host.id);
    if (existing) return existing;
    const driver = this.hasDriver(host.driver) ? this.drivers[host.driver] : undefined;
    if (!driver)
      return Promise.reject(
        new Error(`no ${host.driver} driver in this BFF for host ${host.name}`),
      );
    const connecting = driver.connect(host).then(
      (conn) => {
        this.unsubscribe.set(
          host.id,
          conn.onEvent((event) => {
            for (const l of this.listeners) l(host.id, event);
          }),
        );
        return conn;
      },
      (err: unknown) => {
        this.open.delete(host.id);
        throw err;
      },
    );
    this.open.set(host.id, connecting);
    return connecting;
  }

  /** Whether the host's driver can fence (power-cycle) it. */
  canFence(host: { driver: string }): boolean {
    return this.hasDriver(host.driver) && this.drivers[host.driver]?.fence !== undefined;
  }

  /**
   * Power-cycle a host through its driver's power management; its connection is
   * dropped first, so the next `get` connects afresh.
   */
  async fence(host: HostAddress & { driver: string }): Promise<void> {
    const driver = this.hasDriver(host.driver) ? this.drivers[host.driver] : undefined;
    if (!driver?.fence) throw new Error(`host ${host.name} has no power management to fence it`);
    await this.drop(host.id);
    await driver.fence(host);
  }

  /** The connection if one is open (or opening), without connecting. */
  peek(hostId: string): Promise<HostConnection> | undefined {
    return this.open.get(hostId);
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Close one host's connection (removed, or to reconnect after it was lost). */
  async drop(hostId: string): Promise<void> {
    const conn = this.open.get(hostId);
    this.open.delete(hostId);
    this.unsubscribe.get(hostId)?.();
    this.unsubscribe.delete(hostId);
    if (conn) await conn.then((c) => c.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.drop(id)));
    this.listeners.clear();
  }
}
