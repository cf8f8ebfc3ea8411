import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { CommandAccepted } from '../shared/command-runner';
import { ID_PATTERN } from '../shared/validation';
import { ErrorBodyDto } from './error-body.dto';

const error = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, type: ErrorBodyDto } as ApiResponseOptions);

/** The errors every authenticated route can answer. */
export const ApiCommonErrors = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    error(400, 'VALIDATION: malformed or unknown fields (see details)'),
    error(401, 'UNAUTHORIZED: missing, expired or forged bearer token'),
    error(403, 'FORBIDDEN: not allowed for this principal'),
    error(429, 'RATE_LIMITED'),
  );

export const ApiIdParam = (description = 'Id of the aggregate'): MethodDecorator =>
  ApiParam({ name: 'id', description, schema: { type: 'string', pattern: ID_PATTERN.source } });

const commandHeaders = [
  ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer and writes nothing' }),
  ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Echoed back; recorded in the event metadata' }),
];

/** A create: `201 {id, revision, position}`. */
export const ApiCreateCommand = (summary: string, description?: string): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.CREATED),
    ApiOperation({ summary, ...(description ? { description } : {}) }),
    ...commandHeaders,
    ApiCreatedResponse({ type: CommandAccepted, description: 'Accepted; `ETag` holds the new revision' }),
    error(409, 'CONFLICT: the id is taken'),
    error(422, 'RULE_VIOLATED: the domain refused the command'),
  );

/** A command on an existing aggregate: `200 {id, revision, position}`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ApiCommand = (summary: string, type: Function = CommandAccepted): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.OK),
    ApiOperation({ summary }),
    ApiIdParam(),
    ...commandHeaders,
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision you last saw ("3"): 409 if the aggregate changed since' }),
    ApiOkResponse({ type, description: 'Accepted; `ETag` holds the new revision' } as ApiResponseOptions),
    error(404, 'NOT_FOUND'),
    error(409, 'CONFLICT: If-Match is stale (currentRevision tells the current one)'),
    error(422, 'RULE_VIOLATED: the domain refused the command (its message says which rule)'),
  );
