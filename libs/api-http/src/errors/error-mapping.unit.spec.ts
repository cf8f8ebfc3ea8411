import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@catalyse/domain';
import { PartialDuplicateAppendError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { AppError } from '@catalyse/protocol';
import { toHttpError } from './error-mapping';

describe('toHttpError: one mapping from anything thrown to {code, message}', () => {
  it('keeps an AppError with its status, details and a WWW-Authenticate on 401', () => {
    const validation = toHttpError(new AppError('VALIDATION', 'bad', { details: [{ field: 'x', messages: ['no'] }] }));
    expect(validation).toEqual({ status: 400, body: { code: 'VALIDATION', message: 'bad', details: [{ field: 'x', messages: ['no'] }] } });
    const unauthorized = toHttpError(new AppError('UNAUTHORIZED', 'a bearer token is required'));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(toHttpError(new AppError('FORBIDDEN', 'no')).status).toBe(403);
  });

  it('maps domain refusals: RULE_VIOLATED 422, NOT_FOUND 404, CONFLICT 409, with the rule message', () => {
    expect(toHttpError(new DomainError('RULE_VIOLATED', 'a milestone can only be reached during pilotage'))).toEqual({
      status: 422,
      body: { code: 'RULE_VIOLATED', message: 'a milestone can only be reached during pilotage' },
    });
    expect(toHttpError(new DomainError('NOT_FOUND', 'x')).status).toBe(404);
    expect(toHttpError(new DomainError('CONFLICT', 'x')).status).toBe(409);
  });

  it('maps a stale revision to 409 CONFLICT with the current revision', () => {
    const mapped = toHttpError(new WrongExpectedRevisionError('partnership-1', 2n, 5n));
    expect(mapped.status).toBe(409);
    expect(mapped.body).toMatchObject({ code: 'CONFLICT', currentRevision: '5' });
    expect(toHttpError(new WrongExpectedRevisionError('partnership-1', 2n, undefined)).body.currentRevision).toBeUndefined();
    expect(toHttpError(new PartialDuplicateAppendError('s', ['a'])).status).toBe(409);
  });

  it('maps a refused budget to 429 RATE_LIMITED with Retry-After in whole seconds, the body as {code, message}', () => {
    const mapped = toHttpError(new AppError('RATE_LIMITED', 'too many requests', { retryAfterMs: 1200 }));
    expect(mapped).toEqual({ status: 429, body: { code: 'RATE_LIMITED', message: 'too many requests' }, headers: { 'Retry-After': '2' } });
    expect(toHttpError(new AppError('RATE_LIMITED', 'too many requests', { retryAfterMs: 3 })).headers).toEqual({ 'Retry-After': '1' });
  });

  it('maps the framework: throttling 429, unknown route 404, malformed JSON 400, too large 413', () => {
    expect(toHttpError(new HttpException('Too Many Requests', 429))).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect(toHttpError(new NotFoundException('Cannot GET /api/nope'))).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'Cannot GET /api/nope' } });
    const json = toHttpError(new BadRequestException('Unexpected token } in JSON at position 9'));
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('VALIDATION');
    expect(json.body.message).toMatch(/^malformed JSON body/);
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, statusCode: 413, expose: true, type: 'entity.too.large' });
    expect(toHttpError(tooLarge)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(toHttpError(new HttpException('gone', 410)).body.code).toBe('NOT_FOUND');
  });

  it('answers anything else with a generic 500 that hides the details', () => {
    const mapped = toHttpError(new TypeError('cannot read properties of undefined (reading "secret")'));
    expect(mapped.status).toBe(500);
    expect(mapped.unexpected).toBe(true);
    expect(mapped.body.code).toBe('INTERNAL');
    expect(mapped.body.message).not.toMatch(/secret/);
    expect(toHttpError('a string').status).toBe(500);
    expect(toHttpError(new HttpException('boom', 502)).body).toEqual({ code: 'INTERNAL', message: expect.not.stringContaining('boom') });
  });
});
