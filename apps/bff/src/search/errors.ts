import type { SearchError } from '@corral/shared';

/** A query the user can fix: it carries where it went wrong and what was expected there. */
export class SearchSyntaxError extends Error {
  constructor(readonly error: SearchError) {
    super(error.message);
    this.name = 'SearchSyntaxError';
  }
}
