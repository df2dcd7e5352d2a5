// compileSearch: a parsed query → one parameterised SELECT for a page of rows and one for
// the number of matches. The rules (docs/search.md):
// - strings compare case-insensitively, `*` is a wildcard and LIKE's own `%` `_` `\` are
//   literal; enums compare to the canonical stored value; a missing value (NULL) matches
//   no condition, `=` or `!=`;
// - a date names a whole UTC day; today / yesterday are resolved against `opts.now`;
// - cross-object conditions become EXISTS semi-joins, one per related object in each AND
//   group, so all of that group's conditions hold for the same related row;
// - the sort is the query's `sortby`, else `opts.sort`, else the catalog's default, with
//   `id` as a tiebreaker (in the sort's direction) so that pages never overlap or skip rows.
import {
  SEARCH_OBJECTS,
  SEARCH_PAGE_SIZE,
  searchField,
  type FieldType,
  type SearchCondition,
  type SearchField,
  type SearchObjectKey,
  type SearchOr,
  type SearchQuery,
  type SearchSort,
  type SearchValue,
  type SortDirection,
} from '@corral/shared';
import type { Principal } from '../identity/principal.js';
import { visibleWhere } from '../identity/visibility.js';
import { SearchSyntaxError } from './errors.js';
import { SqlBuilder } from './sql-builder.js';
import { OBJECT_SQL, type FieldSql, type RefStep } from './sql-objects.js';
import { linkOf } from './sql-relations.js';

export interface CompileOptions {
  /** Rows wanted; with `page N` in the query, capped at what is left of that page. */
  readonly limit: number;
  /** Rows to skip; with `page N`, counted from the start of that page. */
  readonly offset: number;
  /** The grid's sort, used when the query has no `sortby`. */
  readonly sort?: SearchSort | undefined;
  /** The clock for today / yesterday and uptimes; the current time when absent. */
  readonly now?: Date | undefined;
  /**
   * Who is searching: only rows they may see are matched, paged and counted. Absent, or
   * seeing everything: no filter at all (docs/identity.md).
   */
  readonly principal?: Principal | undefined;
}

export interface CompiledSearch {
  /** Returns `id` plus one column per catalog field, named as the field. */
  readonly sql: string;
  /** Returns `total`: every match, regardless of `page`, limit and offset. */
  readonly countSql: string;
  readonly params: unknown[];
  readonly countParams: unknown[];
}

const ROW = 't';
const DAY_MS = 86_400_000;

/** `*` becomes `%`; LIKE's own metacharacters are escaped (backslash is LIKE's default escape). */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

