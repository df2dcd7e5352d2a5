// A modal on the native <dialog>: focus trapping, Esc and the backdrop come from the
// browser, so every dialog behaves the same for keyboard and screen-reader users.
import { useId, useLayoutEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Icon } from './icons.js';

export function Dialog(props: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  testId?: string;
  width?: number;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;

  // Opened during commit, so the dialog is up by the time the click that asked for it returns.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      // A field React focused for `autoFocus` (before the dialog opened) keeps the focus
      // that showModal() would give the Close button.
      const asked = document.activeElement;
      dialog.showModal();
      const keep = asked instanceof HTMLElement && asked !== dialog && dialog.contains(asked);
      (keep ? asked : firstControl(dialog))?.focus();
    }
    return () => dialog?.close();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={props.testId}
      style={props.width ? { width: props.width } : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <header className="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <Icon name="close" size={12} />
          </button>
        </header>
        <div className="dialog-body">{props.children}</div>
        <footer className="dialog-footer">{props.footer}</footer>
      </form>
    </dialog>
  );
}

/**
 * Where the keyboard starts: the first field of the body, else the footer's submit
 * button. React's `autoFocus` cannot do it (the dialog is closed, so unfocusable, when
 * React focuses), and the browser's own choice would be the header's Close button,
 * where Enter cancels.
 */
function firstControl(dialog: HTMLDialogElement): HTMLElement | null {
  return (
    dialog.querySelector<HTMLElement>(
      '.dialog-body :is(input:not([type=checkbox]):not([type=radio]), select, textarea):not(:disabled)',
    ) ?? dialog.querySelector<HTMLElement>('.dialog-footer button[type=submit]:not(:disabled)')
  );
}

export function ConfirmDialog(props: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  confirmTestId?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={props.title}
      testId="confirm-dialog"
      width={420}
      onClose={props.onClose}
      onSubmit={props.onConfirm}
      footer={
        <>
          <button
            type="button"
            className="button"
            data-testid="confirm-cancel"
            onClick={props.onClose}
          >
            Cancel
          </button>
          <button
            type="submit"
            className="button button-danger"
            data-testid={props.confirmTestId ?? 'confirm-ok'}
            disabled={props.busy}
            autoFocus
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <p className="confirm-message">{props.message}</p>
      {props.error && (
        <p className="form-error" role="alert" data-testid="form-error">
          {props.error}
        </p>
      )}
    </Dialog>
  );
}
