// The audit log's latest entries along the bottom of the portal, as oVirt shows them.
// Polled for now; the change feed will push them (ARCHITECTURE.md, decision 5).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EVENT_SEVERITIES } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatDateTime, severityTone } from '../grid/format.js';
import { Icon, SeverityIcon } from '../layout/icons.js';

const LIMIT = 50;
const POLL_MS = 10_000;
const COLLAPSED_KEY = 'corral.events.collapsed';

interface EventLine {
  readonly id: string;
  readonly time: string;
  readonly severity: string;
  readonly message: string;
  readonly context: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));

function eventLine(e: Record<string, unknown>, index: number): EventLine {
  const context = ['user', 'host', 'vm', 'cluster', 'datacenter']
    .map((k) => text(e[k]))
    .filter(Boolean)
    .join(' · ');
  return {
    id: text(e.id) || String(index),
    time: text(e.time),
    severity: text(e.severity) || 'Normal',
    message: text(e.message),
    context,
  };
}

export function EventsPanel(props: { onShowAll: () => void }) {
  const trpc = useTRPC();
  const [collapsed, setCollapsed] = useState(
    () => window.localStorage.getItem(COLLAPSED_KEY) === 'true',
  );
  const events = useQuery({
    ...trpc.event.recent.queryOptions({ limit: LIMIT }),
    refetchInterval: POLL_MS,
  });
  const lines = (events.data ?? []).map((e, i) => eventLine(e, i));
  const latest = lines[0];
  const counts = EVENT_SEVERITIES.map((s) => ({
    severity: s,
    n: lines.filter((l) => l.severity.toLowerCase() === s.toLowerCase()).length,
  })).filter((c) => c.n > 0 && severityTone(c.severity) !== 'info');

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    window.localStorage.setItem(COLLAPSED_KEY, String(next));
  };

  return (
    <section
      className={`events-panel${collapsed ? ' is-collapsed' : ''}`}
      data-testid="events-panel"
      aria-label="Events"
    >
      <header className="events-header">
        <button
          type="button"
          className="events-toggle"
          aria-expanded={!collapsed}
          data-testid="events-toggle"
          onClick={toggle}
        >
          <Icon name={collapsed ? 'chevronUp' : 'chevronDown'} size={12} />
          <span className="events-title">Events</span>
        </button>
        {counts.map((c) => (
          <span
            key={c.severity}
            className="events-count"
            title={`${c.severity} in the latest ${LIMIT}`}
          >
            <SeverityIcon severity={c.severity} size={12} /> {c.n}
          </span>
        ))}
        {collapsed && latest && (
          <span className="events-latest">
            <SeverityIcon severity={latest.severity} size={12} />
            <span className="events-latest-time">{formatDateTime(latest.time)}</span>
            <span className="events-latest-message">{latest.message}</span>
          </span>
        )}
        <span className="toolbar-spacer" />
        {events.isError && (
          <span className="grid-error" role="alert">
            {errorMessage(events.error)}
          </span>
        )}
        <button type="button" className="link-button" onClick={props.onShowAll}>
          All events
        </button>
      </header>
      {!collapsed && (
        <div className="events-body">
          {lines.length === 0 ? (
            <p className="panel-message">{events.isPending ? 'Loading…' : 'No events yet.'}</p>
          ) : (
            <table className="compact-table events-table">
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id} data-testid="event-row" data-severity={l.severity}>
                    <td className="events-sev">
                      <SeverityIcon severity={l.severity} size={12} />
                    </td>
                    <td className="events-time">{formatDateTime(l.time)}</td>
                    <td className="events-message">{l.message}</td>
                    <td className="events-context">{l.context}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
