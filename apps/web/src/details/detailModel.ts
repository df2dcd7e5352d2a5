// What the details pane shows: the General tab's label/value pairs, and the columns of
// a sub-tab's table. Catalog fields get their catalog label and formatting; anything
// else the BFF adds is shown too, humanised, because hiding data silently helps no one.
import { SEARCH_OBJECTS, type SearchField, type SearchObjectKey } from '@corral/shared';
import { formatFieldValue, formatUnknown, humanizeKey } from '../grid/format.js';

export interface DetailItem {
  readonly key: string;
  readonly label: string;
  readonly value: unknown;
  /** Set when the catalog knows the field. */
  readonly field?: SearchField;
}

/** Keys that identify rather than describe; their meaning is already on screen. */
const PLUMBING = /^(id|.*_id|.*Id)$/;

export function generalItems(object: SearchObjectKey, row: Record<string, unknown>): DetailItem[] {
  const fields = SEARCH_OBJECTS[object].fields;
  const known = new Set(fields.map((f) => f.name));
  const fromCatalog = fields
    .filter((f) => f.name in row)
    .map((f) => ({ key: f.name, label: f.label, value: row[f.name], field: f }));
  const extras = Object.keys(row)
    .filter((k) => !known.has(k) && !PLUMBING.test(k))
    .map((k) => ({ key: k, label: humanizeKey(k), value: row[k] }));
  return [...fromCatalog, ...extras];
}

export function formatItem(item: Pick<DetailItem, 'field' | 'value'>): string {
  return item.field ? formatFieldValue(item.field, item.value) : formatUnknown(item.value);
}

/**
 * The object a sub-tab lists, when it is a searchable one: its rows then share that
 * object's field names, labels and formatting.
 */
export function tabRowObject(object: SearchObjectKey, tab: string): SearchObjectKey | undefined {
  switch (tab) {
    case 'clusters':
      return 'cluster';
    case 'hosts':
      return 'host';
    case 'vms':
      return 'vm';
    case 'storage':
      return 'storage';
    case 'disks':
      return 'disk';
    case 'templates':
      return 'template';
    case 'networks':
      return 'network';
    case 'events':
      return 'event';
    case 'volumes':
      // A disk's "Volume Chain" lists image volumes, not Gluster volumes.
      return object === 'disk' ? undefined : 'volume';
    default:
      return undefined;
  }
}

export interface TabColumn {
  readonly key: string;
  readonly label: string;
  readonly field?: SearchField;
}

/** Columns of a sub-tab table: the keys its rows have, in catalog order first. */
export function tabColumns(
  object: SearchObjectKey,
  tab: string,
  rows: readonly Record<string, unknown>[],
): TabColumn[] {
  const keys: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const visible = keys.filter((k) => !PLUMBING.test(k));
  const rowObject = tabRowObject(object, tab);
  const fields = rowObject ? SEARCH_OBJECTS[rowObject].fields : [];
  const ordered = [
    ...fields.filter((f) => visible.includes(f.name)).map((f) => f.name),
    ...visible.filter((k) => !fields.some((f) => f.name === k)),
  ];
  return ordered.map((key) => {
    const field = fields.find((f) => f.name === key);
    return field ? { key, label: field.label, field } : { key, label: humanizeKey(key) };
  });
}

const TITLE_FIELDS = ['name', 'message', 'description'];

/** What to title the pane with: the object's name, or what stands for it (an event's message). */
export function objectTitle(object: SearchObjectKey, row: Record<string, unknown>): string {
  const names = SEARCH_OBJECTS[object].fields.map((f) => f.name);
  const field = TITLE_FIELDS.find((f) => names.includes(f) && typeof row[f] === 'string' && row[f]);
  return field ? String(row[field]) : String(row.id ?? '');
}
