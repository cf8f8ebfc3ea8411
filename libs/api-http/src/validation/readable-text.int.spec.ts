/**
 * Text that only looks like text (control characters, invisible characters alone, half of a surrogate pair) or that
 * reorders how it shows (bidirectional overrides, embeddings and isolates left open) is refused at the HTTP edge with a VALIDATION
 * naming the field, and nothing is written; readable text of any script, emoji and line breaks included, is stored as
 * it was sent.
 */
import { type ApiHarness, type ErrorBody, httpSteps, startApi } from '../test-support/api-harness';

/** Invisible characters that reorder the text shown after them (« Trojan Source »). */
const BIDI = 'must not hold bidirectional overrides (U+202D, U+202E) nor embeddings or isolates left unclosed (U+202A to U+202C, U+2066 to U+2069)';

describe('HTTP api: a person’s text is readable text', () => {
  let api: ApiHarness;
  let token: string;
  const { send, get } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    token = api.token({ sub: 'cata-1', role: 'catalyseur' });
    await send(token, '/api/rooms', { id: 'salon-texte', kind: 'network', title: 'Salon du texte', access: 'open' }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  /** The room stream's revision after one more accepted post (a refused request between two probes wrote nothing if they are consecutive). */
  const revisionOfRoom = async (): Promise<number> => {
    const accepted = await send(token, '/api/rooms/salon-texte/post-message', { clientMsgId: `probe-${Math.random().toString(36).slice(2)}`, text: 'repère' });
    return accepted.revision;
  };

  it.each([
    ['a NUL', '\u0000', 'text must not hold control characters (only tabs and line breaks)'],
    ['a zero-width space', '\u200b', 'text must not be blank'],
    ['a lone surrogate', 'a\ud800', 'text must be well-formed Unicode text (it holds half of a surrogate pair)'],
    ['an escape sequence', 'rouge \u001b[31m', 'text must not hold control characters (only tabs and line breaks)'],
    ['a right-to-left override', 'voir facture\u202Efdp.exe', `text ${BIDI}`],
    ['a left-to-right embedding left open', '\u202Avoir', `text ${BIDI}`],
    ['a first-strong isolate left open', 'signé \u2068Camille', `text ${BIDI}`],
    ['an override closed again', 'voir facture \u202Efdp.exe\u202C', `text ${BIDI}`],
  ])('refuses a message of %s, writing nothing', async (_name, text, message) => {
    const before = await revisionOfRoom();
    const answer = await api.request<ErrorBody>('POST', '/api/rooms/salon-texte/post-message', { token, body: { clientMsgId: 'refused', text } });
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
    expect(answer.body.details).toEqual([{ field: 'text', messages: [message] }]);
    // The next accepted post follows the probe directly: the refused one wrote nothing.
    expect(await revisionOfRoom()).toBe(before + 1);
  });

  it('refuses a decision, a list value and a title that only look like text', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/rooms/salon-texte/record-decision', { token, body: { text: '\u0000\u0000' } });
    expect([answer.status, answer.body.details]).toEqual([
      400,
      [{ field: 'text', messages: ['text must not hold control characters (only tabs and line breaks)'] }],
    ]);
    // Validation speaks before the partnership is looked up: the list is judged value by value.
    const decisions = await api.request<ErrorBody>('POST', '/api/partnerships/inconnu/hold-steering-committee', {
      token,
      body: { attendees: ['flda'], decisions: ['Budget voté', '\u200b'], heldOn: '2025-01-01' },
    });
    expect([decisions.status, decisions.body.details]).toEqual([400, [{ field: 'decisions', messages: ['each value of decisions must not be blank'] }]]);
    const title = await api.request<ErrorBody>('POST', '/api/rooms', { token, body: { kind: 'network', title: '\u3164', access: 'open' } });
    expect([title.status, title.body.details]).toEqual([400, [{ field: 'title', messages: ['title must not be blank'] }]]);
  });

  it.each([
    ['a combining grapheme joiner', '\u034f'],
    ['a Khmer inherent vowel', '\u17b4'],
    ['an emoji variation selector', '\ufe0f'],
    ['a lone combining accent', '\u0301'],
    ['a Mongolian vowel separator', '\u180e'],
  ])('refuses a title made only of %s: nothing shows without a visible character', async (_name, title) => {
    const answer = await api.request<ErrorBody>('POST', '/api/rooms', { token, body: { id: 'salon-invisible', kind: 'network', title, access: 'open' } });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([400, 'VALIDATION', [{ field: 'title', messages: ['title must not be blank'] }]]);
    expect((await api.request('GET', '/api/rooms/salon-invisible', { token })).status).toBe(404);
  });

  it('refuses a title and a list value that reorder how they show (a bidirectional override, an isolate left open)', async () => {
    const title = await api.request<ErrorBody>('POST', '/api/rooms', { token, body: { kind: 'network', title: 'Salon \u202Eerèilimaf', access: 'open' } });
    expect([title.status, title.body.code, title.body.details]).toEqual([400, 'VALIDATION', [{ field: 'title', messages: [`title ${BIDI}`] }]]);
    const decisions = await api.request<ErrorBody>('POST', '/api/partnerships/inconnu/hold-steering-committee', {
      token,
      body: { attendees: ['flda'], decisions: ['Budget voté', 'Voté par \u2067ليلى'], heldOn: '2025-01-01' },
    });
    expect([decisions.status, decisions.body.details]).toEqual([400, [{ field: 'decisions', messages: [`each value of decisions ${BIDI}`] }]]);
  });

  it('stores readable text of any kind as it was sent', async () => {
    const texts = ['Ordre du jour :\n\t1. budget', '👨‍👩‍👧 famille', 'مرحبا\u200f', 'e\u0301te\u0301', 'Message de \u2068Leïla\u2069, collé'];
    let position = 0;
    for (const [i, text] of texts.entries()) position = (await send(token, '/api/rooms/salon-texte/post-message', { clientMsgId: `ok-${i}`, text })).position;
    await api.projected(position);
    const feed = await get<{ entries: { kind: string; data: { text?: string } }[] }>(token, '/api/feeds/room:salon-texte?limit=100');
    const stored = feed.entries.filter((entry) => entry.kind === 'MessagePosted').map((entry) => entry.data.text);
    expect(stored).toEqual(expect.arrayContaining(texts));
  });
});
