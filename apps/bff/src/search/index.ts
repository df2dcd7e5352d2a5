// Search → SQL: the BFF side of the search language (docs/search.md).
export {
  compileSearch,
  dayRange,
  likePattern,
  pageWindow,
  type CompileOptions,
  type CompiledSearch,
} from './compile.js';
export { SearchSyntaxError } from './errors.js';
export {
  findRow,
  pageTotal,
  rawSearchSql,
  runSearch,
  type SearchInput,
  type SearchResult,
  type SearchRow,
} from './run.js';
