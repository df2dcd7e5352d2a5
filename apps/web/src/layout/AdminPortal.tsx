// The admin portal's frame. Everything on screen derives from the view state in the
// URL: the query picks the object (tab, columns, grid), the selection the details.
import { useCallback, useEffect, useState } from 'react';
import { SEARCH_OBJECTS, type SearchError, type SearchObjectKey } from '@corral/shared';
import { ActionBar } from '../actions/ActionBar.js';
import { UserMenu } from '../auth/UserMenu.js';
import { isActionObject } from '../actions/actionModel.js';
import { ContextMenu, type MenuPosition } from '../actions/ContextMenu.js';
import { useEntityActions } from '../actions/useEntityActions.js';
import { BookmarkDialog, type BookmarkDialogRequest } from '../bookmarks/BookmarkDialog.js';
import { BookmarksPanel } from '../bookmarks/BookmarksPanel.js';
import { DetailsPane } from '../details/DetailsPane.js';
import type { ResultRow } from '../grid/columns.js';
import { ResultGrid } from '../grid/ResultGrid.js';
import { objectOfQuery, objectQuery } from '../search/queryText.js';
import { SearchBar } from '../search/SearchBar.js';
import { SystemTree } from '../tree/SystemTree.js';
import { useViewState } from '../url/useViewState.js';
import { HOME_QUERY, detailTabOf } from '../url/viewState.js';
import { useLiveChanges, useLiveState } from '../live/LiveFeed.js';
import { BottomPanels } from './BottomPanels.js';
import { MainTabs } from './MainTabs.js';
import { Splitter } from './Splitter.js';

const HOME_OBJECT: SearchObjectKey = objectOfQuery(HOME_QUERY) ?? 'vm';

