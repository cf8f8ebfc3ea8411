import type { ArgumentMetadata, INestApplication } from '@nestjs/common';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtAuthGuard } from '@catalyse/auth';
import { AppError, assertPayloadBreadth, assertPayloadDepth, clippedPath, prototypeKeyIn } from '@catalyse/protocol';
import { QueryParametersGuard } from '@catalyse/runtime';
import { HttpErrorFilter } from './errors/http-error.filter';
import { validationException } from './errors/validation-errors';
import { setupSwagger } from './openapi/swagger';
import { HttpThrottlerGuard } from './setup/http-throttler.guard';
import { AccessGuard } from './access/access.guard';
import { CORRELATION_HEADER, correlationMiddleware } from './commands/command-request';
import { answerClientErrors, type ClientErrorServer } from './setup/client-errors';
import { serveConsole } from './setup/serve-console';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from './setup/options';
import { useCors, useSecurityHeaders } from './setup/security-headers';

export interface ConfigureHttpAppOptions {
  /** Largest JSON body accepted (body-parser syntax), default `64kb`; larger → 413 PAYLOAD_TOO_LARGE. */
  readonly bodyLimit?: string;
  /** Rate limiting (limits set in `ApiHttpModule.forRoot({rateLimit})`), default on. */
  readonly throttle?: boolean;
  /** OpenAPI at `/api/docs` and `/api/docs-json`, default on. */
  readonly swagger?: boolean;
  /** Global route prefix, default `api`. */
  readonly prefix?: string;
  /**
   * Express `trust proxy` (TRUST_PROXY): behind nginx or an ingress, the hops to
   * trust so that `req.ip` (rate limits, logs) is the client's, not the proxy's.
   * Default: not trusted.
   */
  readonly trustProxy?: boolean | number | string;
  /**
   * The console's built files (`dist/apps/console/public`, found beside the
   * compiled api by default), served at `/` with a fallback to its
   * `index.html`; `false` serves nothing.
   */
  readonly consoleDir?: string | false;
  /** Origins whose browser pages may call the api (CORS_ORIGINS), e.g. `https://console.example.org`; default none. */
  readonly corsOrigins?: readonly string[];
  /**
   * The hubs' public origin (HUB_URL) when they are not reached through the api's own origin: handed to the
   * console it serves (a `<meta>` of its page) and allowed in its content security policy's `connect-src`.
   */
  readonly hubUrl?: string;
}

