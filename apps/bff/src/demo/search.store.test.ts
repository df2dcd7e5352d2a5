import { CROSS_OBJECT_EXAMPLES, SEARCH_MD_EXAMPLES } from '@corral/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from '../search/index.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { DEFAULT_BOOKMARKS } from './bookmarks.js';
import { generateFleet } from './generate.js';
import { loadFleet } from './load.js';

const NOW = new Date('2026-11-01T12:00:00Z');

const SEARCH_EXAMPLES = [...SEARCH_MD_EXAMPLES, ...CROSS_OBJECT_EXAMPLES];

describe.each(STORE_BACKENDS)('the demo data center on %s', (backend) => {
  let db: Db;

  beforeAll(async () => {
    db = await openTestStore(backend);
    await loadFleet(db, generateFleet({ seed: 2013, size: 'demo', now: NOW }));
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(SEARCH_EXAMPLES)('answers %s', async (query) => {
    const result = await runSearch(db, { query, limit: 100, offset: 0, now: NOW });
    expect(result.total).toBeGreaterThan(0);
    expect(result.rows.length).toBeGreaterThan(0);
  });

  it.each(DEFAULT_BOOKMARKS.map((b) => [b.name, b.query]))(
    'fills the bookmark %s (%s)',
    async (_, query) => {
      const result = await runSearch(db, { query, limit: 100, offset: 0, now: NOW });
      expect(result.total).toBeGreaterThan(0);
    },
  );
});
