import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, SILVER_GEEK } from '../testing/fixtures';
import { partnershipBoards } from './partnership-board';

const P = 'partnership-silver-geek';
const NO_DOC = { before: undefined, after: undefined };
/** The rooms of the pages of Silver Geek's three partners. */
const ORGANISATIONS = ['organisation:asso-silver-geek', 'organisation:ent-groupe-vyv', 'organisation:ville-charenton'];

/** Folds the board like the projector does and routes each event with the board before and after it. */
function routePartnership(_log: EventLog, events: readonly RecordedEvent[]) {
  let board: unknown;
  return events.map((event) => {
    const before = board;
    board = partnershipBoards.evolve(before, event);
    return partnershipBoards.feeds(event, { before, after: board });
  });
}

describe('partnership board feeds (room feed routing of a partnership’s events)', () => {
  it('routes a partnership proposal to its feed, its territory (summary), ops and its partners’ organisations (summary)', () => {
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
      // The organisations' pages: the territory's summary, in each partner's room.
      ...ORGANISATIONS.map((room) => ({ ...entries?.[1], room })),
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
    // A lifecycle milestone: in ops and in the rooms of the partners' organisations too.
    expect(routed[2]?.map((e) => e.room)).toEqual(['partnership:silver-geek', 'territory:charenton', 'ops', ORGANISATIONS].flat());
    expect(routed[2]?.[3]?.data).toEqual(routed[2]?.[1]?.data);
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
        data: {
          partnershipId: 'silver-geek',
          title: SILVER_GEEK.title,
          phase: 'pilotage',
          cycle: 1,
          milestoneId: 'm-ateliers',
          milestone: 'Ateliers tablettes en EHPAD',
          reachedOn: '2026-04-14',
        },
      },
    ]);
  });

  it('puts a due-date reminder in the partnership’s feed, and a summary in its territory, not in ops', () => {
    const log = new EventLog();
    const events = [
      log.record(P, 'PartnershipProposed', SILVER_GEEK),
      log.record(P, 'MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' }),
      log.record(P, 'MilestoneDueSoon', {
        milestoneId: 'm-ateliers',
        title: 'Ateliers tablettes en EHPAD',
        dueDate: '2026-04-15',
        daysLeft: 7,
        remindedOn: '2026-04-08',
      }),
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
      log.record(P, 'ImpactAssessed', {
        dimension: 'confiance',
        scores: { collective_trust: 5, individual_trust: 3 },
        score: 4,
        evidence: 'Entretiens croisés',
      }),
      log.record(P, 'EvaluationConcluded', { decision: 'clore', concludedOn: '2026-09-30', cycle: 1 }),
      log.record(P, 'PartnershipClosed', { decision: 'clore', closedOn: '2026-09-30' }),
    ];
    const routed = routePartnership(log, events);
    expect(routed.map((r) => r.map((e) => e.room))).toEqual([
      ['partnership:silver-geek', 'territory:charenton', 'ops', ...ORGANISATIONS],
      ['partnership:silver-geek', 'territory:charenton', 'ops', ...ORGANISATIONS],
      ['partnership:silver-geek', 'territory:charenton'],
      ['partnership:silver-geek', 'territory:charenton', 'ops', ...ORGANISATIONS],
      ['partnership:silver-geek', 'territory:charenton', 'ops', ...ORGANISATIONS],
    ]);
    expect(routed[2]?.[1]?.data).toMatchObject({ dimension: 'confiance', score: 4, scores: { collective_trust: 5, individual_trust: 3 } });
    expect(routed[2]?.[1]?.data).not.toHaveProperty('evidence');
    expect(routed[4]?.[2]?.data).toMatchObject({ phase: 'closed', decision: 'clore', closedOn: '2026-09-30', territoryId: 'charenton' });
  });

  it('without a board (no proposal seen), a partnership event goes to its own feed only', () => {
    const log = new EventLog();
    const event = log.record(P, 'MilestonePlanned', { milestoneId: 'm', title: 'Réunion', dueDate: '2026-05-01' });
    expect(partnershipBoards.evolve(undefined, event)).toBeUndefined();
    expect(partnershipBoards.feeds(event, NO_DOC).map((e) => e.room)).toEqual(['partnership:silver-geek']);
  });

  it('never crashes on unknown types or malformed data; events of other aggregates give no entry', () => {
    const log = new EventLog();
    expect(partnershipBoards.feeds(log.record(P, 'PartnershipTeleported', { to: 'Mars' }), NO_DOC)).toEqual([]);
    expect(partnershipBoards.feeds(log.record('gathering-rencontre-2026', 'GatheringScheduled', {}), NO_DOC)).toEqual([]);
    expect(partnershipBoards.feeds(log.record('$system', 'Whatever', null), NO_DOC)).toEqual([]);
    expect(partnershipBoards.feeds(log.record(P, 'MilestoneReached', null), NO_DOC)).toEqual([]);
  });
});
