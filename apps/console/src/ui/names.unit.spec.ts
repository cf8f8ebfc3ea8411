/// <reference types="jest" />
import { keepsAnswer, NAME_TTL_MS, NameCache, type NameAnswer } from './names';

describe('the names read by id', () => {
  it('keep an answer that asking again would not change: a name, or a 404 (an operator’s id is no catalyseur)', () => {
    expect(keepsAnswer(200)).toBe(true);
    expect(keepsAnswer(404)).toBe(true);
    expect(keepsAnswer(403)).toBe(true);
    expect(keepsAnswer(400)).toBe(true);
  });

  it('ask again after no answer, a failing service, too many requests or a refused token', () => {
    expect(keepsAnswer(0)).toBe(false);
    expect(keepsAnswer(500)).toBe(false);
    expect(keepsAnswer(502)).toBe(false);
    expect(keepsAnswer(503)).toBe(false);
    expect(keepsAnswer(429)).toBe(false);
    expect(keepsAnswer(408)).toBe(false);
    expect(keepsAnswer(401)).toBe(false);
  });

  /** A directory answering `answers` by address (a 404 for any other), counting what it was asked. */
  function directory(answers: Record<string, string>): { asked: string[]; read: (address: string) => Promise<NameAnswer> } {
    const asked: string[] = [];
    return {
      asked,
      read: async (address) => {
        asked.push(address);
        const name = answers[address];
        return name === undefined ? { status: 404 } : { status: 200, value: { name } };
      },
    };
  }
  const byName = (value: Record<string, unknown>): unknown => value['name'];
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  /** `sessionStorage`, as a tab keeps it across reloads. */
  function tabStorage(): Pick<Storage, 'getItem' | 'setItem'> {
    const kept = new Map<string, string>();
    return { getItem: (key) => kept.get(key) ?? null, setItem: (key, value) => void kept.set(key, value) };
  }

  it('read a name again once told (an erasure), not at the end of the TTL only', async () => {
    const answers: Record<string, string> = { '/api/catalyseurs/c1': 'Claire Martin' };
    const dir = directory(answers);
    const cache = new NameCache(dir.read, 'sig');
    expect(await cache.name('/api/catalyseurs/c1', byName)).toBe('Claire Martin');
    answers['/api/catalyseurs/c1'] = '[effacé]';
    expect(await cache.name('/api/catalyseurs/c1', byName)).toBe('Claire Martin');
    cache.forget();
    expect(await cache.name('/api/catalyseurs/c1', byName)).toBe('[effacé]');
    expect(dir.asked).toHaveLength(2);
  });

  it('read a name again once its TTL is past', async () => {
    let now = 1_000;
    const answers: Record<string, string> = { '/api/catalyseurs/c1': 'Claire Martin' };
    const cache = new NameCache(directory(answers).read, 'sig', undefined, () => now);
    expect(await cache.name('/api/catalyseurs/c1', byName)).toBe('Claire Martin');
    answers['/api/catalyseurs/c1'] = '[effacé]';
    now += NAME_TTL_MS;
    expect(await cache.name('/api/catalyseurs/c1', byName)).toBe('[effacé]');
  });

  it('do not ask the directory again for an id it answered 404, after a reload either (same tab, same token)', async () => {
    const storage = tabStorage();
    const dir = directory({});
    expect(await new NameCache(dir.read, 'sig', storage).name('/api/catalyseurs/op-1', byName)).toBeUndefined();
    await settle();
    // The page loaded again: a new cache, the tab's storage.
    const reloaded = new NameCache(dir.read, 'sig', storage);
    expect(await reloaded.name('/api/catalyseurs/op-1', byName)).toBeUndefined();
    reloaded.forget();
    expect(await reloaded.name('/api/catalyseurs/op-1', byName)).toBeUndefined();
    expect(dir.asked).toEqual(['/api/catalyseurs/op-1']);
    // Another token (another person at the same browser) asks for itself.
    expect(await new NameCache(dir.read, 'other', storage).name('/api/catalyseurs/op-1', byName)).toBeUndefined();
    expect(dir.asked).toHaveLength(2);
  });

  it('ask again after a failure, even across a reload', async () => {
    const storage = tabStorage();
    const asked: string[] = [];
    const failing = async (address: string): Promise<NameAnswer> => {
      asked.push(address);
      return { status: 503 };
    };
    const cache = new NameCache(failing, 'sig', storage);
    await cache.name('/api/catalyseurs/c1', byName);
    await settle();
    await cache.name('/api/catalyseurs/c1', byName);
    await new NameCache(failing, 'sig', storage).name('/api/catalyseurs/c1', byName);
    expect(asked).toHaveLength(3);
  });
});
