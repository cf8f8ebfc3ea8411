/** What Node's own modules add to an error of the system (`ENOENT`, `EADDRINUSE`…). */
export interface SystemError {
  readonly code: string;
  readonly message?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly address?: string;
  readonly port?: number;
}

/**
 * The error as a system error when it is one (a code `E…`), read by its shape: errors made by Node's core are not
 * `instanceof Error` in every realm (jest's sandbox, a worker thread).
 */
export function systemErrorOf(error: unknown): SystemError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? (error as SystemError) : undefined;
}
