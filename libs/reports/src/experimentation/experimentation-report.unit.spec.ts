import { type ExperimentationEvent, inCut } from '@catalyse/domain';
import { history } from '../testing/events';
import { experimentationDocument } from './experimentation-document';
import { buildExperimentationReport } from './experimentation-report';

const org = (orgId: string, sphere: 'association' | 'entreprise' | 'collectivite') => ({ orgId, name: orgId.toUpperCase(), sphere });
const e = (event: ExperimentationEvent, day: string) => ({ ...event, at: `${day}T10:00:00.000Z` });

// Written group by group: the états des lieux of 10, 12 and 14 December are recorded out of date order.
const events = history([
  e(
    {
      type: 'ExperimentationLaunched',
      data: {
        experimentationId: 'charenton',
        title: 'Agir ensemble',
        territory: { id: 'charenton', name: 'Charenton', scale: 'local' },
        conveners: [org('cc', 'collectivite')],
        catalyseurs: [],
        launchedOn: '2012-01-16',
      },
    },
    '2012-01-16',
  ),
  e(
    {
      type: 'DirigeantsInvited',
      data: { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
    },
    '2012-10-02',
  ),
  e({ type: 'WorkingGroupFormed', data: { groupId: 'jeunes', theme: 'Insertion des jeunes', formedOn: '2012-10-02' } }, '2012-10-02'),
  e({ type: 'WorkingGroupFormed', data: { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02' } }, '2012-10-02'),
  e(
    { type: 'WorkingGroupJoined', data: { groupId: 'jeunes', participantId: 'a1', organisation: 'A1', sphere: 'association', joinedOn: '2012-10-03' } },
    '2012-10-03',
  ),
  e(
    { type: 'WorkingGroupJoined', data: { groupId: 'handicap', participantId: 'e1', organisation: 'E1', sphere: 'entreprise', joinedOn: '2012-10-03' } },
    '2012-10-03',
  ),
  e({ type: 'StageAdvanced', data: { stage: 'co_construction', previousStage: 'emergence_besoins', advancedOn: '2012-12-03' } }, '2012-12-03'),
  e({ type: 'GroupMeetingHeld', data: { groupId: 'handicap', step: 'etat_des_lieux', heldOn: '2012-12-12', attendees: ['e1'] } }, '2013-01-20'),
  e({ type: 'GroupMeetingHeld', data: { groupId: 'jeunes', step: 'etat_des_lieux', heldOn: '2012-12-10', attendees: ['a1'] } }, '2013-01-21'),
  e(
    {
      type: 'ActionAdopted',
      data: { actionId: 'parrainage', title: 'Parrainage', groupIds: ['jeunes'], carriers: [org('a1', 'association')], adoptedOn: '2013-06-05' },
    },
    '2013-06-05',
  ),
  e({ type: 'StageAdvanced', data: { stage: 'evaluation_resultats', previousStage: 'co_construction', advancedOn: '2016-01-10' } }, '2016-01-10'),
  e(
    {
      type: 'ResultsEvaluated',
      data: {
        actionId: 'parrainage',
        outcome: 'concluante',
        summary: '30 jeunes parrainés',
        indicators: [{ name: 'Jeunes', value: 30 }],
        evaluatedOn: '2016-03-01',
      },
    },
    '2016-03-01',
  ),
  e({ type: 'EssaimageDecided', data: { essaimer: true, territories: ['vincennes'], decidedOn: '2016-06-01' } }, '2016-06-01'),
]);

describe('buildExperimentationReport', () => {
  it('dates each stage from its start to the next one’s, the last one of a concluded experimentation to its essaimage', () => {
    expect(buildExperimentationReport(events)?.stages).toEqual([
      { stage: 'emergence_besoins', from: '2012-01-16', until: '2012-12-03' },
      { stage: 'co_construction', from: '2012-12-03', until: '2016-01-10' },
      { stage: 'evaluation_resultats', from: '2016-01-10', until: '2016-06-01' },
    ]);
    // Before the essaimage it still runs: its stage goes on.
    const running = buildExperimentationReport(events.filter((event) => event.type !== 'EssaimageDecided'));
    expect(running?.status).toBe('running');
    expect(running?.stages.at(-1)).toEqual({ stage: 'evaluation_resultats', from: '2016-01-10' });
  });

  it('never says a stage of a concluded or abandoned experimentation is « en cours »', () => {
    const abandoned = buildExperimentationReport([
      ...events.filter((event) => event.type !== 'EssaimageDecided'),
      ...history([e({ type: 'ExperimentationAbandoned', data: { reason: 'plus de porteur', abandonedOn: '2016-04-01' } }, '2016-04-01')]),
    ]);
    expect(abandoned?.stages.at(-1)).toEqual({ stage: 'evaluation_resultats', from: '2016-01-10', until: '2016-04-01' });
    for (const report of [buildExperimentationReport(events), abandoned]) {
      if (!report) throw new Error('no report');
      const doc = experimentationDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
      const stages = doc.sections[0]?.tables?.[0]?.rows ?? [];
      expect(stages.map((row) => row[2])).not.toContain('en cours');
    }
  });

  it('gives the restitution’s attendance and composition, and the follow-up meetings of the mise en œuvre', () => {
    const withRestitution = history([
      ...events.slice(0, 10),
      e({ type: 'StageAdvanced', data: { stage: 'restitution', previousStage: 'co_construction', advancedOn: '2013-06-05' } }, '2013-06-05'),
      e(
        {
          type: 'RestitutionHeld',
          data: { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 },
        },
        '2013-06-05',
      ),
      e({ type: 'StageAdvanced', data: { stage: 'mise_en_oeuvre', previousStage: 'restitution', advancedOn: '2013-06-06' } }, '2013-06-06'),
      e({ type: 'FollowUpMeetingHeld', data: { groupId: 'jeunes', heldOn: '2013-10-01', attendees: ['a1'], notes: 'bilan d’étape' } }, '2013-10-01'),
      e({ type: 'FollowUpMeetingHeld', data: { groupId: 'handicap', heldOn: '2013-10-02', attendees: ['e1'] } }, '2013-10-02'),
    ]);
    const report = buildExperimentationReport(withRestitution);
    if (!report) throw new Error('no report');
    expect(report.restitution).toEqual({
      heldOn: '2013-06-05',
      dirigeants: 118,
      bySphere: [
        { sphere: 'association', count: 47 },
        { sphere: 'entreprise', count: 47 },
      ],
      fromOutside: 24,
    });
    expect(report.followUpsHeld).toBe(2);
    expect(report.groups[0]?.followUps).toEqual([{ heldOn: '2013-10-01', attendees: 1, notes: 'bilan d’étape' }]);
    const doc = experimentationDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
    const restitution = doc.sections.find((s) => s.title.startsWith('Restitution des travaux'));
    expect(restitution?.facts).toEqual([
      { label: 'Restitution le', value: '5 juin 2013' },
      { label: 'Dirigeants présents', value: 118 },
      { label: 'dont venus d’autres territoires', value: 24 },
    ]);
    expect(restitution?.tables?.[0]?.rows).toEqual([
      ['association', 47, 39.8],
      ['entreprise', 47, 39.8],
      ['venus d’autres territoires', 24, 20.3],
    ]);
    const groups = doc.sections.find((s) => s.title === 'Groupes de travail et réunions');
    expect(groups?.facts).toContainEqual({ label: 'Réunions de suivi tenues', value: 2 });
    expect(groups?.tables?.find((t) => t.title?.startsWith('Réunions de suivi'))?.rows).toEqual([
      ['Insertion des jeunes', '1er octobre 2013', 1, 'bilan d’étape'],
      ['Handicap', '2 octobre 2013', 1, ''],
    ]);
    // Passed over by a concluded experimentation: said so, not « pas encore ».
    const concluded = experimentationDocument(buildExperimentationReport(events) ?? report, {
      generatedAt: '2016-07-01T08:00:00.000Z',
      timeZone: 'Europe/Paris',
    });
    expect(concluded.sections.find((s) => s.title.startsWith('Restitution'))?.tables?.[0]?.empty).toBe('Pas de restitution des travaux');
  });

  it('gives the dirigeants by sphere, groups, meetings, actions with their results, and the essaimage', () => {
    const report = buildExperimentationReport(events);
    expect(report?.invitation).toEqual({
      invitedOn: '2012-10-02',
      dirigeants: 142,
      bySphere: [
        { sphere: 'association', count: 71 },
        { sphere: 'entreprise', count: 43 },
        { sphere: 'collectivite', count: 28 },
      ],
      volunteers: 40,
    });
    expect(report?.groups.map((g) => [g.theme, g.participants, g.meetings.length])).toEqual([
      ['Insertion des jeunes', 1, 1],
      ['Handicap', 1, 1],
    ]);
    expect(report?.meetingsHeld).toBe(2);
    expect(report?.actions[0]).toMatchObject({
      title: 'Parrainage',
      groups: ['Insertion des jeunes'],
      outcome: 'concluante',
      indicators: [{ name: 'Jeunes', value: 30 }],
    });
    expect(report?.outcomes).toEqual({ concluante: 1, mitigee: 0, non_concluante: 0, notEvaluated: 0 });
    expect(report?.essaimage).toEqual({ essaimer: true, territories: ['vincennes'], decidedOn: '2016-06-01' });
  });

  it('as of 1 January 2013 on the happened clock, the meetings recorded late count on the day they were held', () => {
    const happened = buildExperimentationReport(events.filter(inCut('experimentation', { time: '2013-01-01', clock: 'happened' }, 'Europe/Paris')));
    expect(happened?.meetingsHeld).toBe(2);
    expect(happened?.actions).toEqual([]);
    const recorded = buildExperimentationReport(events.filter(inCut('experimentation', { time: '2013-01-01', clock: 'recorded' }, 'Europe/Paris')));
    expect(recorded?.meetingsHeld).toBe(0);
  });

  it('is undefined before the launch, and reads in French', () => {
    expect(buildExperimentationReport([])).toBeUndefined();
    const report = buildExperimentationReport(events);
    if (!report) throw new Error('no report');
    const doc = experimentationDocument(report, { generatedAt: '2016-07-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(doc.sections.map((s) => s.title)).toEqual([
      'Étapes',
      'Invitation au dialogue : les dirigeants par sphère',
      'Groupes de travail et réunions',
      'Restitution des travaux : les dirigeants présents',
      'Actions et résultats',
      'Essaimage',
    ]);
    expect(doc.sections[0]?.tables?.[0]?.rows[1]).toEqual(['co-construction', '3 décembre 2012', '10 janvier 2016']);
    expect(doc.sections[5]?.paragraphs).toEqual(['Essaimage décidé le 1er juin 2016 vers : vincennes.']);
  });
});
