/**
 * `PresenceService` on a `RedisPresenceStore` whose connection to a real redis-server a proxy cuts (Redis keeps its
 * data): a join already answered whose presence could not be written again is written back once Redis answers.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RoomKey } from '@catalyse/protocol';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import type { HubSocket } from '../gateway/hub-socket';
import { HUB_DEFAULTS } from '../hub.options';
import { TcpProxy } from '../testing/tcp-proxy';
import { PresenceService } from './presence.service';
import { RedisPresenceStore } from './redis-presence-store';

jest.setTimeout(60_000);

const silent = { warn: () => undefined, log: () => undefined };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PresenceService on a Redis store cut off (real redis-server)', () => {
  let redis: RunningRedis;

  beforeAll(async () => {
    redis = await startRedis();
  }, 180_000); // a first run may install redis-server
  afterAll(async () => {
    await redis?.stop();
  });

  it('keeps a socket whose join was answered present when its write after a leave in between fails: written back once Redis answers', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined); // the failures this test makes
    const proxy = await TcpProxy.start(redis.port);
    const prefix = `presence-${randomUUID()}`;
    const store = new RedisPresenceStore({ url: proxy.url, prefix, log: silent });
    const observer = new RedisPresenceStore({ url: redis.url, prefix, log: silent });
    const service = new PresenceService(store, { ...HUB_DEFAULTS, presenceDiffMs: 50 });
    const room = 'room:hall' as RoomKey;
    const socket = { id: 's-ada', connected: true, emit: () => true } as unknown as HubSocket;
    try {
      const entered = await service.enter(socket, room, 'cat-ada');
      await service.leave(socket, room); // a leave between the join's `enter` and its answer
      proxy.cut();
      // The join is answered (the socket is in the socket.io room): present again, though the store cannot say it now.
      service.announce(socket, room, 'cat-ada', entered);
      await sleep(1500); // its write failed
      await proxy.heal();
      const deadline = Date.now() + 10_000;
      let present: readonly string[] = [];
      while (Date.now() < deadline) {
        present = await observer.present(room);
        if (present.length > 0) break;
        await sleep(50);
      }
      expect(present).toEqual(['cat-ada']);
      // Still present for its node: its disconnection removes it.
      await service.disconnected(socket.id);
      expect(await observer.present(room)).toEqual([]);
    } finally {
      await service.onModuleDestroy(); // closes its store
      await observer.close();
      await proxy.close();
      jest.restoreAllMocks();
    }
  });
});
