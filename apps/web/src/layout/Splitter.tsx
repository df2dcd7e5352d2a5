// A horizontal divider the user drags (or moves with the arrow keys) to share height
// between the grid and the details pane.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export function Splitter(props: {
  /** Height in px of the pane below the splitter. */
  value: number;
  min: number;
  max: number;
  onChange: (px: number) => void;
  label: string;
}) {
  const drag = useRef<{ startY: number; startValue: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(props.max, Math.max(props.min, v)));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { startY: e.clientY, startValue: props.value };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    props.onChange(clamp(drag.current.startValue - (e.clientY - drag.current.startY)));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowUp') props.onChange(clamp(props.value + step));
    else if (e.key === 'ArrowDown') props.onChange(clamp(props.value - step));
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={props.label}
      aria-valuenow={props.value}
      aria-valuemin={props.min}
      aria-valuemax={props.max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
