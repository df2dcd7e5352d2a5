// Inline SVG icons: crisp at 12–14 px, coloured by CSS through currentColor, and no
// text content, so a row's text stays the object's name for people and for tests.
import type { ReactNode, SVGProps } from 'react';
import { severityTone, statusTone, type StatusTone } from '../grid/format.js';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 14, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

const TONE_SHAPES: Record<StatusTone, ReactNode> = {
  up: <path d="M8 2.5 14 13H2z" fill="currentColor" />,
  ok: <path d="m3 8.5 3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.2" />,
  down: <path d="M8 13.5 14 3H2z" fill="currentColor" />,
  maintenance: (
    <path
      d="M13.6 4.1 11.3 6.4 9.6 6.1 9.3 4.4l2.3-2.3a3.6 3.6 0 0 0-4.6 4.6L2.2 11.5a1.4 1.4 0 1 0 2 2L9 8.8a3.6 3.6 0 0 0 4.6-4.7z"
      fill="currentColor"
    />
  ),
  transitional: (
    <path
      d="M4 1.5h8v1.2c0 2-1.3 3.4-2.7 5.3 1.4 1.9 2.7 3.3 2.7 5.3v1.2H4v-1.2c0-2 1.3-3.4 2.7-5.3C5.3 6.1 4 4.7 4 2.7z M5.6 13.2h4.8c-.3-1.2-1.2-2.2-2.4-3.6-1.2 1.4-2.1 2.4-2.4 3.6z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  error: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M8 4v5" stroke="#fff" strokeWidth="2" />
      <circle cx="8" cy="11.8" r="1.1" fill="#fff" />
    </>
  ),
  paused: <path d="M4 3h3v10H4zM9 3h3v10H9z" fill="currentColor" />,
  locked: (
    <path
      d="M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7zm1.5 0h3V5a1.5 1.5 0 0 0-3 0z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  unknown: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M6 6.2a2 2 0 1 1 2.8 1.8c-.6.3-.8.6-.8 1.3v.4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
      <circle cx="8" cy="11.7" r=".9" fill="currentColor" />
    </>
  ),
  neutral: <circle cx="8" cy="8" r="4.5" fill="none" stroke="currentColor" strokeWidth="2" />,
};

export function StatusIcon({ status, size }: { status: string; size?: number }) {
  const tone = statusTone(status);
  return (
    <Svg size={size} className={`status-icon tone-${tone}`}>
      <title>{status}</title>
      {TONE_SHAPES[tone]}
    </Svg>
  );
}

