// Cell renderers registered with the grid by name (columns.ts CELL_RENDERERS).
import type { CustomCellRendererProps } from 'ag-grid-react';
import { SeverityIcon, StatusBadge } from '../layout/icons.js';
import type { ResultRow } from './columns.js';

export function StatusCell({ value }: CustomCellRendererProps<ResultRow>) {
  // data-status: the raw value, for tests and styling, whatever the badge draws.
  return typeof value === 'string' && value ? (
    <span data-status={value}>
      <StatusBadge status={value} />
    </span>
  ) : null;
}

export function SeverityCell({ value }: CustomCellRendererProps<ResultRow>) {
  if (typeof value !== 'string' || !value) return null;
  return (
    <span className="severity-cell">
      <SeverityIcon severity={value} />
      <span>{value}</span>
    </span>
  );
}

/** oVirt's usage bars: green, amber over 70 %, red over 90 %. */
export function usageLevel(percent: number): 'low' | 'mid' | 'high' {
  if (percent >= 90) return 'high';
  if (percent >= 70) return 'mid';
  return 'low';
}

export function UsageBar({ value }: { value: number }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <span
      className={`usage usage-${usageLevel(pct)}`}
      role="meter"
      aria-valuenow={Math.round(pct)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <span className="usage-fill" style={{ width: `${pct}%` }} />
      <span className="usage-text">{Math.round(pct)}%</span>
    </span>
  );
}

export function UsageCell({ value }: CustomCellRendererProps<ResultRow>) {
  const n = typeof value === 'number' ? value : Number(value);
  return value === null || value === undefined || !Number.isFinite(n) ? null : (
    <UsageBar value={n} />
  );
}

export const GRID_COMPONENTS = {
  statusCell: StatusCell,
  severityCell: SeverityCell,
  usageCell: UsageCell,
};
