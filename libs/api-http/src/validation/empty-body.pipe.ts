import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@catalyse/protocol';

/** For commands without a payload: no body, `{}`, or else a 400 naming each unknown field. */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new AppError('VALIDATION', 'this command takes no body (or {})');
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new AppError('VALIDATION', `invalid request: ${fields.join(', ')}`, {
        details: fields.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
      });
    }
    return {};
  }
}
