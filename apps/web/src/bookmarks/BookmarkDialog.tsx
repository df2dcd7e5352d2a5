// Saving a search as a bookmark, or renaming / re-querying one. Refusals from the BFF
// (a duplicate name, a query that does not parse) appear under the field they concern.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrorsOf, placeFormErrors, type FormErrors } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import { useToast } from '../layout/Toasts.js';

export type BookmarkDialogRequest =
  | { readonly mode: 'create'; readonly query: string }
  | { readonly mode: 'edit'; readonly id: string; readonly name: string; readonly query: string };

const NO_ERRORS: FormErrors = { form: [], fields: {} };
const FIELDS = ['name', 'query'];

export function BookmarkDialog(props: { request: BookmarkDialogRequest; onClose: () => void }) {
  const { request, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [name, setName] = useState(request.mode === 'edit' ? request.name : '');
  const [query, setQuery] = useState(request.query);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const settle = {
    onError: (err: unknown) => setErrors(placeFormErrors(formErrorsOf(err), FIELDS)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.bookmark.list.queryKey() }),
  };
  const create = useMutation(
    trpc.bookmark.create.mutationOptions({
      ...settle,
      onSuccess: (b) => {
        notify('success', `Bookmark "${b.name}" saved.`);
        onClose();
      },
    }),
  );
  const update = useMutation(
    trpc.bookmark.update.mutationOptions({
      ...settle,
      onSuccess: (b) => {
        notify(
          'success',
          request.mode === 'edit' && b.name !== request.name
            ? `Bookmark "${request.name}" renamed to "${b.name}".`
            : `Bookmark "${b.name}" updated.`,
        );
        onClose();
      },
    }),
  );
  const busy = create.isPending || update.isPending;

  const submit = () => {
    setErrors(NO_ERRORS);
    if (request.mode === 'create') create.mutate({ name, query });
    else update.mutate({ id: request.id, name, query });
  };

  const fieldError = (field: string) => {
    const list = errors.fields[field];
    return list && list.length > 0 ? (
      <p
        className="field-error"
        id={`bookmark-${field}-error`}
        data-testid={`bookmark-${field}-error`}
      >
        {list.join(' ')}
      </p>
    ) : null;
  };

  return (
    <Dialog
      title={request.mode === 'create' ? 'New Bookmark' : 'Edit Bookmark'}
      testId="bookmark-dialog"
      width={520}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="bookmark-dialog-save"
            disabled={busy}
          >
            {busy ? 'Saving…' : 'OK'}
          </button>
        </>
      }
    >
      {errors.form.length > 0 && (
        <div className="form-error" role="alert" data-testid="form-error">
          {errors.form.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <label className="form-row">
        <span className="form-label">Name</span>
        <input
          className={`input${errors.fields.name ? ' is-invalid' : ''}`}
          data-testid="bookmark-name-input"
          value={name}
          autoFocus
          maxLength={100}
          aria-invalid={errors.fields.name ? true : undefined}
          aria-describedby={errors.fields.name ? 'bookmark-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {fieldError('name')}
      <label className="form-row">
        <span className="form-label">Search string</span>
        <input
          className={`input mono${errors.fields.query ? ' is-invalid' : ''}`}
          data-testid="bookmark-query-input"
          value={query}
          spellCheck={false}
          aria-invalid={errors.fields.query ? true : undefined}
          aria-describedby={errors.fields.query ? 'bookmark-query-error' : undefined}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {fieldError('query')}
    </Dialog>
  );
}
