import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';

export function buildOpenApiDocument(app: INestApplication, version = '0.1.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Catalyse API')
    .setDescription(
      [
        'Commands and reads of the Catalyse network (partnerships, rooms, catalyseurs).',
        '',
        '- Create: `POST /api/{partnerships|rooms|catalyseurs}` → `201 {id, revision, position}`.',
        '- Command: `POST /api/{resource}/{id}/{command}` → `200 {id, revision, position}`; `ETag` holds the new revision.',
        '- `If-Match: "<revision>"` refuses a command when the aggregate changed since (409 with `currentRevision`).',
        "- `Idempotency-Key`: a retry with the same key (by the same person: keys are each caller's own) answers the first result and writes nothing.",
        '- Errors: `{code, message, details?, currentRevision?, requestId}` with codes VALIDATION 400, UNAUTHORIZED 401, FORBIDDEN 403, ' +
          'NOT_FOUND 404, METHOD_NOT_ALLOWED 405 (with `Allow`; `OPTIONS` answers 204 with it), CONFLICT 409, PERSON_ERASED 410, PAYLOAD_TOO_LARGE 413, UNSUPPORTED_MEDIA_TYPE 415 (a body not sent as ' +
          '`application/json` in UTF-8), RULE_VIOLATED 422, RATE_LIMITED 429, INTERNAL 500, UNAVAILABLE 503.',
        '- Revisions and positions are JSON integers (64-bit in the store; they stay below 2^53 in practice).',
      ].join('\n'),
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from `npm run ops -- token …`' })
    .build();
  return withJsonErrors(withBodyErrors(SwaggerModule.createDocument(app, config)));
}

/** The error body, as the document's own decorators name it. */
const ERROR_BODY = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } } };

/**
 * Every route taking a body answers 413 for one over the limit (it is refused as it is read, whatever the route):
 * added to each operation that documents a request body, beside the common errors of its controller.
 */
function withBodyErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation?.requestBody || operation.responses['413']) continue;
      operation.responses['413'] = { description: 'PAYLOAD_TOO_LARGE: a JSON body over the limit (64 KB by default)', ...ERROR_BODY };
    }
  }
  return document;
}

/**
 * An error is answered in JSON whatever the route produces when it succeeds: `@ApiProduces('application/zip')` (or
 * csv, html) on a download route would otherwise list its error bodies under that media type too.
 */
function withJsonErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      for (const [status, response] of Object.entries(item[method]?.responses ?? {})) {
        if (Number(status) < 400 || response === undefined || !('content' in response) || response.content === undefined) continue;
        const schema = Object.values(response.content).find((media) => media.schema !== undefined)?.schema;
        if (schema !== undefined) response.content = { 'application/json': { schema } };
      }
    }
  }
  return document;
}

/** Swagger UI at `/api/docs`, the document at `/api/docs-json` (both public: they are not Nest routes). */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
