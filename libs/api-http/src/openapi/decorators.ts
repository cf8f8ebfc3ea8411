import { applyDecorators, Controller, Get, HttpCode, HttpStatus, Post, type Type, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  type ApiResponseOptions,
  ApiTags,
} from '@nestjs/swagger';
import type { ActionOf, Resource } from '@catalyse/auth';
import { Access } from '../access/access.decorator';
import { DeferredNotFoundInterceptor } from '../access/deferred-not-found';
import { CommandAccepted } from '../commands/accepted';
import { ID_PATTERN } from '../validation/validation';
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
    error(415, 'UNSUPPORTED_MEDIA_TYPE: a body not sent as `application/json` (UTF-8)'),
    error(429, 'RATE_LIMITED'),
  );

/** A controller of the api: its path under `/api`, its OpenAPI tag, the common errors. */
export const ApiController = (path: string): ClassDecorator => applyDecorators(Controller(path), ApiTags(path.split('/')[0] ?? path), ApiCommonErrors());

/** A refusal a route answers besides the common ones (`404 NOT_FOUND: …`), with the error body. */
export const ApiErrorResponse = (status: number, description: string): MethodDecorator & ClassDecorator => error(status, description);

export const ApiIdParam = (description = 'Id of the aggregate'): MethodDecorator =>
  ApiParam({ name: 'id', description, schema: { type: 'string', pattern: ID_PATTERN.source } });

const commandHeaders = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: "A retry with the same key by the same person returns the first answer and writes nothing (keys are each caller's own)",
  }),
  ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Echoed back; recorded in the event metadata' }),
];

/** A row of the access table: `[resource, action]`. */
export type AccessRow<R extends Resource> = readonly [R, ActionOf<R>];

/**
 * A create: `POST` on the controller's path → `201 {id, revision, position}`,
 * answering to the given row of the access table.
 */
export function CreateRoute<R extends Resource>(access: AccessRow<R>, summary: string, description?: string): MethodDecorator {
  return applyDecorators(
    Post(),
    HttpCode(HttpStatus.CREATED),
    Access(access[0], access[1]),
    ApiOperation({ summary, ...(description ? { description } : {}) }),
    ...commandHeaders,
    ApiCreatedResponse({ type: CommandAccepted, description: 'Accepted; `ETag` holds the new revision' }),
    error(409, 'CONFLICT: the id is taken'),
    error(422, 'RULE_VIOLATED: the domain refused the command'),
  );
}

/**
 * A command on an existing aggregate: `POST :id/{name}` → `200 {id, revision,
 * position}` (or `response`), answering to the given row of the access table.
 */
export function CommandRoute<R extends Resource>(
  access: AccessRow<R>,
  name: string,
  summary: string,
  response: Type<unknown> = CommandAccepted,
): MethodDecorator {
  return applyDecorators(
    Post(`:id/${name}`),
    HttpCode(HttpStatus.OK),
    Access(access[0], access[1]),
    ApiOperation({ summary }),
    ApiIdParam(),
    ...commandHeaders,
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision you last saw ("3"): 409 if the aggregate changed since' }),
    ApiOkResponse({ type: response, description: 'Accepted; `ETag` holds the new revision' }),
    error(404, 'NOT_FOUND'),
    error(409, 'CONFLICT: If-Match is stale (currentRevision tells the current one)'),
    error(422, 'RULE_VIOLATED: the domain refused the command (its message says which rule)'),
  );
}

/**
 * A read: `GET path` (`:id` documented when the path has it), answering to the
 * given row of the access table; a 404 the access guard deferred is answered
 * after the query is validated (`DeferredNotFoundInterceptor`).
 */
export function ReadRoute<R extends Resource>(
  access: AccessRow<R>,
  path: string,
  summary: string,
  options: {
    readonly description?: string;
    readonly type?: Type<unknown>;
    readonly ok?: string;
    /** `false` for an `:id` read that answers every id (documents no 404). */
    readonly notFound?: false;
  } = {},
): MethodDecorator {
  return applyDecorators(
    Get(path),
    Access(access[0], access[1]),
    UseInterceptors(DeferredNotFoundInterceptor),
    ApiOperation({ summary, ...(options.description ? { description: options.description } : {}) }),
    ...(path.includes(':id') ? [ApiIdParam(), ...(options.notFound === false ? [] : [error(404, 'NOT_FOUND')])] : []),
    // Always a 200: a read without one would document only its refusals.
    ApiOkResponse({ ...(options.type ? { type: options.type } : {}), description: options.ok ?? 'The resource' }),
  );
}
