import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';
import { ID_PATTERN, ID_RULE } from './validation';

/** Validates an `:id` path parameter (never a 500 for ids with odd characters). */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new AppError('VALIDATION', `invalid id in the path: ${ID_RULE}`, {
        details: [{ field: 'id', messages: [`id must be an identifier (${ID_RULE})`] }],
      });
    }
    return value;
  }
}
