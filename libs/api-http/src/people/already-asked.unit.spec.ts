import { alreadyAsked } from './people.controller';

describe('the conflict of a second erasure (409), worded as the erasure stands', () => {
  it('erasing: asked already, under way — not « were already erased »', () => {
    const message = alreadyAsked({ subject: 'ana-1', status: 'erasing', erasureAskedAt: '2026-12-02T10:00:00.000Z', streams: 2 }, 'ana-1');
    expect(message).toBe('the erasure of the personal data of ana-1 was already asked on 2026-12-02T10:00:00.000Z; it is under way');
    expect(message).not.toContain('were already erased');
  });

  it('erased: erased already, on the day the key was destroyed', () => {
    expect(
      alreadyAsked(
        { subject: 'ana-1', status: 'erased', erasureAskedAt: '2026-12-02T10:00:00.000Z', erasedAt: '2026-12-02T10:00:05.000Z', streams: 0 },
        'ana-1',
      ),
    ).toBe('the personal data of ana-1 were already erased on 2026-12-02T10:00:05.000Z');
  });
});
