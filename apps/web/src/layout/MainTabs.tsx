import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS, type SearchObjectKey } from '@corral/shared';

/**
 * oVirt's main tabs, in the catalog's order (which is oVirt's). Jobs and bookmarks are
 * searchable but have no tab.
 */
export const MAIN_TABS: readonly SearchObjectKey[] = SEARCH_OBJECT_KEYS.filter(
  (key) => key !== 'job' && key !== 'bookmark',
);

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
