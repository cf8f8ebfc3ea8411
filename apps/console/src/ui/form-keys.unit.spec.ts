import { keyOfSending } from './form-keys';

describe('keyOfSending: the Idempotency-Key of a form’s sending', () => {
  it('is the same for the same body sent again with the form’s key (a retry, recorded once)', () => {
    expect(keyOfSending('k1', { title: 'Atelier', dueDate: '2026-12-12' })).toBe(keyOfSending('k1', { title: 'Atelier', dueDate: '2026-12-12' }));
  });

  it('differs when the body changed since a sending that got no answer (the api refuses a key reused with another payload)', () => {
    expect(keyOfSending('k1', { title: 'Atelier du 12' })).not.toBe(keyOfSending('k1', { title: 'Atelier' }));
    expect(keyOfSending('k1', undefined)).not.toBe(keyOfSending('k1', {}));
  });

  it('differs with another form key (once a sending was answered) and stays a header value the api takes', () => {
    const key = keyOfSending('8f14e45f-ceea-467f-a0e6-0a1b2c3d4e5f', { text: 'é😀' });
    expect(key).not.toBe(keyOfSending('another', { text: 'é😀' }));
    expect(key).toMatch(/^[!-~]{1,200}$/);
  });
});
