import { describe, expect, it } from 'vitest';
import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS, type FieldType } from './catalog.js';
import type { SearchCondition, SearchError, SearchQuery } from './ast.js';
import { parseSearch } from './parser.js';

function ok(text: string): SearchQuery {
  const r = parseSearch(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message} at ${r.error.position}`);
  return r.query;
}

function err(text: string): SearchError {
  const r = parseSearch(text);
  if (r.ok) throw new Error(`${text}: parsed, expected an error`);
  return r.error;
}

const where = (...terms: SearchCondition[][]) => ({
  kind: 'or' as const,
  terms: terms.map((conditions) => ({ kind: 'and' as const, conditions })),
});
const str = (value: string) => ({ type: 'string' as const, value, wildcard: value.includes('*') });
const num = (value: number) => ({ type: 'number' as const, value });
const en = (value: string) => ({ type: 'enum' as const, value });

describe('the examples of SEARCH.md', () => {
  const examples: [string, SearchQuery][] = [
    [
      'Vms: status = up and cpu_usage > 80 sortby cpu_usage desc',
      {
        object: 'vm',
        where: where([
          { field: 'status', op: '=', value: en('Up') },
          { field: 'cpu_usage', op: '>', value: num(80) },
        ]),
        sort: { field: 'cpu_usage', dir: 'desc' },
      },
    ],
    [
      'Vms: cluster = Default and host = rhev-2* page 2',
      {
        object: 'vm',
        where: where([
          { field: 'cluster', op: '=', value: str('Default') },
          { field: 'host', op: '=', value: str('rhev-2*') },
        ]),
        page: 2,
      },
    ],
    [
      'Vms: os = windows* or name = RHEL*',
      {
        object: 'vm',
        where: where(
          [{ field: 'os', op: '=', value: str('windows*') }],
          [{ field: 'name', op: '=', value: str('RHEL*') }],
        ),
      },
    ],
    [
      'Hosts: status = maintenance or status = nonoperational',
      {
        object: 'host',
        where: where(
          [{ field: 'status', op: '=', value: en('Maintenance') }],
          [{ field: 'status', op: '=', value: en('NonOperational') }],
        ),
      },
    ],
    [
      'Hosts: cluster = Default and mem_usage >= 90',
      {
        object: 'host',
        where: where([
          { field: 'cluster', op: '=', value: str('Default') },
          { field: 'mem_usage', op: '>=', value: num(90) },
        ]),
      },
    ],
    [
      'Events: severity = error sortby time desc',
      {
        object: 'event',
        where: where([{ field: 'severity', op: '=', value: en('Error') }]),
        sort: { field: 'time', dir: 'desc' },
      },
    ],
    [
      'Storage: datacenter != Default',
      {
        object: 'storage',
        where: where([{ field: 'datacenter', op: '!=', value: str('Default') }]),
      },
    ],
    [
      'Volumes: type = replicate and status = up',
      {
        object: 'volume',
        where: where([
          { field: 'type', op: '=', value: en('Replicate') },
          { field: 'status', op: '=', value: en('Up') },
        ]),
      },
    ],
    [
      'Vms: Hosts.name = h17*',
      {
        object: 'vm',
        where: where([{ xref: 'host', field: 'name', op: '=', value: str('h17*') }]),
      },
    ],
    [
      'Hosts: Vms.status = up',
      { object: 'host', where: where([{ xref: 'vm', field: 'status', op: '=', value: en('Up') }]) },
    ],
    [
      'DataCenter: Clusters.name = Default',
      {
        object: 'datacenter',
        where: where([{ xref: 'cluster', field: 'name', op: '=', value: str('Default') }]),
      },
    ],
    [
      'Host: Events.severity = error and cpu_usage > 80',
      {
        object: 'host',
        where: where([
          { xref: 'event', field: 'severity', op: '=', value: en('Error') },
          { field: 'cpu_usage', op: '>', value: num(80) },
        ]),
      },
    ],
  ];
  it.each(examples)('%s', (text, query) => {
    expect(ok(text)).toEqual(query);
  });
});

describe('the grammar', () => {
  it('takes object names and keywords in any case, singular or plural', () => {
    for (const key of SEARCH_OBJECT_KEYS) {
      for (const name of SEARCH_OBJECTS[key].names) {
        expect(ok(`${name}:`).object).toBe(key);
        expect(ok(`${name.toUpperCase()} :`).object).toBe(key);
        expect(ok(`${name.toLowerCase()}:`).object).toBe(key);
      }
    }
    expect(ok('VMS: STATUS = UP AND CPU_USAGE > 1 SORTBY NAME DESC PAGE 3')).toEqual(
      ok('Vms: status = up and cpu_usage > 1 sortby name desc page 3'),
    );
  });

  it('reads an empty condition list as "everything"', () => {
    expect(ok('Vms:')).toEqual({ object: 'vm' });
    expect(ok('  Hosts:   ')).toEqual({ object: 'host' });
    expect(ok('Vms: sortby cpu_usage')).toEqual({
      object: 'vm',
      sort: { field: 'cpu_usage', dir: 'asc' },
    });
    expect(ok('Vms: page 4')).toEqual({ object: 'vm', page: 4 });
  });

  it('ANDs side-by-side conditions, with or without "and"', () => {
    expect(ok('Vms: status = up cpu_usage > 5')).toEqual(ok('Vms: status = up and cpu_usage > 5'));
  });

  it('binds AND tighter than OR', () => {
    const q = ok('Vms: a and b or c d or e');
    expect(q.where?.terms.map((t) => t.conditions.map((c) => c.value))).toEqual([
      [str('*a*'), str('*b*')],
      [str('*c*'), str('*d*')],
      [str('*e*')],
    ]);
  });

  it('needs no spaces around operators and the colon', () => {
    expect(ok('Vms:status=up')).toEqual(ok('Vms: status = up'));
    expect(ok('Vms:cpu_usage>=80 memory<2048')).toEqual(
      ok('Vms: cpu_usage >= 80 and memory < 2048'),
    );
  });

  it('keeps colons inside values after the first one', () => {
    expect(ok('Vms: ip = fe80::1').where?.terms[0]?.conditions[0]?.value).toEqual(str('fe80::1'));
  });

  it('takes double- and single-quoted values, with escapes for the quote and backslash', () => {
    expect(ok('Vms: cluster = "Default Cluster"').where?.terms[0]?.conditions[0]?.value).toEqual(
      str('Default Cluster'),
    );
    expect(ok("Vms: cluster = 'x y'").where?.terms[0]?.conditions[0]?.value).toEqual(str('x y'));
    expect(ok('Vms: description = "say \\"hi\\""').where?.terms[0]?.conditions[0]?.value).toEqual(
      str('say "hi"'),
    );
    expect(ok("Users: name = 'DOMAIN\\user'").where?.terms[0]?.conditions[0]?.value).toEqual(
      str('DOMAIN\\user'),
    );
    // Quoting is how a keyword or a field name becomes a value.
    expect(ok('Vms: description = "and"').where?.terms[0]?.conditions[0]?.value).toEqual(
      str('and'),
    );
    expect(ok('Vms: "status"').where?.terms[0]?.conditions[0]?.value).toEqual(str('*status*'));
  });

  it('marks wildcards', () => {
    const v = ok('Vms: name = web* and os = rhel').where?.terms[0]?.conditions.map((c) => c.value);
    expect(v).toEqual([
      { type: 'string', value: 'web*', wildcard: true },
      { type: 'string', value: 'rhel', wildcard: false },
    ]);
  });

  it('reads a bare value as a contains-match on the text field of the object', () => {
    expect(ok('Vms: web').where).toEqual(
      where([{ field: 'name', op: '=', value: str('*web*'), freeText: true }]),
    );
    expect(ok('Vms: web*').where).toEqual(
      where([{ field: 'name', op: '=', value: str('web*'), freeText: true }]),
    );
    expect(ok('Events: "disk full"').where).toEqual(
      where([{ field: 'message', op: '=', value: str('*disk full*'), freeText: true }]),
    );
    expect(ok('Jobs: migrate').where).toEqual(
      where([{ field: 'description', op: '=', value: str('*migrate*'), freeText: true }]),
    );
  });

  it('canonicalises enum values and reads booleans and dates', () => {
    const values = (t: string) => ok(t).where?.terms[0]?.conditions.map((c) => c.value);
    expect(values('Vms: status = POWERINGUP')).toEqual([en('PoweringUp')]);
    expect(values('Volumes: type = distributed-replicate')).toEqual([en('Distributed-Replicate')]);
    expect(values('Vms: ha = yes and ha = NO and ha = True and ha = false')).toEqual([
      { type: 'boolean', value: true },
      { type: 'boolean', value: false },
      { type: 'boolean', value: true },
      { type: 'boolean', value: false },
    ]);
    expect(
      values('Vms: creationdate > 2024-02-29 creationdate < Today creationdate = YESTERDAY'),
    ).toEqual([
      { type: 'date', value: '2024-02-29' },
      { type: 'date', value: 'today' },
      { type: 'date', value: 'yesterday' },
    ]);
    // years below 100 are years, not 19xx
    expect(values('Vms: creationdate > 0050-01-31')).toEqual([
      { type: 'date', value: '0050-01-31' },
    ]);
    expect(values('Vms: cpu_usage > -1.5 and memory = 2048 and vcpus >= .5')).toEqual([
      num(-1.5),
      num(2048),
      num(0.5),
    ]);
  });

  it('resolves cross-object prefixes by any of their names, in any case', () => {
    for (const name of SEARCH_OBJECTS.host.names) {
      expect(ok(`Vms: ${name.toLowerCase()}.NAME = x`).where?.terms[0]?.conditions[0]).toEqual({
        xref: 'host',
        field: 'name',
        op: '=',
        value: str('x'),
      });
    }
  });

  it('parses a condition on every field of every object and every relation', () => {
    const sample: Record<FieldType, (values?: readonly string[]) => string> = {
      string: () => 'abc*',
      number: () => '42',
      enum: (values) => (values?.[0] ?? '').toLowerCase(),
      date: () => '2025-01-31',
      boolean: () => 'true',
    };
    for (const key of SEARCH_OBJECT_KEYS) {
      const obj = SEARCH_OBJECTS[key];
      for (const f of obj.fields) {
        const q = ok(`${obj.names[0]}: ${f.name} = ${sample[f.type](f.values)} sortby ${f.name}`);
        expect(q.where?.terms[0]?.conditions[0]?.field).toBe(f.name);
        expect(q.where?.terms[0]?.conditions[0]?.value.type).toBe(f.type);
        expect(q.sort).toEqual({ field: f.name, dir: 'asc' });
      }
      for (const rel of obj.relations) {
        const other = SEARCH_OBJECTS[rel];
        for (const f of other.fields) {
          const q = ok(
            `${obj.names[0]}: ${other.names[0]}.${f.name} = ${sample[f.type](f.values)}`,
          );
          expect(q.where?.terms[0]?.conditions[0]).toMatchObject({ xref: rel, field: f.name });
        }
      }
    }
  });
});

describe('operators per field type', () => {
  // The rule of SEARCH.md, written out rather than taken from the code under test.
  const ordered = ['=', '!=', '<', '>', '<=', '>='];
  const allowed: Record<FieldType, string[]> = {
    string: ['=', '!='],
    enum: ['=', '!='],
    boolean: ['=', '!='],
    number: ordered,
    date: ordered,
  };
  const samples: [FieldType, string, string][] = [
    ['string', 'name', 'web'],
    ['enum', 'status', 'up'],
    ['boolean', 'ha', 'true'],
    ['number', 'cpu_usage', '50'],
    ['date', 'creationdate', '2025-01-01'],
  ];
  for (const [type, field, value] of samples) {
    for (const op of ordered) {
      it(`${type} ${op}`, () => {
        const text = `Vms: ${field} ${op} ${value}`;
        const r = parseSearch(text);
        if (allowed[type].includes(op)) {
          expect(r.ok && r.query.where?.terms[0]?.conditions[0]?.op).toBe(op);
        } else {
          expect(r).toEqual({
            ok: false,
            error: {
              message: expect.stringContaining(op),
              position: `Vms: ${field} `.length,
              expected: allowed[type],
            },
          });
        }
      });
    }
  }
});

describe('errors say where and what was expected', () => {
  const fieldsOfVm = SEARCH_OBJECTS.vm.fields.map((f) => f.name);
  const objectNames = SEARCH_OBJECT_KEYS.map((k) => SEARCH_OBJECTS[k].names[0]);

  it('an empty query', () => {
    expect(err('')).toMatchObject({ position: 0, expected: objectNames });
    expect(err('   ')).toMatchObject({ position: 3, expected: objectNames });
  });

  it('an unknown object', () => {
    expect(err('Vmz: status = up')).toMatchObject({ position: 0, expected: objectNames });
    expect(err('  "Vms": x')).toMatchObject({ position: 2 });
  });

  it('a missing colon', () => {
    expect(err('Vms')).toMatchObject({ position: 3, expected: [':'] });
    expect(err('Vms status = up')).toMatchObject({ position: 4, expected: [':'] });
  });

  it('an unknown field', () => {
    const e = err('Vms: status = up and colour = red');
    expect(e.position).toBe(21);
    expect(e.expected).toEqual(expect.arrayContaining([...fieldsOfVm, 'Hosts.', 'Events.']));
  });

  it('a cross-object prefix the object has no relation to', () => {
    const e = err('Vms: Bookmarks.name = x');
    expect(e.position).toBe(5);
    expect(e.expected).toEqual(
      SEARCH_OBJECTS.vm.relations.map((r) => `${SEARCH_OBJECTS[r].names[0]}.`),
    );
    expect(err('Jobs: Vms.name = x').expected).toEqual([]);
  });

  it('an unknown field of the cross-object', () => {
    expect(err('Vms: Hosts.colour = red')).toMatchObject({
      position: 11,
      expected: SEARCH_OBJECTS.host.fields.map((f) => f.name),
    });
    expect(err('Vms: Hosts.name')).toMatchObject({ position: 15, expected: ['=', '!='] });
  });

  it('a field without operator', () => {
    expect(err('Vms: cpu_usage')).toMatchObject({
      position: 14,
      expected: ['=', '!=', '<', '>', '<=', '>='],
    });
    expect(err('Vms: status up')).toMatchObject({ position: 12, expected: ['=', '!='] });
  });

  it('a bad enum value', () => {
    expect(err('Hosts: status = upp')).toMatchObject({
      position: 16,
      expected: [...(SEARCH_OBJECTS.host.fields.find((f) => f.name === 'status')?.values ?? [])],
    });
  });

  it('a value that is not a number', () => {
    expect(err('Vms: cpu_usage > high')).toMatchObject({ position: 17, expected: ['a number'] });
    expect(err('Vms: cpu_usage > 8o')).toMatchObject({ position: 17 });
    expect(err('Vms: cpu_usage > 1e3')).toMatchObject({ position: 17 });
  });

  it('a bad date', () => {
    for (const bad of ['2025-13-01', '2025-02-29', '25-01-01', 'tomorrow', '2025-1-1']) {
      expect(err(`Vms: creationdate < ${bad}`)).toMatchObject({
        position: 20,
        expected: ['YYYY-MM-DD', 'today', 'yesterday'],
      });
    }
  });

  it('a bad boolean', () => {
    expect(err('Vms: ha = maybe')).toMatchObject({
      position: 10,
      expected: ['true', 'false', 'yes', 'no'],
    });
  });

  it('a missing value', () => {
    expect(err('Vms: name =')).toMatchObject({ position: 11, expected: ['a value'] });
    expect(err('Vms: name = and x')).toMatchObject({ position: 12 });
    expect(err('Vms: name = = x')).toMatchObject({ position: 12 });
    expect(err('Vms: status != ')).toMatchObject({ position: 15 });
  });

  it('an unterminated quote', () => {
    expect(err('Vms: name = "web')).toMatchObject({ position: 12, expected: ['"'] });
    expect(err("Vms: 'web")).toMatchObject({ position: 5, expected: ["'"] });
  });

  it('a dangling and / or, or one with nothing before it', () => {
    expect(err('Vms: status = up and')).toMatchObject({ position: 20 });
    expect(err('Vms: status = up or sortby name')).toMatchObject({ position: 20 });
    expect(err('Vms: or status = up')).toMatchObject({ position: 5 });
    expect(err('Vms: status = up and or x')).toMatchObject({ position: 21 });
  });

  it('an operator where a condition should start', () => {
    expect(err('Vms: = up')).toMatchObject({ position: 5 });
    expect(err('Vms: status = up = x')).toMatchObject({
      position: 17,
      expected: expect.arrayContaining(['and', 'or', 'sortby', 'page']),
    });
  });

  it('sortby an unknown field, or nothing', () => {
    expect(err('Vms: sortby colour')).toMatchObject({ position: 12, expected: fieldsOfVm });
    expect(err('Vms: sortby')).toMatchObject({ position: 11, expected: fieldsOfVm });
    expect(err('Vms: sortby Hosts.name')).toMatchObject({ position: 12 });
  });

  it('a page that is not a positive integer', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '99999999999999999999']) {
      expect(err(`Vms: page ${bad}`)).toMatchObject({ position: 10 });
    }
    expect(err('Vms: page')).toMatchObject({ position: 9 });
  });

  it('trailing garbage', () => {
    expect(err('Vms: page 2 x')).toMatchObject({ position: 12, expected: [] });
    expect(err('Vms: sortby name desc x')).toMatchObject({ position: 22, expected: ['page'] });
    expect(err('Vms: sortby name x')).toMatchObject({
      position: 17,
      expected: ['asc', 'desc', 'page'],
    });
    expect(err('Vms: page 2 sortby name')).toMatchObject({ position: 12 });
  });
});
