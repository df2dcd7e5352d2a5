/**
 * Why a simulated host did not do what it was asked:
 * - REFUSED: the command makes no sense in the domain's state (start a running VM, …);
 * - NOT_FOUND: no such domain (or snapshot) on that host;
 * - UNREACHABLE: the host stopped answering and the call timed out;
 * - CLOSED: the connection or the whole driver was closed.
 */
export type SimErrorCode = 'REFUSED' | 'NOT_FOUND' | 'UNREACHABLE' | 'CLOSED';

export class SimHostError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimHostError';
  }
}

export const refused = (message: string) => new SimHostError('REFUSED', message);
