import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';
import { ID_PATTERN, ID_RULE } from './validation';

/** Refuses an id that is not an identifier (never a 500 for ids with odd characters). */
export function assertId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new AppError('VALIDATION', `invalid ${field} in the path: ${ID_RULE}`, {
      details: [{ field, messages: [`${field} must be an identifier (${ID_RULE})`] }],
    });
  }
  return value;
}

/** Validates an `:id` path parameter. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return assertId(value);
  }
}
