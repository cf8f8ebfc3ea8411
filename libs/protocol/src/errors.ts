/** The coded error taxonomy shared by the HTTP and socket edges. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'CONFLICT',
  'PERSON_ERASED',
  'RULE_VIOLATED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** A path the api serves, asked with another method (`Allow` lists those it takes). */
  METHOD_NOT_ALLOWED: 405,
  /** A download whose `Accept` refuses every format the route has (each with `q=0`). */
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  /** The person's personal data were erased: nothing more is recorded about them. */
  PERSON_ERASED: 410,
  PAYLOAD_TOO_LARGE: 413,
  /** A body that is not JSON (`Content-Type`), or in a charset or encoding the api does not read. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** Body of every HTTP error, and `error` of every failed socket ack. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly FieldError[];
  /** For CONFLICT on a stream: its current revision (as a string, revisions are 64-bit). */
  readonly currentRevision?: string;
  /** For RATE_LIMITED: how long to wait before the budget allows another request (the hub's acks; HTTP says it in `Retry-After`). */
  readonly retryAfterMs?: number;
}

/** An error an application layer throws, mapped once by each edge's filter. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorBody, 'code' | 'message'> = {},
  ) {
    super(message);
  }
  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}
