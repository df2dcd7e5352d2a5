// The grid's right-click menu: the toolbar's actions at the pointer, disabled with the
// same reasons. Arrow keys move, Enter runs, Escape or a click elsewhere closes it.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../layout/icons.js';
import { actionGroups, type ActionItem, type ActionName } from './actionModel.js';

export interface MenuPosition {
  readonly x: number;
  readonly y: number;
}

export function ContextMenu(props: {
  at: MenuPosition;
  items: readonly ActionItem[];
  onInvoke: (name: ActionName) => void;
  onClose: () => void;
}) {
  const { onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(props.at);

  // Kept inside the window: a menu opened near the bottom or right edge opens upward / leftward.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({
      x: Math.max(4, Math.min(props.at.x, window.innerWidth - r.width - 4)),
      y: Math.max(4, Math.min(props.at.y, window.innerHeight - r.height - 4)),
    });
    el.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [props.at]);

  useEffect(() => {
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const close = () => onClose();
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('resize', close);
    window.addEventListener('blur', close);
    window.addEventListener('wheel', close, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('resize', close);
      window.removeEventListener('blur', close);
      window.removeEventListener('wheel', close);
    };
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])].filter(
      (b) => !b.disabled,
    );
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') buttons[(i + 1) % buttons.length]?.focus();
    else if (e.key === 'ArrowUp') buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={ref}
      className="menu context-menu"
      role="menu"
      data-testid="context-menu"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {actionGroups(props.items).map((group, gi) => (
        <div key={group[0]!.def.name} role="group">
          {gi > 0 && <div className="menu-separator" role="separator" />}
          {group.map(({ def, availability }) => (
            <button
              key={def.name}
              type="button"
              role="menuitem"
              className="menu-item"
              data-action={def.name}
              disabled={!availability.allowed}
              title={availability.reason}
              onClick={() => {
                onClose();
                props.onInvoke(def.name);
              }}
            >
              <span className="menu-icon">{def.icon && <Icon name={def.icon} size={11} />}</span>
              <span>
                {def.menuLabel ?? def.label}
                {(def.dialog || def.confirm) && '…'}
              </span>
              {def.key && (
                <span className="menu-hint">{def.key === 'Delete' ? 'Del' : def.key}</span>
              )}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
