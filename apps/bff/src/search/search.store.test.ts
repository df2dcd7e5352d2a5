// The compiled SQL against the fixture, on both store back ends: every row a search
// returns, in its order, must be what the plain-JavaScript oracle works out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SEARCH_OBJECT_KEYS,
  SEARCH_OBJECTS,
  SEARCH_PAGE_SIZE,
  type SearchField,
  type SearchObjectKey,
  type SearchSort,
} from '@corral/shared';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { SearchSyntaxError } from './errors.js';
import { findRow, parseOrThrow, runSearch } from './run.js';
import { FIXTURE_NOW, buildSearchFixture, loadSearchFixture } from './testing/fixture.js';
import { SearchOracle, type OracleRow } from './testing/oracle.js';

const fx = buildSearchFixture();
const oracle = new SearchOracle(fx, FIXTURE_NOW);

const SEARCH_MD_EXAMPLES = [
  'Vms: status = up and cpu_usage > 80 sortby cpu_usage desc',
  'Vms: cluster = Default and host = rhev-2* page 1',
  'Vms: os = windows* or name = RHEL*',
  'Hosts: status = maintenance or status = nonoperational',
  'Hosts: cluster = Default and mem_usage >= 90',
  'Events: severity = error sortby time desc',
  'Storage: datacenter != Default',
  'Volumes: type = replicate and status = up',
];
const CROSS_OBJECT_EXAMPLES = [
  'Vms: Hosts.name = h17*',
  'Hosts: Vms.status = up',
  'DataCenter: Clusters.name = Default',
  'Host: Events.severity = error and cpu_usage > 80',
];

