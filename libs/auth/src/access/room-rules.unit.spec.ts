import { AppError, type Principal } from '@catalyse/protocol';
import {
  assertAccompanies,
  assertCanContributeToRoom,
  assertCanEnterRoom,
  assertPartnerOf,
  isOfPartnership,
  type RoomFacts,
  roomKindAdmits,
} from './room-rules';

const operator: Principal = { sub: 'op-1', role: 'operator' };
const catalyseur: Principal = { sub: 'cat-1', role: 'catalyseur' };
const flda: Principal = { sub: 'marie', role: 'partner', org: 'flda' };
const stranger: Principal = { sub: 'eve', role: 'partner', org: 'autre-asso' };

const open: RoomFacts = { kind: 'theme', subject: 'mobilite', access: 'open', members: ['cat-2'] };
const membersOnly: RoomFacts = { kind: 'theme', subject: 'copil', access: 'members', members: ['cat-2', 'marie'] };
const partnershipRoom: RoomFacts = { kind: 'partnership', subject: 'flda-ardeche', access: 'members', members: ['cat-2'] };
/** Open, and cat-1 a member: still not for a catalyseur who does not accompany the partnership. */
const openPartnershipRoom: RoomFacts = { kind: 'partnership', subject: 'flda-ardeche', access: 'open', members: ['cat-1'] };
const opsRoom: RoomFacts = { kind: 'ops', access: 'open', members: [] };
/** An ops room an operator added a partner and a catalyseur to: the kind comes first, they stay out. */
const listedOps: RoomFacts = { kind: 'ops', access: 'members', members: ['op-1', 'marie', 'cat-1'] };
/** A territory room with a partner (and a catalyseur) among its members: no partnership's, so no partner's. */
const territoryRoom: RoomFacts = { kind: 'territory', subject: 'ardeche', access: 'members', members: ['cat-1', 'marie'] };
/** FLDA × Ardèche: its partners' FLDA, accompanied by cat-2. */
const isPartnerOf = (principal: Principal) => async (partnershipId: string) =>
  partnershipId === 'flda-ardeche' && (principal.org === 'flda' || (principal.role === 'catalyseur' && principal.sub === 'cat-2'));
const accompanying: Principal = { sub: 'cat-2', role: 'catalyseur' };

async function outcome(check: Promise<void>): Promise<string> {
  try {
    await check;
    return 'allowed';
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
  }
}

