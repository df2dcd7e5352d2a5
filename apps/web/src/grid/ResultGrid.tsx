// The main grid: one search, paged from the BFF in blocks of SEARCH_PAGE_SIZE through
// ag-grid's Infinite Row Model, sorted on the server. It never holds more than the
// blocks on screen, so 50,000 VMs scroll like 50. The change feed keeps the loaded rows
// current in place; the search is re-run only when rows join or leave the result.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type CellContextMenuEvent,
  type CellKeyDownEvent,
  type FullWidthCellKeyDownEvent,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type SelectionChangedEvent,
} from 'ag-grid-community';
import {
  SEARCH_OBJECTS,
  SEARCH_PAGE_SIZE,
  type SearchObjectKey,
  type SearchError,
} from '@corral/shared';
import { useTRPCClient, type ApiClient } from '../api/trpc.js';
import { errorMessage, searchErrorOf } from '../api/errors.js';
import type { MenuPosition } from '../actions/ContextMenu.js';
import { Icon } from '../layout/icons.js';
import { idsOf, matchPatchedRows, planGridUpdate } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { useThrottled } from '../live/useThrottled.js';
import { GRID_COMPONENTS } from './cells.js';
import { ColumnChooser } from './ColumnChooser.js';
import {
  columnDefs,
  loadVisibleFields,
  saveVisibleFields,
  sortFromModel,
  type ResultRow,
} from './columns.js';
import { totalLabel } from './format.js';

ModuleRegistry.registerModules([AllCommunityModule]);

const gridTheme = themeQuartz.withParams({
  fontFamily: 'var(--font-ui)',
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 26,
  headerHeight: 28,
  spacing: 4,
  cellHorizontalPadding: 8,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  borderColor: 'var(--border)',
  headerBackgroundColor: 'var(--surface-2)',
  headerTextColor: 'var(--text-muted)',
  oddRowBackgroundColor: 'var(--row-alt)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  accentColor: 'var(--accent)',
  foregroundColor: 'var(--text)',
  columnBorder: false,
  browserColorScheme: 'light',
});

const getRowId = (p: GetRowIdParams<ResultRow>) => p.data.id;

/** Re-running the search for the feed at most this often: a burst of creations is one reload. */
const REFRESH_MS = 1_500;

/** Reading the result's total at most this often while the feed names rows the grid never knew. */
const PROBE_MS = 3_000;

/** How many ids of feed changes the grid remembers (see planGridUpdate). */
const SEEN_MAX = 200_000;

