import { EventLog, foldModel } from '../testing';
import { type ExperimentationBoard, experimentationBoards } from './experimentation-board';

const E = 'experimentation-agir-ensemble-charenton';
const charenton = { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' };
const cc = { orgId: 'cc-charenton', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' };

/** Charenton-Saint-Maurice (001) from the invitation au dialogue to its action plan, on one group. */
function charentonLife(log: EventLog) {
  log.record(E, 'ExperimentationLaunched', {
    experimentationId: 'agir-ensemble-charenton', title: 'Agir ensemble à Charenton-Saint-Maurice', territory: charenton, conveners: [cc], catalyseurs: ['cat-val-de-marne'], launchedOn: '2012-01-16',
  });
  log.record(E, 'DirigeantsInvited', { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 });
  log.record(E, 'WorkingGroupFormed', { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02' });
  log.record(E, 'WorkingGroupFormed', { groupId: 'precarite', theme: 'Précarité', formedOn: '2012-10-02' });
  const members = [['Tremplin', 'association'], ['Essilor', 'entreprise'], ['Ville de Saint-Maurice', 'collectivite'], ['Natixis', 'entreprise']] as const;
  members.forEach(([organisation, sphere], k) =>
    log.record(E, 'WorkingGroupJoined', { groupId: 'handicap', participantId: `handicap-${k + 1}`, organisation, sphere, joinedOn: '2012-11-15' }),
  );
  log.record(E, 'StageAdvanced', { stage: 'co_construction', previousStage: 'emergence_besoins', advancedOn: '2012-12-03' });
  log.record(E, 'GroupMeetingHeld', { groupId: 'handicap', step: 'etat_des_lieux', heldOn: '2012-12-12', attendees: ['handicap-1', 'handicap-2'] });
  log.record(E, 'GroupMeetingHeld', { groupId: 'handicap', step: 'propositions', heldOn: '2013-01-16', attendees: ['handicap-1', 'handicap-2'] });
}

describe('experimentation board (read model)', () => {
  it('folds the experimentation with its decider and summarises the groups', () => {
    const log = new EventLog();
    charentonLife(log);
    const { doc } = foldModel<ExperimentationBoard>(experimentationBoards, log.events);
    expect(doc).toMatchObject({
      status: 'running',
      stage: 'co_construction',
      invitation: { dirigeants: 142, volunteers: 40 },
      meetingsHeld: 2,
      actionsAdopted: 0,
      actionPlanComplete: false,
      revision: String(log.events.length - 1),
      position: String(log.events.length),
    });
    expect(doc?.groupSummaries).toEqual([
      { groupId: 'handicap', participants: 4, bySphere: { association: 1, entreprise: 2, collectivite: 1 }, belowRecommended: true, meetingsHeld: 2, nextStep: 'plan_action' },
      { groupId: 'precarite', participants: 0, bySphere: {}, belowRecommended: true, meetingsHeld: 0, nextStep: 'etat_des_lieux' },
    ]);
    expect(experimentationBoards.tags(doc)).toEqual({
      territory: 'charenton-saint-maurice',
      stage: 'co_construction',
      status: 'running',
      catalyseur: ['cat-val-de-marne'],
      carrier: [],
    });
  });

  it('routes every event to its room, summaries to the territory, milestones to network and ops', () => {
    const log = new EventLog();
    charentonLife(log);
    const { entries } = foldModel(experimentationBoards, log.events);
    const rooms = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => e.room);
    expect(entries.filter((e) => e.room === 'experimentation:agir-ensemble-charenton')).toHaveLength(log.events.length);
    expect(rooms('ExperimentationLaunched')).toEqual(['experimentation:agir-ensemble-charenton', 'territory:charenton-saint-maurice', 'network', 'ops']);
    expect(rooms('GroupMeetingHeld')).toEqual(['experimentation:agir-ensemble-charenton', 'territory:charenton-saint-maurice', 'experimentation:agir-ensemble-charenton', 'territory:charenton-saint-maurice']);
    const meeting = entries.find((e) => e.kind === 'GroupMeetingHeld' && e.room.startsWith('experimentation:'));
    expect(meeting?.data).toEqual({
      experimentationId: 'agir-ensemble-charenton', groupId: 'handicap', step: 'etat_des_lieux', heldOn: '2012-12-12', attendees: ['handicap-1', 'handicap-2'], groupTheme: 'Handicap',
    });
    expect(meeting?.at).toBe('2026-03-02T09:00:00.000Z');
  });

  it('ignores unknown event types and events before the launch, never throws on malformed data', () => {
    const log = new EventLog();
    const early = log.record(E, 'WorkingGroupFormed', { groupId: 'x', theme: 'X', formedOn: '2012-01-01' });
    expect(experimentationBoards.evolve(undefined, early)).toBeUndefined();
    charentonLife(log);
    const { doc } = foldModel<ExperimentationBoard>(experimentationBoards, log.events);
    const odd = [log.record(E, 'ExperimentationTeleported', {}), log.record(E, 'GroupMeetingHeld', null), log.record(E, 'ActionAdopted', 'not an object')];
    let after: unknown = doc;
    for (const event of odd) after = experimentationBoards.evolve(after, event);
    expect((after as ExperimentationBoard).groups).toEqual(doc?.groups);
    expect((after as ExperimentationBoard).actionsAdopted).toBe(0);
    expect((after as ExperimentationBoard).meetingsHeld).toBe(2);
  });
});
