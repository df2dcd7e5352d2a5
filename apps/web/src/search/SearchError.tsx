import type { SearchError } from '@corral/shared';
import { errorSpan } from './queryText.js';

const MAX_EXPECTED = 12;

/**
 * Marks the offending token under the input's own text. The overlay repeats the text
 * invisibly in the same font, so the mark lands exactly under the characters, and
 * follows the input's horizontal scroll.
 */
export function QueryErrorOverlay(props: { text: string; error: SearchError; scrollLeft: number }) {
  const { from, to } = errorSpan(props.text, props.error.position);
  return (
    <div className="search-overlay" aria-hidden="true">
      <div
        className="search-overlay-text"
        style={{ transform: `translateX(${-props.scrollLeft}px)` }}
      >
        {props.text.slice(0, from)}
        {to > from ? (
          <mark className="error-mark" data-testid="search-error-mark">
            {props.text.slice(from, to)}
          </mark>
        ) : (
          <span className="error-caret" data-testid="search-error-mark" />
        )}
        {props.text.slice(to)}
      </div>
    </div>
  );
}

export function SearchErrorLine({ id, error }: { id: string; error: SearchError }) {
  const shown = error.expected.slice(0, MAX_EXPECTED);
  const more = error.expected.length - shown.length;
  return (
    <div
      className="search-error"
      id={id}
      role="alert"
      data-testid="search-error"
      data-position={error.position}
    >
      <span className="search-error-message">{error.message}</span>
      {shown.length > 0 && (
        <span className="search-error-expected">
          {' '}
          expected: {shown.join(', ')}
          {more > 0 ? `, … (${more} more)` : ''}
        </span>
      )}
    </div>
  );
}