export function AdminPortal() {
  const [view, navigate] = useViewState();
  // A query without a known object still shows something: the grid stays on the
  // object it had, and the search bar says what is wrong.
  const [lastObject, setLastObject] = useState<SearchObjectKey>(HOME_OBJECT);
  const queryObject = objectOfQuery(view.query);
  const object = queryObject ?? lastObject;
  if (queryObject && queryObject !== lastObject) setLastObject(queryObject);

  const [runToken, setRunToken] = useState(0);
  // Kept with the query it is about, so going back to another query never shows it.
  const [serverError, setServerError] = useState<{ query: string; error: SearchError } | null>(
    null,
  );
  const onSearchError = useCallback((query: string, error: SearchError | null) => {
    setServerError(error ? { query, error } : null);
  }, []);
  const [selectedRow, setSelectedRow] = useState<ResultRow | null>(null);
  // Rows selected for commands, with the object they belong to: a tab switch leaves
  // the old rows behind without an event to clear them.
  const [selected, setSelected] = useState<{
    object: SearchObjectKey;
    rows: readonly ResultRow[];
  }>({ object, rows: [] });
  const selectedRows = selected.object === object ? selected.rows : NO_ROWS;
  const onSelectedRows = useCallback(
    (rows: readonly ResultRow[]) =>
      setSelected((prev) =>
        prev.object === object && sameRows(prev.rows, rows) ? prev : { object, rows },
      ),
    [object],
  );
  const actionObject = isActionObject(object) ? object : null;
  const actions = useEntityActions(actionObject, selectedRows);
  // A tab whose object has no actions (yet) shows neither toolbar nor menu.
  const hasActions = actions.items.length > 0;
  const [menuAt, setMenuAt] = useState<MenuPosition | null>(null);
  const closeMenu = useCallback(() => setMenuAt(null), []);
  const [bookmarkRequest, setBookmarkRequest] = useState<BookmarkDialogRequest | null>(null);
  const [detailsHeight, setDetailsHeight] = useState(280);

  const run = useCallback(
    (query: string) => {
      setRunToken((t) => t + 1);
      navigate({ query, selection: null, detailTab: null });
    },
    [navigate],
  );

  const select = useCallback(
    (row: ResultRow) => {
      setSelectedRow(row);
      navigate({ query: view.query, selection: row.id, detailTab: view.detailTab });
    },
    [navigate, view.query, view.detailTab],
  );

  useEffect(() => {
    document.title = `${SEARCH_OBJECTS[object].label} — Corral`;
  }, [object]);

  // The object whose details are open was removed: there is nothing left to show.
  useLiveChanges(({ changes }) => {
    const id = view.selection;
    if (!id) return;
    if (changes.some((c) => c.op === 'remove' && c.object === object && c.ids.includes(id))) {
      navigate({ ...view, selection: null, detailTab: null });
    }
  });

  const row = selectedRow && selectedRow.id === view.selection ? selectedRow : null;
  const detailTab = detailTabOf(object, view.detailTab);

  return (
    <div className="portal">
      <header className="masthead">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Corral</span>
          <span className="brand-sub">Administration Portal</span>
        </div>
        <SearchBar
          query={view.query}
          serverError={serverError?.query === view.query ? serverError.error : null}
          onRun={run}
          onBookmark={(query) => setBookmarkRequest({ mode: 'create', query })}
        />
        <LiveIndicator />
        <UserMenu />
      </header>
      <MainTabs current={queryObject ?? object} onSelect={(key) => run(objectQuery(key))} />
      <div className="workspace">
        <aside className="sidebar">
          <SystemTree object={object} query={view.query} onRun={run} />
          <BookmarksPanel query={view.query} onRun={run} onEdit={setBookmarkRequest} />
        </aside>
        <main className="content">
          <ResultGrid
            key={object}
            object={object}
            query={queryObject ? view.query : objectQuery(object)}
            runToken={runToken}
            selection={view.selection}
            onSelect={select}
            onSelectedRows={onSelectedRows}
            onContextMenu={hasActions ? setMenuAt : undefined}
            onGridKey={actions.invokeKey}
            actions={
              hasActions && (
                <ActionBar items={actions.items} busy={actions.busy} onInvoke={actions.invoke} />
              )
            }
            onSearchError={onSearchError}
          />
          {view.selection && queryObject && (
            <>
              <Splitter
                value={detailsHeight}
                min={120}
                max={Math.max(160, window.innerHeight - 260)}
                onChange={setDetailsHeight}
                label="Resize details"
              />
              <div className="details-slot" style={{ height: detailsHeight }}>
                <DetailsPane
                  key={`${object}:${view.selection}`}
                  object={object}
                  id={view.selection}
                  row={row}
                  tab={detailTab}
                  onTab={(tab) => navigate({ ...view, detailTab: tab })}
                  onClose={() => navigate({ ...view, selection: null, detailTab: null })}
                />
              </div>
            </>
          )}
        </main>
      </div>
      <BottomPanels onShowAllEvents={() => run(objectQuery('event'))} />
      {bookmarkRequest && (
        <BookmarkDialog request={bookmarkRequest} onClose={() => setBookmarkRequest(null)} />
      )}
      {menuAt && hasActions && (
        <ContextMenu
          at={menuAt}
          items={actions.items}
          onInvoke={actions.invoke}
          onClose={closeMenu}
        />
      )}
      {actions.dialog}
    </div>
  );
}

const NO_ROWS: readonly ResultRow[] = [];

/** The same row objects in the same order: nothing for the commands to judge again. */
function sameRows(a: readonly ResultRow[], b: readonly ResultRow[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}

/** Whether the change feed is connected: without it the screen stops following the fleet. */
function LiveIndicator() {
  const state = useLiveState();
  const label = { connecting: 'Connecting…', live: 'Live', down: 'Reconnecting…' }[state];
  return (
    <span
      className="live-status"
      data-testid="live-status"
      data-state={state}
      title={
        state === 'live'
          ? 'Changes appear as they happen.'
          : 'Not receiving changes; what is shown may be out of date.'
      }
    >
      {label}
    </span>
  );
}
