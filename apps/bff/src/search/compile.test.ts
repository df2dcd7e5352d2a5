import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SEARCH_OBJECT_KEYS,
  SEARCH_OBJECTS,
  SEARCH_PAGE_SIZE,
  parseSearch,
  type SearchCondition,
  type SearchField,
  type SearchObjectKey,
  type SearchQuery,
  type SearchValue,
} from '@corral/shared';
import { compileSearch, dayRange, likePattern, pageWindow } from './compile.js';
import { SearchSyntaxError } from './errors.js';
import { OBJECT_SQL } from './sql-objects.js';
import { LINKS } from './sql-relations.js';

const NOW = new Date('2025-03-15T12:00:00.000Z');
const page = { limit: 50, offset: 0, now: NOW };

function q(text: string): SearchQuery {
  const r = parseSearch(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.query;
}
/** The WHERE clause of the count statement, which has nothing else in it. */
const whereOf = (text: string) => {
  const c = compileSearch(q(text), page);
  return {
    where: c.countSql.replace(/^SELECT count\(\*\)::int AS total FROM \w+ t WHERE /, ''),
    params: c.countParams,
  };
};

describe('the SQL mapping covers the catalog', () => {
  it('has SQL for every field of every object, and nothing else', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      expect(Object.keys(OBJECT_SQL[key].fields).sort()).toEqual(
        SEARCH_OBJECTS[key].fields.map((f) => f.name).sort(),
      );
    }
  });

  it('has a link for every relation of the catalog, and nothing else', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      expect(Object.keys(LINKS[key] ?? {}).sort()).toEqual(
        [...SEARCH_OBJECTS[key].relations].sort(),
      );
    }
  });
});

