import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, registerDecorator, type ValidationOptions } from 'class-validator';
import { calendarDateOf, isCalendarDate, isDateOrInstant, isInstant } from '@catalyse/domain';
import { AppError } from '@catalyse/protocol';
import type { Moment } from '../commands/command-request';

/** The OpenAPI pattern of a date or an instant (the validators below check that each part exists). */
const DATE_OR_INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

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
      pattern: DATE_OR_INSTANT_PATTERN,
    }),
  );
}

/**
 * An optional body field dating a creation command in the past (when a
 * gathering was scheduled, a territory registered, a catalyseur joined): a
 * date or an instant, both real; `pastOrNow` refuses one after the request's
 * moment and gives the request's moment when it is absent.
 */
export function PastDateOrInstantField(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsDateOrInstant(),
    ApiPropertyOptional({
      type: String,
      description: `${description} A date YYYY-MM-DD or an ISO-8601 instant with its zone, not after the request (400 VALIDATION); now when absent. An instant is written in UTC, as every time the api writes; a date as given.`,
      example,
      pattern: DATE_OR_INSTANT_PATTERN,
    }),
  );
}

/**
 * The time a creation command is dated with: `value` when given (validated by
 * `PastDateOrInstantField`) — a date as written, an instant in the UTC form of
 * `at.iso`, so the deciders (no time zone: they compare the days as written)
 * compare it with the times the api writes itself, by the same clock — else
 * the request's moment. A date after today (in the network's time zone) or an
 * instant after now is refused: `400 VALIDATION`, as the other checks the
 * domain cannot make (it has no clock).
 */
export function pastOrNow(value: string | null | undefined, field: string, at: Moment): string {
  if (value === undefined || value === null) return at.iso;
  notInFuture(value, field, at);
  return isCalendarDate(value) ? value : new Date(value).toISOString();
}

/**
 * The day of a time the api writes (`pastOrNow`'s: a date, or an instant in UTC) in the network's time zone: a date
 * is its own day; an instant, its day where the network is (`2026-12-05T04:00:00Z` is the 4th in Pago Pago). What
 * the deciders take as the floor of the dates a person gives (`proposedOn`, `scheduledOn`, `registeredOn`).
 */
export function dayOf(time: string, at: Moment): string {
  return isCalendarDate(time) ? time : calendarDateOf(new Date(time), at.timeZone);
}

/**
 * The one check that a date or an instant is not in the future, left as
 * written: a date after today (in the network's time zone, `at.today`) or an
 * instant after now (`at.now`) is refused, `400 VALIDATION` on `field`
 * (`asOf cannot be in the future: 2099-01-01 is after today (2026-12-04)`).
 * Today itself, and any instant up to now, pass.
 */
export function notInFuture(value: string, field: string, at: Moment): void {
  if (isCalendarDate(value)) {
    if (value > at.today) throw invalid(field, `${field} cannot be in the future: ${value} is after today (${at.today})`);
    return;
  }
  if (!isInstant(value)) throw invalid(field, `${field} must be a date YYYY-MM-DD or an ISO-8601 instant with its zone`);
  if (new Date(value).getTime() > at.now.getTime()) throw invalid(field, `${field} cannot be in the future: ${value} is after now (${at.iso})`);
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { details: [{ field, messages: [message] }] });
}
