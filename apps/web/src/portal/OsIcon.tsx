// A small inline SVG per OS family for the desktop cards: recognisable shapes in the
// family's colour, no fetched images, and a title so the family is read aloud.
import type { ReactNode } from 'react';
import { OS_FAMILY_LABEL, osFamily, type OsFamily } from './portalModel.js';

const SHAPES: Record<OsFamily, ReactNode> = {
  // Four panes.
  windows: (
    <g fill="#1f7ad6">
      <path d="M3 6.2 13.4 4.8v10H3z" />
      <path d="M14.8 4.6 29 2.6v12.2H14.8z" />
      <path d="M3 16.2h10.4v10L3 24.8z" />
      <path d="M14.8 16.2H29v13.2l-14.2-2z" />
    </g>
  ),
  // A red hat.
  rhel: (
    <g fill="#cc1f1f">
      <path d="M9 17c0-6 3.4-10 7-10s7 4 7 10z" />
      <path d="M3 18.5c2.5 3.2 8 5 13 5s10.5-1.8 13-5c-3 .8-7 1.2-13 1.2S6 19.3 3 18.5z" />
      <rect x="9" y="15.6" width="14" height="2.2" fill="#1d1d1d" />
    </g>
  ),
  // An 'f' in a blue bubble.
  fedora: (
    <g>
      <circle cx="16" cy="16" r="13" fill="#294172" />
      <path
        d="M18.5 8.5a4.5 4.5 0 0 0-4.5 4.5v3.5h-3v3h3V24h3v-4.5h3v-3h-3V13a1.5 1.5 0 0 1 1.5-1.5H21v-3z"
        fill="#fff"
      />
    </g>
  ),
  // A swirl.
  debian: (
    <g>
      <circle cx="16" cy="16" r="13" fill="#fff" stroke="#a80030" strokeWidth="2" />
      <path
        d="M17.5 9.5a6.5 6.5 0 1 0 4.6 11.1M17 13a3 3 0 1 0 2 5.2"
        fill="none"
        stroke="#a80030"
        strokeWidth="2.4"
        strokeLinecap="round"
      />
    </g>
  ),
  // Three heads around a circle.
  ubuntu: (
    <g>
      <circle cx="16" cy="16" r="13" fill="#e95420" />
      <circle cx="16" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="2.4" />
      <circle cx="9" cy="16" r="2.4" fill="#fff" />
      <circle cx="19.5" cy="10" r="2.4" fill="#fff" />
      <circle cx="19.5" cy="22" r="2.4" fill="#fff" />
    </g>
  ),
  // A penguin.
  linux: (
    <g>
      <ellipse cx="16" cy="17.5" rx="8" ry="11" fill="#1d1d1d" />
      <ellipse cx="16" cy="20" rx="5" ry="7.5" fill="#fff" />
      <circle cx="13.5" cy="10.5" r="1.4" fill="#fff" />
      <circle cx="18.5" cy="10.5" r="1.4" fill="#fff" />
      <path d="M13.5 13.2h5L16 15.6z" fill="#f2b705" />
      <path d="M8 28h6l-1.5-2.5zM18 28h6l-4.5-2.5z" fill="#f2b705" />
    </g>
  ),
  // A generic monitor.
  other: (
    <g fill="none" stroke="#5a6676" strokeWidth="2.2">
      <rect x="4" y="5" width="24" height="16" rx="1.5" />
      <path d="M12 27h8M16 21v6" />
    </g>
  ),
};

export function OsIcon({ os, size = 32 }: { os: string; size?: number }) {
  const family = osFamily(os);
  return (
    <svg
      className="os-icon"
      data-testid="portal-os-icon"
      data-os-family={family}
      width={size}
      height={size}
      viewBox="0 0 32 32"
      role="img"
      aria-label={OS_FAMILY_LABEL[family]}
    >
      <title>{OS_FAMILY_LABEL[family]}</title>
      {SHAPES[family]}
    </svg>
  );
}
