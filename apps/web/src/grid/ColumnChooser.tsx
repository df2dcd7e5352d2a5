// The column chooser: every catalog field of the object, with a checkbox.
import { useEffect, useRef, useState } from 'react';
import { SEARCH_OBJECTS, type SearchObjectKey } from '@corral/shared';
import { Icon } from '../layout/icons.js';
import { defaultVisibleFields } from './columns.js';

export function ColumnChooser(props: {
  object: SearchObjectKey;
  visible: readonly string[];
  onChange: (visible: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const fields = SEARCH_OBJECTS[props.object].fields;
  const toggle = (name: string, on: boolean) => {
    // Keep catalog order, and never hide the last column: an empty grid helps no one.
    const next = fields
      .map((f) => f.name)
      .filter((n) => (n === name ? on : props.visible.includes(n)));
    if (next.length > 0) props.onChange(next);
  };

  return (
    <div
      className="column-chooser"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        className="button button-small"
        aria-haspopup="true"
        aria-expanded={open}
        data-testid="column-chooser"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="columns" size={12} /> Columns
      </button>
      {open && (
        <div className="menu column-menu" role="group" aria-label="Visible columns">
          {fields.map((f) => (
            <label key={f.name} className="menu-check" data-testid="column-option">
              <input
                type="checkbox"
                checked={props.visible.includes(f.name)}
                onChange={(e) => toggle(f.name, e.target.checked)}
                data-field={f.name}
              />
              <span>{f.label}</span>
              <code className="menu-hint">{f.name}</code>
            </label>
          ))}
          <div className="menu-footer">
            <button
              type="button"
              className="button button-small"
              onClick={() => props.onChange(defaultVisibleFields(props.object))}
            >
              Reset to defaults
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