describe('room access rules', () => {
  it.each([
    [operator, membersOnly, 'allowed'],
    [catalyseur, open, 'allowed'],
    [catalyseur, membersOnly, 'FORBIDDEN: this room is for its members'],
    // A partner sees the rooms of its partnerships only: a member of another kind of room or not.
    [flda, membersOnly, 'FORBIDDEN: partners see the rooms of their partnerships'],
    [flda, territoryRoom, 'FORBIDDEN: partners see the rooms of their partnerships'],
    [flda, { ...territoryRoom, access: 'open' as const }, 'FORBIDDEN: partners see the rooms of their partnerships'],
    [catalyseur, territoryRoom, 'allowed'],
    [flda, open, 'FORBIDDEN: partners see the rooms of their partnerships'],
    [flda, partnershipRoom, 'allowed'],
    [stranger, partnershipRoom, 'FORBIDDEN: this room is for the partners of its partnership'],
    // A partner of another organisation added as a member: still not of the partnership.
    [stranger, { ...partnershipRoom, members: ['cat-2', 'eve'] }, 'FORBIDDEN: this room is for the partners of its partnership'],
    [stranger, { ...openPartnershipRoom, members: ['eve'] }, 'FORBIDDEN: this room is for the partners of its partnership'],
    [accompanying, partnershipRoom, 'allowed'],
    [catalyseur, partnershipRoom, 'FORBIDDEN: this room is for the catalyseurs who accompany its partnership'],
    [catalyseur, openPartnershipRoom, 'FORBIDDEN: this room is for the catalyseurs who accompany its partnership'],
    [catalyseur, opsRoom, 'FORBIDDEN: ops rooms are for operators'],
    // Listed as members by an operator: still not operators.
    [catalyseur, listedOps, 'FORBIDDEN: ops rooms are for operators'],
    [flda, listedOps, 'FORBIDDEN: ops rooms are for operators'],
    [flda, { ...listedOps, access: 'open' as const }, 'FORBIDDEN: ops rooms are for operators'],
    [operator, listedOps, 'allowed'],
  ])('%j enters %j: %s', async (principal, room, expected) => {
    expect(await outcome(assertCanEnterRoom(principal, room, isPartnerOf(principal)))).toBe(expected);
  });

  it('lets only members contribute to a members-only room, even those who may enter it', async () => {
    expect(await outcome(assertCanContributeToRoom(flda, partnershipRoom, isPartnerOf(flda)))).toBe(
      'FORBIDDEN: only members contribute to a members-only room',
    );
    expect(await outcome(assertCanContributeToRoom(accompanying, membersOnly, isPartnerOf(accompanying)))).toBe('allowed');
    expect(await outcome(assertCanContributeToRoom(catalyseur, open, isPartnerOf(catalyseur)))).toBe('allowed');
  });

  it('lets no membership override the kind: members an ops room or a territory room cannot admit contribute nothing', async () => {
    expect(await outcome(assertCanContributeToRoom(flda, listedOps, isPartnerOf(flda)))).toBe('FORBIDDEN: ops rooms are for operators');
    expect(await outcome(assertCanContributeToRoom(catalyseur, listedOps, isPartnerOf(catalyseur)))).toBe('FORBIDDEN: ops rooms are for operators');
    expect(await outcome(assertCanContributeToRoom(operator, listedOps, isPartnerOf(operator)))).toBe('allowed');
    expect(await outcome(assertCanContributeToRoom(flda, territoryRoom, isPartnerOf(flda)))).toBe('FORBIDDEN: partners see the rooms of their partnerships');
    expect(await outcome(assertCanContributeToRoom(catalyseur, territoryRoom, isPartnerOf(catalyseur)))).toBe('allowed');
  });

  it('tells which roles a kind of room may ever admit, whoever is listed: ops operators only, partners only partnership rooms', () => {
    const kinds = ['ops', 'partnership', 'territory', 'theme', 'network'];
    const admitted = (role: Principal['role']) => kinds.filter((kind) => roomKindAdmits(kind, role));
    expect(admitted('operator')).toEqual(kinds);
    expect(admitted('catalyseur')).toEqual(['partnership', 'territory', 'theme', 'network']);
    expect(admitted('partner')).toEqual(['partnership']);
  });

  it('lets partners act on their own partnerships only', () => {
    const partners = [{ orgId: 'flda' }, { orgId: 'cg-ardeche' }];
    expect(() => assertPartnerOf(flda, partners, 'flda-ardeche')).not.toThrow();
    expect(() => assertPartnerOf(catalyseur, partners, 'flda-ardeche')).not.toThrow();
    expect(() => assertPartnerOf(stranger, partners, 'flda-ardeche')).toThrow('organisation autre-asso is not a partner of partnership flda-ardeche');
  });

  it('tells who is of a partnership: operators, partners by organisation, catalyseurs who accompany it', () => {
    const facts = { partners: [{ orgId: 'flda' }, { orgId: 'cg-ardeche' }], catalyseurs: ['cat-2'] };
    expect([operator, flda, stranger, accompanying, catalyseur].map((p) => isOfPartnership(p, facts))).toEqual([true, true, false, true, false]);
    expect(() => assertAccompanies(accompanying, facts, 'flda-ardeche')).not.toThrow();
    expect(() => assertAccompanies(catalyseur, facts, 'flda-ardeche')).toThrow('catalyseur cat-1 does not accompany partnership flda-ardeche');
  });
});
