// MAC addresses for new VM NICs, from oVirt's default pool prefix 56:6f. Random within
// the pool, checked against every NIC in the store (and each other), so a new NIC
// never shares a MAC on any network.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';

export const MAC_PREFIX = '56:6f';

function randomMac(): string {
  const tail = [...randomBytes(4)].map((b) => b.toString(16).padStart(2, '0'));
  return `${MAC_PREFIX}:${tail.join(':')}`;
}

export async function allocateMacs(db: Db, count: number): Promise<string[]> {
  const macs = new Set<string>();
  while (macs.size < count) {
    const wanted = count - macs.size;
    const candidates = new Set<string>();
    while (candidates.size < wanted) {
      const mac = randomMac();
      if (!macs.has(mac)) candidates.add(mac);
    }
    const taken = await db.query<{ mac: string }>(
      `SELECT mac FROM vm_nic WHERE mac = ANY($1::text[])`,
      [[...candidates]],
    );
    const used = new Set(taken.map((t) => t.mac));
    for (const mac of candidates) if (!used.has(mac)) macs.add(mac);
  }
  return [...macs];
}
