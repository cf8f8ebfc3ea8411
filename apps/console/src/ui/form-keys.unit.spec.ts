import { formKeys } from './form-keys';

describe('formKeys: the Idempotency-Key of a form', () => {
  const counter = (): (() => string) => {
    let n = 0;
    return () => `k${++n}`;
  };

  it('keeps the key for a sending of the same fields again while none was answered (a retry)', () => {
    const keys = formKeys(counter());
    expect(keys.keyFor('["title","Atelier"]')).toBe('k1');
    expect(keys.keyFor('["title","Atelier"]')).toBe('k1');
  });

  it('takes a new key when the fields changed since a sending that got no answer (the api refuses a key reused with another payload)', () => {
    const keys = formKeys(counter());
    expect(keys.keyFor('["title","Atelier"]')).toBe('k1');
    expect(keys.keyFor('["title","Atelier du 12"]')).toBe('k2');
    expect(keys.keyFor('["title","Atelier du 12"]')).toBe('k2');
  });

  it('takes a new key once a sending was answered, whatever the fields', () => {
    const keys = formKeys(counter());
    expect(keys.keyFor('["title","Atelier"]')).toBe('k1');
    keys.renew();
    expect(keys.keyFor('["title","Atelier"]')).toBe('k2');
  });
});
