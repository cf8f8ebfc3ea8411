/**
 * Who may connect and join what: the handshake token, then the access policy
 * on every join (partnerships for their partners and catalyseurs, `ops` for
 * operators, members-only rooms for their members; a room's kind before its members).
 */
import { TokenService } from '@catalyse/auth';
import { AGGREGATES } from '@catalyse/domain';
import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import { TestClient } from './testing/test-client';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

describe('hub access (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start();
    await hub.propose('flda-ardeche', ['flda', 'cg-ardeche']);
    await hub.openRoom('equipe', 'alice', 'members');
    await hub.openRoom('agora', 'alice', 'open');
  });

  afterAll(async () => {
    await hub?.close();
  });

  describe('handshake', () => {
    it('refuses a connection without a token', async () => {
      expect(await TestClient.refused(hub.url, undefined)).toEqual({
        message: 'UNAUTHORIZED',
        data: { code: 'UNAUTHORIZED', message: 'a bearer token is required' },
      });
    });

    it('refuses a forged, malformed or mistyped token', async () => {
      const forged = new TokenService('another-secret-that-is-long-enough-0123456789').sign({ sub: 'mallory', role: 'operator' });
      const refusal = await TestClient.refused(hub.url, { token: forged });
      expect(refusal).toMatchObject({ message: 'UNAUTHORIZED', data: { code: 'UNAUTHORIZED', message: expect.stringContaining('unknown key id') } });
      // The same forgery naming the hub's own key id: its signature gives it away.
      const [, body, signature] = forged.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: hub.tokens.keyId })).toString('base64url');
      const renamed = await TestClient.refused(hub.url, { token: `${header}.${body}.${signature}` });
      expect(renamed).toMatchObject({ message: 'UNAUTHORIZED', data: { code: 'UNAUTHORIZED', message: expect.stringContaining('invalid signature') } });
      expect(await TestClient.refused(hub.url, { token: 'not.a.jwt' })).toMatchObject({ message: 'UNAUTHORIZED', data: { code: 'UNAUTHORIZED' } });
      expect(await TestClient.refused(hub.url, { token: 42 })).toMatchObject({ message: 'UNAUTHORIZED', data: { code: 'UNAUTHORIZED' } });
    });

    it('accepts a valid token', async () => {
      const client = await hub.connect({ sub: 'cat-1', role: 'catalyseur' });
      expect(client.connected).toBe(true);
    });
  });

  describe('room:join access', () => {
    const ROOM = 'partnership:flda-ardeche';

    it('lets the partners and the catalyseurs who accompany it into a partnership room, not another organisation', async () => {
      const partner = await hub.connect({ sub: 'marie', role: 'partner', org: 'flda' });
      expect((await partner.join(ROOM)).entries.map((e) => e.kind)).toEqual(['PartnershipProposed']);
      // Nobody accompanies it yet: a catalyseur is refused until it is assigned, and again once released.
      const catalyseur = await hub.connect({ sub: 'cat-1', role: 'catalyseur' });
      expect(await catalyseur.tryJoin(ROOM)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'catalyseur cat-1 does not accompany partnership flda-ardeche' },
      });
      const today = new Date().toISOString().slice(0, 10);
      await hub.partnership('flda-ardeche', { type: 'AssignCatalyseur', data: { catalyseurId: 'cat-1', assignedOn: today } });
      expect(await catalyseur.tryJoin(ROOM)).toMatchObject({ ok: true });
      await hub.partnership('flda-ardeche', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-1', releasedOn: today } });
      const released = await hub.connect({ sub: 'cat-1', role: 'catalyseur' });
      expect(await released.tryJoin(ROOM)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      const stranger = await hub.connect({ sub: 'eve', role: 'partner', org: 'autre-asso' });
      expect(await stranger.tryJoin(ROOM)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'organisation autre-asso is not a partner of partnership flda-ardeche' },
      });
      expect(stranger.entries(ROOM)).toEqual([]);
      expect(await stranger.tryJoin('partnership:nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('keeps ops for operators', async () => {
      const catalyseur = await hub.connect({ sub: 'cat-2', role: 'catalyseur' });
      expect(await catalyseur.tryJoin('ops')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const operator = await hub.connect({ sub: 'op-1', role: 'operator' });
      expect(await operator.tryJoin('ops')).toMatchObject({ ok: true, data: { room: 'ops', snapshot: true } });
      expect(await operator.tryJoin(ROOM)).toMatchObject({ ok: true });
    });

    it('keeps a members-only room for its members, and lets a new member in', async () => {
      const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
      expect(await alice.tryJoin('room:equipe')).toMatchObject({ ok: true, data: { presence: ['alice'] } });
      const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
      expect(await bob.tryJoin('room:equipe')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'this room is for its members' } });
      expect(await bob.post('room:equipe', 'b-1', 'bonjour')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      await hub.room('equipe', { type: 'AddMember', data: { memberId: 'bob', addedBy: 'alice' } });
      expect(await bob.tryJoin('room:equipe')).toMatchObject({ ok: true });
      expect(bob.entries('room:equipe').map((e) => e.kind)).toEqual(['RoomOpened', 'MemberAdded']);
    });

    it('takes a socket out of a room the moment its access ends (a member removed; a catalyseur released, from its partnership’s feed and rooms), and nothing after reaches it', async () => {
      const today = new Date().toISOString().slice(0, 10);
      await hub.propose('silver-geek', ['asso-silver-geek', 'ent-vyv'], 'cat-sg');
      await hub.room('sg-salle', {
        type: 'OpenRoom',
        data: {
          roomId: 'sg-salle',
          kind: 'partnership',
          subject: 'silver-geek',
          title: 'Silver Geek',
          access: 'open',
          openedBy: 'cat-sg',
          openedAt: new Date().toISOString(),
        },
      });
      await hub.openRoom('bureau', 'alice', 'members');
      await hub.room('bureau', { type: 'AddMember', data: { memberId: 'cat-sg', addedBy: 'alice' } });
      const released = await hub.connect({ sub: 'cat-sg', role: 'catalyseur' });
      const watcher = await hub.connect({ sub: 'op-watch', role: 'operator' });
      const rooms = ['partnership:silver-geek', 'room:sg-salle', 'room:bureau', 'room:agora'];
      for (const room of rooms) {
        await released.join(room);
        await watcher.join(room);
      }

      await hub.partnership('silver-geek', { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-sg', releasedOn: today } });
      await hub.room('bureau', { type: 'RemoveMember', data: { memberId: 'cat-sg', removedBy: 'alice' } });
      await released.waitFor(() => released.resets.length === 3, 'three rooms told their access ended');
      expect(released.resets.map((r) => r.room).sort()).toEqual(['partnership:silver-geek', 'room:bureau', 'room:sg-salle']);
      // Each heard the entry that ended its access, and nothing after it.
      expect(released.entries('partnership:silver-geek').at(-1)?.kind).toBe('CatalyseurReleased');
      expect(released.entries('room:bureau').at(-1)?.kind).toBe('MemberRemoved');
      const held = Object.fromEntries(rooms.map((room) => [room, released.entries(room).length]));

      await hub.planMilestone('silver-geek', 'apres', true);
      const lastPosition = await Promise.all(['sg-salle', 'bureau', 'agora'].map((room) => hub.appendMessage(room, 'après le départ')));
      await hub.projected(lastPosition.reduce((a, b) => (a > b ? a : b)));
      for (const room of rooms) await watcher.waitForSeq(room, (await hub.head(room)).head);
      // The open room it may still read goes on; the others do not reach it.
      await released.waitForSeq('room:agora', (await hub.head('room:agora')).head);
      for (const room of rooms.slice(0, 3)) expect(released.entries(room)).toHaveLength(held[room] ?? -1);
      for (const room of rooms.slice(0, 3)) expect(await released.tryJoin(room)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(released.connected).toBe(true);
    });

    it('judges a room by its kind before its members: a partner and a catalyseur listed in an ops room, a partner in a territory room, stay out', async () => {
      const openedAt = new Date().toISOString();
      await hub.room('astreinte', {
        type: 'OpenRoom',
        data: { roomId: 'astreinte', kind: 'ops', title: 'Astreinte', access: 'open', openedBy: 'op-1', openedAt },
      });
      for (const memberId of ['paul', 'cat-9']) await hub.room('astreinte', { type: 'AddMember', data: { memberId, addedBy: 'op-1' } });
      await hub.room('salon-ardeche', {
        type: 'OpenRoom',
        data: { roomId: 'salon-ardeche', kind: 'territory', subject: 'ardeche', title: 'Ardèche', access: 'members', openedBy: 'alice', openedAt },
      });
      await hub.room('salon-ardeche', { type: 'AddMember', data: { memberId: 'paul', addedBy: 'alice' } });
      const paul = await hub.connect({ sub: 'paul', role: 'partner', org: 'flda' });
      const listed = await hub.connect({ sub: 'cat-9', role: 'catalyseur' });
      const since = { epoch: 1, seq: 0 };
      const refusals: [TestClient, string, string][] = [
        [paul, 'room:astreinte', 'ops rooms are for operators'],
        [listed, 'room:astreinte', 'ops rooms are for operators'],
        [paul, 'room:salon-ardeche', 'partners see the rooms of their partnerships'],
      ];
      for (const [client, room, message] of refusals) {
        const refused = { ok: false, error: { code: 'FORBIDDEN', message } };
        expect(await client.tryJoin(room)).toEqual(refused);
        expect(await client.request(HUB_EVENTS.sync, { room, since })).toEqual(refused);
        expect(await client.post(room, 'listed-1', 'bonjour')).toEqual(refused);
        expect(client.entries(room)).toEqual([]);
      }
      // Those the kind admits: operators in the ops room, a catalyseur member in the territory room.
      const operator = await hub.connect({ sub: 'op-1', role: 'operator' });
      expect(await operator.tryJoin('room:astreinte')).toMatchObject({ ok: true, data: { room: 'room:astreinte' } });
      expect(await operator.post('room:astreinte', 'op-1', 'relève à 18 h')).toMatchObject({ ok: true });
      const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
      expect(await alice.tryJoin('room:salon-ardeche')).toMatchObject({ ok: true });
    });

    it('posts only in rooms, and only in rooms that exist', async () => {
      const catalyseur = await hub.connect({ sub: 'cat-3', role: 'catalyseur' });
      expect(await catalyseur.post(ROOM, 'c-1', 'hello')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await catalyseur.post('room:absent', 'c-2', 'hello')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await catalyseur.request(HUB_EVENTS.sync, { room: 'ops', since: { epoch: 1, seq: 0 } })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    });
  });

  it('takes a catalyseur who left the network out of its rooms, and refuses every join and post, in rooms they are a member of too', async () => {
    const { decider, streamOf } = AGGREGATES.catalyseur;
    await hub.run(decider, streamOf('cat-lou'), {
      type: 'JoinNetwork',
      data: { catalyseurId: 'cat-lou', name: 'Lou', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2020-01-01' },
    });
    await hub.room('equipe', { type: 'AddMember', data: { memberId: 'cat-lou', addedBy: 'alice' } });
    const lou = await hub.connect({ sub: 'cat-lou', role: 'catalyseur' });
    expect(await lou.tryJoin('room:equipe')).toMatchObject({ ok: true });
    expect(await lou.tryJoin('network')).toMatchObject({ ok: true });
    await hub.run(decider, streamOf('cat-lou'), { type: 'LeaveNetwork', data: { leftAt: new Date().toISOString() } });
    // Taken out of every room it follows, the departure's own feed included, told with room:reset.
    await lou.waitFor(() => lou.resets.length === 2, 'both rooms told her access ended');
    expect(lou.resets.map((reset) => reset.room).sort()).toEqual(['network', 'room:equipe']);
    expect(lou.entries('network').at(-1)?.kind).toBe('CatalyseurLeft');
    const ended = { ok: false, error: { code: 'FORBIDDEN', message: 'catalyseur cat-lou left the network: their access ended' } };
    expect(await lou.tryJoin('room:agora')).toEqual(ended);
    expect(await lou.tryJoin('room:equipe')).toEqual(ended);
    expect(await lou.post('room:equipe', 'lou-1', 'Encore là ?')).toEqual(ended);
  });
});
