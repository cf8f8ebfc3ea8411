import {
  AppError,
  assertPayloadBreadth,
  clipped,
  MAX_PAYLOAD_KEYS,
  MAX_PAYLOAD_TOTAL_KEYS,
  MAX_REPORTED_FIELDS,
  reportedFieldErrors,
  tooWideObject,
} from './index';

const wide = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('payload breadth', () => {
  it('lets exactly the limit through and names the first object beyond it, at any depth', () => {
    expect(tooWideObject(wide(MAX_PAYLOAD_KEYS))).toBeUndefined();
    expect(tooWideObject(wide(MAX_PAYLOAD_KEYS + 1))).toEqual({ field: '', keys: MAX_PAYLOAD_KEYS + 1 });
    expect(tooWideObject({ a: [{ b: wide(100) }] })).toEqual({ field: 'a.0.b', keys: 100 });
    expect(tooWideObject(JSON.parse(`{"__proto__": ${JSON.stringify(wide(70))}}`))).toEqual({ field: '__proto__', keys: 70 });
  });

  it('counts no array as an object: lists are bounded by the DTOs', () => {
    expect(tooWideObject({ ids: Array.from({ length: 5000 }, (_, i) => `id-${i}`) })).toBeUndefined();
    for (const value of [null, 1, 'x', undefined, [], {}]) expect(tooWideObject(value)).toBeUndefined();
  });

  it('bounds the properties of the whole payload too: many objects each within the limit', () => {
    // The reviewer's case: 90 partners of 60 unknown keys each, every object within 64.
    const partners = { title: 't', partners: Array.from({ length: 90 }, () => wide(60)) };
    expect(tooWideObject(partners)).toMatchObject({ field: '', total: true });
    expect(tooWideObject(partners)?.keys).toBeGreaterThan(MAX_PAYLOAD_TOTAL_KEYS);
    expect(() => assertPayloadBreadth(partners, 'invalid request', '(body)')).toThrow(
      `invalid request: (body) has more than ${MAX_PAYLOAD_TOTAL_KEYS} properties in all (its objects together), more than any request takes`,
    );
    // The widest legitimate request under the 64 KB body limit: a speed dating's 1,598 pairs (3,197 keys).
    const pairs = { pairs: Array.from({ length: 1598 }, (_, i) => ({ associationId: `a-${i}`, entrepriseId: `e-${i}` })) };
    expect(tooWideObject(pairs)).toBeUndefined();
    // Exactly the bound passes (2 + 62 + 4,032 keys), one more is refused.
    const exactly = { a: wide(MAX_PAYLOAD_KEYS - 2), b: Array.from({ length: (MAX_PAYLOAD_TOTAL_KEYS - MAX_PAYLOAD_KEYS) / 4 }, () => wide(4)) };
    expect(tooWideObject(exactly)).toBeUndefined();
    expect(tooWideObject({ ...exactly, c: 1 })).toMatchObject({ field: '', total: true });
  });

  it('walks 100,000 levels without recursion', () => {
    expect(tooWideObject(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBeUndefined();
  });

  it('refuses with one VALIDATION detail naming the object', () => {
    let thrown: unknown;
    try {
      assertPayloadBreadth({ room: 'r', since: wide(65) }, 'invalid room:sync payload', '(payload)');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toBody()).toEqual({
      code: 'VALIDATION',
      message: `invalid room:sync payload: since has 65 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`,
      details: [{ field: 'since', messages: [`since has 65 properties, more than the ${MAX_PAYLOAD_KEYS} any request takes`] }],
    });
    expect(() => assertPayloadBreadth(wide(MAX_PAYLOAD_KEYS + 1), 'invalid request', '(body)')).toThrow(
      `invalid request: (body) has ${MAX_PAYLOAD_KEYS + 1} properties`,
    );
  });

  it('reports the first fields only, clipped, and counts the others', () => {
    const details = Array.from({ length: 25 }, (_, i) => ({ field: `f${i}`, messages: [`property f${i} should not exist`] }));
    const reported = reportedFieldErrors(details);
    expect(reported.details).toEqual(details.slice(0, MAX_REPORTED_FIELDS));
    expect(reported.omitted).toBe(25 - MAX_REPORTED_FIELDS);
    expect(clipped('a'.repeat(120))).toBe('a'.repeat(120));
    expect(clipped('a'.repeat(121))).toBe(`${'a'.repeat(119)}…`);
    // A long key is clipped wherever it is repeated; a long message of a validator is kept whole.
    const key = 'k'.repeat(5000);
    const message = `the ${'very '.repeat(50)}long rule`;
    expect(reportedFieldErrors([{ field: `a.${key}`, messages: [`property ${key} should not exist`, message] }]).details).toEqual([
      { field: `a.${'k'.repeat(119)}…`, messages: [`property ${'k'.repeat(119)}… should not exist`, message] },
    ]);
    // Whole code points: an emoji is never cut in half.
    expect(clipped(`${'a'.repeat(118)}😀😀`)).toBe(`${'a'.repeat(118)}😀…`);
  });
});
