// Pieces every command dialog uses: a labelled row, the message under an input, and
// the messages that belong to no input. Field names are the command input's keys
// (`name`, `memoryMb`, `disks.0.sizeGb`), which is also where the BFF puts a refusal.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { submitOnEnter } from '../actions/submitOnEnter.js';
import { errorMessage, type FormErrors } from '../api/errors.js';
import { Dialog } from './Dialog.js';

export type FieldErrorMap = Readonly<Record<string, readonly string[]>>;

export const NO_FORM_ERRORS: FormErrors = { form: [], fields: {} };

export function FieldError(props: { field: string; errors: FieldErrorMap }) {
  // One message at a time: an empty name breaks "needs a name" and "letters and digits
  // only" at once, and the first says what to do.
  const [first] = props.errors[props.field] ?? [];
  if (!first) return null;
  return (
    <p className="field-error" id={errorId(props.field)} data-testid={`field-error-${props.field}`}>
      {first}
    </p>
  );
}

export const errorId = (field: string) => `field-error-${field.replace(/\W/g, '-')}`;

/**
 * Attributes that tie an input to its message for screen readers and mark it invalid;
 * `extraClass` (such as `mono`) is added to the input's classes.
 */
export function invalidProps(field: string, errors: FieldErrorMap, extraClass?: string) {
  const bad = (errors[field]?.length ?? 0) > 0;
  const className = bad ? 'input is-invalid' : 'input';
  return {
    'aria-invalid': bad || undefined,
    'aria-describedby': bad ? errorId(field) : undefined,
    className: extraClass ? `${className} ${extraClass}` : className,
  } as const;
}

export function FormErrorList({ errors }: { errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {errors.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/** The options' failure to load, said as the form's own messages are. */
export function LoadError({ error }: { error: unknown }) {
  if (!error) return null;
  return <FormErrorList errors={[errorMessage(error)]} />;
}

export function FormRow(props: { label: string; children: ReactNode; title?: string }) {
  return (
    <label className="form-row" title={props.title}>
      <span className="form-label">{props.label}</span>
      {props.children}
    </label>
  );
}

/** A labelled row with its input's message under it. */
export function Field(props: {
  label: string;
  field: string;
  errors: FieldErrorMap;
  children: ReactNode;
  title?: string;
}) {
  return (
    <>
      <FormRow label={props.label} title={props.title}>
        {props.children}
      </FormRow>
      <FieldError field={props.field} errors={props.errors} />
    </>
  );
}

/** What a field row takes besides its input: the label, the input's field name and the messages. */
interface FieldRowProps {
  label: string;
  field: string;
  errors: FieldErrorMap;
  /** The row's tooltip. */
  title?: string;
  testId: string;
}

type OwnInputAttrs = 'value' | 'checked' | 'onChange' | 'className' | 'title' | 'children';

/**
 * A labelled text (or number, e-mail, password) input with its message under it, tied
 * to it for screen readers; `onChange` gets the text, `mono` sets it in a fixed-width
 * font. Other attributes (type, placeholder, autoFocus, min, …) go to the input.
 */
export function TextField(
  props: FieldRowProps & {
    value: string;
    onChange: (value: string) => void;
    mono?: boolean;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, OwnInputAttrs>,
) {
  const { label, field, errors, title, testId, value, onChange, mono, ...input } = props;
  return (
    <Field label={label} field={field} errors={errors} title={title}>
      <input
        {...invalidProps(field, errors, mono ? 'mono' : undefined)}
        data-testid={testId}
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** A labelled select with its message under it; `onChange` gets the chosen value. */
export function SelectField(
  props: FieldRowProps & {
    value: string;
    onChange: (value: string) => void;
    children: ReactNode;
  } & Omit<SelectHTMLAttributes<HTMLSelectElement>, OwnInputAttrs>,
) {
  const { label, field, errors, title, testId, value, onChange, children, ...select } = props;
  return (
    <Field label={label} field={field} errors={errors} title={title}>
      <select
        {...invalidProps(field, errors)}
        data-testid={testId}
        {...select}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
    </Field>
  );
}

/** A labelled checkbox with its message under it; `onChange` gets whether it is ticked. */
export function CheckField(
  props: FieldRowProps & {
    checked: boolean;
    onChange: (checked: boolean) => void;
    disabled?: boolean;
  },
) {
  const { label, field, errors, title, testId, checked, onChange, disabled } = props;
  return (
    <Field label={label} field={field} errors={errors} title={title}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
    </Field>
  );
}

/**
 * Name and Description, as the set-up dialogs (data center, cluster, storage domain,
 * pool) ask for them; test ids `<testIdPrefix>-name` and `<testIdPrefix>-description`.
 */
export function NameFields(props: {
  testIdPrefix: string;
  name: string;
  description: string;
  errors: FieldErrorMap;
  onChange: (patch: { name: string } | { description: string }) => void;
}) {
  const { errors: f, onChange } = props;
  return (
    <>
      <TextField
        label="Name"
        field="name"
        errors={f}
        testId={`${props.testIdPrefix}-name`}
        value={props.name}
        autoFocus
        spellCheck={false}
        onChange={(name) => onChange({ name })}
      />
      <TextField
        label="Description"
        field="description"
        errors={f}
        testId={`${props.testIdPrefix}-description`}
        value={props.description}
        onChange={(description) => onChange({ description })}
      />
    </>
  );
}

/** One <option> per item, valued by its id. */
export function IdOptions<T extends { readonly id: string }>(props: {
  items: readonly T[];
  label: (item: T) => ReactNode;
}) {
  return props.items.map((item) => (
    <option key={item.id} value={item.id}>
      {props.label(item)}
    </option>
  ));
}

/** One <option> per value, each shown as itself. */
export function ValueOptions(props: { values: readonly string[] }) {
  return props.values.map((v) => (
    <option key={v} value={v}>
      {v}
    </option>
  ));
}

/** OK / Cancel, the OK showing progress while the command is sent. */
export function DialogButtons(props: {
  okLabel: string;
  okTestId: string;
  busy: boolean;
  onCancel: () => void;
  danger?: boolean;
}) {
  return (
    <>
      <button type="button" className="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button
        type="submit"
        className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
        data-testid={props.okTestId}
        disabled={props.busy}
      >
        {props.busy ? 'Working…' : props.okLabel}
      </button>
    </>
  );
}

/**
 * A command dialog's frame: OK / Cancel, Enter in any of its fields sends it, and above
 * the fields the options' failure to load (`loadError`), then the messages that belong
 * to no input (`errors`).
 */
export function CommandDialog(props: {
  title: string;
  testId: string;
  width: number;
  okTestId: string;
  /** "OK" unless the dialog says what it does ("Set Password", "Upload"). */
  okLabel?: string;
  busy: boolean;
  errors: readonly string[];
  loadError?: unknown;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const { onClose } = props;
  return (
    <Dialog
      title={props.title}
      testId={props.testId}
      width={props.width}
      onClose={onClose}
      onSubmit={() => void props.onSubmit()}
      footer={
        <DialogButtons
          okLabel={props.okLabel ?? 'OK'}
          okTestId={props.okTestId}
          busy={props.busy}
          onCancel={onClose}
        />
      }
    >
      <div className="dialog-fields" onKeyDown={submitOnEnter}>
        <LoadError error={props.loadError} />
        <FormErrorList errors={props.errors} />
        {props.children}
      </div>
    </Dialog>
  );
}
