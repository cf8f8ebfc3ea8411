import { AppError, HTTP_STATUS_OF, parseRoomKey } from './index';

describe('room keys', () => {
  it.each([
    ['network', { kind: 'network' }],
    ['ops', { kind: 'ops' }],
    ['partnership:flda-ardeche', { kind: 'partnership', id: 'flda-ardeche' }],
    ['territory:alsace', { kind: 'territory', id: 'alsace' }],
    ['room:2f1c_9.a~b', { kind: 'room', id: '2f1c_9.a~b' }],
  ])('parses %s', (key, expected) => {
    expect(parseRoomKey(key)).toEqual(expected);
  });

  it.each(['', 'partnership', 'partnership:', 'unknown:x', 'room:a b', 'room:<script>', `room:${'x'.repeat(101)}`, 'network:x'])(
    'refuses %j',
    (key) => {
      expect(parseRoomKey(key)).toBeUndefined();
    },
  );
});

describe('errors', () => {
  it('maps each code to its HTTP status once', () => {
    expect(HTTP_STATUS_OF.RULE_VIOLATED).toBe(422);
    expect(HTTP_STATUS_OF.CONFLICT).toBe(409);
    expect(new AppError('CONFLICT', 'stale', { currentRevision: '4' }).toBody()).toEqual({ code: 'CONFLICT', message: 'stale', currentRevision: '4' });
  });
});
