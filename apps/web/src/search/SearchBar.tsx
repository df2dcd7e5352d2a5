// The search bar: the portal's navigation. The query is parsed on every keystroke with
// the same parser the BFF compiles with, so errors and suggestions need no round trip.
import {
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type SyntheticEvent,
} from 'react';
import { parseSearch, suggest, type SearchError, type Suggestion } from '@corral/shared';
import { Icon } from '../layout/icons.js';
import { applySuggestion } from './queryText.js';
import { QueryErrorOverlay, SearchErrorLine } from './SearchError.js';

// Enough for the longest list (a VM status has 15 values); the menu scrolls.
const MAX_SUGGESTIONS = 50;

export function SearchBar(props: {
  /** The query on screen (from the URL). */
  query: string;
  /** The BFF's refusal of `query`, shown exactly like a parse error. */
  serverError: SearchError | null;
  onRun: (query: string) => void;
  onBookmark: (query: string) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [draft, setDraft] = useState(props.query);
  const [shownQuery, setShownQuery] = useState(props.query);
  const [cursor, setCursor] = useState(props.query.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [scrollLeft, setScrollLeft] = useState(0);
  // Where to put the caret after the next render (a new object each time, so asking
  // twice for the same place still moves it).
  const [caretRequest, setCaretRequest] = useState<{ at: number } | null>(null);

  // A query arriving from elsewhere (tree, tab, bookmark, back button) replaces the draft.
  if (props.query !== shownQuery) {
    setShownQuery(props.query);
    setDraft(props.query);
    setCursor(props.query.length);
    setOpen(false);
  }

  const parsed = useMemo(() => parseSearch(draft), [draft]);
  const clientError: SearchError | null = !parsed.ok && draft.trim() !== '' ? parsed.error : null;
  const error = clientError ?? (draft === props.query ? props.serverError : null);

  const suggestions = useMemo(
    () => (open ? suggest(draft, cursor).slice(0, MAX_SUGGESTIONS) : []),
    [open, draft, cursor],
  );
  const listOpen = open && suggestions.length > 0;

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input || !caretRequest) return;
    input.setSelectionRange(caretRequest.at, caretRequest.at);
    setScrollLeft(input.scrollLeft);
  }, [caretRequest]);

  const syncCursor = (e: SyntheticEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    setCursor(input.selectionStart ?? input.value.length);
    setScrollLeft(input.scrollLeft);
  };

  const accept = (s: Suggestion) => {
    const next = applySuggestion(draft, s);
    setDraft(next.text);
    setCursor(next.cursor);
    setActive(-1);
    setCaretRequest({ at: next.cursor });
    inputRef.current?.focus();
  };

  const run = () => {
    setOpen(false);
    setActive(-1);
    if (clientError) {
      // Leave the caret on the mistake: that is where the user goes next.
      setCaretRequest({ at: clientError.position });
      inputRef.current?.focus();
      setCursor(clientError.position);
      return;
    }
    props.onRun(draft.trim());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!listOpen) setOpen(true);
        else setActive((a) => (a + 1) % suggestions.length);
        return;
      case 'ArrowUp':
        if (!listOpen) return;
        e.preventDefault();
        setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
        return;
      case 'Tab': {
        const pick = suggestions[active >= 0 ? active : 0];
        if (!listOpen || !pick) return;
        e.preventDefault();
        accept(pick);
        return;
      }
      case 'Enter': {
        e.preventDefault();
        const pick = listOpen && active >= 0 ? suggestions[active] : undefined;
        if (pick) accept(pick);
        else run();
        return;
      }
      case 'Escape':
        if (listOpen) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        }
        return;
    }
  };

  const activeId = listOpen && active >= 0 ? `${listId}-${active}` : undefined;

  return (
    <div className="search" role="search">
      <div className={`search-field${error ? ' has-error' : ''}`}>
        <Icon name="search" className="search-glyph" />
        <div className="search-input-wrap">
          <input
            ref={inputRef}
            className="search-input"
            data-testid="search-input"
            type="text"
            role="combobox"
            aria-label="Search query"
            aria-autocomplete="list"
            aria-expanded={listOpen}
            aria-controls={listId}
            aria-activedescendant={activeId}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${listId}-error` : undefined}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setOpen(true);
              setActive(-1);
              syncCursor(e);
            }}
            onSelect={syncCursor}
            onScroll={(e) => setScrollLeft(e.currentTarget.scrollLeft)}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          {error && <QueryErrorOverlay text={draft} error={error} scrollLeft={scrollLeft} />}
        </div>
        {listOpen && (
          <ul className="suggestions" id={listId} role="listbox" aria-label="Suggestions">
            {suggestions.map((s, i) => (
              <li
                key={`${s.kind}:${s.label}:${i}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`suggestion${i === active ? ' is-active' : ''}`}
                data-testid="suggestion"
                data-kind={s.kind}
                // Keep focus in the input: a click must not blur (and close) the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {/* CSS draws the kind from data-kind, so the item's text is the label alone. */}
                {s.label}
              </li>
            ))}
          </ul>
        )}
        {error && <SearchErrorLine id={`${listId}-error`} error={error} />}
      </div>
      <button
        type="button"
        className="button button-primary search-go"
        data-testid="search-go"
        onClick={run}
        title="Run the search (Enter)"
      >
        GO
      </button>
      <button
        type="button"
        className="button search-star"
        data-testid="bookmark-save"
        onClick={() => props.onBookmark(draft.trim())}
        title="Bookmark this search"
        aria-label="Bookmark this search"
      >
        <Icon name="star" />
      </button>
    </div>
  );
}
