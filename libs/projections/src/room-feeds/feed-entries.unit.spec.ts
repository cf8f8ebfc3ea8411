import type { RecordedEvent } from '@catalyse/event-store';
import { evolveCatalyseurCard } from '../catalyseur-directory/evolve-catalyseur-card';
import { evolveBoard } from '../partnership-board/evolve-board';
import type { CatalyseurCard, PartnershipBoard } from '../read-models';
import { EventLog, SILVER_GEEK } from '../testing/fixtures';
import { feedEntriesFor } from './feed-entries';

const P = 'partnership-silver-geek';

/** Folds the board like the projector does and routes each event with the board after it. */
function routePartnership(log: EventLog, events: readonly RecordedEvent[]) {
  let board: PartnershipBoard | undefined;
  return events.map((event) => {
    board = evolveBoard(board, event);
    return feedEntriesFor(event, board ? { board } : {});
  });
}

describe('feedEntriesFor (room feed routing)', () => {
  it('routes a partnership proposal to its feed, its territory (summary) and ops', () => {
    const log = new EventLog();
    const proposed = log.record(P, 'PartnershipProposed', SILVER_GEEK, '2026-01-12T10:00:00.000Z');
    const [entries] = routePartnership(log, [proposed]);
    expect(entries).toEqual([
      { room: 'partnership:silver-geek', position: '1', at: '2026-01-12T10:00:00.000Z', kind: 'PartnershipProposed', data: { ...SILVER_GEEK } },
      {
        room: 'territory:charenton',
        position: '1',
        at: '2026-01-12T10:00:00.000Z',
        kind: 'PartnershipProposed',
        data: {
          partnershipId: 'silver-geek',
          title: SILVER_GEEK.title,
          phase: 'cadrage',
          cycle: 1,
          partners: ['Association Silver Geek', 'Groupe VYV', 'Ville de Charenton-le-Pont'],
          modes: ['mecenat', 'innovation_societale'],
        },
      },
      {
        room: 'ops',
        position: '1',
        at: '2026-01-12T10:00:00.000Z',
        kind: 'PartnershipProposed',
        data: expect.objectContaining({ partnershipId: 'silver-geek', title: SILVER_GEEK.title, phase: 'cadrage', territoryId: 'charenton' }),
      },
    ]);
  });

  it('finds the territory of later events from the board; day-to-day events stay out of ops', () => {
    const log = new EventLog();
    const events = [
      log.record(P, 'PartnershipProposed', SILVER_GEEK),
      log.record(P, 'MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' }),
      log.record(P, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 }),
      log.record(P, 'MilestoneReached', { milestoneId: 'm-ateliers', reachedOn: '2026-04-14' }, '2026-04-14T18:00:00.000Z'),
    ];
    const routed = routePartnership(log, events);
    expect(routed[1]?.map((e) => e.room)).toEqual(['partnership:silver-geek', 'territory:charenton']);
    expect(routed[2]?.map((e) => e.room)).toEqual(['partnership:silver-geek', 'territory:charenton', 'ops']);
    expect(routed[2]?.[1]?.data).toEqual({ partnershipId: 'silver-geek', title: SILVER_GEEK.title, phase: 'pilotage', cycle: 1, startedOn: '2026-02-01' });
    expect(routed[3]).toEqual([
      {
        room: 'partnership:silver-geek',
        position: '4',
        at: '2026-04-14T18:00:00.000Z',
        kind: 'MilestoneReached',
        data: { partnershipId: 'silver-geek', milestoneId: 'm-ateliers', reachedOn: '2026-04-14', milestoneTitle: 'Ateliers tablettes en EHPAD' },
      },
      {
        room: 'territory:charenton',
        position: '4',
        at: '2026-04-14T18:00:00.000Z',
        kind: 'MilestoneReached',
        data: { partnershipId: 'silver-geek', title: SILVER_GEEK.title, phase: 'pilotage', cycle: 1, milestoneId: 'm-ateliers', milestone: 'Ateliers tablettes en EHPAD', reachedOn: '2026-04-14' },
      },
    ]);
  });

  it('puts a due-date reminder in the partnership’s feed, and a summary in its territory, not in ops', () => {
    const log = new EventLog();
    const events = [
      log.record(P, 'PartnershipProposed', SILVER_GEEK),
      log.record(P, 'MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' }),
      log.record(P, 'MilestoneDueSoon', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15', daysLeft: 7, remindedOn: '2026-04-08' }),
    ];
    const reminder = routePartnership(log, events)[2];
    expect(reminder?.map((e) => e.room)).toEqual(['partnership:silver-geek', 'territory:charenton']);
    expect(reminder?.[0]).toMatchObject({
      kind: 'MilestoneDueSoon',
      data: { partnershipId: 'silver-geek', milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15', daysLeft: 7 },
    });
    expect(reminder?.[1]?.data).toMatchObject({ milestoneId: 'm-ateliers', milestone: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15', daysLeft: 7 });
  });

  it('puts the evaluation milestones and the closing in ops, with the decision', () => {
    const log = new EventLog();
    const events = [
      log.record(P, 'PartnershipProposed', SILVER_GEEK),
      log.record(P, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 }),
      log.record(P, 'ImpactAssessed', { dimension: 'confiance', score: 4, evidence: 'Entretiens croisés' }),
      log.record(P, 'EvaluationConcluded', { decision: 'clore', concludedOn: '2026-09-30', cycle: 1 }),
      log.record(P, 'PartnershipClosed', { decision: 'clore', closedOn: '2026-09-30' }),
    ];
    const routed = routePartnership(log, events);
    expect(routed.map((r) => r.map((e) => e.room))).toEqual([
      ['partnership:silver-geek', 'territory:charenton', 'ops'],
      ['partnership:silver-geek', 'territory:charenton', 'ops'],
      ['partnership:silver-geek', 'territory:charenton'],
      ['partnership:silver-geek', 'territory:charenton', 'ops'],
      ['partnership:silver-geek', 'territory:charenton', 'ops'],
    ]);
    expect(routed[2]?.[1]?.data).toMatchObject({ dimension: 'confiance', score: 4 });
    expect(routed[2]?.[1]?.data).not.toHaveProperty('evidence');
    expect(routed[4]?.[2]?.data).toMatchObject({ phase: 'closed', decision: 'clore', closedOn: '2026-09-30', territoryId: 'charenton' });
  });

  it('without a board (no proposal seen), a partnership event goes to its own feed only', () => {
    const log = new EventLog();
    const event = log.record(P, 'MilestonePlanned', { milestoneId: 'm', title: 'Réunion', dueDate: '2026-05-01' });
    expect(feedEntriesFor(event).map((e) => e.room)).toEqual(['partnership:silver-geek']);
  });

  it('routes room events to room:{id} with the room id', () => {
    const log = new EventLog();
    const stream = 'room-7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const posted = log.record(stream, 'MessagePosted', {
      messageId: 'msg-1',
      clientMsgId: 'client-1',
      authorId: 'cat-claire',
      text: 'Le COPIL est avancé au 12 mars.',
      postedAt: '2026-03-01T10:00:00.000Z',
    }, '2026-03-01T10:00:00.000Z');
    expect(feedEntriesFor(posted)).toEqual([
      {
        room: 'room:7c9e6679-7425-40de-944b-e07fc1f90ae7',
        position: '1',
        at: '2026-03-01T10:00:00.000Z',
        kind: 'MessagePosted',
        data: {
          roomId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
          messageId: 'msg-1',
          clientMsgId: 'client-1',
          authorId: 'cat-claire',
          text: 'Le COPIL est avancé au 12 mars.',
          postedAt: '2026-03-01T10:00:00.000Z',
        },
      },
    ]);
    for (const [type, data] of [
      ['RoomOpened', { roomId: 'r', kind: 'theme', title: 'Mobilité', access: 'open', openedBy: 'a', openedAt: '2026-01-01T00:00:00Z' }],
      ['MemberAdded', { memberId: 'b', addedBy: 'a' }],
      ['MemberRemoved', { memberId: 'b', removedBy: 'a' }],
      ['MessageRetracted', { messageId: 'msg-1', retractedBy: 'a' }],
      ['DecisionRecorded', { decisionId: 'd', text: 'On essaime', recordedBy: 'a' }],
      ['RoomArchived', { archivedBy: 'a' }],
    ] as const) {
      expect(feedEntriesFor(log.record('room-r', type, data)).map((e) => [e.room, e.kind])).toEqual([['room:r', type]]);
    }
  });

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
    expect(feedEntriesFor(joined, card ? { catalyseur: card } : {}).map((e) => [e.room, e.data])).toEqual([
      ['network', data],
      ['ops', data],
    ]);
    const updated = log.record(stream, 'ProfileUpdated', { territory: 'finistere' });
    card = evolveCatalyseurCard(card, updated);
    expect(feedEntriesFor(updated, card ? { catalyseur: card } : {})).toEqual([]);
    const left = log.record(stream, 'CatalyseurLeft', { leftAt: '2026-06-30T17:00:00.000Z' });
    card = evolveCatalyseurCard(card, left);
    expect(feedEntriesFor(left, card ? { catalyseur: card } : {}).map((e) => [e.room, e.kind, e.data])).toEqual([
      ['network', 'CatalyseurLeft', { ...data, territory: 'finistere' }],
      ['ops', 'CatalyseurLeft', { ...data, territory: 'finistere' }],
    ]);
  });

  it('never crashes on unknown types, unknown streams or malformed data, and skips unjoinable room keys', () => {
    const log = new EventLog();
    expect(feedEntriesFor(log.record(P, 'PartnershipTeleported', { to: 'Mars' }))).toEqual([]);
    expect(feedEntriesFor(log.record('gathering-rencontre-2026', 'GatheringScheduled', {}))).toEqual([]);
    expect(feedEntriesFor(log.record('$system', 'Whatever', null))).toEqual([]);
    expect(feedEntriesFor(log.record('room-r', 'RoomArchived', null)).map((e) => e.room)).toEqual(['room:r']);
    expect(feedEntriesFor(log.record('room-bad id!', 'RoomArchived', { archivedBy: 'x' }))).toEqual([]);
  });
});