describe('conditions per type and operator', () => {
  it('strings: case-insensitive equality, wildcards as LIKE with metacharacters escaped', () => {
    expect(whereOf('Vms: name = Web01')).toEqual({
      where: 'lower(t.name) = lower($1::text)',
      params: ['Web01'],
    });
    expect(whereOf('Vms: name != Web01')).toEqual({
      where: 'lower(t.name) <> lower($1::text)',
      params: ['Web01'],
    });
    expect(whereOf('Vms: name = web*')).toEqual({
      where: 'lower(t.name) LIKE lower($1::text)',
      params: ['web%'],
    });
    expect(whereOf('Vms: name != *a_b%c\\*')).toEqual({
      where: 'lower(t.name) NOT LIKE lower($1::text)',
      params: ['%a\\_b\\%c\\\\%'],
    });
  });

  it('a bare value: contains-match on the text field', () => {
    expect(whereOf('Vms: web')).toEqual({
      where: 'lower(t.name) LIKE lower($1::text)',
      params: ['%web%'],
    });
    expect(whereOf('Events: full')).toEqual({
      where: 'lower(t.message) LIKE lower($1::text)',
      params: ['%full%'],
    });
  });

  it('enums compare to the canonical stored value', () => {
    expect(whereOf('Vms: status = poweringup')).toEqual({
      where: 't.status = $1::text',
      params: ['PoweringUp'],
    });
    expect(whereOf('Vms: status != UP')).toEqual({ where: 't.status <> $1::text', params: ['Up'] });
  });

  it('booleans', () => {
    expect(whereOf('Vms: ha = yes')).toEqual({ where: 't.ha = $1::boolean', params: [true] });
    expect(whereOf('Vms: ha != true')).toEqual({ where: 't.ha <> $1::boolean', params: [true] });
  });

  it('numbers take all six operators', () => {
    for (const [op, sql] of [
      ['=', '='],
      ['!=', '<>'],
      ['<', '<'],
      ['>', '>'],
      ['<=', '<='],
      ['>=', '>='],
    ]) {
      expect(whereOf(`Vms: cpu_usage ${op} 80.5`)).toEqual({
        where: `t.cpu_usage ${sql} $1::float8`,
        params: [80.5],
      });
    }
  });

  it('dates are UTC days: = within, != outside, < > against the day boundaries', () => {
    const day = ['2025-03-15T00:00:00.000Z', '2025-03-16T00:00:00.000Z'];
    const c = 't.created_at';
    expect(whereOf('Vms: creationdate = today')).toEqual({
      where: `(${c} >= $1::timestamptz AND ${c} < $2::timestamptz)`,
      params: day,
    });
    expect(whereOf('Vms: creationdate != 2025-03-15')).toEqual({
      where: `(${c} < $1::timestamptz OR ${c} >= $2::timestamptz)`,
      params: day,
    });
    expect(whereOf('Vms: creationdate < today')).toEqual({
      where: `${c} < $1::timestamptz`,
      params: [day[0]],
    });
    expect(whereOf('Vms: creationdate <= today')).toEqual({
      where: `${c} < $1::timestamptz`,
      params: [day[1]],
    });
    expect(whereOf('Vms: creationdate > today')).toEqual({
      where: `${c} >= $1::timestamptz`,
      params: [day[1]],
    });
    expect(whereOf('Vms: creationdate >= today')).toEqual({
      where: `${c} >= $1::timestamptz`,
      params: [day[0]],
    });
    expect(whereOf('Vms: creationdate = yesterday').params).toEqual([
      '2025-03-14T00:00:00.000Z',
      '2025-03-15T00:00:00.000Z',
    ]);
  });

  it('names of related rows go through the foreign key, not a join', () => {
    expect(whereOf('Vms: cluster = Default')).toEqual({
      where:
        't.cluster_id IN (SELECT r1.id FROM cluster r1 WHERE lower(r1.name) = lower($1::text))',
      params: ['Default'],
    });
    expect(whereOf('Vms: datacenter != Def*').where).toBe(
      't.cluster_id IN (SELECT r1.id FROM cluster r1 JOIN data_center r2 ON r2.id = r1.data_center_id WHERE lower(r2.name) NOT LIKE lower($1::text))',
    );
  });

  it('many-valued fields: = when one value matches, != when none does', () => {
    expect(whereOf('Vms: tag = prod').where).toMatch(
      /^EXISTS \(SELECT 1 FROM tag_assignment .* = lower\(\$1::text\)\)$/,
    );
    expect(whereOf('Vms: tag != prod').where).toMatch(
      /^NOT EXISTS \(SELECT 1 FROM tag_assignment .* = lower\(\$1::text\)\)$/,
    );
  });

  it('uptime is measured against the compile-time clock', () => {
    expect(whereOf('Vms: uptime > 3600')).toEqual({
      where: 'floor(extract(epoch FROM ($1::timestamptz - t.started_at)))::int > $2::float8',
      params: [NOW.toISOString(), 3600],
    });
  });
});

describe('boolean structure and cross-object conditions', () => {
  it('ANDs within a term, ORs between terms', () => {
    expect(whereOf('Vms: status = up cpu_usage > 1 or name = x').where).toBe(
      '(t.status = $1::text AND t.cpu_usage > $2::float8) OR (lower(t.name) = lower($3::text))',
    );
  });

  it('turns a cross-object condition into an EXISTS semi-join', () => {
    expect(whereOf('Vms: Hosts.name = h17*')).toEqual({
      where:
        'EXISTS (SELECT 1 FROM host x1 WHERE x1.id = t.host_id AND lower(x1.name) LIKE lower($1::text))',
      params: ['h17%'],
    });
    expect(whereOf('Hosts: Vms.status = up').where).toBe(
      'EXISTS (SELECT 1 FROM vm x1 WHERE x1.host_id = t.id AND x1.status = $1::text)',
    );
  });

  it('puts the conditions on one related object of one AND group in a single EXISTS', () => {
    const { where } = whereOf('Hosts: Vms.status = up and cpu_usage > 5 and Vms.cpu_usage > 80');
    expect(where.match(/EXISTS/g)).toHaveLength(1);
    expect(where).toBe(
      'EXISTS (SELECT 1 FROM vm x1 WHERE x1.host_id = t.id AND x1.status = $1::text AND x1.cpu_usage > $2::float8) AND t.cpu_usage > $3::float8',
    );
    // different OR terms are different groups
    expect(
      whereOf('Hosts: Vms.status = up or Vms.cpu_usage > 80').where.match(/EXISTS/g),
    ).toHaveLength(2);
  });

  it('compiles every relation of the catalog with a condition on each field of the related object', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      for (const rel of SEARCH_OBJECTS[key].relations) {
        for (const f of SEARCH_OBJECTS[rel].fields) {
          const c = compileSearch(
            {
              object: key,
              where: { kind: 'or', terms: [{ kind: 'and', conditions: [cond(f, rel)] }] },
            },
            page,
          );
          expect(c.countSql).toContain('EXISTS (SELECT 1 FROM ');
        }
      }
    }
  });
});

