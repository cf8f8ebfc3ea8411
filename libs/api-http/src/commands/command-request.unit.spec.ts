import { AppError } from '@catalyse/protocol';
import { ensureCorrelationId, parseIdempotencyKey, parseIfMatch } from './command-request';

describe('If-Match', () => {
  it('reads a quoted or bare revision', () => {
    expect(parseIfMatch('"3"')).toBe(3n);
    expect(parseIfMatch('3')).toBe(3n);
    expect(parseIfMatch(' "0" ')).toBe(0n);
  });
  it('refuses a weak tag, which If-Match never matches (RFC 9110), saying so', () => {
    for (const weak of ['W/"12"', 'W/"8', 'W/8"']) {
      expect(() => parseIfMatch(weak)).toThrow(/not a weak tag/);
    }
  });
  it('sets no expectation when absent or *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });
  it('refuses anything else with VALIDATION', () => {
    for (const bad of ['"abc"', '-1', '"1", "2"', '1.5', '"99999999999999999999"', '"8', '8"', 'W/"8', 'W/8"', '"05"', '007']) {
      expect(() => parseIfMatch(bad)).toThrow(AppError);
    }
  });
});

describe('Idempotency-Key', () => {
  it('accepts printable keys up to 200 characters', () => {
    expect(parseIdempotencyKey('retry-42')).toBe('retry-42');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });
  it('refuses empty, long or non-printable keys', () => {
    expect(() => parseIdempotencyKey('')).toThrow(AppError);
    expect(() => parseIdempotencyKey('x'.repeat(201))).toThrow(AppError);
    expect(() => parseIdempotencyKey('a b')).toThrow(AppError);
  });
  it('says exactly what is allowed: a space is printable, and refused', () => {
    expect(() => parseIdempotencyKey('a b')).toThrow('Idempotency-Key must be 1 to 200 printable ASCII characters, without spaces');
  });
});

describe('correlation id', () => {
  const sink = () => {
    const headers: Record<string, string> = {};
    return { headers, setHeader: (name: string, value: string) => (headers[name] = value) };
  };
  it('keeps a sane given id and echoes it', () => {
    const req = { headers: { 'x-correlation-id': 'abc-123' } as Record<string, string | string[] | undefined> };
    const res = sink();
    expect(ensureCorrelationId(req, res)).toBe('abc-123');
    expect(res.headers['x-correlation-id']).toBe('abc-123');
  });
  it('replaces a missing or odd one with a UUID, written back into the request', () => {
    const req = { headers: { 'x-correlation-id': 'has space' } as Record<string, string | string[] | undefined> };
    const id = ensureCorrelationId(req, sink());
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers['x-correlation-id']).toBe(id);
  });
});
