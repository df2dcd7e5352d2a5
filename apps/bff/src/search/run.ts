// Running a search on the store: parse, compile, then the page and the count together.
import {
  SEARCH_PAGE_SIZE,
  parseSearch,
  type SearchObjectKey,
  type SearchQuery,
  type SearchSort,
} from '@corral/shared';
import type { Principal } from '../identity/principal.js';
import { visibleWhere } from '../identity/visibility.js';
import type { Db } from '../store/index.js';
import { RowSource, compileSearch, type CompileOptions, type CompiledSearch } from './compile.js';
import { SearchSyntaxError } from './errors.js';
import { SqlBuilder } from './sql-builder.js';
import { OBJECT_SQL } from './sql-objects.js';

export type SearchRow = Record<string, unknown>;

export interface SearchInput {
  readonly query: string;
  readonly limit: number;
  readonly offset: number;
  readonly sort?: SearchSort | undefined;
  /** The clock for today / yesterday and uptimes; the current time when absent. */
  readonly now?: Date | undefined;
  /** Who is searching: only what they may see is matched and counted. */
  readonly principal?: Principal | undefined;
}

export interface SearchResult {
  readonly object: SearchObjectKey;
  /** Rows the query designates: all matches, or with `page N` the rows on that page. */
  readonly total: number;
  readonly rows: SearchRow[];
}

export function parseOrThrow(text: string): SearchQuery {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new SearchSyntaxError(parsed.error);
  return parsed.query;
}

/**
 * The SQL a search text runs, for running it elsewhere (the benchmark's raw-SQL baseline).
 * Throws SearchSyntaxError as runSearch does.
 */
export function rawSearchSql(
  text: string,
  opts: CompileOptions,
): CompiledSearch & { query: SearchQuery } {
  const query = parseOrThrow(text);
  return { query, ...compileSearch(query, opts) };
}

/** With `page N` the grid sees one page: the matches that fall on it. */
export function pageTotal(page: number | undefined, matches: number): number {
  if (page === undefined) return matches;
  return Math.max(0, Math.min(SEARCH_PAGE_SIZE, matches - (page - 1) * SEARCH_PAGE_SIZE));
}

export async function runSearch(db: Db, input: SearchInput): Promise<SearchResult> {
  const { query, ...compiled } = rawSearchSql(input.query, input);
  const [rows, counted] = await Promise.all([
    db.query<SearchRow>(compiled.sql, compiled.params),
    db.query<{ total: number }>(compiled.countSql, compiled.countParams),
  ]);
  return { object: query.object, total: pageTotal(query.page, counted[0]?.total ?? 0), rows };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One object's row, with the same columns a search returns (the General sub-tab);
 * undefined when there is none, or the principal may not see it.
 */
export async function findRow(
  db: Db,
  object: SearchObjectKey,
  id: string,
  now: Date = new Date(),
  principal?: Principal,
): Promise<SearchRow | undefined> {
  const { idType } = OBJECT_SQL[object];
  // An id of the wrong form cannot exist; asking the store would only raise a cast error.
  if (idType === 'uuid' ? !UUID.test(id) : !/^\d{1,18}$/.test(id)) return undefined;
  const b = new SqlBuilder(now);
  const idParam = b.param(id, idType);
  const source = new RowSource(object, b);
  const columns = source.columns();
  const visible = visibleWhere(object, 't', principal, (v, type) => b.param(v, type));
  const rows = await db.query<SearchRow>(
    `SELECT ${columns} FROM ${source.table}${source.joins} WHERE t.id = ${idParam}${visible ? ` AND ${visible}` : ''}`,
    b.params,
  );
  return rows[0];
}
