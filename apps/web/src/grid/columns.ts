// Grid columns come from the search catalog: a field's name is its row key, its label
// the header, its type and unit the formatting. The user's column choice is kept per
// object in localStorage, because which columns matter is a habit, not a view.
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { SEARCH_OBJECTS, type SearchField, type SearchObjectKey } from '@corral/shared';
import { formatFieldValue } from './format.js';

export type ResultRow = Record<string, unknown> & { id: string };

/** Names of the cell renderers registered with the grid (see ResultGrid). */
export const CELL_RENDERERS = {
  status: 'statusCell',
  usage: 'usageCell',
  severity: 'severityCell',
} as const;

export function defaultVisibleFields(object: SearchObjectKey): string[] {
  return SEARCH_OBJECTS[object].fields.filter((f) => !f.hidden).map((f) => f.name);
}

function rendererFor(field: SearchField): string | undefined {
  if (field.name === 'severity') return CELL_RENDERERS.severity;
  if (field.name === 'status' && field.type === 'enum') return CELL_RENDERERS.status;
  if (field.type === 'number' && field.unit === '%') return CELL_RENDERERS.usage;
  return undefined;
}

// Starting widths sized for the values each type shows, so a dozen columns fit a laptop screen.
const WIDTH: Record<SearchField['type'], number> = {
  string: 130,
  number: 100,
  enum: 125,
  date: 150,
  boolean: 80,
};

export function columnDefs(
  object: SearchObjectKey,
  visible: readonly string[],
): ColDef<ResultRow>[] {
  return SEARCH_OBJECTS[object].fields.map((field, i) => {
    const renderer = rendererFor(field);
    const numeric = field.type === 'number' && field.unit !== '%';
    return {
      colId: field.name,
      field: field.name,
      headerName: field.label,
      hide: !visible.includes(field.name),
      sortable: true,
      resizable: true,
      // The first column names the object; it is what the eye looks for.
      minWidth: i === 0 ? 160 : 70,
      width: i === 0 ? 180 : field.unit === '%' ? 100 : WIDTH[field.type],
      flex:
        field.type === 'string' && (field.name === 'description' || field.name === 'message')
          ? 1
          : undefined,
      type: numeric ? 'rightAligned' : undefined,
      cellRenderer: renderer,
      valueFormatter: renderer
        ? undefined
        : (p: ValueFormatterParams<ResultRow>) => formatFieldValue(field, p.value),
      cellClass: field.type === 'boolean' ? 'cell-boolean' : undefined,
    } satisfies ColDef<ResultRow>;
  });
}

const storageKey = (object: SearchObjectKey) => `corral.columns.${object}`;

export function loadVisibleFields(
  storage: Pick<Storage, 'getItem'>,
  object: SearchObjectKey,
): string[] {
  const known = new Set(SEARCH_OBJECTS[object].fields.map((f) => f.name));
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(object)) ?? 'null');
    if (Array.isArray(parsed)) {
      const names = parsed.filter((n): n is string => typeof n === 'string' && known.has(n));
      if (names.length > 0) return names;
    }
  } catch {
    // A hand-edited or outdated entry: the catalog's defaults are the answer.
  }
  return defaultVisibleFields(object);
}

export function saveVisibleFields(
  storage: Pick<Storage, 'setItem' | 'removeItem'>,
  object: SearchObjectKey,
  names: readonly string[],
): void {
  const defaults = defaultVisibleFields(object);
  const isDefault = names.length === defaults.length && defaults.every((n) => names.includes(n));
  if (isDefault) storage.removeItem(storageKey(object));
  else storage.setItem(storageKey(object), JSON.stringify(names));
}

/** The server sorts: a header click becomes `search.run`'s `sort`. */
export function sortFromModel(
  model: ReadonlyArray<{ colId: string; sort: 'asc' | 'desc' }>,
): { field: string; dir: 'asc' | 'desc' } | undefined {
  const first = model[0];
  return first ? { field: first.colId, dir: first.sort } : undefined;
}
