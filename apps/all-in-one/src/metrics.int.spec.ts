/**
 * The all-in-one app (as its main.ts starts it) serves at `/api/metrics` what
 * operators watch: commands over real HTTP by outcome, the event store's
 * appends and commit groups, the projector's batches and role, the hub's
 * sockets, rooms, fan-out and rejoins through a real socket.io client, and every
 * series the Grafana dashboard of infra/ reads.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { io, type Socket } from 'socket.io-client';
import { TokenService } from '@catalyse/auth';
import { catalyseSeriesIn, dashboardQueries, parseScrape, type Scrape, seriesOfFamilies } from '@catalyse/metrics/testing';
import { Projector } from '@catalyse/projector';
import type { Ack, FeedEntry, JoinResult, SyncResult } from '@catalyse/protocol';
import { startAllInOne, type TestAllInOne } from './testing/start-all-in-one';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..', '..');

describe('the all-in-one serves the metrics operators watch', () => {
  let running: TestAllInOne | undefined;
  let app: INestApplication;
  let url: string;
  let token: string;
  /** /api/metrics is for operators (and METRICS_TOKEN). */
  let operatorToken: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    running = await startAllInOne();
    app = running.app;
    url = running.url;
    token = app.get(TokenService).sign({ sub: 'cat-1', role: 'catalyseur' });
    operatorToken = app.get(TokenService).sign({ sub: 'op-1', role: 'operator' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await running?.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { position?: number } }> => {
    const response = await fetch(`${url}/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { position?: number } };
  };

  const scrape = async (): Promise<Scrape> => {
    const response = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${operatorToken}` } });
    expect(response.status).toBe(200);
    return parseScrape(await response.text());
  };

  const connect = async (): Promise<Socket> => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };

  const request = async <T>(socket: Socket, event: string, payload: unknown): Promise<T> => {
    const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
    return ack.data;
  };

  it('counts commands by outcome, appends and groups, batches, sockets, rooms, fan-out and rejoins', async () => {
    const id = 'silver-geek-metrics';
    const room = `partnership:${id}`;
    // A catalyseur proposes as a member of the network (it accompanies what it proposes): it joins first.
    const joinedNetwork = await post('/catalyseurs', {
      name: 'Camille',
      sphere: 'association',
      territory: 'nouvelle-aquitaine',
      skills: ['accompagnement_partenariat'],
    });
    expect(joinedNetwork.status).toBe(201);
    const proposed = await post('/partnerships', {
      id,
      title: 'Silver Geek',
      territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
      partners: [
        { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
        { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
      ],
      modes: ['innovation_societale'],
    });
    expect(proposed.status).toBe(201);
    expect(await app.get(Projector).waitForPosition(BigInt(proposed.body.position ?? 0), 10_000)).toBe(true);

    // Refused: a rule of the domain (no objectives agreed yet); bad input (answered before the command path); a conflict: a stale If-Match.
    expect((await post(`/partnerships/${id}/start-pilotage`, {})).status).toBe(422);
    expect((await post(`/partnerships/${id}/plan-milestone`, { title: 'Jalon', dueDate: '2030-06-30', colour: 'red' })).status).toBe(400);
    expect((await post(`/partnerships/${id}/plan-milestone`, { title: 'Jalon', dueDate: '2030-06-30' }, { 'if-match': '"7"' })).status).toBe(409);

    // One socket in the room from a snapshot; another rejoins from the start of the feed.
    const first = await connect();
    const joined = await request<JoinResult>(first, 'room:join', { room });
    expect(joined.head).toBeGreaterThan(0);
    const second = await connect();
    const rejoined = await request<JoinResult>(second, 'room:join', { room, since: { epoch: joined.epoch, seq: 0 } });
    expect(rejoined.entries).toHaveLength(joined.head);

    // A live entry reaches both sockets of the room.
    const live = new Promise<FeedEntry>((resolve) => first.once('room:entry', resolve));
    const planned = await post(`/partnerships/${id}/plan-milestone`, { title: 'Premier comité', dueDate: '2030-06-30' });
    expect(planned.status).toBe(200);
    expect((await live).seq).toBe(joined.head + 1);
    const synced = await request<SyncResult>(second, 'room:sync', { room, since: { epoch: joined.epoch, seq: 0 } });
    expect(synced.entries).toHaveLength(joined.head + 1);

    const metrics = await scrape();
    const commands = (command: string, outcome: string): number | undefined =>
      metrics.value('catalyse_command_duration_seconds_count', { aggregate: 'partnership', command, outcome });
    expect(commands('ProposePartnership', 'ok')).toBe(1);
    expect(commands('StartPilotage', 'refused')).toBe(1);
    expect(commands('PlanMilestone', 'conflict')).toBe(1);
    expect(commands('PlanMilestone', 'ok')).toBe(1);
    // The malformed body was refused by validation, before the command path: not a command.
    expect(commands('PlanMilestone', 'refused')).toBeUndefined();
    expect(metrics.sum('catalyse_command_duration_seconds_count', { outcome: 'error' })).toBe(0);

    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(metrics.value('catalyse_event_store_commit_appends_count')).toBeGreaterThanOrEqual(2);
    expect(metrics.value('catalyse_event_store_commit_events_sum')).toBeGreaterThanOrEqual(2);

    expect(metrics.value('catalyse_projector_active')).toBe(1);
    expect(metrics.value('catalyse_projector_batch_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(metrics.value('catalyse_projector_lag_events')).toBe(0);
    expect(metrics.value('catalyse_projection_lag_events')).toBe(0);

    expect(metrics.value('catalyse_hub_sockets')).toBe(2);
    expect(metrics.value('catalyse_hub_rooms')).toBe(1);
    expect(metrics.value('catalyse_hub_room_members')).toBe(2);
    expect(metrics.value('catalyse_hub_fanout_delay_seconds_count')).toBe(1);
    expect(metrics.value('catalyse_hub_rejoin_entries_count', { request: 'join' })).toBe(1);
    expect(metrics.value('catalyse_hub_rejoin_entries_sum', { request: 'join' })).toBe(joined.head);
    expect(metrics.value('catalyse_hub_rejoin_entries_count', { request: 'sync' })).toBe(1);
    expect(metrics.value('catalyse_hub_rejoin_entries_sum', { request: 'sync' })).toBe(joined.head + 1);

    // The sockets leave: the gauges follow at the next scrape.
    first.disconnect();
    second.disconnect();
    const deadline = Date.now() + 5000;
    let after = await scrape();
    while (after.value('catalyse_hub_sockets') !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await scrape();
    }
    expect([after.value('catalyse_hub_sockets'), after.value('catalyse_hub_rooms'), after.value('catalyse_hub_room_members')]).toEqual([0, 0, 0]);
  });

  it("times the hub's room:post beside the api's commands, in the one family of the process", async () => {
    const opened = await post('/rooms', { id: 'salon-metrics', kind: 'network', title: 'Salon des mesures', access: 'open' });
    expect(opened.status).toBe(201);
    expect(await app.get(Projector).waitForPosition(BigInt(opened.body.position ?? 0), 10_000)).toBe(true);
    const socket = await connect();
    const posted = await request<{ seq: number }>(socket, 'room:post', { room: 'room:salon-metrics', clientMsgId: 'm-1', text: 'Bonjour' });
    expect(posted.seq).toBeGreaterThan(0);
    // Over HTTP too: the same command, the same series.
    expect((await post('/rooms/salon-metrics/post-message', { clientMsgId: 'm-2', text: 'Re-bonjour' })).status).toBe(200);
    // The room archived, a post is refused by the domain: counted as refused.
    const archived = await post('/rooms/salon-metrics/archive', {});
    expect(archived.status).toBe(200);
    expect(await app.get(Projector).waitForPosition(BigInt(archived.body.position ?? 0), 10_000)).toBe(true);
    const refused = (await socket
      .timeout(10_000)
      .emitWithAck('room:post', { room: 'room:salon-metrics', clientMsgId: 'm-3', text: 'Trop tard' })) as Ack<unknown>;
    expect(refused.ok).toBe(false);

    const metrics = await scrape();
    const posts = (outcome: string): number | undefined =>
      metrics.value('catalyse_command_duration_seconds_count', { aggregate: 'room', command: 'PostMessage', outcome });
    expect(posts('ok')).toBe(2);
    expect(posts('refused')).toBe(1);
    expect(metrics.value('catalyse_command_duration_seconds_count', { aggregate: 'room', command: 'OpenRoom', outcome: 'ok' })).toBe(1);
  });

  it('exposes every series the Grafana dashboard of infra/ reads', async () => {
    const dashboard: unknown = JSON.parse(readFileSync(join(ROOT, 'infra', 'grafana', 'catalyse.json'), 'utf8'));
    const exposed = seriesOfFamilies((await scrape()).types);
    const read = [...new Set(dashboardQueries(dashboard).flatMap(({ expr }) => catalyseSeriesIn(expr)))];
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !exposed.has(name))).toEqual([]);
  });
});
