// The search language (SEARCH.md): catalog, parser, AST and autocomplete. Runs in the
// browser for the search bar and in the BFF, which compiles the AST to SQL.
export * from './catalog.js';
export * from './ast.js';
export { lex, type Token, type TokenKind } from './lexer.js';
export { isIsoDate, parseSearch, valueHints } from './parser.js';
export { suggest, type Suggestion, type SuggestionKind } from './suggest.js';
export { KEYWORDS, type Keyword } from './vocabulary.js';
export * from './examples.js';
