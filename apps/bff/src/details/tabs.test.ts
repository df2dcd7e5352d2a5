import { DETAIL_TABS, SEARCH_OBJECT_KEYS } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { TAB_QUERIES } from './index.js';

describe('details sub-tabs', () => {
  it.each(SEARCH_OBJECT_KEYS)('%s: the BFF serves exactly the tabs the portal shows', (object) => {
    const shown = DETAIL_TABS[object].map((t) => t.key).filter((k) => k !== 'general');
    expect(Object.keys(TAB_QUERIES[object]).sort()).toEqual([...shown].sort());
  });
});
