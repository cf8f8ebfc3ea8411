/**
 * The hub app alone (as its main.ts starts it, on a fresh DATA_DIR) serves at
 * `/api/metrics` its sockets, rooms and rejoins, seen through a real socket.io
 * client, the family of commands its posts go into, and nothing of a projector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import { loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { configureHubApp } from '@catalyse/hub';
import { parseScrape, type Scrape } from '@catalyse/metrics/testing';
import type { Ack, JoinResult } from '@catalyse/protocol';
import { loadConfig } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';
import { HubAppModule } from './app.module';

jest.setTimeout(60_000);

describe('the hub app serves its metrics', () => {
  let dataDir: string;
  let app: INestApplication | undefined;
  let socket: Socket | undefined;

  afterAll(async () => {
    socket?.disconnect();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts its sockets, rooms, memberships and rejoins, times its posts; no projector families', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-hub-metrics-'));
    const port = await freePort();
    const metricsToken = 'the-scrape-token-of-the-hub-metrics-test';
    const config = loadConfig({
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      METRICS_TOKEN: metricsToken,
    });
    app = await NestFactory.create(HubAppModule.register(config, loadOrCreateSecret(config.dataDir, undefined)), { logger: false });
    app.setGlobalPrefix('api'); // as its main.ts
    configureHubApp(app);
    await app.listen(config.port, config.host);
    const url = `http://127.0.0.1:${port}`;
    const scrape = async (): Promise<Scrape> => {
      const response = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(response.status).toBe(200);
      return parseScrape(await response.text());
    };
    // Not public: a wrong scrape token is refused.
    expect((await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken.toUpperCase()}` } })).status).toBe(401);

    expect((await scrape()).value('catalyse_hub_sockets')).toBe(0);
    const connected = io(url, {
      auth: { token: app.get(TokenService).sign({ sub: 'cat-1', role: 'catalyseur' }) },
      transports: ['websocket'],
      reconnection: false,
    });
    socket = connected;
    await new Promise<void>((resolve, reject) => {
      connected.once('connect', resolve);
      connected.once('connect_error', reject);
    });
    const ack = (await connected.timeout(10_000).emitWithAck('room:join', { room: 'network', since: { epoch: 1, seq: 0 } })) as Ack<JoinResult>;
    expect(ack.ok).toBe(true);

    const metrics = await scrape();
    expect([metrics.value('catalyse_hub_sockets'), metrics.value('catalyse_hub_rooms'), metrics.value('catalyse_hub_room_members')]).toEqual([1, 1, 1]);
    expect(metrics.value('catalyse_hub_rejoin_entries_count', { request: 'join' })).toBe(1);
    expect(metrics.value('catalyse_hub_rejoin_entries_sum', { request: 'join' })).toBe(0);
    expect(metrics.types.get('catalyse_hub_fanout_delay_seconds')).toBe('histogram');
    // Its room:post is a command (the api's family); it runs no projector.
    expect(metrics.types.get('catalyse_command_duration_seconds')).toBe('histogram');
    expect([...metrics.types.keys()].filter((name) => /^catalyse_projector_/.test(name))).toEqual([]);
  });
});
