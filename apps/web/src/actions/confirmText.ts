// What the confirmation asks before a command that cannot be taken back, naming the
// rows it acts on and what the user loses.
import { rowLabel, type ActionRow } from './actionModel.js';
import type { DirectCommand } from './commands.js';

export interface ConfirmText {
  readonly title: string;
  readonly message: string;
  readonly confirm: string;
}

/** "web-01", "web-01 and db-01", "web-01, db-01 and 3 more". */
export function namesOf(rows: readonly ActionRow[], shown = 3): string {
  const names = rows.map(rowLabel);
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= shown) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export function confirmText(
  command: DirectCommand,
  label: string,
  rows: readonly ActionRow[],
): ConfirmText {
  const names = namesOf(rows);
  const many = rows.length > 1;
  const plain = (what: string) => ({
    title: label,
    message: `${label} ${what} ${names}?`,
    confirm: label,
  });
  if (command.object === 'vm') {
    const what = many ? `${rows.length} virtual machines` : 'virtual machine';
    switch (command.name) {
      case 'remove':
        return {
          title: 'Remove Virtual Machine(s)',
          message: `Remove ${what} ${names}?`,
          confirm: 'Remove',
        };
      case 'powerOff':
        return {
          title: 'Power Off Virtual Machine(s)',
          message: `Power off ${what} ${names}? The guest is stopped at once, as by pulling the plug; unsaved data in it is lost.`,
          confirm: 'Power Off',
        };
      default:
        return plain(what);
    }
  }
  const what = many ? `${rows.length} hosts` : 'host';
  switch (command.name) {
    case 'remove':
      return {
        title: 'Remove Host(s)',
        message: `Remove ${what} ${names} from Corral? The machine itself is left as it is.`,
        confirm: 'Remove',
      };
    case 'maintenance':
      return {
        title: 'Maintenance Host(s)',
        message: `Move ${what} ${names} to Maintenance? Their running VMs are migrated to other hosts first.`,
        confirm: 'OK',
      };
    case 'fence':
      return {
        title: 'Fence Host',
        message: `Fence host ${names}? It is restarted through its power management; its highly available VMs are started elsewhere.`,
        confirm: 'Fence',
      };
    default:
      return plain(what);
  }
}
