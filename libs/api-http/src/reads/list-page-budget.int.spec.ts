/**
 * A list page is cut at `LIST_PAGE_MAX_CHARS` of documents as well as at `limit` (real SQLite files, real HTTP): a
 * catalyseur's whole boards of megabytes each no longer make one answer of tens of megabytes. `next` continues right
 * after the last board served, so a client paging to the end gets every board once, in JSON as in CSV.
 */
import { COLLECTIONS, type PartnershipBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { type ApiHarness, type HttpAnswer, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';
import { LIST_PAGE_MAX_CHARS } from './documents';

jest.setTimeout(60_000);

/** Megabytes of committees each board is given (ADR 0028's worst board is about 6): 0 leaves it as proposed. */
const BOARDS: readonly [string, number][] = [
  ['p1', 1.5],
  ['p2', 1.5],
  ['p3', 1.5],
  ['p4', 4.5],
  ['p5', 0],
  ['p6', 1.5],
  ['p7', 0],
];
const MB = 1_000_000;

/** A committee as the decider lets one through: 20 decisions of 1,000 characters (about 20,000 characters). */
const committee = (i: number) => ({
  committeeId: `copil-${i}`,
  heldOn: '2024-03-01',
  attendees: ['asso-1', 'ent-1'],
  decisions: Array.from({ length: 20 }, (_, d) => `Décision ${d} du comité ${i} : ${'x'.repeat(980)}`),
});

/** The records of an RFC 4180 text (quoted cells may hold commas, doubled quotes and line breaks), without its BOM. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    record.push(cell);
    cell = '';
  };
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text.charAt(i + 1) === '"') cell += text.charAt(++i);
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      records.push(record);
      record = [];
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || record.length > 0) {
    endCell();
    records.push(record);
  }
  return records;
}

describe('a list page is cut at a budget of documents, and `next` continues after it (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  const steps = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    await joinCatalyseurs(api, ['cata-1']);
    catalyseur = api.token({ sub: 'cata-1', role: 'catalyseur' });
    let last = 0;
    for (const [id] of BOARDS) {
      last = (
        await steps.send(
          catalyseur,
          '/api/partnerships',
          {
            id,
            title: `Partenariat ${id}`,
            territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
            partners: [
              { orgId: 'asso-1', name: 'Asso 1', sphere: 'association' },
              { orgId: 'ent-1', name: 'Entreprise 1', sphere: 'entreprise' },
            ],
            modes: ['mecenat'],
          },
          201,
        )
      ).position;
    }
    await api.projected(last);
    // The committees go straight into the boards (the read model), as 300 commands each would make them, only faster.
    const readModels = api.app.get<ProjectionStore>(PROJECTION_STORE);
    await readModels.transaction(async (tx) => {
      for (const [id, megabytes] of BOARDS) {
        const board = await tx.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, id);
        if (!board) throw new Error(`${id} is not projected`);
        const committees = Array.from({ length: Math.round((megabytes * MB) / 20_000) }, (_, i) => committee(i));
        await tx.putDoc(COLLECTIONS.partnerships, id, { ...board, committees }, { territory: 'grand-lyon' });
      }
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  interface BoardPage {
    readonly items: readonly { readonly id: string; readonly committees: readonly unknown[] }[];
    readonly total: number;
    readonly limit: number;
    readonly offset: number;
    readonly next?: number;
  }

  it('serves at most the budget past a page’s first board, never an empty page, and every board once to a client paging by `next`', async () => {
    expect(LIST_PAGE_MAX_CHARS).toBeLessThan(4.5 * MB);
    const pages: { ids: string[]; offset: number; next?: number; bytes: number }[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined && pages.length < 20) {
      const answer: HttpAnswer<BoardPage> = await api.request<BoardPage>('GET', `/api/partnerships?limit=200&offset=${offset}`, { token: catalyseur });
      expect(answer.status).toBe(200);
      const { items, total, limit, next } = answer.body;
      expect({ total, limit }).toEqual({ total: BOARDS.length, limit: 200 });
      pages.push({ ids: items.map((b) => b.id), offset, ...(next === undefined ? {} : { next }), bytes: JSON.stringify(items).length });
      offset = next;
    }
    // Two boards of 1.5 MB fit, a third would not; one of 4.5 MB comes alone (a page is never empty); the rest together.
    expect(pages.map((p) => p.ids)).toEqual([['p1', 'p2'], ['p3'], ['p4'], ['p5', 'p6', 'p7']]);
    expect(pages.map((p) => p.next)).toEqual([2, 3, 4, undefined]);
    for (const page of pages) if (page.ids.length > 1) expect(page.bytes).toBeLessThanOrEqual(LIST_PAGE_MAX_CHARS * 1.05);
    // The boards came whole.
    const p4 = await api.request<BoardPage>('GET', '/api/partnerships?limit=1&offset=3', { token: catalyseur });
    expect(p4.body.items[0]?.committees).toHaveLength(225);
    expect(p4.body.next).toBe(4);
  });

  it('cuts at `limit` first when the boards are small, and says so with `next` too', async () => {
    const answer = await api.request<BoardPage>('GET', '/api/partnerships?limit=2&offset=4', { token: catalyseur });
    expect({ ids: answer.body.items.map((b) => b.id), next: answer.body.next }).toEqual({ ids: ['p5', 'p6'], next: 6 });
    const last = await api.request<BoardPage>('GET', '/api/partnerships?limit=2&offset=6', { token: catalyseur });
    expect({ ids: last.body.items.map((b) => b.id), next: last.body.next }).toEqual({ ids: ['p7'], next: undefined });
  });

  it('cuts the CSV page the same, with the next offset in `X-Next-Offset`, and every board once to the end', async () => {
    const seen: string[] = [];
    let offset: string | null = '0';
    for (let pages = 0; offset !== null && pages < 20; pages++) {
      const answer: HttpAnswer<string> = await api.request<string>('GET', `/api/partnerships?limit=200&offset=${offset}`, {
        token: catalyseur,
        headers: { accept: 'text/csv' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/csv');
      expect(answer.headers.get('x-total-count')).toBe(String(BOARDS.length));
      const [header = [], ...rows] = csvRecords(answer.body).filter((record) => record.join('') !== '');
      const id = header.indexOf('id');
      seen.push(rows.map((row) => row[id] ?? '').join('+'));
      offset = answer.headers.get('x-next-offset');
    }
    expect(seen).toEqual(['p1+p2', 'p3', 'p4', 'p5+p6+p7']);
  });
});