/**
 * Status as oVirt shows it in grids: the icon, then the value, spelled as the search
 * language spells it, so what is read can be typed back (`status = NonOperational`).
 */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status-badge tone-${statusTone(status)}`}>
      <StatusIcon status={status} />
      <span>{status}</span>
    </span>
  );
}

export function SeverityIcon({ severity, size }: { severity: string; size?: number }) {
  const tone = severityTone(severity);
  return (
    <Svg size={size} className={`severity-icon sev-${tone}`}>
      <title>{severity}</title>
      {tone === 'info' && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M8 7v5" stroke="#fff" strokeWidth="2" />
          <circle cx="8" cy="4.4" r="1.1" fill="#fff" />
        </>
      )}
      {tone === 'warning' && (
        <>
          <path d="M8 1.5 15 14H1z" fill="currentColor" />
          <path d="M8 6v4" stroke="#3a2a00" strokeWidth="1.8" />
          <circle cx="8" cy="12" r="1" fill="#3a2a00" />
        </>
      )}
      {tone === 'error' && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="m5.2 5.2 5.6 5.6m0-5.6-5.6 5.6" stroke="#fff" strokeWidth="2" />
        </>
      )}
      {tone === 'alert' && (
        <>
          <path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z" fill="currentColor" />
          <path d="M8 4v5" stroke="#fff" strokeWidth="2" />
          <circle cx="8" cy="11.6" r="1.1" fill="#fff" />
        </>
      )}
    </Svg>
  );
}

const UI_PATHS = {
  star: (
    <path
      d="m8 1.2 2 4.4 4.8.5-3.6 3.2 1 4.7L8 11.6 3.8 14l1-4.7L1.2 6.1 6 5.6z"
      fill="currentColor"
    />
  ),
  search: (
    <path
      d="M6.8 2a4.8 4.8 0 1 0 2.9 8.6l3.4 3.4 1.1-1.1-3.4-3.4A4.8 4.8 0 0 0 6.8 2zm0 1.5a3.3 3.3 0 1 1 0 6.6 3.3 3.3 0 0 1 0-6.6z"
      fill="currentColor"
    />
  ),
  refresh: (
    <path
      d="M13 3v3.8H9.2l1.5-1.5A3.9 3.9 0 0 0 4.2 8H2.6a5.5 5.5 0 0 1 9.2-3.8zM3 13V9.2h3.8L5.3 10.7A3.9 3.9 0 0 0 11.8 8h1.6a5.5 5.5 0 0 1-9.2 3.8z"
      fill="currentColor"
    />
  ),
  columns: (
    <path
      d="M2 2.5h12v11H2zm1.5 1.5v8h2.5V4zm4 0v8h1V4zm2.5 0v8h2.5V4z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  chevronRight: (
    <path d="m6 3.5 4.5 4.5L6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
  ),
  chevronDown: (
    <path d="M3.5 6 8 10.5 12.5 6" fill="none" stroke="currentColor" strokeWidth="1.8" />
  ),
  chevronUp: <path d="M3.5 10 8 5.5l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />,
  plus: <path d="M7.2 2.5h1.6v4.7h4.7v1.6H8.8v4.7H7.2V8.8H2.5V7.2h4.7z" fill="currentColor" />,
  pencil: (
    <path
      d="m11 1.8 3.2 3.2-8.4 8.4-3.9.7.7-3.9zm0 2.1L4 10.9l-.3 1.4 1.4-.3 7-7z"
      fill="currentColor"
    />
  ),
  trash: (
    <path
      d="M6 1.5h4l.5 1H14V4H2V2.5h3.5zM3 5h10l-.8 9.5H3.8zm3 1.5v6.5h1.2V6.5zm2.8 0v6.5H10V6.5z"
      fill="currentColor"
    />
  ),
  close: <path d="m3.5 3.5 9 9m0-9-9 9" stroke="currentColor" strokeWidth="1.8" />,
  play: <path d="M4.5 2.5v11l9-5.5z" fill="currentColor" />,
  stop: <path d="M3.5 3.5h9v9h-9z" fill="currentColor" />,
  pause: <path d="M4 3h3v10H4zM9 3h3v10H9z" fill="currentColor" />,
  power: (
    <path
      d="M7.25 1.5h1.5v6.5h-1.5zM4.6 3.6l1 1.1a4.3 4.3 0 1 0 4.8 0l1-1.1a5.8 5.8 0 1 1-6.8 0z"
      fill="currentColor"
    />
  ),
  migrate: (
    <path d="M1.5 4.5h9V2l4 3.5-4 3.5V6.5h-9zm13 7h-9V14l-4-3.5 4-3.5v2.5h9z" fill="currentColor" />
  ),
  system: (
    <path d="M2 2h12v8H2zm1.5 1.5v5h9v-5zM5 12h6v1.5H5z" fill="currentColor" fillRule="evenodd" />
  ),
  datacenter: (
    <path
      d="M2 1.5h12v13H2zm1.5 1.5v2.5h9V3zm0 4v2.5h9V7zm0 4v2h9v-2zM11 3.7h1v1h-1zm0 4h1v1h-1zm0 3.9h1v1h-1z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  cluster: (
    <path
      d="M1.5 3h5.5v4.5H1.5zM9 3h5.5v4.5H9zM1.5 9h5.5v4.5H1.5zM9 9h5.5v4.5H9z"
      fill="currentColor"
    />
  ),
  host: (
    <path
      d="M2 3h12v4H2zm0 6h12v4H2zm9.5-4.6a.8.8 0 1 0 0 .1zm0 6a.8.8 0 1 0 0 .1z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  vm: (
    <path d="M1.5 2.5h13v9h-13zM3 4v6h10V4zM5 13h6v1.5H5z" fill="currentColor" fillRule="evenodd" />
  ),
  storage: (
    <path
      d="M8 1.5c3.3 0 6 1 6 2.3v8.4c0 1.3-2.7 2.3-6 2.3s-6-1-6-2.3V3.8C2 2.5 4.7 1.5 8 1.5zm0 1.3c-2.7 0-4.5.7-4.5 1s1.8 1 4.5 1 4.5-.7 4.5-1-1.8-1-4.5-1z"
      fill="currentColor"
      fillRule="evenodd"
    />
  ),
  folder: <path d="M1.5 3h5l1.5 1.5h6.5v9h-13z" fill="currentColor" />,
  bookmark: <path d="M3.5 1.5h9v13L8 11l-4.5 3.5z" fill="currentColor" />,
  bell: (
    <path
      d="M8 1.5a4 4 0 0 1 4 4v3.5l1.5 2v1H2.5v-1l1.5-2V5.5a4 4 0 0 1 4-4zM6.3 13.2h3.4a1.7 1.7 0 0 1-3.4 0z"
      fill="currentColor"
    />
  ),
} as const;

export type UiIconName = keyof typeof UI_PATHS;

export function Icon({ name, size, className, ...rest }: IconProps & { name: UiIconName }) {
  return (
    <Svg
      size={size}
      className={`ui-icon icon-${name}${className ? ` ${className}` : ''}`}
      {...rest}
    >
      {UI_PATHS[name]}
    </Svg>
  );
}
