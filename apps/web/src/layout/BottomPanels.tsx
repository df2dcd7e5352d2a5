// Events and jobs along the bottom of the portal, side by side, folding away together.
import { useState } from 'react';
import { EventsPanel } from '../events/EventsPanel.js';
import { JobsPanel } from '../jobs/JobsPanel.js';

const COLLAPSED_KEY = 'corral.events.collapsed';

export function BottomPanels(props: { onShowAllEvents: () => void }) {
  const [collapsed, setCollapsed] = useState(
    () => window.localStorage.getItem(COLLAPSED_KEY) === 'true',
  );
  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    window.localStorage.setItem(COLLAPSED_KEY, String(next));
  };
  return (
    <div className={`bottom-panels${collapsed ? ' is-collapsed' : ''}`}>
      <EventsPanel collapsed={collapsed} onToggle={toggle} onShowAll={props.onShowAllEvents} />
      <JobsPanel collapsed={collapsed} />
    </div>
  );
}