describe('select list, sort and paging', () => {
  it('selects id and one column per catalog field, named as the field', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      const { sql } = compileSearch({ object: key }, page);
      const aliases = [...sql.matchAll(/ AS "(\w+)"/g)].map((m) => m[1]);
      expect(aliases).toEqual(SEARCH_OBJECTS[key].fields.map((f) => f.name));
      expect(sql).toMatch(/^SELECT t\.id, /);
    }
  });

  it('keeps the joins of the select list out of the count', () => {
    const c = compileSearch(q('Vms: status = up sortby cluster'), page);
    expect(c.sql).toContain('LEFT JOIN');
    expect(c.countSql).not.toContain('JOIN');
    expect(c.countSql).not.toContain('ORDER BY');
  });

  it('finds the ids of the page first, joining only what the sort needs', () => {
    const inner = (text: string) =>
      /FROM \((SELECT t\.id FROM .*? LIMIT \S+ OFFSET \S+)\) p JOIN/.exec(
        compileSearch(q(text), page).sql,
      )?.[1] ?? '';
    expect(inner('Vms: status = up sortby cpu_usage')).not.toContain('JOIN');
    expect(inner('Vms: sortby host').match(/LEFT JOIN host /g)).toHaveLength(1);
    expect(inner('Vms: sortby host')).not.toContain('cluster');
    expect(inner('Vms: sortby datacenter')).toMatch(/LEFT JOIN cluster .* LEFT JOIN data_center /);
    // many-valued: one grouped join rather than a subquery per row
    expect(inner('Vms: sortby tag')).toMatch(
      /LEFT JOIN \(SELECT \w+\.object_id AS id, string_agg\(.*GROUP BY/,
    );
  });

  it("sorts by the query's sortby, else the grid's, else the default; id breaks ties the same way", () => {
    const order = (text: string, sort?: { field: string; dir: 'asc' | 'desc' }) =>
      compileSearch(q(text), { ...page, sort }).sql.replace(/^.* ORDER BY (.*) LIMIT .*$/, '$1');
    expect(order('Vms: sortby cpu_usage desc', { field: 'name', dir: 'asc' })).toBe(
      't.cpu_usage DESC NULLS FIRST, t.id DESC',
    );
    expect(order('Vms:', { field: 'memory', dir: 'asc' })).toBe(
      't.memory_mb ASC NULLS LAST, t.id ASC',
    );
    expect(order('Vms:')).toBe('lower(t.name) USING ~<~ NULLS LAST, t.id ASC');
    expect(order('Events:')).toBe('t.time DESC NULLS FIRST, t.id DESC');
    expect(order('Vms: sortby host desc')).toMatch(
      /^lower\(j\d+\.name\) USING ~>~ NULLS FIRST, t\.id DESC$/,
    );
    expect(order('Events: sortby severity')).toMatch(
      /^array_position\(\$\d+::text\[\], t\.severity\) ASC NULLS LAST, t\.id ASC$/,
    );
  });

  it('refuses a grid sort on a field the object does not have', () => {
    expect(() =>
      compileSearch(q('Vms:'), { ...page, sort: { field: 'colour', dir: 'asc' } }),
    ).toThrow(SearchSyntaxError);
    try {
      compileSearch(q('Hosts:'), { ...page, sort: { field: 'vcpus', dir: 'asc' } });
    } catch (e) {
      expect(e instanceof SearchSyntaxError && e.error.expected).toEqual(
        SEARCH_OBJECTS.host.fields.map((f) => f.name),
      );
    }
  });

  it('pages: page N starts at (N-1)·page size plus the offset and never runs past that page', () => {
    expect(pageWindow(undefined, { limit: 40, offset: 120 })).toEqual({ limit: 40, offset: 120 });
    expect(pageWindow(1, { limit: 40, offset: 0 })).toEqual({ limit: 40, offset: 0 });
    expect(pageWindow(3, { limit: 40, offset: 80 })).toEqual({
      limit: SEARCH_PAGE_SIZE - 80,
      offset: 280,
    });
    expect(pageWindow(2, { limit: 500, offset: 0 })).toEqual({
      limit: SEARCH_PAGE_SIZE,
      offset: 100,
    });
    expect(pageWindow(2, { limit: 10, offset: 150 })).toEqual({ limit: 0, offset: 250 });
    const c = compileSearch(q('Vms: page 3'), { ...page, limit: 40, offset: 80 });
    const [, lim, off] = /LIMIT \$(\d+)::int8 OFFSET \$(\d+)::int8/.exec(c.sql) ?? [];
    expect([c.params[Number(lim) - 1], c.params[Number(off) - 1]]).toEqual([
      SEARCH_PAGE_SIZE - 80,
      280,
    ]);
  });

  it('rejects negative or fractional limits and offsets', () => {
    expect(() => compileSearch(q('Vms:'), { limit: -1, offset: 0 })).toThrow(RangeError);
    expect(() => compileSearch(q('Vms:'), { limit: 1, offset: 0.5 })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('likePattern escapes LIKE and turns * into %', () => {
    expect(likePattern('a*b')).toBe('a%b');
    expect(likePattern('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('dayRange gives the UTC day, today and yesterday against the clock', () => {
    const iso = (r: [Date, Date]) => r.map((d) => d.toISOString());
    expect(iso(dayRange('2024-02-29', NOW))).toEqual([
      '2024-02-29T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ]);
    expect(iso(dayRange('today', new Date('2025-12-31T23:59:59.999Z')))).toEqual([
      '2025-12-31T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(iso(dayRange('yesterday', new Date('2025-01-01T00:00:00.000Z')))).toEqual([
      '2024-12-31T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });
});

// ---- values never reach SQL text --------------------------------------------------------

const valueOf = (f: SearchField, s: string, n: number, wildcard: boolean): SearchValue => {
  switch (f.type) {
    case 'string':
      return { type: 'string', value: wildcard ? `${s}*` : s, wildcard };
    case 'number':
      return { type: 'number', value: n };
    case 'enum':
      return {
        type: 'enum',
        value: f.values?.[Math.abs(Math.trunc(n)) % (f.values?.length ?? 1)] ?? '',
      };
    case 'date':
      return { type: 'date', value: '2024-07-01' };
    case 'boolean':
      return { type: 'boolean', value: n > 0 };
  }
};
const opsOf = (f: SearchField) =>
  f.type === 'number' || f.type === 'date'
    ? (['=', '!=', '<', '>', '<=', '>='] as const)
    : (['=', '!='] as const);
function cond(
  f: SearchField,
  xref?: SearchObjectKey,
  s = 'v',
  n = 1,
  op = 0,
  wildcard = false,
): SearchCondition {
  const ops = opsOf(f);
  return {
    ...(xref ? { xref } : {}),
    field: f.name,
    op: ops[op % ops.length] ?? '=',
    value: valueOf(f, s, n, wildcard),
  };
}

/** A query shape (object, fields, operators) to be filled with any values. */
const shape = fc.constantFrom(...SEARCH_OBJECT_KEYS).chain((object) => {
  const obj = SEARCH_OBJECTS[object];
  const targets: [SearchObjectKey | undefined, SearchField][] = [
    ...obj.fields.map((f): [undefined, SearchField] => [undefined, f]),
    ...obj.relations.flatMap((r) =>
      SEARCH_OBJECTS[r].fields.map((f): [SearchObjectKey, SearchField] => [r, f]),
    ),
  ];
  const slot = fc.record({
    target: fc.constantFrom(...targets),
    op: fc.nat(5),
    wildcard: fc.boolean(),
  });
  return fc.record({
    object: fc.constant(object),
    terms: fc.array(fc.array(slot, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    sort: fc.option(
      fc.record({
        field: fc.constantFrom(...obj.fields.map((f) => f.name)),
        dir: fc.constantFrom('asc' as const, 'desc' as const),
      }),
      { nil: undefined },
    ),
    page: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  });
});
type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

// Values long and odd enough that finding one in the SQL text can only mean it was pasted in.
const text = fc
  .string({ minLength: 6, maxLength: 30, unit: 'binary' })
  .filter((s) => /[^\w\s]/.test(s) || s.length > 10);
const number = fc.oneof(
  fc.integer({ min: 100_003, max: 2 ** 40 }),
  fc.double({ min: 1000.001, max: 1e9, noNaN: true }),
);

function fill(sh: Shape, strings: string[], numbers: number[]): SearchQuery {
  let k = 0;
  const next = () => k++;
  return {
    object: sh.object,
    where: {
      kind: 'or',
      terms: sh.terms.map((t) => ({
        kind: 'and',
        conditions: t.map((slot) => {
          const i = next();
          const [xref, f] = slot.target;
          return cond(
            f,
            xref,
            strings[i % strings.length] ?? 'x',
            numbers[i % numbers.length] ?? 1,
            slot.op,
            slot.wildcard,
          );
        }),
      })),
    },
    ...(sh.sort ? { sort: sh.sort } : {}),
    ...(sh.page ? { page: sh.page } : {}),
  };
}

function refs(sql: string): number[] {
  return [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

describe('values never reach SQL text', () => {
  it('holds for random queries: text is value-independent, values are parameters, $n match', () => {
    fc.assert(
      fc.property(
        shape,
        fc.array(text, { minLength: 12, maxLength: 12 }),
        fc.array(text, { minLength: 12, maxLength: 12 }),
        fc.array(number, { minLength: 12, maxLength: 12 }),
        fc.array(number, { minLength: 12, maxLength: 12 }),
        (sh, s1, s2, n1, n2) => {
          const a = compileSearch(fill(sh, s1, n1), page);
          const b = compileSearch(fill(sh, s2, n2), page);
          // The same shape with other values: the very same statements.
          expect(b.sql).toBe(a.sql);
          expect(b.countSql).toBe(a.countSql);
          for (const s of s1) {
            expect(a.sql).not.toContain(s);
            expect(a.countSql).not.toContain(s);
          }
          for (const n of n1) expect(a.sql).not.toContain(String(n));
          // Each $n has its parameter and each parameter its $n.
          expect(refs(a.sql)).toEqual(a.params.map((_, i) => i + 1));
          expect(refs(a.countSql)).toEqual(a.countParams.map((_, i) => i + 1));
          expect(a.countParams).toEqual(a.params.slice(0, a.countParams.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts every string and number of a query into its parameters', () => {
    fc.assert(
      fc.property(text, number, fc.boolean(), (s, n, wild) => {
        const query: SearchQuery = {
          object: 'vm',
          where: {
            kind: 'or',
            terms: [
              {
                kind: 'and',
                conditions: [
                  {
                    field: 'description',
                    op: '=',
                    value: { type: 'string', value: s, wildcard: wild },
                  },
                  { field: 'memory', op: '>', value: { type: 'number', value: n } },
                  {
                    xref: 'host',
                    field: 'name',
                    op: '!=',
                    value: { type: 'string', value: s, wildcard: false },
                  },
                ],
              },
            ],
          },
        };
        const c = compileSearch(query, page);
        expect(c.countParams).toEqual([wild ? likePattern(s) : s, n, s]);
      }),
      { numRuns: 200 },
    );
  });
});
