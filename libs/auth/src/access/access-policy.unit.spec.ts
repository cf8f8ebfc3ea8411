import { AppError, type Principal } from '@catalyse/protocol';
import { ACCESS, ruleOf } from './access-table';
import { AccessPolicy } from './access-policy';
import type { AccessFacts } from './facts';
import type { PartnershipFacts, RoomFacts } from './room-rules';

/**
 * A small world, as facts: FLDA × Conseil général de l'Ardèche, accompanied by cat-1, its members-only COPIL room,
 * an open theme room; Silver Geek × La Poste, proposed by a partner and accompanied by nobody yet, and its open room.
 * cat-gone left the network, still assigned to FLDA × Ardèche and a member of its COPIL. An operators' room
 * (`astreinte`, kind ops) and a territory room (`ardeche-salon`) list a partner of FLDA and cat-1 among their members.
 */
const world: AccessFacts = {
  partnership: async (id) =>
    (
      ({
        'flda-ardeche': { partners: [{ orgId: 'flda' }, { orgId: 'cg-ardeche' }], catalyseurs: ['cat-1', 'cat-gone'] },
        'silver-geek': { partners: [{ orgId: 'silver-geek' }, { orgId: 'la-poste' }], catalyseurs: [] },
      }) satisfies Record<string, PartnershipFacts>
    )[id],
  room: async (id): Promise<RoomFacts | undefined> =>
    (
      ({
        copil: { kind: 'partnership', subject: 'flda-ardeche', access: 'members', members: ['cat-1', 'op-1', 'cat-gone'] },
        mobilite: { kind: 'theme', subject: 'mobilite', access: 'open', members: ['cat-2'] },
        'silver-geek-room': { kind: 'partnership', subject: 'silver-geek', access: 'open', members: ['cat-2'] },
        astreinte: { kind: 'ops', access: 'members', members: ['op-1', 'marie', 'cat-1'] },
        'ardeche-salon': { kind: 'territory', subject: 'ardeche', access: 'members', members: ['cat-1', 'marie'] },
      }) satisfies Record<string, RoomFacts>
    )[id],
  accompaniment: async (id) => (id === 'flda-2014' ? { organisationId: 'flda', catalyseurId: 'cat-1' } : undefined),
  catalyseurHasLeft: async (id) => id === 'cat-gone',
  recorded: async (kind, id) =>
    (
      ({ catalyseur: ['cat-1', 'cat-2', 'cat-gone'], organisation: ['flda', 'cg-ardeche'], gathering: ['rencontre-2018'], territory: ['ardeche'] }) as Record<
        string,
        string[]
      >
    )[kind]?.includes(id) ?? false,
  // The theme of the open room `mobilite`; `grand-lyon`, never registered, has entries (a partnership there).
  themeRoom: async (theme) => theme === 'mobilite',
  feedHasEntries: async (room) => room === 'territory:grand-lyon',
};
const policy = new AccessPolicy(world);

const catalyseur: Principal = { sub: 'cat-1', role: 'catalyseur' };
const other: Principal = { sub: 'cat-2', role: 'catalyseur' };
const flda: Principal = { sub: 'marie', role: 'partner', org: 'flda' };
const stranger: Principal = { sub: 'eve', role: 'partner', org: 'autre-asso' };
const operator: Principal = { sub: 'op-1', role: 'operator' };

