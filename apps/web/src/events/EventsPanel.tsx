// The audit log's latest entries along the bottom of the portal, as oVirt shows them.
// Re-read when the change feed reports new events (ARCHITECTURE.md, decision 5).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { EVENT_SEVERITIES } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatDateTime, severityTone } from '../grid/format.js';
import { Icon, SeverityIcon } from '../layout/icons.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';

const LIMIT = 50;

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

export function EventsPanel(props: {
  collapsed: boolean;
  onToggle: () => void;
  onShowAll: () => void;
}) {
  const { collapsed } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const events = useQuery({
    ...trpc.event.recent.queryOptions({ limit: LIMIT }),
    // Kept fresh by the feed, not by age.
    staleTime: Infinity,
  });
  useLiveChanges(({ changes, resync }) => {
    if (resync || touches(changes, 'event')) {
      void queryClient.invalidateQueries({ queryKey: trpc.event.recent.queryKey() });
    }
  });
  const lines = (events.data ?? []).map((e, i) => eventLine(e, i));
  const latest = lines[0];
  const counts = EVENT_SEVERITIES.map((s) => ({
    severity: s,
    n: lines.filter((l) => l.severity.toLowerCase() === s.toLowerCase()).length,
  })).filter((c) => c.n > 0 && severityTone(c.severity) !== 'info');

  return (
    <section className="events-panel" data-testid="events-panel" aria-label="Events">
      <header className="events-header">
        <button
          type="button"
          className="events-toggle"
          aria-expanded={!collapsed}
          data-testid="events-toggle"
          onClick={props.onToggle}
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
