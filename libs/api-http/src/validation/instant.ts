import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, registerDecorator, type ValidationOptions } from 'class-validator';
import { isDateOrInstant, isInstant } from '@catalyse/domain';

/**
 * Strict times of query parameters, never normalised: a calendar date that
 * exists (`2025-02-30` is refused, not read as 2 March) or an ISO-8601 instant
 * with its zone whose parts exist (`2025-01-01T25:00:00Z` is refused).
 */
function strict(name: string, message: string, test: (value: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: test },
    });
}

/** A real instant, ISO-8601 with a zone (`isInstant` of `@catalyse/domain`). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return strict('isInstant', '$property must be an ISO-8601 date-time with a time zone that exists, e.g. 2025-03-01T12:00:00Z', isInstant, options);
}

/** A real calendar date `YYYY-MM-DD` or a real instant (`isDateOrInstant` of `@catalyse/domain`). */
export function IsDateOrInstant(options?: ValidationOptions): PropertyDecorator {
  return strict(
    'isDateOrInstant',
    '$property must be a date YYYY-MM-DD or an ISO-8601 date-time with a time zone, both existing (e.g. 2025-03-01 or 2025-03-01T12:00:00Z)',
    isDateOrInstant,
    options,
  );
}

/** An optional query parameter holding a date or an instant. */
export function DateOrInstantQuery(description: string, example = '2013-01-01'): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsDateOrInstant(),
    ApiPropertyOptional({
      type: String,
      description,
      example,
      pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
    }),
  );
}
