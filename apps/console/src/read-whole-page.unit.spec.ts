/// <reference types="jest" />
import type { Page, Result } from '@catalyse/client';
import { readWholePage } from './api';

/** A list of `total` ids served as the api serves it: at most `limit`, and cut after `cutAt` items of a page. */
function serve(total: number, cutAt: number) {
  const asked: { limit: number; offset: number }[] = [];
  const ids = Array.from({ length: total }, (_, i) => `p${i}`);
  const get = (query: { readonly limit: number; readonly offset: number }): Promise<Result<Page<string>>> => {
    asked.push({ limit: query.limit, offset: query.offset });
    const items = ids.slice(query.offset, query.offset + Math.min(query.limit, cutAt));
    const end = query.offset + items.length;
    return Promise.resolve({ ok: true, value: { items, total, limit: query.limit, offset: query.offset, ...(end < total ? { next: end } : {}) } });
  };
  return { get, asked };
}

describe('a page of a list read whole (the api cuts pages of large documents short)', () => {
  it('follows next until the page holds its limit, and says where the following page starts', async () => {
    const { get, asked } = serve(12, 2);
    const r = await readWholePage(get, { limit: 5, offset: 5 });
    expect(r.ok && r.value).toEqual({ items: ['p5', 'p6', 'p7', 'p8', 'p9'], total: 12, limit: 5, offset: 5, next: 10 });
    expect(asked).toEqual([
      { limit: 5, offset: 5 },
      { limit: 3, offset: 7 },
      { limit: 1, offset: 9 },
    ]);
  });

  it('stops at the end of the list, with no next', async () => {
    const { get } = serve(7, 2);
    const r = await readWholePage(get, { limit: 5, offset: 5 });
    expect(r.ok && r.value).toEqual({ items: ['p5', 'p6'], total: 7, limit: 5, offset: 5 });
  });

  it('answers the first refusal as it came', async () => {
    const r = await readWholePage<string>(() => Promise.resolve({ ok: false, error: { status: 503, code: 'UNAVAILABLE', message: 'indisponible' } }), {
      limit: 5,
      offset: 0,
    });
    expect(r).toEqual({ ok: false, error: { status: 503, code: 'UNAVAILABLE', message: 'indisponible' } });
  });
});
