// Saved searches in the sidebar: click to run, edit to rename, delete with a confirm.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { Icon } from '../layout/icons.js';
import { useToast } from '../layout/Toasts.js';
import { sameQuery } from '../search/queryText.js';
import type { BookmarkDialogRequest } from './BookmarkDialog.js';

interface Bookmark {
  readonly id: string;
  readonly name: string;
  readonly query: string;
}

export function BookmarksPanel(props: {
  query: string;
  onRun: (query: string) => void;
  onEdit: (request: BookmarkDialogRequest) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const list = useQuery(trpc.bookmark.list.queryOptions());
  const [removing, setRemoving] = useState<Bookmark | null>(null);
  const remove = useMutation(
    trpc.bookmark.remove.mutationOptions({
      onSuccess: () => {
        notify('success', `Bookmark "${removing?.name ?? ''}" deleted.`);
        setRemoving(null);
      },
      onError: (err) => notify('error', errorMessage(err)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.bookmark.list.queryKey() }),
    }),
  );

  const bookmarks: readonly Bookmark[] = list.data ?? [];

  return (
    <section className="panel bookmarks-panel" aria-label="Bookmarks" data-testid="bookmarks">
      <header className="panel-header">
        <span className="panel-title">Bookmarks</span>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button button-small"
          data-testid="bookmark-new"
          title="Bookmark the current search"
          onClick={() => props.onEdit({ mode: 'create', query: props.query })}
        >
          <Icon name="plus" size={10} /> New
        </button>
      </header>
      <div className="panel-body">
        {list.isError && <p className="panel-message is-error">{errorMessage(list.error)}</p>}
        {list.isSuccess && bookmarks.length === 0 && (
          <p className="panel-message">No bookmarks. Save a search with ★.</p>
        )}
        <ul className="bookmark-list">
          {bookmarks.map((b) => (
            <li
              key={b.id}
              className={`bookmark-item${sameQuery(b.query, props.query) ? ' is-selected' : ''}`}
              data-testid="bookmark-item"
              data-bookmark-id={b.id}
            >
              <button
                type="button"
                className="bookmark-run"
                title={b.query}
                onClick={() => props.onRun(b.query)}
              >
                <Icon name="bookmark" size={11} className="bookmark-glyph" />
                <span className="bookmark-name">{b.name}</span>
              </button>
              <span className="bookmark-actions">
                <button
                  type="button"
                  className="icon-button"
                  data-testid="bookmark-rename"
                  aria-label={`Edit bookmark ${b.name}`}
                  title="Rename / edit"
                  onClick={() =>
                    props.onEdit({ mode: 'edit', id: b.id, name: b.name, query: b.query })
                  }
                >
                  <Icon name="pencil" size={11} />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  data-testid="bookmark-delete"
                  aria-label={`Delete bookmark ${b.name}`}
                  title="Delete"
                  onClick={() => {
                    remove.reset();
                    setRemoving(b);
                  }}
                >
                  <Icon name="trash" size={11} />
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {removing && (
        <ConfirmDialog
          title="Remove Bookmark"
          message={
            <>
              Remove the bookmark <strong>{removing.name}</strong>?
            </>
          }
          confirmLabel="Remove"
          confirmTestId="bookmark-delete-confirm"
          busy={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate({ id: removing.id })}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
