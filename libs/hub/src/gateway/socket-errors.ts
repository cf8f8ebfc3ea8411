import { Logger } from '@nestjs/common';
import { errorBodyOf, GENERIC_INTERNAL_MESSAGE } from '@catalyse/commands';
import type { ErrorBody } from '@catalyse/protocol';

const logger = new Logger('HubErrors');

/**
 * From anything a hub handler throws to the `error` of an ack: the mapping
 * the HTTP edge uses too (`errorBodyOf`), coded, readable, never a stack.
 * What it does not know is a failure of ours: logged, and answered with a
 * generic INTERNAL.
 */
export function toErrorBody(error: unknown, event = '?'): ErrorBody {
  const body = errorBodyOf(error);
  if (body) return body;
  logger.error(`${event} failed: ${error instanceof Error ? error.message : String(error)}`, error instanceof Error ? error.stack : undefined);
  return { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE };
}