/** A value of the field as the query language writes it. */
function literal(f: SearchField, v: unknown): string {
  if (f.type === 'date') return new Date(String(v)).toISOString().slice(0, 10);
  if (f.type === 'string') return `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return String(v);
}

/** Dates come back as Date objects, ids as strings or numbers: compare as JSON would. */
const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );

describe.each(STORE_BACKENDS)('search on %s', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestStore(backend);
    await loadSearchFixture(db, fx);
  });
  afterAll(async () => {
    await db.close();
  });

  const search = (
    query: string,
    opts: { limit?: number; offset?: number; sort?: SearchSort } = {},
  ) =>
    runSearch(db, {
      query,
      limit: opts.limit ?? 1000,
      offset: opts.offset ?? 0,
      sort: opts.sort,
      now: FIXTURE_NOW,
    });

  async function agrees(
    text: string,
    opts: { limit?: number; offset?: number; sort?: SearchSort } = {},
  ): Promise<{ ids: unknown[]; rows: OracleRow[] }> {
    const result = await search(text, opts);
    const expected = oracle.run(parseOrThrow(text), {
      limit: opts.limit ?? 1000,
      offset: opts.offset ?? 0,
      sort: opts.sort,
    });
    expect(
      result.rows.map((r) => r.id),
      text,
    ).toEqual(expected.ids);
    expect(result.total, `${text}: total`).toBe(expected.total);
    return expected;
  }

  it.each(SEARCH_MD_EXAMPLES)('SEARCH.md: %s', async (text) => {
    const { ids } = await agrees(text);
    // The fixture is made so that each example picks some rows but not all of them.
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(oracle.rows[parseOrThrow(text).object].length);
  });

  it.each(CROSS_OBJECT_EXAMPLES)('cross-object: %s', async (text) => {
    const { ids } = await agrees(text);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('returns every field of every object with the values the fixture implies', async () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      const name = SEARCH_OBJECTS[key].names[0];
      const result = await search(`${name}:`);
      const expected = oracle.run({ object: key }, { limit: 1000, offset: 0 });
      expect(result.rows.map(plain), key).toEqual(expected.rows.map(plain));
      expect(result.rows.length, key).toBeGreaterThan(0);
    }
  });

  it('finds one row by id with the same columns (and nothing for an id of the wrong form)', async () => {
    const [vm] = (await search('Vms: name = web01')).rows;
    expect(vm && (await findRow(db, 'vm', String(vm.id), FIXTURE_NOW))).toEqual(vm);
    const [event] = (await search('Events: severity = alert')).rows;
    expect(event && (await findRow(db, 'event', String(event.id), FIXTURE_NOW))).toEqual(event);
    expect(await findRow(db, 'vm', 'not-a-uuid')).toBeUndefined();
    expect(await findRow(db, 'event', '40000000-0000-4000-8000-000000000001')).toBeUndefined();
    expect(await findRow(db, 'host', '40000000-0000-4000-8000-000000000001')).toBeUndefined();
  });

  it('agrees on every relation of the catalog, for = and !=', async () => {
    for (const outer of SEARCH_OBJECT_KEYS) {
      for (const inner of SEARCH_OBJECTS[outer].relations) {
        // A value of the related object's first field, taken from a row that is related
        // to something, so that the condition picks some rows.
        const field = SEARCH_OBJECTS[inner].fields[0];
        const linked = oracle.rows[outer].flatMap((r) => oracle.related(outer, inner, r.id));
        const target = oracle.rows[inner].find(
          (r) => linked.includes(r.id) && r[field?.name ?? ''] != null,
        );
        expect(target, `${outer} > ${inner}: the fixture needs a related row`).toBeDefined();
        if (!field || !target) continue;
        const prefix = `${SEARCH_OBJECTS[outer].names[0]}: ${SEARCH_OBJECTS[inner].names[0]}.${field.name}`;
        const { ids } = await agrees(`${prefix} = ${literal(field, target[field.name])}`);
        expect(ids.length, prefix).toBeGreaterThan(0);
        await agrees(`${prefix} != ${literal(field, target[field.name])}`);
      }
    }
  });

  it('agrees on every field with every operator of its type, using values from the fixture', async () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      const obj = SEARCH_OBJECTS[key];
      for (const f of obj.fields) {
        const values = oracle.rows[key]
          .map((r) => r[f.name])
          .filter((v) => v !== null && v !== undefined);
        const sample = values[Math.floor(values.length / 2)];
        if (sample === undefined) continue;
        const ops =
          f.type === 'number' || f.type === 'date'
            ? ['=', '!=', '<', '>', '<=', '>=']
            : ['=', '!='];
        for (const op of ops)
          await agrees(`${obj.names[0]}: ${f.name} ${op} ${literal(f, sample)}`);
      }
    }
  });

  it('sorts by every field, both ways, with nulls last ascending and first descending', async () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      for (const f of SEARCH_OBJECTS[key].fields) {
        for (const dir of ['asc', 'desc'] as const) {
          await agrees(`${SEARCH_OBJECTS[key].names[0]}: sortby ${f.name} ${dir}`);
          // the grid's sort, when the query has none
          await agrees(`${SEARCH_OBJECTS[key].names[0]}:`, { sort: { field: f.name, dir } });
        }
      }
    }
  });

  it('sorts descending as exactly the reverse of ascending, ties included', async () => {
    for (const f of ['status', 'cpu_usage', 'host', 'tag', 'ha']) {
      const asc = (await search(`Vms: sortby ${f} asc`)).rows.map((r) => r.id);
      const desc = (await search(`Vms: sortby ${f} desc`)).rows.map((r) => r.id);
      expect(desc, f).toEqual([...asc].reverse());
    }
  });

  it("lets the query's sortby win over the grid's sort", async () => {
    const a = await search('Vms: sortby cpu_usage desc', { sort: { field: 'name', dir: 'asc' } });
    const b = await search('Vms: sortby cpu_usage desc');
    expect(a.rows.map((r) => r.id)).toEqual(b.rows.map((r) => r.id));
  });

  it('pages with limit and offset without overlaps or gaps', async () => {
    const all = (await search('Vms: sortby status')).rows.map((r) => r.id);
    const pages: unknown[] = [];
    for (let offset = 0; offset < all.length; offset += 7) {
      const page = await search('Vms: sortby status', { limit: 7, offset });
      expect(page.total).toBe(all.length);
      pages.push(...page.rows.map((r) => r.id));
    }
    expect(pages).toEqual(all);
    await agrees('Vms: page 1', { limit: 5, offset: 10 });
    await agrees('Vms: page 2');
    expect((await search('Vms: page 2')).total).toBe(Math.max(0, fx.vms.length - SEARCH_PAGE_SIZE));
  });

  it('matches strings case-insensitively, with * as the only wildcard', async () => {
    const names = async (text: string) =>
      (await search(text)).rows.map((r) => String(r.name)).sort();
    const vmNames = (p: (lower: string) => boolean) =>
      fx.vms
        .map((v) => v.name)
        .filter((n) => p(n.toLowerCase()))
        .sort();
    expect(await names('Vms: name = web*')).toEqual(vmNames((n) => n.startsWith('web')));
    expect(await names('Vms: name = WEB*')).toEqual(vmNames((n) => n.startsWith('web')));
    // % and _ in a value are themselves, not LIKE wildcards
    expect(await names('Vms: name = web_*')).toEqual(['web_lit']);
    expect(await names('Vms: name = web%*')).toEqual(['web%literal']);
    expect(await names('Vms: name = "back\\\\slash"')).toEqual(['back\\slash']);
    expect(await names('Vms: name = *\\*')).toEqual(['back\\slash']);
    expect(await names('Vms: _lit')).toEqual(['web_lit']);
    expect(await names('Vms: name = web_lit')).toEqual(['web_lit']);
    expect(await names('Vms: name = web-upper')).toEqual(['Web-Upper']);
    expect(await names('Vms: name != web*')).toEqual(vmNames((n) => !n.startsWith('web')));
    expect(await names('Vms: os = windows*')).toEqual(
      fx.vms
        .filter((v) => v.os.toLowerCase().startsWith('windows'))
        .map((v) => v.name)
        .sort(),
    );
    expect(await names('Users: tag = prod_eu')).toEqual([]);
    expect(await names('Vms: tag = prod_eu')).toEqual(['web01', 'web09']);
  });

  it('reads dates as UTC days, with today and yesterday from the clock', async () => {
    for (const text of [
      'Vms: creationdate = today',
      'Vms: creationdate = yesterday',
      'Vms: creationdate != yesterday',
      'Vms: creationdate < yesterday',
      'Vms: creationdate <= yesterday',
      'Vms: creationdate > yesterday',
      'Vms: creationdate >= yesterday',
      'Vms: creationdate = 2025-03-13',
      'Events: time >= yesterday sortby time',
      'Jobs: end_time = today',
    ]) {
      const { ids } = await agrees(text);
      expect(ids.length, text).toBeGreaterThan(0);
    }
    const today = (await search('Vms: creationdate = today')).rows.map((r) => r.name);
    expect(today).toContain('web02'); // created at 00:00:00 today
    expect(today).not.toContain('web03'); // 23:00 yesterday
  });

  it('never matches a missing value, neither with = nor with !=', async () => {
    const placed = fx.vms.filter((v) => v.host_id !== null).length;
    expect((await search('Vms: host != nothing-like-this')).total).toBe(placed);
    expect((await search('Vms: ip != 1.2.3.4')).total).toBe(
      fx.vms.filter((v) => v.ip !== null).length,
    );
    expect((await search('Storage: datacenter != Default')).rows.map((r) => r.name)).not.toContain(
      'export-x',
    );
  });

  it('agrees with the oracle on random queries', async () => {
    const objects = SEARCH_OBJECT_KEYS.filter((k) => oracle.rows[k].length > 0);
    const condition = (object: SearchObjectKey) => {
      // [object the field belongs to, how the query names it, the field]
      const own = SEARCH_OBJECTS[object].fields.map((f) => [object, f.name, f] as const);
      const cross = SEARCH_OBJECTS[object].relations.flatMap((r) =>
        SEARCH_OBJECTS[r].fields.map(
          (f) => [r, `${SEARCH_OBJECTS[r].names[0]}.${f.name}`, f] as const,
        ),
      );
      return fc
        .tuple(fc.constantFrom(...own, ...cross), fc.nat(), fc.nat(5), fc.boolean())
        .map(([[owner, ref, f], pick, op, wild]) => {
          const values = oracle.rows[owner]
            .map((r) => r[f.name])
            .filter((v) => v !== null && v !== undefined);
          const v = values.length ? values[pick % values.length] : f.type === 'number' ? 1 : 'x';
          const ops =
            f.type === 'number' || f.type === 'date'
              ? ['=', '!=', '<', '>', '<=', '>=']
              : ['=', '!='];
          const text =
            f.type === 'string' && wild
              ? `"${String(v).slice(0, 2).replace(/["\\]/g, '')}*"`
              : literal(f, v);
          return `${ref} ${ops[op % ops.length]} ${text}`;
        });
    };
    const query = fc.constantFrom(...objects).chain((object) =>
      fc
        .tuple(
          fc.array(fc.array(condition(object), { minLength: 1, maxLength: 3 }), {
            minLength: 1,
            maxLength: 3,
          }),
          fc.constantFrom(...SEARCH_OBJECTS[object].fields.map((f) => f.name)),
          fc.constantFrom('asc', 'desc'),
        )
        .map(
          ([terms, sortField, dir]) =>
            `${SEARCH_OBJECTS[object].names[0]}: ${terms.map((t) => t.join(' and ')).join(' or ')} sortby ${sortField} ${dir}`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(
        query,
        fc.integer({ min: 1, max: 20 }),
        fc.nat(10),
        async (text, limit, offset) => {
          await agrees(text, { limit, offset });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('raises SearchSyntaxError for a bad query or an unknown sort field, and runs nothing', async () => {
    for (const bad of [
      '',
      'Vms',
      'Vmz: x',
      'Vms: status = upp',
      'Vms: name > x',
      'Vms: page 0',
      'Vms: Bookmarks.name = x',
    ]) {
      await expect(search(bad), bad).rejects.toBeInstanceOf(SearchSyntaxError);
    }
    await expect(search('Vms:', { sort: { field: 'colour', dir: 'asc' } })).rejects.toBeInstanceOf(
      SearchSyntaxError,
    );
    const err = await search('Hosts: status = upp').catch((e: unknown) => e);
    expect(err instanceof SearchSyntaxError && err.error.position).toBe(16);
  });
});

describe.each(STORE_BACKENDS)('page N on %s', (backend) => {
  let db: Db;
  const count = 2 * SEARCH_PAGE_SIZE + 37;
  beforeAll(async () => {
    db = await openTestStore(backend);
    const rows = Array.from({ length: count }, (_, i) => ({
      name: `bm-${String(i).padStart(4, '0')}`,
      query: `Vms: name = vm${i}`,
    }));
    await db.query(
      `INSERT INTO bookmark (name, query) SELECT name, query FROM json_populate_recordset(NULL::bookmark, $1::json)`,
      [JSON.stringify(rows)],
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const names = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => `bm-${String(from + i).padStart(4, '0')}`);
  const run = (query: string, limit: number, offset = 0) => runSearch(db, { query, limit, offset });

  it('serves page N as rows (N-1)·100 … N·100-1, limit and offset inside the page', async () => {
    const p2 = await run('Bookmarks: page 2', 1000);
    expect(p2.total).toBe(SEARCH_PAGE_SIZE);
    expect(p2.rows.map((r) => r.name)).toEqual(names(SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE));
    const p3 = await run('Bookmarks: page 3', 1000);
    expect(p3.total).toBe(count - 2 * SEARCH_PAGE_SIZE);
    expect(p3.rows.map((r) => r.name)).toEqual(
      names(count - 2 * SEARCH_PAGE_SIZE, 2 * SEARCH_PAGE_SIZE),
    );
    const window = await run('Bookmarks: page 2', 30, 90);
    expect(window.rows.map((r) => r.name)).toEqual(names(10, SEARCH_PAGE_SIZE + 90));
    expect((await run('Bookmarks: page 4', 100)).total).toBe(0);
    expect((await run('Bookmarks: page 4', 100)).rows).toEqual([]);
    const desc = await run('Bookmarks: sortby name desc page 1', 3);
    expect(desc.rows.map((r) => r.name)).toEqual(names(3, count - 3).reverse());
  });
});
