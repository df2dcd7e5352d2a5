// Searches the storage dialogs run, and how they read the rows they get back.
import type { StorageDomainType } from '@corral/shared';

/** A quoted search value: the search language escapes `"` and `\` inside quotes. */
export function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The domains attached to a data center, for the Activate dialog (filtered by isActivatable). */
export function inactiveDomainsQuery(dataCenter: string): string {
  return `datacenter = ${quoted(dataCenter)} sortby name`;
}

const ACTIVATABLE = ['Maintenance', 'Inactive', 'Unknown'];

/** An attached domain the rules would let be activated (of the function asked for, if any). */
export function isActivatable(
  row: Record<string, unknown>,
  domainType: StorageDomainType | undefined,
): boolean {
  return (
    ACTIVATABLE.includes(String(row.status)) &&
    (domainType === undefined || row.type === domainType)
  );
}