interface BodyParserError {
  readonly type?: string;
  readonly message?: string;
  /** The raw body, on a parse failure. */
  readonly body?: unknown;
}
type Next = (error?: unknown) => void;
interface ReadRequest {
  readonly body?: unknown;
  readonly method?: string;
  readonly originalUrl?: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

const bodyLog = new Logger('HttpBody');

/** Whether a request carries a body (as body-parser decides it: a length other than 0, or chunks). */
function hasBody(req: ReadRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json`, whatever its parameters (the charset is checked apart: {@link charsetOf}). */
function isJson(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && (contentType.split(';')[0] ?? '').trim().toLowerCase() === 'application/json';
}

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; `undefined` when none is given. */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...value] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      return value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return undefined;
}

/** The message of the error `verifyUtf8` throws (body-parser gives it the type `entity.verify.failed`). */
const NOT_UTF8 = 'the body is not valid UTF-8';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * body-parser's `verify` hook, run on the raw bytes before they are decoded: bytes that are no UTF-8 (`\xc3\x28`)
 * would otherwise be read as U+FFFD, silently changing what was sent.
 */
function verifyUtf8(_req: unknown, _res: unknown, buffer: Buffer): void {
  try {
    utf8.decode(buffer);
  } catch {
    throw new Error(NOT_UTF8);
  }
}

/**
 * The Content-Encoding a body could not be decoded from (zlib's own error, without a body-parser `type`: `incorrect
 * header check`, `Decompression failed`, `unexpected end of file`), or `undefined` for any other error. An encoding
 * body-parser does not know is its own 415 (`unsupported content encoding`).
 */
function undecodable(error: unknown, req: ReadRequest): string | undefined {
  const given = req.headers['content-encoding'];
  const encoding = typeof given === 'string' ? given.trim().toLowerCase() : '';
  if (encoding === '' || encoding === 'identity') return undefined;
  const failure = error as (BodyParserError & { readonly errno?: unknown; readonly code?: unknown }) | undefined;
  if (failure === undefined || failure === null || failure.type !== undefined) return undefined;
  return typeof failure.errno === 'number' || (typeof failure.code === 'string' && /^(Z_|ERR_)/.test(failure.code)) ? encoding : undefined;
}

/** Whether a body body-parser refused is JSON all the same (a scalar: `null`, `"text"`, `42`). */
function isJsonText(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A key every object has (`__proto__`, `constructor`, `toString`…: `PROTOTYPE_KEYS`) is no field of any body: the
 * validation pipe would drop it unseen (class-transformer never copies it), or a read model would read the inherited
 * member through it. Refused as any unknown field, at any depth (the depth is bounded by then).
 */
function assertNoPrototypeKey(value: unknown): void {
  const found = prototypeKeyIn(value);
  if (found === undefined) return;
  const field = clippedPath(found);
  const message = `property ${field} should not exist`;
  throw new AppError('VALIDATION', `invalid request: ${field}`, { details: [{ field, messages: [message] }] });
}

/**
 * The validation pipe of every route, which also refuses a query parameter named after a key every object has
 * (`?toString=1`, `?__proto__=1`, `?constructor=`…) as it refuses any unknown one: class-transformer never copies
 * such a key into the query's class, so the whitelist never sees it and it went through unrefused.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.data === undefined) {
      // Before class-transformer and class-validator, whose work grows with the number of keys (see `MAX_PAYLOAD_KEYS`).
      assertPayloadBreadth(value, 'invalid request', '(query)');
      assertNoPrototypeKey(value);
    }
    return (await super.transform(value, metadata)) as unknown;
  }
}

/**
 * A body refused as it is read never reaches the request logger (it runs
 * with the routes): its own line, with its request id, so that the id a user
 * quotes from an error body is found in the logs.
 */
function refusedAsRead(req: ReadRequest, error: AppError): AppError {
  const id = req.headers[CORRELATION_HEADER];
  bodyLog.log(`${req.method ?? '?'} ${req.originalUrl ?? '?'} refused as its body was read: ${error.code} ${error.message} (request ${String(id)})`);
  return error;
}

/**
 * Prepares an application that imports `ApiHttpModule` (call before `listen`/`init`):
 * JSON error bodies for the requests Node refuses itself (`answerClientErrors`),
 * `api` prefix, correlation ids, security headers (helmet) and CORS for the
 * configured origins, JSON body limits (size, nesting up to
 * `MAX_PAYLOAD_DEPTH` levels, `MAX_PAYLOAD_KEYS` properties per object), the validation pipe, the error
 * filter, the rate limit, the JWT guard, the access guard (the access table,
 * before validation) and the query parameters' guard (a parameter the route does
 * not take: 400) on every route, the OpenAPI docs, and the console at `/`.
 */
export function configureHttpApp(app: INestApplication, options: ConfigureHttpAppOptions = {}): void {
  const bodyLimit = options.bodyLimit ?? '64kb';
  const express = app as NestExpressApplication;

  express.disable('x-powered-by');
  // The only tags the api gives are the revisions it writes (`tagRevision`: `ETag: "3"`, what If-Match takes back).
  // Express's own weak tags of every other body (an error, a list) named no revision: sent back as If-Match, a 400.
  express.set('etag', false);
  // A request Node refuses before Express (headers over 16 KB: 431, malformed: 400) answers a JSON error body too.
  answerClientErrors(app.getHttpServer() as ClientErrorServer);
  if (options.trustProxy !== undefined) express.set('trust proxy', options.trustProxy);
  app.setGlobalPrefix(options.prefix ?? 'api');
  app.use(correlationMiddleware);
  useSecurityHeaders(express, options.hubUrl);
  useCors(express, options.corsOrigins ?? []);
  if (options.consoleDir !== false) {
    // The network's time zone (ApiHttpModule's `timeZone`, TIME_ZONE): the console dates instants on its calendar.
    const timeZone = networkTimeZone(app);
    serveConsole(express, options.consoleDir, {
      prefix: options.prefix ?? 'api',
      ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
      ...(timeZone ? { timeZone } : {}),
    });
  }
  // Every route of the api reads JSON: a body of another type would be read as nothing (`text/plain`) or as
  // strings (a form), so it is refused before any parser, whatever the route (415, as a wrong charset).
  const prefix = `/${options.prefix ?? 'api'}`;
  app.use((req: ReadRequest & { readonly path?: string }, _res: unknown, next: Next) => {
    const path = req.path ?? '';
    if ((path === prefix || path.startsWith(`${prefix}/`)) && hasBody(req) && !isJson(req.headers['content-type'])) {
      const given = req.headers['content-type'];
      const what = typeof given === 'string' && given.trim() !== '' ? given.split(';')[0]?.trim() : 'no Content-Type';
      return next(refusedAsRead(req, new AppError('UNSUPPORTED_MEDIA_TYPE', `the request body must be JSON (Content-Type: application/json), not ${what}`)));
    }
    // JSON in UTF-8 only (no charset says UTF-8): body-parser would decode UTF-16 too, and read any other as UTF-8.
    const charset = typeof req.headers['content-type'] === 'string' ? charsetOf(req.headers['content-type']) : undefined;
    if ((path === prefix || path.startsWith(`${prefix}/`)) && hasBody(req) && charset !== undefined && charset !== 'utf-8') {
      return next(refusedAsRead(req, new AppError('UNSUPPORTED_MEDIA_TYPE', `the request body must be JSON in UTF-8, not charset=${charset}`)));
    }
    return next();
  });
  // Registered before Nest's default parsers, which then step aside (the form parser too: no body under the
  // prefix reaches it any more, refused above, but registering it keeps Nest's default one, of another limit, away).
  express.useBodyParser('json', { limit: bodyLimit, verify: verifyUtf8 });
  express.useBodyParser('urlencoded', { limit: bodyLimit, extended: false });
  // body-parser's errors, turned into the taxonomy before they reach the filter.
  app.use((error: unknown, req: ReadRequest, _res: unknown, next: Next) => {
    const type = (error as BodyParserError | undefined)?.type;
    if (type === 'entity.too.large') return next(refusedAsRead(req, new AppError('PAYLOAD_TOO_LARGE', `the request body exceeds ${bodyLimit}`)));
    const encoding = undecodable(error, req);
    if (encoding !== undefined)
      return next(refusedAsRead(req, new AppError('VALIDATION', `the body is not valid ${encoding} (Content-Encoding: ${encoding})`)));
    if (type === 'entity.verify.failed' && (error as BodyParserError).message === NOT_UTF8)
      return next(refusedAsRead(req, new AppError('VALIDATION', NOT_UTF8)));
    if (type === 'entity.parse.failed') {
      // body-parser (strict) refuses valid JSON that is not an object or an array (`null`, `"text"`, `42`): not malformed, but not a body.
      const message = isJsonText((error as BodyParserError).body)
        ? 'the body must be a JSON object'
        : `malformed JSON body: ${(error as BodyParserError).message ?? 'cannot parse'}`;
      return next(refusedAsRead(req, new AppError('VALIDATION', message)));
    }
    return next(error);
  });
  // Nesting is limited as the body is read, like its size: validators recurse, and must never reach the end of the stack.
  app.use((req: ReadRequest, _res: unknown, next: Next) => {
    try {
      // So is the number of properties of each object (first: the cheapest walk of a wide body), as thousands of
      // unknown keys cost the validators 30 to 190 ms and were all listed in the answer.
      assertPayloadBreadth(req.body, 'invalid request', '(body)');
      assertPayloadDepth(req.body, 'the JSON body');
      // body-parser reads an array as a body: no route takes one (a create would list every field as missing).
      if (Array.isArray(req.body)) throw new AppError('VALIDATION', 'the body must be a JSON object');
      assertNoPrototypeKey(req.body);
    } catch (error) {
      return next(error instanceof AppError ? refusedAsRead(req, error) : error);
    }
    return next();
  });

  app.useGlobalPipes(
    new RequestValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      // One message per field: the first check it fails (presence, type, then range).
      stopAtFirstError: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  const guards = [];
  if (options.throttle ?? true) guards.push(app.get(HttpThrottlerGuard, { strict: false }));
  guards.push(app.get(JwtAuthGuard, { strict: false }), app.get(AccessGuard, { strict: false }));
  // Last: a query parameter the route does not take is a 400, after the token (401) and the access table (403).
  guards.push(new QueryParametersGuard());
  app.useGlobalGuards(...guards);
  if (options.swagger ?? true) setupSwagger(app);
}

/** The time zone of the app's ApiHttpModule, if it has one. */
function networkTimeZone(app: INestApplication): string | undefined {
  try {
    return app.get<string, ResolvedApiHttpOptions>(API_HTTP_OPTIONS, { strict: false }).timeZone;
  } catch {
    return undefined;
  }
}
