/**
 * api, projector and hub as three processes on one data folder (the embedded
 * engines, without the all-in-one): a command sent to the api reaches a client
 * of the hub (`@catalyse/client`) through the projector's feed, and the
 * client's posts reach the api's reads.
 */
import { expectStatus, HttpClient, HubClient, mintToken, type RunningService, seqs, startService, tempDataDir } from '@catalyse/testing';

describe('api, projector and hub as separate processes', () => {
  const data = tempDataDir();
  const services: RunningService[] = [];
  let client: HubClient | undefined;

  afterAll(async () => {
    client?.close();
    for (const service of services.reverse()) await service.stop();
    data.remove();
  });

  it('delivers a command sent to the api to a client of the hub, and a hub post to the api', async () => {
    const env = { JWT_SECRET: 'a-shared-secret-for-the-three-services-0123456789' };
    const projector = await startService('projector', { dataDir: data.dir, env });
    const api = await startService('api', { dataDir: data.dir, env });
    const hub = await startService('hub', { dataDir: data.dir, env });
    services.push(projector, api, hub);
    const token = await mintToken(data.dir, { sub: 'cat-alsace-1', role: 'catalyseur' }, env);
    const http = new HttpClient(api.url, token);

    const opened = expectStatus(
      await http.post<{ id: string }>('/api/rooms', {
        id: 'labo-alsace',
        kind: 'theme',
        subject: 'labo-alsace',
        title: 'Labo régional des partenariats',
        access: 'open',
      }),
      201,
    );
    expect(opened.id).toBe('labo-alsace');

    // The room card reaches the read models through the separate projector: the hub knows it once its feed can be read.
    for (let i = 0; i < 100 && (await http.get('/api/rooms/labo-alsace/feed?since=0')).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    client = await HubClient.connect(hub.url, token);
    const room = await client.join('room:labo-alsace');
    expect(room.epoch()).toBe(1);

    expectStatus(await http.post('/api/rooms/labo-alsace/post-message', { clientMsgId: 'm-1', text: 'Bienvenue au Labo !' }), 200);
    // Through the client's outbox: resolved once the hub acknowledged it (it throws if the hub refused it).
    await client.post('room:labo-alsace', 'Premier atelier le 12 mars');

    const feed = async () =>
      expectStatus(await http.get<{ head: number; entries: { kind: string; data: { text?: string } }[] }>('/api/rooms/labo-alsace/feed?since=0'), 200);
    let current = await feed();
    for (let i = 0; i < 100 && current.head < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = await feed();
    }
    expect(current.entries.map((e) => e.kind)).toEqual(['RoomOpened', 'MessagePosted', 'MessagePosted']);
    expect(current.entries.map((e) => e.data.text).slice(1)).toEqual(['Bienvenue au Labo !', 'Premier atelier le 12 mars']);
    await client.waitForSeq('room:labo-alsace', 3);
    expect(seqs(client.entries('room:labo-alsace'))).toEqual([1, 2, 3]);
    expect(
      client
        .entries('room:labo-alsace')
        .map((e) => (e.data as { text?: string }).text)
        .slice(1),
    ).toEqual(['Bienvenue au Labo !', 'Premier atelier le 12 mars']);
  });
});
