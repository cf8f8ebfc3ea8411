import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  buildMessage,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { isCalendarDate, textLength } from '@catalyse/domain';
import { ID_RULE, ROOM_ID_PATTERN, textFault } from '@catalyse/protocol';

/** Identifiers of aggregates, organisations, milestones…: URL-safe, 1 to 100 characters. */
export const ID_PATTERN = ROOM_ID_PATTERN;
export { ID_RULE };

/** Longest title or name accepted. */
export const TITLE_MAX = 200;
/** Longest free text accepted (reasons, evidence, decisions). */
export const TEXT_MAX = 4000;

/**
 * A person's text: well-formed Unicode, no control characters but tabs and line breaks, something visible
 * (`textFault` of `@catalyse/protocol`, which the hub applies too). Strings only: `IsString` speaks for the rest.
 */
export function ReadableText(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'readableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || textFault(value) === undefined,
        defaultMessage: (args) => {
          // With `each`, the message is made once for the list: it names the first fault found in it.
          const values: unknown[] = Array.isArray(args?.value) ? (args.value as unknown[]) : [args?.value];
          const fault = values.map((value) => (typeof value === 'string' ? textFault(value) : undefined)).find((found) => found !== undefined);
          return `${options.each ? 'each value of $property' : '$property'} ${fault ?? 'must be readable text'}`;
        },
      },
    },
    options,
  );
}

/**
 * At most `max` characters, counted by `textLength` of `@catalyse/domain` (the count of the deciders' bounds and of the
 * console): class-validator's `MaxLength` counts alike today, but its own count, with the domain's beside it, once let
 * a text pass here and be refused by the domain. Same name and message as `MaxLength`.
 */
export function MaxTextLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && textLength(value) <= max,
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be shorter than or equal to $constraint1 characters`, options),
      },
    },
    options,
  );
}

type Docs = Omit<ApiPropertyOptions, 'type' | 'required'>;

function doc(optional: boolean, options: ApiPropertyOptions): PropertyDecorator {
  return ApiProperty({ ...options, required: !optional } as ApiPropertyOptions);
}

/**
 * First check of every field (the pipe stops at the first failing check of a
 * field, so each field gets one clear message): optional, or required.
 */
export function presence(optional: boolean): PropertyDecorator[] {
  return [optional ? IsOptional() : IsDefined({ message: '$property is required' })];
}

/**
 * An optional identifier may be left out (a UUID is made where the command needs one), never given as `null`:
 * `IsOptional` would let `null` through as if absent, to be refused later by the domain (422) or stored as nothing.
 * `what`: what the field must be, for the message (`an identifier (…)`).
 */
function absentOrGiven(what: string): PropertyDecorator[] {
  return [
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: 'notNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: () => `$property must be ${what}, not null: leave it out instead`,
      },
    }),
  ];
}

/** An identifier (see `ID_PATTERN`); optional, it may be absent but not `null`. */
export function IdField(optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...(optional ? absentOrGiven(`an identifier (${ID_RULE})`) : presence(false)),
    IsString(),
    Matches(ID_PATTERN, { message: `$property must be an identifier (${ID_RULE})` }),
    doc(optional, { type: String, pattern: ID_PATTERN.source, example: 'a1b2c3', ...docs } as ApiPropertyOptions),
  );
}

/** A non-blank text of at most `max` characters. */
export function TextField(max: number, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsString(),
    MinLength(1),
    MaxTextLength(max),
    ReadableText(),
    doc(optional, { type: String, minLength: 1, maxLength: max, ...docs } as ApiPropertyOptions),
  );
}

/** One value of a domain vocabulary. */
export function EnumField(values: readonly string[], optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsString(),
    IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }),
    doc(optional, { enum: [...values], ...docs } as ApiPropertyOptions),
  );
}

/** Distinct values of a domain vocabulary. */
export function EnumArrayField(values: readonly string[], min: number, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(values.length),
    ArrayUnique(),
    IsIn([...values], { each: true, message: `each value of $property must be one of: ${values.join(', ')}` }),
    doc(optional, { enum: [...values], isArray: true, minItems: min, maxItems: values.length, uniqueItems: true, ...docs } as ApiPropertyOptions),
  );
}

/** A list of non-blank texts. */
export function TextArrayField(maxItems: number, maxLength: number, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxTextLength(maxLength, { each: true }),
    ReadableText({ each: true }),
    doc(optional, { type: String, isArray: true, maxItems, ...docs } as ApiPropertyOptions),
  );
}

/** A list of distinct identifiers. */
export function IdArrayField(maxItems: number, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsArray(),
    ArrayMaxSize(maxItems),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(ID_PATTERN, { each: true, message: `each value of $property must be an identifier (${ID_RULE})` }),
    doc(optional, { type: String, isArray: true, maxItems, pattern: ID_PATTERN.source, ...docs } as ApiPropertyOptions),
  );
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a calendar date YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

export function DateField(optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsCalendarDate(),
    doc(optional, { type: String, format: 'date', example: '2025-03-14', ...docs } as ApiPropertyOptions),
  );
}

/**
 * A whole number in `[min, max]`. `optional`: `true` lets it be left out or `null` (as absent); `'not-null'` lets it
 * be left out only, `null` refused (400) rather than taken for absent (an operator's parameter, `batchSize`).
 */
export function IntField(min: number, max: number, optional: boolean | 'not-null' = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...(optional === 'not-null' ? absentOrGiven('an integer') : presence(optional)),
    IsInt(),
    Min(min),
    Max(max),
    doc(optional !== false, { type: 'integer', minimum: min, maximum: max, ...docs } as ApiPropertyOptions),
  );
}

/** A nested object (validated with its own DTO class). */
export function NestedField(type: () => new () => object, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(...presence(optional), IsObject(), ValidateNested(), Type(type), doc(optional, { type: type(), ...docs } as ApiPropertyOptions));
}

/**
 * Each value of a list is an object (not an array, whose values
 * `ValidateNested` would otherwise validate one level down, as if they were
 * the list's).
 */
export function EachObject(): PropertyDecorator {
  return IsObject({ each: true, message: 'each value of $property must be an object' });
}

/** A list of nested objects, `min` to `max` of them. */
export function NestedArrayField(type: () => new () => object, min: number, max: number, optional = false, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ...presence(optional),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(max),
    EachObject(),
    ValidateNested({ each: true }),
    Type(type),
    doc(optional, { type: [type()], minItems: min, maxItems: max, ...docs } as ApiPropertyOptions),
  );
}

/**
 * A query text in its composed Unicode form (NFC) before it is validated and compared: « Côte » copied from macOS comes
 * decomposed (`o` and a combining circumflex, NFD), which the pattern of letters refused and no name would equal.
 */
export const ComposedText = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC') : value));
