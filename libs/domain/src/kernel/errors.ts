/**
 * What a decider can refuse with. The edges map these codes once (HTTP filter,
 * socket filter): RULE_VIOLATED → 422, NOT_FOUND → 404, CONFLICT → 409.
 */
export type DomainErrorCode = 'RULE_VIOLATED' | 'NOT_FOUND' | 'CONFLICT';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const ruleViolated = (message: string): DomainError => new DomainError('RULE_VIOLATED', message);
export const notFound = (message: string): DomainError => new DomainError('NOT_FOUND', message);
export const alreadyExists = (message: string): DomainError => new DomainError('CONFLICT', message);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
