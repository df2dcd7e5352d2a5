// The libvirt host driver: real libvirtd (local `qemu:///system`, remote
// `qemu+ssh://…`/`qemu+tcp://…`) through the virsh CLI. docs/hosts-libvirt.md says how
// it maps onto libvirt.
import type { HostAddress, HostConnection, HostDriver } from '../driver.js';
import { LibvirtConnection, type LibvirtOptions } from './connection.js';

export class LibvirtDriver implements HostDriver {
  readonly kind = 'libvirt' as const;

  constructor(private readonly options: LibvirtOptions = {}) {}

  connect(host: HostAddress): Promise<HostConnection> {
    return LibvirtConnection.open(host, this.options);
  }
}

export { LibvirtConnection, defaultUri, type LibvirtOptions } from './connection.js';
export { serialLogPath } from './domain.js';