/** [start, end) of the UTC day a date value names. */
export function dayRange(value: string, now: Date): [Date, Date] {
  const start = new Date(0);
  if (value === 'today' || value === 'yesterday') {
    start.setUTCFullYear(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    if (value === 'yesterday') start.setTime(start.getTime() - DAY_MS);
  } else {
    const [y = NaN, m = NaN, d = NaN] = value.split('-').map(Number);
    start.setUTCFullYear(y, m - 1, d);
  }
  return [start, new Date(start.getTime() + DAY_MS)];
}

/** Where the paging of CompileOptions lands, with `page N` taken into account. */
export function pageWindow(
  page: number | undefined,
  opts: Pick<CompileOptions, 'limit' | 'offset'>,
): { limit: number; offset: number } {
  if (page === undefined) return { limit: opts.limit, offset: opts.offset };
  return {
    offset: (page - 1) * SEARCH_PAGE_SIZE + opts.offset,
    limit: Math.max(0, Math.min(opts.limit, SEARCH_PAGE_SIZE - opts.offset)),
  };
}

function fieldOf(object: SearchObjectKey, name: string): { field: SearchField; sql: FieldSql } {
  const field = searchField(object, name);
  const sql = OBJECT_SQL[object].fields[name];
  // The parser only lets catalog fields through, and a unit test checks that every
  // catalog field has its SQL: reaching this is a bug, not a user error.
  if (!field || !sql) throw new Error(`search: no SQL for ${object}.${name}`);
  return { field, sql };
}

/** `expr op value` for one value of the field's type. */
function predicate(
  expr: string,
  op: SearchCondition['op'],
  value: SearchValue,
  b: SqlBuilder,
): string {
  const eq = op === '=';
  switch (value.type) {
    case 'string': {
      if (value.wildcard) {
        return `lower(${expr}) ${eq ? 'LIKE' : 'NOT LIKE'} lower(${b.param(likePattern(value.value), 'text')})`;
      }
      return `lower(${expr}) ${eq ? '=' : '<>'} lower(${b.param(value.value, 'text')})`;
    }
    case 'enum':
      return `${expr} ${eq ? '=' : '<>'} ${b.param(value.value, 'text')}`;
    case 'boolean':
      return `${expr} ${eq ? '=' : '<>'} ${b.param(value.value, 'boolean')}`;
    case 'number':
      return `${expr} ${op === '!=' ? '<>' : op} ${b.param(value.value, 'float8')}`;
    case 'date': {
      const [start, end] = dayRange(value.value, b.clock);
      const from = () => b.param(start.toISOString(), 'timestamptz');
      const to = () => b.param(end.toISOString(), 'timestamptz');
      switch (op) {
        case '=':
          return `(${expr} >= ${from()} AND ${expr} < ${to()})`;
        case '!=':
          return `(${expr} < ${from()} OR ${expr} >= ${to()})`;
        case '<':
          return `${expr} < ${from()}`;
        case '<=':
          return `${expr} < ${to()}`;
        case '>':
          return `${expr} >= ${to()}`;
        case '>=':
          return `${expr} >= ${from()}`;
      }
    }
  }
}

/** Tables along a foreign-key path, for a subquery: `cluster r1 JOIN data_center r2 ON …`. */
function pathFrom(
  path: readonly RefStep[],
  b: SqlBuilder,
): { from: string; first: string; last: string } {
  const aliases = path.map(() => b.alias('r'));
  const from = path
    .map((step, k) =>
      k === 0
        ? `${step.table} ${aliases[0]}`
        : `JOIN ${step.table} ${aliases[k]} ON ${aliases[k]}.id = ${aliases[k - 1]}.${step.fk}`,
    )
    .join(' ');
  return { from, first: aliases[0] ?? '', last: aliases[aliases.length - 1] ?? '' };
}

function conditionSql(
  object: SearchObjectKey,
  row: string,
  c: SearchCondition,
  b: SqlBuilder,
): string {
  const { sql } = fieldOf(object, c.field);
  switch (sql.kind) {
    case 'expr':
      return predicate(sql.sql(row, b), c.op, c.value, b);
    case 'ref': {
      // `fk IN (ids whose name matches)` rather than a join: the foreign-key index does
      // the work, and a row with no reference (NULL) matches neither = nor !=.
      const [first] = sql.path;
      if (!first) throw new Error(`search: empty path for ${object}.${c.field}`);
      const p = pathFrom(sql.path, b);
      const match = predicate(`${p.last}.${sql.column}`, c.op, c.value, b);
      return `${row}.${first.fk} IN (SELECT ${p.first}.id FROM ${p.from} WHERE ${match})`;
    }
    case 'many': {
      // = : one of the values matches; != : none of them does.
      const src = sql.source(b);
      const match = predicate(src.value, '=', c.value, b);
      const tie = [src.filter, `${src.key} = ${row}.id`, match].filter(Boolean).join(' AND ');
      const exists = `EXISTS (SELECT 1 FROM ${src.from} WHERE ${tie})`;
      return c.op === '!=' ? `NOT ${exists}` : exists;
    }
  }
}

function crossSql(
  object: SearchObjectKey,
  row: string,
  xref: SearchObjectKey,
  conditions: readonly SearchCondition[],
  b: SqlBuilder,
): string {
  const link = linkOf(object, xref);
  if (!link) throw new Error(`search: no link from ${object} to ${xref}`);
  const inner = b.alias('x');
  const l = link(row, inner, b);
  const where = [l.where, ...conditions.map((c) => conditionSql(xref, inner, c, b))];
  return `EXISTS (SELECT 1 FROM ${l.from} WHERE ${where.join(' AND ')})`;
}

function andSql(
  object: SearchObjectKey,
  row: string,
  conditions: readonly SearchCondition[],
  b: SqlBuilder,
): string {
  // Conditions on one related object share one EXISTS, placed where the first of them was.
  const groups = new Map<SearchObjectKey, SearchCondition[]>();
  const order: (SearchCondition | SearchObjectKey)[] = [];
  for (const c of conditions) {
    if (!c.xref) {
      order.push(c);
      continue;
    }
    const group = groups.get(c.xref);
    if (group) group.push(c);
    else {
      groups.set(c.xref, [c]);
      order.push(c.xref);
    }
  }
  return order
    .map((item) =>
      typeof item === 'string'
        ? crossSql(object, row, item, groups.get(item) ?? [], b)
        : conditionSql(object, row, item, b),
    )
    .join(' AND ');
}

export function whereSql(
  object: SearchObjectKey,
  row: string,
  where: SearchOr,
  b: SqlBuilder,
): string {
  const terms = where.terms.map((t) => andSql(object, row, t.conditions, b));
  return terms.length === 1 ? (terms[0] ?? 'TRUE') : terms.map((t) => `(${t})`).join(' OR ');
}

/**
 * The object's table as `t`, plus the LEFT JOINs its field values need, added as they
 * are asked for and shared (a VM's cluster and data center use one cluster join).
 */
export class RowSource {
  private readonly joinAliases = new Map<string, string>();
  private readonly joinSql: string[] = [];

  constructor(
    readonly object: SearchObjectKey,
    private readonly b: SqlBuilder,
  ) {}

  get table(): string {
    return `${OBJECT_SQL[this.object].table} ${ROW}`;
  }

  get joins(): string {
    return this.joinSql.map((j) => ` ${j}`).join('');
  }

  private joined(path: readonly RefStep[]): string {
    let from = ROW;
    let key = '';
    for (const step of path) {
      key += `>${step.fk}`;
      let alias = this.joinAliases.get(key);
      if (!alias) {
        alias = this.b.alias('j');
        this.joinAliases.set(key, alias);
        this.joinSql.push(`LEFT JOIN ${step.table} ${alias} ON ${alias}.id = ${from}.${step.fk}`);
      }
      from = alias;
    }
    return from;
  }

  /**
   * The value of a field on each row. A many-valued field is its values joined by ', ':
   * per row as a correlated subquery (cheap for a page of rows), or with `forEveryRow`
   * as one grouped join (cheap when every row needs it, as for sorting by it).
   */
  value(name: string, forEveryRow = false): string {
    const { sql } = fieldOf(this.object, name);
    switch (sql.kind) {
      case 'expr':
        return sql.sql(ROW, this.b);
      case 'ref':
        return `${this.joined(sql.path)}.${sql.column}`;
      case 'many': {
        const src = sql.source(this.b);
        const agg = `string_agg(${src.value}, ', ' ORDER BY ${src.value} COLLATE "C")`;
        if (!forEveryRow) {
          const tie = [src.filter, `${src.key} = ${ROW}.id`].filter(Boolean).join(' AND ');
          return `(SELECT ${agg} FROM ${src.from} WHERE ${tie})`;
        }
        const alias = this.b.alias('g');
        const where = src.filter ? ` WHERE ${src.filter}` : '';
        this.joinSql.push(
          `LEFT JOIN (SELECT ${src.key} AS id, ${agg} AS value FROM ${src.from}${where} GROUP BY ${src.key}) ${alias} ON ${alias}.id = ${ROW}.id`,
        );
        return `${alias}.value`;
      }
    }
  }

  /** `t.id` and one column per catalog field, named as the field. */
  columns(): string {
    const fields = SEARCH_OBJECTS[this.object].fields.map(
      (f) => `${this.value(f.name)} AS "${f.name}"`,
    );
    return [`${ROW}.id`, ...fields].join(', ');
  }
}

/**
 * ORDER BY for the sort, `id` breaking ties. NULLs sort as if larger than any value, as
 * PostgreSQL does by default (last ascending, first descending). `enumOrder` is the
 * parameter holding the enum's values.
 */
function orderSql(
  field: SearchField,
  dir: SortDirection,
  value: string,
  enumOrder: string | undefined,
): string {
  const asc = dir === 'asc';
  const nulls = asc ? 'NULLS LAST' : 'NULLS FIRST';
  const plain = `${asc ? 'ASC' : 'DESC'} ${nulls}`;
  const byType: Record<FieldType, () => string> = {
    // Byte order of the lower-cased text: the same on every server whatever its locale,
    // and what the text_pattern_ops index on lower(vm.name) is sorted by.
    string: () => `lower(${value}) USING ${asc ? '~<~' : '~>~'} ${nulls}`,
    // Enums sort in the catalog's order (Normal < Warning < Error < Alert).
    enum: () => `array_position(${enumOrder}, ${value}) ${plain}`,
    number: () => `${value} ${plain}`,
    date: () => `${value} ${plain}`,
    boolean: () => `${value} ${plain}`,
  };
  // The tie-breaker follows the direction, so descending is exactly ascending reversed.
  return `${byType[field.type]()}, ${ROW}.id ${asc ? 'ASC' : 'DESC'}`;
}

/** The sort a search uses: the query's, else the grid's, else the object's default. */
export function effectiveSort(query: SearchQuery, requested: SearchSort | undefined): SearchSort {
  if (query.sort) return query.sort;
  if (requested) {
    const field = searchField(query.object, requested.field);
    if (!field) {
      throw new SearchSyntaxError({
        message: `Cannot sort ${SEARCH_OBJECTS[query.object].label} by unknown field '${requested.field}'`,
        position: 0,
        expected: SEARCH_OBJECTS[query.object].fields.map((f) => f.name),
      });
    }
    return { field: field.name, dir: requested.dir };
  }
  return SEARCH_OBJECTS[query.object].defaultSort;
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`search: ${name} must be a whole number ≥ 0, got ${n}`);
}

