/**
 * Posts beyond what one room's stream takes, with real socket.io clients against a real app: the posts of a room wait
 * for their turn on its stream (each append waits for its commit), and a burst beyond the handler's bound is refused
 * at once with a retryable RATE_LIMITED rather than queued for minutes; what is accepted is in the feed once, where
 * its ack says; another room is not slowed down.
 */
import { type Ack, type ErrorBody, HUB_EVENTS, type PostResult } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(60_000);

const POSTERS = 10;
const EACH = 40;
const WAITING = 5;

interface Outcome {
  readonly clientMsgId: string;
  readonly ack: Ack<PostResult>;
  readonly ms: number;
}

describe('a burst of posts into one room beyond what its stream takes', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ postsPerSecond: 1000, requestsPerMinute: 100_000 }, { commands: { maxWaitingPerStream: WAITING } });
    await hub.openRoom('forum', 'alice');
    await hub.openRoom('calme', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** Sends a post without waiting (its outcome once answered, with its latency). */
  const send = (client: TestClient, room: string, clientMsgId: string, text: string): Promise<Outcome> => {
    const sent = performance.now();
    return new Promise((resolve) => {
      client.untyped.emit(HUB_EVENTS.post, { room, clientMsgId, text }, (ack: Ack<PostResult>) => resolve({ clientMsgId, ack, ms: performance.now() - sent }));
    });
  };

  it('refuses the excess at once (RATE_LIMITED, retryAfterMs), appends what it accepts once, where its ack says; another room stays fast', async () => {
    const posters: TestClient[] = [];
    for (let i = 0; i < POSTERS; i++) posters.push(await hub.connect({ sub: `cat-poster-${i}`, role: 'catalyseur' }));
    const calm = await hub.connect({ sub: 'cat-calm', role: 'catalyseur' });

    const burst = posters.flatMap((client, i) => Array.from({ length: EACH }, (_, j) => send(client, 'room:forum', `p${i}-${j}`, `Message ${j} de ${i}`)));
    const aside = send(calm, 'room:calme', 'calm-1', 'Ici tout va bien');
    const outcomes = await Promise.all(burst);
    const calmOutcome = await aside;

    const accepted = outcomes.filter((o) => o.ack.ok);
    const refused = outcomes.flatMap((o): (ErrorBody & { ms: number })[] => (o.ack.ok ? [] : [{ ...o.ack.error, ms: o.ms }]));
    expect(accepted.length + refused.length).toBe(POSTERS * EACH);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('is busy'), retryAfterMs: expect.any(Number) });
      // Answered at once, not after the backlog (minutes before the bound; a wide margin on a shared 2-core machine).
      expect(error.ms).toBeLessThan(5000);
    }
    expect(calmOutcome.ack.ok).toBe(true);
    expect(calmOutcome.ms).toBeLessThan(5000);

    // Each accepted post once in the feed, at the seq its ack gave; none of the refused.
    const feed = await hub.feed('room:forum');
    const posted = feed.map((entry) => (entry.data as { clientMsgId?: string }).clientMsgId).filter((id): id is string => id !== undefined);
    expect(new Set(posted).size).toBe(posted.length);
    expect(posted.sort()).toEqual(accepted.map((o) => o.clientMsgId).sort());
    for (const outcome of accepted) {
      if (!outcome.ack.ok) continue;
      const { seq } = outcome.ack.data;
      expect((feed.find((entry) => entry.seq === seq)?.data as { clientMsgId?: string }).clientMsgId).toBe(outcome.clientMsgId);
    }
    // The seqs of each poster's accepted posts follow the order it sent them in.
    for (let i = 0; i < POSTERS; i++) {
      const seqs = accepted.flatMap((o) => (o.ack.ok && o.clientMsgId.startsWith(`p${i}-`) ? [o.ack.data.seq] : []));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });
});
