// The main grid: one search, paged from the BFF in blocks of SEARCH_PAGE_SIZE through
// ag-grid's Infinite Row Model, sorted on the server. It never holds more than the
// blocks on screen, so 50,000 VMs scroll like 50.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
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
import { Icon } from '../layout/icons.js';
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

export function ResultGrid(props: {
  object: SearchObjectKey;
  query: string;
  /** Changes on every run of the search, so running the same query again refreshes it. */
  runToken: number;
  selection: string | null;
  onSelect: (row: ResultRow) => void;
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
  const selectionRef = useRef(selection);
  useEffect(() => {
    onSearchError.current = props.onSearchError;
    onSelect.current = props.onSelect;
    selectionRef.current = selection;
  });

  const columns = useMemo(() => columnDefs(object, visible), [object, visible]);

  const [api, setApi] = useState<GridApi<ResultRow> | null>(null);

  // A new datasource is how the grid re-fetches: a new query, running the same one
  // again (runToken) or Refresh all replace it, which also drops the cached blocks.
  useEffect(() => {
    if (!api) return;
    api.setGridOption(
      'datasource',
      searchDatasource(client, query, {
        onResult: (result) => {
          setTotal(result.total);
          setLoadError(null);
          onSearchError.current(query, null);
          restoreSelection(api, selectionRef.current);
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

  const changeColumns = (names: string[]) => {
    setVisible(names);
    saveVisibleFields(window.localStorage, object, names);
  };

  const onSelectionChanged = useCallback((e: SelectionChangedEvent<ResultRow>) => {
    if (e.source === 'api') return;
    const [row] = e.api.getSelectedRows();
    if (row) onSelect.current(row);
    // Space on the selected row toggles it off; the details stay, so the row stays marked.
    else restoreSelection(e.api, selectionRef.current);
  }, []);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<ResultRow> | FullWidthCellKeyDownEvent<ResultRow>) => {
      const key = (e.event as KeyboardEvent | null | undefined)?.key;
      if (key === 'Enter' && e.data) {
        e.node.setSelected(true, true, 'api');
        onSelect.current(e.data);
      }
    },
    [],
  );

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
            mode: 'singleRow',
            checkboxes: false,
            enableClickSelection: 'enableSelection',
          }}
          onSelectionChanged={onSelectionChanged}
          onCellKeyDown={onCellKeyDown}
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
  on: { onResult: (result: { total: number }) => void; onError: (err: unknown) => void },
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

/** Marks the row of the selected object when it is among the loaded blocks. */
function restoreSelection(api: GridApi<ResultRow> | null, id: string | null) {
  if (!api || api.isDestroyed()) return;
  const selected = api.getSelectedNodes()[0];
  if (!id) {
    selected?.setSelected(false, false, 'api');
    return;
  }
  if (selected?.id === id) return;
  api.getRowNode(id)?.setSelected(true, true, 'api');
}
