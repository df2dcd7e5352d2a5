// Collects the parameters of one statement while it is being written. Values only ever
// enter SQL through `param`, as `$n` with an explicit type, so a statement's text depends
// on the shape of the query and never on the values in it.

export class SqlBuilder {
  readonly params: unknown[] = [];
  private nowRef: string | undefined;
  private aliases = 0;

  /** @param clock what today / yesterday and uptimes are relative to */
  constructor(readonly clock: Date) {}

  /** `$n::type` for a value. The cast fixes the type PostgreSQL would otherwise guess. */
  param(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length}::${type}`;
  }

  /** The compile-time clock, one parameter however often it is used. */
  now(): string {
    this.nowRef ??= this.param(this.clock.toISOString(), 'timestamptz');
    return this.nowRef;
  }

  /** A table alias no other part of the statement uses, so subqueries nest safely. */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }
}
