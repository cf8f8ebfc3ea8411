import { foldEvent } from '../projection';
import { EventLog } from '../testing/fixtures';
import { type CatalyseurCard, catalyseurDirectory, catalyseurTags, evolveCatalyseurCard } from './catalyseur-directory';

const STREAM = 'catalyseur-3f2a9c1e-5d4b-4e8f-9a70-1c2d3e4f5a6b';
const JOINED = {
  catalyseurId: '3f2a9c1e-5d4b-4e8f-9a70-1c2d3e4f5a6b',
  name: 'Claire Morvan',
  sphere: 'collectivite' as const,
  territory: 'pays-de-morlaix',
  skills: ['dialogue_territorial' as const, 'mise_en_relation' as const],
  joinedAt: '2026-01-05T08:30:00.000Z',
};

describe('catalyseur directory (the catalyseur decider’s state under the directory’s names)', () => {
  it('creates a member card on CatalyseurJoined', () => {
    const log = new EventLog();
    const card = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', JOINED, '2026-01-05T08:30:00.000Z'));
    expect(card).toEqual({
      id: JOINED.catalyseurId,
      name: 'Claire Morvan',
      sphere: 'collectivite',
      territory: 'pays-de-morlaix',
      skills: ['dialogue_territorial', 'mise_en_relation'],
      status: 'member',
      joinedAt: '2026-01-05T08:30:00.000Z',
      revision: '0',
      position: '1',
      updatedAt: '2026-01-05T08:30:00.000Z',
    });
  });

  it('applies only the fields a ProfileUpdated carries', () => {
    const log = new EventLog();
    let card = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', JOINED));
    card = evolveCatalyseurCard(card, log.record(STREAM, 'ProfileUpdated', { skills: ['accompagnement_partenariat'], territory: 'finistere-nord' }));
    expect(card).toMatchObject({
      name: 'Claire Morvan',
      sphere: 'collectivite',
      territory: 'finistere-nord',
      skills: ['accompagnement_partenariat'],
      status: 'member',
      revision: '1',
    });
  });

  it('keeps the card of a catalyseur who left, with status left; rejoining makes a member again', () => {
    const log = new EventLog();
    let card: CatalyseurCard | undefined = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', JOINED));
    card = evolveCatalyseurCard(card, log.record(STREAM, 'CatalyseurLeft', { reason: 'mutation', leftAt: '2026-06-30T17:00:00.000Z' }));
    expect(card).toMatchObject({ status: 'left', leftAt: '2026-06-30T17:00:00.000Z', name: 'Claire Morvan' });
    expect(card && catalyseurTags(card)).toEqual({
      territory: 'pays-de-morlaix',
      sphere: 'collectivite',
      skill: ['dialogue_territorial', 'mise_en_relation'],
      status: 'left',
    });
    card = evolveCatalyseurCard(card, log.record(STREAM, 'CatalyseurJoined', { ...JOINED, joinedAt: '2027-01-01T00:00:00.000Z' }));
    expect(card?.status).toBe('member');
    expect(card && 'leftAt' in card).toBe(false);
  });

  it('ignores unknown types and events before joining', () => {
    const log = new EventLog();
    const card = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', JOINED));
    expect(evolveCatalyseurCard(card, log.record(STREAM, 'ProfileErasedLater', {}))).toBe(card);
    expect(evolveCatalyseurCard(undefined, log.record(STREAM, 'ProfileUpdated', { name: 'X' }))).toBeUndefined();
    expect(evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurLeft', { leftAt: '2026-01-01T00:00:00Z' }))).toBeUndefined();
  });

  it('refuses an event whose data is not an object (Projection leaves it out and reports it); a second join of a member changes only the version', () => {
    const log = new EventLog();
    const card = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', JOINED));
    const odd = log.record(STREAM, 'ProfileUpdated', null);
    expect(foldEvent(catalyseurDirectory, card, odd)).toEqual({ ok: false, reason: 'the data of ProfileUpdated is not an object' });
    expect(evolveCatalyseurCard(card, odd)).toBe(card);
    const again = evolveCatalyseurCard(card, log.record(STREAM, 'CatalyseurJoined', { ...JOINED, name: 'Autre' }));
    expect(again).toEqual({ ...card, revision: '2', position: '3' });
  });

  it('takes the event’s time when a join or a departure does not say when (older events)', () => {
    const log = new EventLog();
    const { joinedAt: _joinedAt, ...withoutTime } = JOINED;
    let card = evolveCatalyseurCard(undefined, log.record(STREAM, 'CatalyseurJoined', withoutTime, '2026-01-05T08:30:00.000Z'));
    card = evolveCatalyseurCard(card, log.record(STREAM, 'CatalyseurLeft', { reason: 'mutation' }, '2026-06-30T17:00:00.000Z'));
    card = evolveCatalyseurCard(card, log.record(STREAM, 'ProfileUpdated', { name: 'Claire Morvan-Le Gall' }, '2026-07-01T10:00:00.000Z'));
    expect(card).toMatchObject({
      status: 'left',
      joinedAt: '2026-01-05T08:30:00.000Z',
      leftAt: '2026-06-30T17:00:00.000Z',
      updatedAt: '2026-07-01T10:00:00.000Z',
    });
  });
});
