import { EventLog } from '../testing/fixtures';
import { type CatalyseurCard, catalyseurDirectory, evolveCatalyseurCard } from './catalyseur-directory';

const NO_DOC = { before: undefined, after: undefined };

describe('catalyseur directory feeds (room feed routing of a catalyseur’s events)', () => {
  it('announces catalyseurs joining and leaving in network and ops; profile updates stay out', () => {
    const log = new EventLog();
    const stream = 'catalyseur-cat-claire';
    const joined = log.record(stream, 'CatalyseurJoined', {
      catalyseurId: 'cat-claire',
      name: 'Claire Morvan',
      sphere: 'collectivite',
      territory: 'pays-de-morlaix',
      skills: ['dialogue_territorial'],
      joinedAt: '2026-01-05T08:30:00.000Z',
    });
    let card: CatalyseurCard | undefined = evolveCatalyseurCard(undefined, joined);
    const data = { catalyseurId: 'cat-claire', name: 'Claire Morvan', territory: 'pays-de-morlaix', sphere: 'collectivite' };
    expect(catalyseurDirectory.feeds(joined, { before: undefined, after: card }).map((e) => [e.room, e.data])).toEqual([
      ['network', data],
      ['ops', data],
    ]);
    const updated = log.record(stream, 'ProfileUpdated', { territory: 'finistere' });
    let before = card;
    card = evolveCatalyseurCard(card, updated);
    expect(catalyseurDirectory.feeds(updated, { before, after: card })).toEqual([]);
    const left = log.record(stream, 'CatalyseurLeft', { leftAt: '2026-06-30T17:00:00.000Z' });
    before = card;
    card = evolveCatalyseurCard(card, left);
    expect(catalyseurDirectory.feeds(left, { before, after: card }).map((e) => [e.room, e.kind, e.data])).toEqual([
      ['network', 'CatalyseurLeft', { ...data, territory: 'finistere' }],
      ['ops', 'CatalyseurLeft', { ...data, territory: 'finistere' }],
    ]);
  });

  it('never crashes on unknown types or malformed data; events of other aggregates give no entry', () => {
    const log = new EventLog();
    expect(catalyseurDirectory.feeds(log.record('catalyseur-cat-claire', 'CatalyseurTeleported', { to: 'Mars' }), NO_DOC)).toEqual([]);
    expect(catalyseurDirectory.feeds(log.record('catalyseur-cat-claire', 'CatalyseurJoined', null), NO_DOC)).toEqual([]);
    expect(catalyseurDirectory.feeds(log.record('gathering-rencontre-2026', 'GatheringScheduled', {}), NO_DOC)).toEqual([]);
    expect(catalyseurDirectory.feeds(log.record('$system', 'Whatever', null), NO_DOC)).toEqual([]);
  });
});
