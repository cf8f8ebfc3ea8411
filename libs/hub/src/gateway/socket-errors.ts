import { Logger } from '@nestjs/common';
import { isDomainError } from '@catalyse/domain';
import { PartialDuplicateAppendError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { AppError, type ErrorBody } from '@catalyse/protocol';

const logger = new Logger('HubErrors');
const GENERIC_INTERNAL = 'an unexpected error occurred; it has been logged';

/**
 * The one mapping from anything a hub handler throws to the `error` of an ack
 * (DESIGN §7): coded, readable, never a stack. Our own failures are logged and
 * answered with a generic INTERNAL.
 */
export function toErrorBody(error: unknown, event = '?'): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  if (isDomainError(error)) return { code: error.code, message: error.message };
  if (error instanceof WrongExpectedRevisionError) {
    return {
      code: 'CONFLICT',
      message: `the resource changed: ${error.message}`,
      ...(error.actual !== undefined ? { currentRevision: error.actual.toString() } : {}),
    };
  }
  if (error instanceof PartialDuplicateAppendError) {
    return { code: 'CONFLICT', message: 'this request partly repeats an earlier one' };
  }
  logger.error(`${event} failed: ${error instanceof Error ? error.message : String(error)}`, error instanceof Error ? error.stack : undefined);
  return { code: 'INTERNAL', message: GENERIC_INTERNAL };
}
