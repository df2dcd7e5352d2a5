// Hosts a VM can be sent to, with the memory they have free; a host that is not Up is
// shown, with its status, but cannot be chosen.
import { formatSize } from '../grid/format.js';
import type { FormOptions } from './formOptions.js';

export function HostOptions(props: { hosts: FormOptions['hosts'] }) {
  return props.hosts.map((h) => (
    <option key={h.id} value={h.id} disabled={h.status !== 'Up'}>
      {h.name} — {formatSize(h.freeMemoryMb, 'MB')} free
      {h.status !== 'Up' ? ` (${h.status})` : ''}
    </option>
  ));
}
