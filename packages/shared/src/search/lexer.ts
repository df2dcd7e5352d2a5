// Splits query text into tokens. It never fails: an unterminated quote becomes a string
// token flagged `unterminated`, and anything else is a word, so the parser decides what
// is wrong and where, and the autocomplete can work on half-typed text.

export type TokenKind = 'word' | 'string' | 'op' | 'colon';

export interface Token {
  readonly kind: TokenKind;
  /** A word as typed, a quoted string without its quotes and escapes, or an operator. */
  readonly text: string;
  /** Offsets into the query text: [start, end). */
  readonly start: number;
  readonly end: number;
  /** A quoted string that runs to the end of the text without its closing quote. */
  readonly unterminated?: boolean;
}

const isSpace = (c: string) => /\s/.test(c);

/**
 * Only the first ':' separates the object from the conditions. After it, ':' is an
 * ordinary character, so values such as IPv6 addresses or MACs need no quotes.
 */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let colonSeen = false;
  let i = 0;
  const n = text.length;
  const endsWord = (at: number): boolean => {
    const c = text.charAt(at);
    return (
      isSpace(c) ||
      c === '=' ||
      c === '<' ||
      c === '>' ||
      (c === '!' && text.charAt(at + 1) === '=') ||
      (c === ':' && !colonSeen)
    );
  };
  while (i < n) {
    const c = text.charAt(i);
    const start = i;
    if (isSpace(c)) {
      i++;
    } else if (c === ':' && !colonSeen) {
      colonSeen = true;
      tokens.push({ kind: 'colon', text: ':', start, end: ++i });
    } else if (c === '"' || c === "'") {
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const d = text.charAt(i);
        const next = text.charAt(i + 1);
        // Only the quote and the backslash itself are escaped, so `'DOMAIN\user'` stays literal.
        if (d === '\\' && (next === c || next === '\\')) {
          value += next;
          i += 2;
        } else if (d === c) {
          i++;
          closed = true;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push(
        closed
          ? { kind: 'string', text: value, start, end: i }
          : { kind: 'string', text: value, start, end: i, unterminated: true },
      );
    } else if (c === '=') {
      tokens.push({ kind: 'op', text: '=', start, end: ++i });
    } else if ((c === '!' || c === '<' || c === '>') && text.charAt(i + 1) === '=') {
      i += 2;
      tokens.push({ kind: 'op', text: c + '=', start, end: i });
    } else if (c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, start, end: ++i });
    } else {
      i++;
      while (i < n && !endsWord(i)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
    }
  }
  return tokens;
}
