import { clampInt64, encodeAppend, MAX_INT64, matchesExpected, pageSize, streamReadStart } from './adapter-rules';
import { InvalidAppendError } from './errors';
import type { EventToAppend } from './event-store';

const metadata = { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2026-03-01T10:00:00Z', schemaVersion: 1 };
const event = (id: string, data: unknown = { n: 1 }): EventToAppend => ({ id, type: 'Tested', data, metadata });

describe('encodeAppend (the rules every adapter applies)', () => {
  it('serialises data and metadata as JSON text, once, at append time', () => {
    const data = { text: 'bonjour', list: [1, 2] };
    const [encoded] = encodeAppend('room-1', [event('e1', data)], 'any');
    data.text = 'changed later';
    expect(encoded).toEqual({ id: 'e1', type: 'Tested', data: '{"text":"bonjour","list":[1,2]}', metadata: JSON.stringify(metadata) });
  });

  it.each([
    ['an empty stream name', () => encodeAppend('', [event('e1')], 'any'), 'the stream name must be a non-empty string'],
    ['a negative expected revision', () => encodeAppend('s', [event('e1')], -1n), 'invalid expected revision -1 for stream s'],
    ['an unknown expectation', () => encodeAppend('s', [event('e1')], 'maybe' as never), 'invalid expected revision maybe for stream s'],
    ['no events', () => encodeAppend('s', [], 'any'), 'no events to append to stream s'],
    ['an event without id', () => encodeAppend('s', [event('')], 'any'), 'event 0 of the append to s has no id'],
    ['a repeated id', () => encodeAppend('s', [event('e1'), event('e1')], 'any'), 'event 1 of the append to s repeats the id e1'],
    ['an event without type', () => encodeAppend('s', [{ ...event('e1'), type: '' }], 'any'), 'event 0 of the append to s has no type'],
    ['data that is not JSON', () => encodeAppend('s', [event('e1', 10n)], 'any'), 'event 0 of the append to s: data is not serialisable as JSON'],
    ['undefined data', () => encodeAppend('s', [{ ...event('e1'), data: undefined }], 'any'), 'event 0 of the append to s: data is not serialisable as JSON'],
  ])('refuses %s with InvalidAppendError', (_what, append, message) => {
    expect(append).toThrow(InvalidAppendError);
    expect(append).toThrow(message);
  });

  it('applies the adapter’s own rules: stream, id (as stored) and type, and a highest revision', () => {
    const rules = {
      stream: (stream: string, refuse: (m: string) => never) => void (stream.startsWith('$') && refuse('system stream')),
      id: (id: string, where: () => string, refuse: (m: string) => never) => (id.includes('\u0000') ? refuse(`${where()}: NUL in id`) : id.toLowerCase()),
      type: (type: string, _where: () => string, refuse: (m: string) => never) => void (type.startsWith('$') && refuse('system type')),
      maxRevision: 100n,
    };
    expect(encodeAppend('s', [event('ABC')], 'any', rules)[0]?.id).toBe('abc');
    expect(() => encodeAppend('$all', [event('e1')], 'any', rules)).toThrow('system stream');
    expect(() => encodeAppend('s', [event('ok'), event('a\u0000b')], 'any', rules)).toThrow('event 1 of the append to s: NUL in id');
    expect(() => encodeAppend('s', [{ ...event('e1'), type: '$x' }], 'any', rules)).toThrow('system type');
    expect(() => encodeAppend('s', [event('e1')], 101n, rules)).toThrow('invalid expected revision 101');
    expect(() => encodeAppend('s', [event('A'), event('a')], 'any', rules)).toThrow('repeats the id a'); // compared as stored
  });
});

describe('matchesExpected', () => {
  it.each([
    ['any', undefined, true],
    ['any', 3n, true],
    ['no_stream', undefined, true],
    ['no_stream', 0n, false],
    ['stream_exists', undefined, false],
    ['stream_exists', 0n, true],
    [2n, 2n, true],
    [2n, 3n, false],
    [0n, undefined, false],
  ] as const)('%p against %p: %p', (expected, current, result) => {
    expect(matchesExpected(expected, current)).toBe(result);
  });
});

describe('paging', () => {
  it('page sizes are positive integers, capped at 10,000', () => {
    expect(pageSize(undefined, 1000)).toBe(1000);
    expect(pageSize(5, 1000)).toBe(5);
    expect(pageSize(1_000_000, 1000)).toBe(10_000);
    expect(() => pageSize(0, 1000)).toThrow(RangeError);
    expect(() => pageSize(1.5, 1000)).toThrow(RangeError);
  });

  it('reads a stream from its start forwards and from its end backwards unless told, clamping revisions to int64', () => {
    expect(streamReadStart({})).toEqual({ direction: 'forwards', revision: 0n });
    expect(streamReadStart({ direction: 'backwards' })).toEqual({ direction: 'backwards', revision: MAX_INT64 });
    expect(streamReadStart({ from: 7n })).toEqual({ direction: 'forwards', revision: 7n });
    expect(streamReadStart({ from: 2n ** 70n, direction: 'backwards' })).toEqual({ direction: 'backwards', revision: MAX_INT64 });
    expect(clampInt64(-(2n ** 70n))).toBe(-MAX_INT64);
  });
});
