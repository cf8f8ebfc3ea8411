import { AppError, assertPayloadDepth, MAX_PAYLOAD_DEPTH, tooDeepField } from './index';

/** `depth` levels of arrays: `nested(1)` is `[]`, `nested(2)` is `[[]]`. */
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('payload depth', () => {
  it('measures levels from the payload itself: exactly the limit passes, one more is refused', () => {
    expect(tooDeepField(nested(MAX_PAYLOAD_DEPTH))).toBeUndefined();
    expect(tooDeepField(nested(MAX_PAYLOAD_DEPTH + 1))).toBe('0');
    expect(tooDeepField({ a: { b: { c: 1 } } }, 3)).toBeUndefined();
    expect(tooDeepField({ a: { b: { c: {} } } }, 3)).toBe('a');
  });

  it('names the top-level field the too-deep part is in, however deep and wherever it hides', () => {
    const body = { title: 'ok', partners: [{ orgId: 'a' }, { orgId: 'b', extra: nested(1300) }], modes: [] };
    expect(tooDeepField(body)).toBe('partners');
    expect(tooDeepField(JSON.parse(`{"__proto__": ${JSON.stringify(nested(40))}}`))).toBe('__proto__');
  });

  it('measures 100,000 levels without recursion', () => {
    expect(tooDeepField(nested(100_000))).toBe('0');
  });

  it('leaves scalars and shallow payloads alone', () => {
    for (const value of [null, 1, 'x'.repeat(10), true, undefined, [], {}, [1, 'a', { b: [null] }]]) expect(tooDeepField(value)).toBeUndefined();
  });

  it('refuses with a VALIDATION error naming the field', () => {
    let thrown: unknown;
    try {
      assertPayloadDepth({ ok: 1, since: nested(50) }, 'room:join payload');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toBody()).toEqual({
      code: 'VALIDATION',
      message: `room:join payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels (in since)`,
      details: [{ field: 'since', messages: [`since is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`] }],
    });
    expect(() => assertPayloadDepth({ since: { epoch: 1, seq: 2 } }, 'room:join payload')).not.toThrow();
  });
});
