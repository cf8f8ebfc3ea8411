/**
 * ADR 0029: a room's state holds each author's last 256 posts only; a retraction of an older message is checked
 * against the room's stream by the api (real HTTP, real SQLite, real projector).
 */
import { heldMessageOf, ROOM_RETRY_WINDOW_PER_AUTHOR, roomStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { Commands } from '../commands/commands';
import { type ApiHarness, startApi } from '../test-support/api-harness';

interface Accepted {
  id: string;
  revision: number;
  position: number;
  messageId?: string;
}
interface FeedPage {
  head: number;
  entries: { seq: number; kind: string; data: Record<string, unknown> }[];
}

describe('HTTP retract-message of a message older than its author’s window of recent posts', () => {
  let api: ApiHarness;
  let author: string;
  let other: string;
  let operator: string;
  let roomId: string;
  let firstId: string;

  const post = async (clientMsgId: string, headers: Record<string, string> = {}): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', `/api/rooms/${roomId}/post-message`, {
      token: author,
      body: { clientMsgId, text: `Message ${clientMsgId}` },
      headers,
    });
    if (answer.status !== 200) throw new Error(`post ${clientMsgId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const retract = (messageId: string, token: string, extra: Record<string, unknown> = {}) =>
    api.request<Accepted & { code?: string; message?: string }>('POST', `/api/rooms/${roomId}/retract-message`, { token, body: { messageId, ...extra } });

  beforeAll(async () => {
    api = await startApi({ api: { rateLimit: { limit: 100_000, ttlMs: 60_000 } } });
    author = api.token({ sub: 'cata-1', role: 'catalyseur' });
    other = api.token({ sub: 'cata-2', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const opened = await api.request<Accepted>('POST', '/api/rooms', {
      token: author,
      body: { kind: 'theme', subject: 'numerique', title: 'Numérique', access: 'open' },
    });
    expect(opened.status).toBe(201);
    roomId = opened.body.id;
    firstId = (await post('c-0', { 'idempotency-key': 'first-post' })).messageId ?? '';
    // One more than the window: the first post leaves it. Sent ten at a time (a stream's queue takes them in turn).
    for (let i = 1; i <= ROOM_RETRY_WINDOW_PER_AUTHOR; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, ROOM_RETRY_WINDOW_PER_AUTHOR + 1 - i) }, (_, k) => post(`c-${i + k}`)));
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('the room’s state no longer holds the first message, but still the latest posts (a retry answers its id)', async () => {
    const state = await api.app.get(Commands).state('room', roomId);
    if (state.status === 'none') throw new Error('room not found');
    expect(state.messagesPosted).toBe(ROOM_RETRY_WINDOW_PER_AUTHOR + 1);
    expect(heldMessageOf(state, firstId)).toBeUndefined();
    const latest = await post(`c-${ROOM_RETRY_WINDOW_PER_AUTHOR}`);
    expect(heldMessageOf(state, latest.messageId ?? '')?.authorId).toBe('cata-1');
  });

  it('refuses a catalyseur’s retraction of it without reading the log, the author’s too (404: an operator retracts older posts)', async () => {
    const tooOld = `message "${firstId}" not found among this room's recent posts: an older message is retracted by an operator`;
    for (const token of [other, author]) {
      const refused = await retract(firstId, token);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ code: 'NOT_FOUND', message: tooOld });
    }
    const claiming = await retract(firstId, author, { posted: { authorId: 'cata-1', retracted: false } });
    expect(claiming.status).toBe(400);
    const unknown = await retract('jamais-poste', author);
    expect(unknown.status).toBe(404);
  });

  it('lets an operator retract it, checked against the log: the retraction is in the room’s feed; a second one is refused', async () => {
    const retracted = await retract(firstId, operator);
    expect(retracted.status).toBe(200);
    await api.projected(retracted.body.position);
    const head = (await api.request<FeedPage>('GET', `/api/rooms/${roomId}/feed?limit=1`, { token: author })).body.head;
    const tail = await api.request<FeedPage>('GET', `/api/rooms/${roomId}/feed?since=${head - 1}`, { token: author });
    expect(tail.body.entries).toEqual([
      expect.objectContaining({ kind: 'MessageRetracted', data: expect.objectContaining({ messageId: firstId, retractedBy: 'op-1' }) }),
    ]);

    const again = await retract(firstId, operator);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'RULE_VIOLATED', message: `message "${firstId}" is already retracted` });
    const unknown = await retract('jamais-poste', operator);
    expect(unknown.status).toBe(404);
  });

  it('still lets the author retract a recent post of theirs, from the state', async () => {
    const recent = await post(`c-${ROOM_RETRY_WINDOW_PER_AUTHOR + 1}`);
    const retracted = await retract(recent.messageId ?? '', author);
    expect(retracted.status).toBe(200);
  });

  it('answers a retry of the first post, beyond the window, as a replay with its Idempotency-Key; without it, posts it again', async () => {
    const postsOfC0 = async () =>
      (await api.app.get<EventStore>(EVENT_STORE).readStream(roomStream(roomId), { from: 0n, direction: 'forwards', limit: 1000 })).filter(
        (event) => event.type === 'MessagePosted' && (event.data as { clientMsgId?: string }).clientMsgId === 'c-0',
      );
    const replayed = await post('c-0', { 'idempotency-key': 'first-post' });
    expect(replayed.messageId).toBe(firstId);
    expect(await postsOfC0()).toHaveLength(1);
    // Another message: a fresh id, never a second post under one the stream holds (a retraction of one leaves the other).
    const again = await post('c-0');
    expect(again.messageId).not.toBe(firstId);
    expect((await postsOfC0()).map((event) => (event.data as { messageId?: string }).messageId)).toEqual([firstId, again.messageId]);
  });
});