export function ResultGrid(props: {
  object: SearchObjectKey;
  query: string;
  /** Changes on every run of the search, so running the same query again refreshes it. */
  runToken: number;
  selection: string | null;
  onSelect: (row: ResultRow) => void;
  /** Every selected row (ctrl/shift-click, checkboxes), also after the feed updated them. */
  onSelectedRows?: (rows: readonly ResultRow[]) => void;
  /** Right click on a row (or the context-menu key): where to open the menu. */
  onContextMenu?: (at: MenuPosition) => void;
  /** A key pressed on a row that the grid does not use itself; true when it was handled. */
  onGridKey?: (key: string) => boolean;
  /** The object's commands, between the title bar and the grid. */
  actions?: ReactNode;
  /** The BFF's verdict on `query`: its search error, or null when it ran. */
  onSearchError: (query: string, error: SearchError | null) => void;
}) {
  const { object, query, runToken, selection } = props;
  const client = useTRPCClient();
  const [visible, setVisible] = useState(() => loadVisibleFields(window.localStorage, object));
  const [total, setTotal] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [refreshToken, setRefreshToken] = useState(0);

  // Callbacks through refs: a new parent closure must not rebuild the datasource
  // (which would drop the grid's cache and scroll position).
  const onSearchError = useRef(props.onSearchError);
  const onSelect = useRef(props.onSelect);
  const onSelectedRows = useRef(props.onSelectedRows);
  const onContextMenu = useRef(props.onContextMenu);
  const onGridKey = useRef(props.onGridKey);
  const selectionRef = useRef(selection);
  useEffect(() => {
    onSearchError.current = props.onSearchError;
    onSelect.current = props.onSelect;
    onSelectedRows.current = props.onSelectedRows;
    onContextMenu.current = props.onContextMenu;
    onGridKey.current = props.onGridKey;
    selectionRef.current = selection;
  });

  const columns = useMemo(() => columnDefs(object, visible), [object, visible]);

  const [api, setApi] = useState<GridApi<ResultRow> | null>(null);

  // A new datasource is how the grid re-fetches: a new query, running the same one
  // again (runToken) or Refresh all replace it, which also drops the cached blocks.
  // Ids the grid knows since the search ran, loaded or named by the feed: a change to
  // one of them is no news to the result (planGridUpdate).
  const seen = useRef(new Set<string>());

  useEffect(() => {
    if (!api) return;
    seen.current = new Set();
    api.setGridOption(
      'datasource',
      searchDatasource(client, query, {
        onResult: (result) => {
          for (const row of result.rows) seen.current.add(String(row.id));
          totalRef.current = result.total;
          setTotal(result.total);
          setLoadError(null);
          onSearchError.current(query, null);
          restoreSelection(api, selectionRef.current);
          // A reloaded block brings new data for selected rows (and none while it loads):
          // the commands judge the rows as they are now.
          onSelectedRows.current?.(api.getSelectedRows());
        },
        onError: (err) => {
          setTotal(null);
          const se = searchErrorOf(err);
          onSearchError.current(query, se);
          setLoadError(se ? null : errorMessage(err));
        },
      }),
    );
  }, [api, client, query, runToken, refreshToken]);

  useEffect(() => {
    restoreSelection(api, selection);
  }, [api, selection]);

  // Live updates. A refresh re-runs the search over the loaded blocks (keeping scroll
  // position and selection); it is throttled so a burst of changes is one reload.
  const refreshSoon = useThrottled(() => {
    if (api && !api.isDestroyed()) api.refreshInfiniteCache();
  }, REFRESH_MS);
  // Whether rows joined the result: its total says, for the price of one row.
  const totalRef = useRef<number | null>(null);
  const probeSoon = useThrottled(() => {
    client.search.run.query({ query, offset: 0, limit: 1 }).then(
      (result) => {
        if (result.total !== totalRef.current) refreshSoon();
      },
      () => refreshSoon(),
    );
  }, PROBE_MS);

  useLiveChanges(({ changes, resync }) => {
    if (!api || api.isDestroyed()) return;
    if (resync) return refreshSoon();
    const loaded = new Set<string>();
    api.forEachNode((node) => {
      if (node.id && node.data) loaded.add(node.id);
    });
    const plan = planGridUpdate(changes, object, loaded, seen.current);
    // Bounded: a long session over a huge fleet forgets, at the cost of one reload.
    if (seen.current.size > SEEN_MAX) seen.current = new Set();
    for (const id of idsOf(changes, object)) seen.current.add(id);
    if (plan.refresh) return refreshSoon();
    if (plan.probe) probeSoon();
    if (plan.patch.length === 0) return;
    client.live.rows.query({ object, ids: [...plan.patch] }).then(
      (rows) => {
        if (api.isDestroyed()) return;
        const matched = matchPatchedRows(plan.patch, rows);
        for (const row of matched.rows) api.getRowNode(row.id)?.setData(row);
        if (matched.missing) refreshSoon();
        if (matched.rows.some((r) => api.getRowNode(r.id)?.isSelected())) {
          onSelectedRows.current?.(api.getSelectedRows());
        }
      },
      // A lost patch is not worth an error on screen: the next change or refresh brings it.
      () => refreshSoon(),
    );
  });

  const changeColumns = (names: string[]) => {
    setVisible(names);
    saveVisibleFields(window.localStorage, object, names);
  };

  const onSelectionChanged = useCallback((e: SelectionChangedEvent<ResultRow>) => {
    const rows = e.api.getSelectedRows();
    onSelectedRows.current?.(rows);
    if (e.source === 'api') return;
    // The details follow the selection; with several rows selected they stay on the one
    // shown if it is still among them, else show the latest added.
    const shown = rows.find((r) => r.id === selectionRef.current);
    const row = shown ?? rows.at(-1);
    if (row) {
      if (!shown) onSelect.current(row);
    }
    // Deselecting the last row keeps the details, so their row stays marked.
    else restoreSelection(e.api, selectionRef.current);
  }, []);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<ResultRow> | FullWidthCellKeyDownEvent<ResultRow>) => {
      const event = e.event as KeyboardEvent | null | undefined;
      const key = event?.key;
      if (!key || !e.data) return;
      if (key === 'Enter') {
        e.node.setSelected(true, true, 'api');
        onSelect.current(e.data);
        return;
      }
      if (key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) {
        event.preventDefault();
        if (!e.node.isSelected()) e.node.setSelected(true, true, 'rowClicked');
        const cell = (event.target as HTMLElement | null)?.getBoundingClientRect();
        onContextMenu.current?.({ x: cell?.left ?? 0, y: cell?.bottom ?? 0 });
        return;
      }
      if (onGridKey.current?.(key)) event.preventDefault();
    },
    [],
  );

  // Right click acts on the selection when the row is in it, else on that row alone,
  // as file managers do.
  const onCellContextMenu = useCallback((e: CellContextMenuEvent<ResultRow>) => {
    const event = e.event as MouseEvent | null | undefined;
    if (!event || !e.data || !onContextMenu.current) return;
    if (!e.node.isSelected()) e.node.setSelected(true, true, 'rowClicked');
    onContextMenu.current({ x: event.clientX, y: event.clientY });
  }, []);

  const onGridReady = useCallback((e: GridReadyEvent<ResultRow>) => setApi(e.api), []);

  const label = SEARCH_OBJECTS[object].label;

  return (
    <section className="grid-panel" aria-label={`${label} results`}>
      <div className="toolbar">
        <h1 className="toolbar-title">{label}</h1>
        <span className="grid-total" data-testid="grid-total" aria-live="polite">
          {total === null ? '' : totalLabel(object, total)}
        </span>
        {loadError && (
          <span className="grid-error" role="alert" data-testid="grid-error">
            Could not load: {loadError}
          </span>
        )}
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button button-small"
          onClick={() => setRefreshToken((t) => t + 1)}
          title="Refresh"
          data-testid="grid-refresh"
        >
          <Icon name="refresh" size={12} /> Refresh
        </button>
        <ColumnChooser object={object} visible={visible} onChange={changeColumns} />
      </div>
      {props.actions}
      <div className="grid-body" data-testid="grid">
        <AgGridReact<ResultRow>
          theme={gridTheme}
          columnDefs={columns}
          components={GRID_COMPONENTS}
          rowModelType="infinite"
          cacheBlockSize={SEARCH_PAGE_SIZE}
          maxBlocksInCache={20}
          infiniteInitialRowCount={1}
          getRowId={getRowId}
          rowSelection={{
            // Ctrl/shift-click and the checkboxes select several rows for bulk commands.
            // No select-all header: the infinite model holds only the blocks loaded.
            mode: 'multiRow',
            checkboxes: true,
            headerCheckbox: false,
            enableClickSelection: true,
          }}
          selectionColumnDef={{ width: 34, minWidth: 34, maxWidth: 34, resizable: false }}
          onSelectionChanged={onSelectionChanged}
          onCellKeyDown={onCellKeyDown}
          onCellContextMenu={onCellContextMenu}
          preventDefaultOnContextMenu
          onGridReady={onGridReady}
          suppressMultiSort
          suppressDragLeaveHidesColumns
          overlayNoRowsTemplate={`<span class="grid-empty">No ${label.toLowerCase()} match this search.</span>`}
        />
      </div>
    </section>
  );
}