export function compileSearch(query: SearchQuery, opts: CompileOptions): CompiledSearch {
  checkCount('limit', opts.limit);
  checkCount('offset', opts.offset);
  const sort = effectiveSort(query, opts.sort);
  const { field } = fieldOf(query.object, sort.field);
  const b = new SqlBuilder(opts.now ?? new Date());

  const conditions = [
    query.where ? whereSql(query.object, ROW, query.where, b) : undefined,
    visibleWhere(query.object, ROW, opts.principal, (v, type) => b.param(v, type)),
  ].filter((c): c is string => c !== undefined);
  const where =
    conditions.length === 0
      ? ''
      : ` WHERE ${conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(' AND ')}`;
  const countParams = [...b.params];
  const enumOrder = field.type === 'enum' ? b.param(field.values ?? [], 'text[]') : undefined;

  // Two steps: first the ids of the page, joining only what the sort needs (an index can
  // often serve it); then the select list's joins and subqueries for those rows alone.
  const keys = new RowSource(query.object, b);
  const keyOrder = orderSql(field, sort.dir, keys.value(field.name, true), enumOrder);
  const { limit, offset } = pageWindow(query.page, opts);
  const page =
    `SELECT ${ROW}.id FROM ${keys.table}${keys.joins}${where} ORDER BY ${keyOrder}` +
    ` LIMIT ${b.param(limit, 'int8')} OFFSET ${b.param(offset, 'int8')}`;

  const rows = new RowSource(query.object, b);
  const columns = rows.columns();
  const rowOrder = orderSql(field, sort.dir, rows.value(field.name), enumOrder);
  const sql =
    `SELECT ${columns} FROM (${page}) p JOIN ${rows.table} ON ${ROW}.id = p.id${rows.joins}` +
    ` ORDER BY ${rowOrder}`;
  return {
    sql,
    countSql: `SELECT count(*)::int AS total FROM ${keys.table}${where}`,
    params: b.params,
    countParams,
  };
}
