import { SEARCH_OBJECTS, type SearchObjectKey } from '@corral/shared';

/** oVirt's main tabs, in its order. Jobs and bookmarks are searchable but have no tab. */
export const MAIN_TABS: readonly SearchObjectKey[] = [
  'datacenter',
  'cluster',
  'host',
  'storage',
  'disk',
  'vm',
  'pool',
  'template',
  'volume',
  'network',
  'user',
  'event',
];

export function MainTabs(props: {
  current: SearchObjectKey;
  onSelect: (object: SearchObjectKey) => void;
}) {
  return (
    <nav className="main-tabs" role="tablist" aria-label="Objects">
      {MAIN_TABS.map((key) => (
        <button
          key={key}
          type="button"
          role="tab"
          aria-selected={key === props.current}
          className={`main-tab${key === props.current ? ' is-active' : ''}`}
          data-testid={`main-tab-${key}`}
          onClick={() => props.onSelect(key)}
        >
          {SEARCH_OBJECTS[key].label}
        </button>
      ))}
    </nav>
  );
}