async function outcome(check: Promise<void>): Promise<string> {
  try {
    await check;
    return 'allowed';
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.message}` : `thrown: ${String(error)}`;
  }
}

describe('a catalyseur who left the network', () => {
  const gone: Principal = { sub: 'cat-gone', role: 'catalyseur' };
  const ended = 'FORBIDDEN: catalyseur cat-gone left the network: their access ended';

  it('has no access any more, though still assigned and a member: commands, reads, feeds, posts', async () => {
    expect(await outcome(policy.check('partnership', 'act', { principal: gone, id: 'flda-ardeche' }))).toBe(ended);
    expect(await outcome(policy.check('partnership', 'read', { principal: gone, id: 'flda-ardeche' }))).toBe(ended);
    expect(await outcome(policy.check('gathering', 'create', { principal: gone }))).toBe(ended);
    expect(await outcome(policy.check('catalyseur', 'act', { principal: gone, id: 'cat-gone' }))).toBe(ended);
    expect(await outcome(policy.assertCanRead(gone, 'room:copil'))).toBe(ended);
    expect(await outcome(policy.assertCanRead(gone, 'room:mobilite'))).toBe(ended);
    expect(await outcome(policy.assertCanPost(gone, 'room:copil'))).toBe(ended);
    // The same rows still let the catalyseurs who stayed in.
    expect(await outcome(policy.check('partnership', 'act', { principal: catalyseur, id: 'flda-ardeche' }))).toBe('allowed');
    expect(await outcome(policy.assertCanPost(catalyseur, 'room:copil'))).toBe('allowed');
  });

  it('still reads their own profile (only theirs), and operators and partners are not asked about it', async () => {
    expect(await outcome(policy.check('catalyseur', 'read', { principal: gone, id: 'cat-gone' }))).toBe('allowed');
    expect(await outcome(policy.check('catalyseur', 'read', { principal: gone, id: 'cat-1' }))).toBe(ended);
    expect(await outcome(policy.assertCanRead(gone, 'portfolio:cat-gone'))).toBe('allowed');
    expect(await outcome(policy.assertCanRead(gone, 'portfolio:cat-1'))).toBe(ended);
    const asked: string[] = [];
    const counting = new AccessPolicy({ ...world, catalyseurHasLeft: async (id) => (asked.push(id), false) });
    await counting.check('partnership', 'read', { principal: operator, id: 'flda-ardeche' });
    await counting.check('partnership', 'read', { principal: flda, id: 'flda-ardeche' });
    expect(asked).toEqual([]);
  });
});

describe('the access table', () => {
  it('has a rule for every role of every action of every row', () => {
    for (const [resource, row] of Object.entries(ACCESS)) {
      for (const [action, grant] of Object.entries(row.actions)) {
        expect([resource, action, Object.keys(grant).sort()]).toEqual([resource, action, ['catalyseur', 'operator', 'partner']]);
      }
    }
    expect(ruleOf('gathering', 'create', 'partner')).toBe('deny');
    expect(ruleOf('partnership', 'act', 'partner')).toBe('partner-of-partnership');
    expect(ruleOf('partnership', 'act', 'catalyseur')).toBe('catalyseur-of-partnership');
    expect(ruleOf('feed:ops', 'read', 'catalyseur')).toBe('deny');
  });

  it("refuses partners the network's work with one message, whatever the aggregate", async () => {
    for (const resource of ['gathering', 'territory', 'introduction', 'experimentation'] as const) {
      expect(await outcome(policy.check(resource, 'create', { principal: flda }))).toBe(
        `FORBIDDEN: ${resource === 'territory' ? 'territories' : `${resource}s`} are run and read by catalyseurs and operators; partners act in their own partnerships`,
      );
      expect(await outcome(policy.check(resource, 'read', { principal: catalyseur }))).toBe('allowed');
    }
  });

  it('lets partners act on their own partnerships only, and say NOT_FOUND about one that does not exist', async () => {
    expect(await outcome(policy.check('partnership', 'act', { principal: flda, id: 'flda-ardeche' }))).toBe('allowed');
    expect(await outcome(policy.check('partnership', 'act', { principal: stranger, id: 'flda-ardeche' }))).toBe(
      'FORBIDDEN: organisation autre-asso is not a partner of partnership flda-ardeche',
    );
    expect(await outcome(policy.check('partnership', 'act', { principal: stranger, id: 'nope' }))).toBe('NOT_FOUND: partnership nope not found');
    expect(await outcome(policy.check('partnership', 'act', { principal: catalyseur, id: 'nope' }))).toBe('NOT_FOUND: partnership nope not found');
  });

  it('lets catalyseurs act on the partnerships they accompany only, and read every board; operators act on all', async () => {
    for (const action of ['act', 'agree-objectives', 'release'] as const) {
      expect(await outcome(policy.check('partnership', action, { principal: catalyseur, id: 'flda-ardeche', body: { orgId: 'flda' } }))).toBe('allowed');
      expect(await outcome(policy.check('partnership', action, { principal: other, id: 'flda-ardeche', body: { orgId: 'flda' } }))).toBe(
        'FORBIDDEN: catalyseur cat-2 does not accompany partnership flda-ardeche',
      );
      expect(await outcome(policy.check('partnership', action, { principal: operator, id: 'silver-geek' }))).toBe('allowed');
    }
    expect(await outcome(policy.check('partnership', 'act', { principal: catalyseur, id: 'silver-geek' }))).toBe(
      'FORBIDDEN: catalyseur cat-1 does not accompany partnership silver-geek',
    );
    for (const action of ['read', 'list'] as const) {
      expect(await outcome(policy.check('partnership', action, { principal: other, id: 'flda-ardeche' }))).toBe('allowed');
    }
    expect(await outcome(policy.assertCanRead(catalyseur, 'partnership:flda-ardeche'))).toBe('allowed');
    expect(await outcome(policy.assertCanRead(other, 'partnership:flda-ardeche'))).toBe(
      'FORBIDDEN: catalyseur cat-2 does not accompany partnership flda-ardeche',
    );
    expect(await outcome(policy.assertCanRead(operator, 'partnership:silver-geek'))).toBe('allowed');
  });

  it('lets a catalyseur assign itself to a partnership nobody accompanies; otherwise the catalyseurs who accompany it and operators assign', async () => {
    const assign = (principal: Principal, id: string, catalyseurId: unknown) =>
      policy.check('partnership', 'assign', { principal, id, body: { catalyseurId } });
    expect(await outcome(assign(other, 'silver-geek', 'cat-2'))).toBe('allowed');
    expect(await outcome(assign(other, 'silver-geek', 'cat-3'))).toBe(
      'FORBIDDEN: nobody accompanies partnership silver-geek yet: a catalyseur assigns itself (cat-2), not cat-3',
    );
    // A body validation will refuse: left to it.
    expect(await outcome(assign(other, 'silver-geek', 42))).toBe('allowed');
    expect(await outcome(assign(catalyseur, 'flda-ardeche', 'cat-3'))).toBe('allowed');
    expect(await outcome(assign(other, 'flda-ardeche', 'cat-2'))).toBe('FORBIDDEN: catalyseur cat-2 does not accompany partnership flda-ardeche');
    expect(await outcome(assign(operator, 'flda-ardeche', 'cat-3'))).toBe('allowed');
    expect(await outcome(assign(other, 'nope', 'cat-2'))).toBe('NOT_FOUND: partnership nope not found');
    const refusal =
      'FORBIDDEN: partners act in their own partnerships; its catalyseurs are assigned and released by the catalyseurs who accompany it and operators';
    expect(await outcome(assign(flda, 'flda-ardeche', 'cat-3'))).toBe(refusal);
    expect(await outcome(policy.check('partnership', 'release', { principal: flda, id: 'flda-ardeche', body: { catalyseurId: 'cat-1' } }))).toBe(refusal);
  });

  it('keeps a partnership room to the catalyseurs who accompany it (members or not), its partners and operators', async () => {
    expect(await outcome(policy.check('room', 'read', { principal: catalyseur, id: 'copil' }))).toBe('allowed');
    expect(await outcome(policy.check('room', 'read', { principal: other, id: 'silver-geek-room' }))).toBe(
      'FORBIDDEN: this room is for the catalyseurs who accompany its partnership',
    );
    // cat-2 is a member of that room, but does not accompany its partnership: it neither enters nor archives it.
    expect(await outcome(policy.check('room', 'archive', { principal: other, id: 'silver-geek-room' }))).toBe(
      'FORBIDDEN: this room is for the catalyseurs who accompany its partnership',
    );
    expect(await outcome(policy.assertCanPost(other, 'room:silver-geek-room'))).toBe(
      'FORBIDDEN: this room is for the catalyseurs who accompany its partnership',
    );
    expect(await outcome(policy.assertCanPost(operator, 'room:silver-geek-room'))).toBe('allowed');
    expect(await outcome(policy.check('room', 'open', { principal: other, body: { kind: 'partnership', subject: 'flda-ardeche' } }))).toBe(
      'FORBIDDEN: catalyseur cat-2 does not accompany partnership flda-ardeche',
    );
    expect(await outcome(policy.check('room', 'open', { principal: catalyseur, body: { kind: 'partnership', subject: 'flda-ardeche' } }))).toBe('allowed');
    // A partnership that does not exist is the command's own refusal.
    expect(await outcome(policy.check('room', 'open', { principal: other, body: { kind: 'partnership', subject: 'nope' } }))).toBe('allowed');
  });

  it('judges only the well-formed parts of a body or a query, and leaves the rest to validation', async () => {
    const agree = (orgId: unknown) => policy.check('partnership', 'agree-objectives', { principal: flda, id: 'flda-ardeche', body: { orgId } });
    expect(await outcome(agree('flda'))).toBe('allowed');
    expect(await outcome(agree('cg-ardeche'))).toBe('FORBIDDEN: a partner agrees objectives for its own organisation (flda), not for cg-ardeche');
    expect(await outcome(agree(42))).toBe('allowed');
    const propose = (partners: unknown) => policy.check('partnership', 'propose', { principal: flda, body: { partners } });
    expect(await outcome(propose([{ orgId: 'flda' }, { orgId: 'x' }]))).toBe('allowed');
    expect(await outcome(propose([{ orgId: 'y' }, { orgId: 'x' }]))).toBe(
      'FORBIDDEN: a partner proposes partnerships of its own organisation (flda), which is not listed',
    );
    expect(await outcome(propose([{ orgId: 'y' }, 'x']))).toBe('allowed');
    expect(await outcome(policy.check('partnership', 'list', { principal: flda, query: { org: 'cg-ardeche' } }))).toBe(
      'FORBIDDEN: a partner sees the partnerships of its own organisation (flda)',
    );
  });

  it("lets a catalyseur manage its own profile only; operators anyone's; partners none", async () => {
    expect(await outcome(policy.check('catalyseur', 'act', { principal: catalyseur, id: 'cat-1' }))).toBe('allowed');
    expect(await outcome(policy.check('catalyseur', 'act', { principal: catalyseur, id: 'cat-2' }))).toBe(
      'FORBIDDEN: a catalyseur manages its own profile only',
    );
    expect(await outcome(policy.check('catalyseur', 'join', { principal: catalyseur, body: { id: 'cat-2' } }))).toBe(
      'FORBIDDEN: a catalyseur manages its own profile only',
    );
    expect(await outcome(policy.check('catalyseur', 'join', { principal: catalyseur, body: {} }))).toBe('allowed');
    expect(await outcome(policy.check('catalyseur', 'act', { principal: operator, id: 'cat-2' }))).toBe('allowed');
    expect(await outcome(policy.check('catalyseur', 'join', { principal: flda, body: {} }))).toBe(
      'FORBIDDEN: only catalyseurs (their own profile) and operators manage profiles',
    );
  });

  it('lets a partner read its own organisation only, and act on none; catalyseurs and operators register, act and list', async () => {
    expect(await outcome(policy.check('organisation', 'read', { principal: flda, id: 'flda' }))).toBe('allowed');
    expect(await outcome(policy.check('organisation', 'read', { principal: flda, id: 'cg-ardeche' }))).toBe(
      'FORBIDDEN: a partner reads its own organisation (flda) only',
    );
    const orgless: Principal = { sub: 'zoe', role: 'partner' };
    expect(await outcome(policy.check('organisation', 'read', { principal: orgless, id: 'flda' }))).toBe(
      'FORBIDDEN: a partner reads its own organisation (?) only',
    );
    const refusal = 'FORBIDDEN: organisations are registered and acted on by catalyseurs and operators; a partner reads its own organisation only';
    expect(await outcome(policy.check('organisation', 'act', { principal: flda, id: 'flda' }))).toBe(refusal);
    expect(await outcome(policy.check('organisation', 'create', { principal: flda, body: { id: 'flda' } }))).toBe(refusal);
    expect(await outcome(policy.check('organisation', 'list', { principal: flda, query: { territory: 'ardeche' } }))).toBe(refusal);
    for (const principal of [catalyseur, operator]) {
      for (const action of ['create', 'act', 'read', 'list'] as const) {
        expect(await outcome(policy.check('organisation', action, { principal, id: 'cg-ardeche' }))).toBe('allowed');
      }
    }
  });

  it('lets the catalyseur who holds an accompaniment (or an operator) act on it; a partner reads those of its own organisation only', async () => {
    expect(await outcome(policy.check('accompaniment', 'act', { principal: catalyseur, id: 'flda-2014' }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'act', { principal: other, id: 'flda-2014' }))).toBe(
      'FORBIDDEN: only the catalyseur who holds an accompaniment (or an operator) acts on it',
    );
    expect(await outcome(policy.check('accompaniment', 'act', { principal: operator, id: 'flda-2014' }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'act', { principal: other, id: 'nope' }))).toBe('NOT_FOUND: accompaniment nope not found');
    // Opening: in its own name; a body without a well-formed catalyseurId is left to the api (the token's subject) and validation.
    expect(await outcome(policy.check('accompaniment', 'create', { principal: catalyseur, body: { catalyseurId: 'cat-1' } }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'create', { principal: catalyseur, body: { organisationId: 'flda' } }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'create', { principal: catalyseur, body: { catalyseurId: 'cat-2' } }))).toBe(
      'FORBIDDEN: a catalyseur opens accompaniments in its own name',
    );
    expect(await outcome(policy.check('accompaniment', 'create', { principal: operator, body: { catalyseurId: 'cat-2' } }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'read', { principal: flda, id: 'flda-2014' }))).toBe('allowed');
    expect(await outcome(policy.check('accompaniment', 'read', { principal: stranger, id: 'flda-2014' }))).toBe(
      'FORBIDDEN: a partner reads the accompaniments of its own organisation (autre-asso) only',
    );
    expect(await outcome(policy.check('accompaniment', 'read', { principal: other, id: 'flda-2014' }))).toBe('allowed');
    const refusal = 'FORBIDDEN: accompaniments are opened and acted on by catalyseurs and operators; a partner reads those of its own organisation only';
    expect(await outcome(policy.check('accompaniment', 'act', { principal: flda, id: 'flda-2014' }))).toBe(refusal);
    expect(await outcome(policy.check('accompaniment', 'create', { principal: flda, body: {} }))).toBe(refusal);
    expect(await outcome(policy.check('accompaniment', 'list', { principal: flda, query: { organisation: 'flda' } }))).toBe(refusal);
    // The organisation's live page: a partner follows its own organisation only.
    expect(await outcome(policy.assertCanRead(flda, 'organisation:flda'))).toBe('allowed');
    expect(await outcome(policy.assertCanRead(stranger, 'organisation:flda'))).toBe('FORBIDDEN: a partner reads its own organisation (autre-asso) only');
    expect(await outcome(policy.assertCanRead(other, 'organisation:flda'))).toBe('allowed');
  });

  it('applies the room rules: enter, contribute in a members-only room, leave oneself, archive as a member, open', async () => {
    expect(await outcome(policy.check('room', 'read', { principal: flda, id: 'copil' }))).toBe('allowed');
    expect(await outcome(policy.check('room', 'post', { principal: flda, id: 'copil' }))).toBe('FORBIDDEN: only members contribute to a members-only room');
    expect(await outcome(policy.check('room', 'read', { principal: stranger, id: 'copil' }))).toBe(
      'FORBIDDEN: this room is for the partners of its partnership',
    );
    expect(await outcome(policy.check('room', 'leave', { principal: other, id: 'mobilite', body: { memberId: 'cat-2' } }))).toBe('allowed');
    // Someone outside a room who "leaves" it is refused as an outsider: no rule answer ("not a member") reveals the room.
    expect(await outcome(policy.check('room', 'leave', { principal: stranger, id: 'copil', body: { memberId: 'eve' } }))).toBe(
      'FORBIDDEN: this room is for the partners of its partnership',
    );
    expect(await outcome(policy.check('room', 'manage-members', { principal: stranger, id: 'copil', body: { memberId: 'cat-1' } }))).toBe(
      'FORBIDDEN: this room is for the partners of its partnership',
    );
    expect(await outcome(policy.check('room', 'archive', { principal: catalyseur, id: 'mobilite' }))).toBe(
      'FORBIDDEN: a room is archived by its members or an operator',
    );
    expect(await outcome(policy.check('room', 'archive', { principal: catalyseur, id: 'copil' }))).toBe('allowed');
    expect(await outcome(policy.check('room', 'read', { principal: catalyseur, id: 'nowhere' }))).toBe('NOT_FOUND: room nowhere not found');
    expect(await outcome(policy.check('room', 'open', { principal: catalyseur, body: { kind: 'ops' } }))).toBe('FORBIDDEN: ops rooms are opened by operators');
    expect(await outcome(policy.check('room', 'open', { principal: flda, body: { kind: 'theme', subject: 'x' } }))).toBe(
      'FORBIDDEN: a partner may only open a room of kind partnership, for its own partnership (subject)',
    );
    expect(await outcome(policy.check('room', 'open', { principal: stranger, body: { kind: 'partnership', subject: 'flda-ardeche' } }))).toBe(
      'FORBIDDEN: organisation autre-asso is not a partner of partnership flda-ardeche',
    );
    expect(await outcome(policy.check('room', 'open', { principal: flda, body: { kind: 'partnership', subject: 'flda-ardeche' } }))).toBe('allowed');
  });

  it('judges a room by its kind before its members: a partner or a catalyseur listed in an ops room, a partner in a territory room, are kept out', async () => {
    const ops = 'FORBIDDEN: ops rooms are for operators';
    const partnersOnly = 'FORBIDDEN: partners see the rooms of their partnerships';
    for (const [principal, id, refusal] of [
      [flda, 'astreinte', ops],
      [catalyseur, 'astreinte', ops],
      [flda, 'ardeche-salon', partnersOnly],
    ] as const) {
      for (const action of ['read', 'post', 'retract', 'archive'] as const) {
        expect(`${action}: ${await outcome(policy.check('room', action, { principal, id }))}`).toBe(`${action}: ${refusal}`);
      }
      expect(await outcome(policy.check('room', 'manage-members', { principal, id, body: { memberId: 'cat-2' } }))).toBe(refusal);
      expect(await outcome(policy.assertCanRead(principal, `room:${id}`))).toBe(refusal);
      expect(await outcome(policy.assertCanPost(principal, `room:${id}`))).toBe(refusal);
      // Leaving stays open to the one listed: it takes itself off the list.
      expect(await outcome(policy.check('room', 'leave', { principal, id, body: { memberId: principal.sub } }))).toBe('allowed');
    }
    expect(await outcome(policy.assertCanPost(operator, 'room:astreinte'))).toBe('allowed');
    expect(await outcome(policy.check('room', 'archive', { principal: operator, id: 'astreinte' }))).toBe('allowed');
    expect(await outcome(policy.assertCanPost(catalyseur, 'room:ardeche-salon'))).toBe('allowed');
  });

  it('decides the hub from the same table: feeds by kind, posts only in rooms', async () => {
    expect(await outcome(policy.assertCanRead(catalyseur, 'network'))).toBe('allowed');
    expect(await outcome(policy.assertCanRead(flda, 'network'))).toBe('FORBIDDEN: the network room is for catalyseurs');
    expect(await outcome(policy.assertCanRead(catalyseur, 'ops'))).toBe('FORBIDDEN: the ops room is for operators');
    expect(await outcome(policy.assertCanRead(flda, 'partnership:flda-ardeche'))).toBe('allowed');
    expect(await outcome(policy.assertCanRead(stranger, 'partnership:flda-ardeche'))).toBe(
      'FORBIDDEN: organisation autre-asso is not a partner of partnership flda-ardeche',
    );
    expect(await outcome(policy.assertCanRead(flda, 'territory:ardeche'))).toBe('FORBIDDEN: the territory rooms are for catalyseurs');
    expect(await outcome(policy.assertCanRead(catalyseur, 'room:<script>'))).toMatch(/^VALIDATION: invalid room key/);
    expect(await outcome(policy.assertCanPost(catalyseur, 'network'))).toBe('VALIDATION: messages are posted in rooms (room:{id}); network is a feed');
    expect(await outcome(policy.assertCanPost(operator, 'room:copil'))).toBe('allowed');
    expect(await outcome(policy.assertCanPost(other, 'room:copil'))).toBe('FORBIDDEN: this room is for the catalyseurs who accompany its partnership');
  });

  it('reads the feed of something that exists only, whoever asks: NOT_FOUND otherwise, after the table', async () => {
    const read = async (principal: Principal, room: string) => outcome(policy.assertCanRead(principal, room));
    for (const principal of [other, operator]) {
      expect(await read(principal, 'gathering:rencontre-2018')).toBe('allowed');
      expect(await read(principal, 'gathering:zzz')).toBe('NOT_FOUND: gathering zzz not found');
      expect(await read(principal, 'theme:mobilite')).toBe('allowed');
      expect(await read(principal, 'theme:zzz')).toBe('NOT_FOUND: theme zzz not found');
      expect(await read(principal, 'experimentation:zzz')).toBe('NOT_FOUND: experimentation zzz not found');
      expect(await read(principal, 'organisation:flda')).toBe('allowed');
      expect(await read(principal, 'organisation:zzz')).toBe('NOT_FOUND: organisation zzz not found');
      // A territory registered, or one only partnerships name once its feed holds their entries.
      expect(await read(principal, 'territory:ardeche')).toBe('allowed');
      expect(await read(principal, 'territory:grand-lyon')).toBe('allowed');
      expect(await read(principal, 'territory:zzz')).toBe('NOT_FOUND: territory zzz not found');
      expect(await read(principal, 'partnership:zzz')).toBe('NOT_FOUND: partnership zzz not found');
      expect(await read(principal, 'room:zzz')).toBe('NOT_FOUND: room zzz not found');
    }
    expect(await read(operator, 'portfolio:cat-1')).toBe('allowed');
    expect(await read(operator, 'portfolio:zzz')).toBe('NOT_FOUND: catalyseur zzz not found');
    // The table first: a partner hears 403 about what no partner reads, whether it exists or not.
    expect(await read(flda, 'gathering:zzz')).toBe('FORBIDDEN: the gathering rooms are for catalyseurs');
    expect(await read(flda, 'theme:zzz')).toBe('FORBIDDEN: the theme rooms are for catalyseurs');
  });
});