/** Pages `search.run` into the grid; answers to a replaced datasource are dropped. */
function searchDatasource(
  client: ApiClient,
  query: string,
  on: {
    onResult: (result: { total: number; rows: readonly Record<string, unknown>[] }) => void;
    onError: (err: unknown) => void;
  },
): IDatasource {
  let live = true;
  return {
    getRows(params) {
      const sort = sortFromModel(params.sortModel);
      client.search.run
        .query({
          query,
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          ...(sort ? { sort } : {}),
        })
        .then(
          (result) => {
            if (!live) return;
            params.successCallback(result.rows, result.total);
            on.onResult(result);
          },
          (err: unknown) => {
            if (!live) return;
            params.failCallback();
            on.onError(err);
          },
        );
    },
    destroy() {
      live = false;
    },
  };
}

/**
 * Marks the row whose details are shown when it is among the loaded blocks. A
 * selection that already holds it (several rows for a bulk command) is left alone.
 */
function restoreSelection(api: GridApi<ResultRow> | null, id: string | null) {
  if (!api || api.isDestroyed()) return;
  const selected = api.getSelectedNodes();
  if (!id) {
    if (selected.length > 0) api.deselectAll('all', 'api');
    return;
  }
  if (selected.some((n) => n.id === id)) return;
  api.getRowNode(id)?.setSelected(true, true, 'api');
}
