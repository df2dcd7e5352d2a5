// Changes gathered over a short span and handed on as one batch: per object, each id
// once, with the later operation winning (upserted then removed is removed). A
// monitoring sweep over thousands of VMs becomes one message, not thousands.
import type { SearchObjectKey } from '@corral/shared';
import type { Change } from './feed.js';

export class ChangeBuffer {
  private readonly objects = new Map<SearchObjectKey, Map<string, Change['op']>>();
  private count = 0;

  /** Ids held (each counted once per object). */
  get size(): number {
    return this.count;
  }

  add(changes: readonly Change[]): void {
    for (const c of changes) {
      let ops = this.objects.get(c.object);
      if (!ops) this.objects.set(c.object, (ops = new Map()));
      for (const id of c.ids) {
        if (!ops.delete(id)) this.count++;
        ops.set(id, c.op);
      }
    }
  }

  /** Everything gathered, as few changes as there are (object, op) pairs; the buffer empties. */
  take(): Change[] {
    const out: Change[] = [];
    for (const [object, ops] of this.objects) {
      const upsert: string[] = [];
      const remove: string[] = [];
      for (const [id, op] of ops) (op === 'upsert' ? upsert : remove).push(id);
      if (upsert.length > 0) out.push({ object, ids: upsert, op: 'upsert' });
      if (remove.length > 0) out.push({ object, ids: remove, op: 'remove' });
    }
    this.objects.clear();
    this.count = 0;
    return out;
  }
}
