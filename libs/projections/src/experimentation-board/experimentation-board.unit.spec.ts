import {
  type AdoptAction,
  type ExperimentationCommand,
  experimentationDecider,
  type ExperimentationOrganisation,
  type ExperimentationState,
  type Sphere,
} from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type ExperimentationBoard, experimentationBoards } from './experimentation-board';

/**
 * Histories are written by the real decider (each command decided on the state
 * folded so far), so the read model sees exactly the events users' commands make.
 */
class History {
  readonly log = new EventLog();
  private state: ExperimentationState = experimentationDecider.initialState();
  constructor(readonly stream: string) {}

  send(command: ExperimentationCommand, occurredAt = '2026-03-02T09:00:00.000Z'): RecordedEvent[] {
    const events = experimentationDecider.decide(command, this.state);
    this.state = events.reduce(experimentationDecider.evolve, this.state);
    return events.map((e) => this.log.record(this.stream, e.type, e.data, occurredAt));
  }

  fold() {
    return foldModel<ExperimentationBoard>(experimentationBoards, this.log.events);
  }
}

const org = (orgId: string, name: string, sphere: Sphere): ExperimentationOrganisation => ({ orgId, name, sphere });

// ─── "Agir ensemble à Charenton-Saint-Maurice" (001) ──────────────────────────

const CHARENTON = 'agir-ensemble-charenton';
const cc = org('cc-charenton-saint-maurice', 'Communauté de communes de Charenton-Saint-Maurice', 'collectivite');
const carrier = {
  tremplin: org('tremplin', 'Tremplin', 'association'),
  gravelle: org('club-gravelle', 'Club Gravelle Entreprendre', 'entreprise'),
  lycee: org('lycee-charenton', 'Lycée de Charenton', 'institution'),
  natixis: org('natixis', 'Natixis', 'entreprise'),
  essilor: org('essilor', 'Essilor', 'entreprise'),
  boxes: org('academie-de-boxes', 'Académie de Boxes', 'association'),
  foncier: org('credit-foncier', 'Crédit Foncier', 'entreprise'),
  petitPlus: org('le-petit-plus', 'Le Petit Plus', 'association'),
};
const GROUPS = [
  { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', size: 13, meetings: ['2012-12-10', '2013-01-14', '2013-02-11'] },
  { groupId: 'handicap', theme: 'Handicap', size: 12, meetings: ['2012-12-12', '2013-01-16', '2013-02-13'] },
  { groupId: 'precarite', theme: 'Précarité', size: 14, meetings: ['2012-12-14', '2013-01-18', '2013-02-15'] },
] as const;
/** The organisations the document names (and the services around them). */
const ORGANISATIONS: readonly (readonly [string, Sphere])[] = [
  ['Tremplin', 'association'],
  ['Crédit Foncier', 'entreprise'],
  ['Ville de Charenton-le-Pont', 'collectivite'],
  ['Le Petit Plus', 'association'],
  ['Essilor', 'entreprise'],
  ['Ville de Saint-Maurice', 'collectivite'],
  ['Académie de Boxes', 'association'],
  ['Natixis', 'entreprise'],
  ['Lycée de Charenton', 'institution'],
  ['Club Gravelle Entreprendre', 'entreprise'],
  ['Mission locale', 'association'],
  ['Pôle emploi', 'institution'],
  ['Secours populaire', 'association'],
  ['Caisse d’allocations familiales', 'institution'],
];
/** The 7 actions: 2 per group and one transverse to the three. */
const ACTIONS: readonly Omit<AdoptAction['data'], 'adoptedOn'>[] = [
  {
    actionId: 'parcours-action-jeunes',
    title: 'Parcours-action vers le monde professionnel pour les jeunes',
    groupIds: ['insertion-jeunes'],
    carriers: [carrier.tremplin, carrier.gravelle],
  },
  {
    actionId: 'metiers-du-territoire',
    title: 'Interventions de professionnels présentant les métiers du territoire',
    groupIds: ['insertion-jeunes'],
    carriers: [carrier.lycee, carrier.natixis],
  },
  { actionId: 'referents-handicap', title: 'Réseau territorial de référents sur le handicap', groupIds: ['handicap'], carriers: [carrier.essilor, cc] },
  {
    actionId: 'raid-sportif',
    title: 'Raid sportif pour les personnes en situation de handicap',
    groupIds: ['handicap'],
    carriers: [carrier.boxes, carrier.foncier],
  },
  { actionId: 'reseau-entraide', title: 'Réseau d’entraide local', groupIds: ['precarite'], carriers: [carrier.petitPlus, cc] },
  { actionId: 'observatoire-fragilites', title: 'Observatoire des fragilités locales', groupIds: ['precarite'], carriers: [cc] },
  {
    actionId: 'guide-des-acteurs',
    title: 'Guide des acteurs, ressources et dispositifs d’aide du territoire',
    groupIds: ['insertion-jeunes', 'handicap', 'precarite'],
    carriers: [cc, carrier.gravelle],
  },
];

/** Launch, invitation au dialogue (142 dirigeants: 71 associations, 43 entreprises, 28 collectivités; 40 volunteers), 3 groups formed and filled. */
function charentonEmergence(): History {
  const h = new History(`experimentation-${CHARENTON}`);
  h.send({
    type: 'LaunchExperimentation',
    data: {
      experimentationId: CHARENTON,
      title: 'Agir ensemble à Charenton-Saint-Maurice',
      objective: 'Mobiliser les dirigeants du territoire pour répondre ensemble à ses fragilités',
      territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
      conveners: [cc],
      catalyseurs: ['cat-val-de-marne', 'cat-paris-est'],
      launchedOn: '2012-01-16',
    },
  });
  h.send({
    type: 'InviteDirigeants',
    data: { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
  });
  for (const g of GROUPS) h.send({ type: 'FormWorkingGroup', data: { groupId: g.groupId, theme: g.theme, formedOn: '2012-10-02' } });
  GROUPS.forEach((g, n) => {
    for (let k = 0; k < g.size; k++) {
      const [organisation, sphere] = ORGANISATIONS[(k + n * 5) % ORGANISATIONS.length] ?? ['Tremplin', 'association'];
      h.send({ type: 'JoinWorkingGroup', data: { groupId: g.groupId, participantId: `${g.groupId}-${k + 1}`, organisation, sphere, joinedOn: '2012-11-15' } });
    }
  });
  return h;
}

/** …co-construction: 3 meetings per group (December 2012 to February 2013), then the 7 actions presented on 5 June 2013. */
function charentonActionPlan(): History {
  const h = charentonEmergence();
  h.send({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: '2012-12-03' } });
  (['etat_des_lieux', 'propositions', 'plan_action'] as const).forEach((step, m) => {
    for (const g of GROUPS) {
      const attendees = Array.from({ length: g.size - 2 }, (_, k) => `${g.groupId}-${k + 1}`);
      h.send({ type: 'HoldGroupMeeting', data: { groupId: g.groupId, step, heldOn: g.meetings[m] ?? '2013-02-15', attendees } });
    }
  });
  for (const action of ACTIONS) h.send({ type: 'AdoptAction', data: { ...action, adoptedOn: '2013-06-05' } });
  return h;
}

/** …evaluated by Accenture in 2016 (the raid sportif mitigée), then spread to the Val-de-Marne. */
function charentonConcluded(): History {
  const h = charentonActionPlan();
  h.send({ type: 'AdvanceStage', data: { stage: 'evaluation_resultats', advancedOn: '2015-09-01' } });
  for (const action of ACTIONS) {
    h.send({
      type: 'EvaluateResults',
      data: {
        actionId: action.actionId,
        outcome: action.actionId === 'raid-sportif' ? 'mitigee' : 'concluante',
        summary: 'évalué par Accenture (mécénat de compétences)',
        ...(action.actionId === 'guide-des-acteurs' ? { indicators: [{ name: 'Acteurs recensés', value: 120 }] } : {}),
        evaluatedOn: '2016-02-15',
      },
    });
  }
  h.send({ type: 'DecideEssaimage', data: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' } });
  return h;
}

const ROOM = `experimentation:${CHARENTON}`;
const TERRITORY = 'territory:charenton-saint-maurice';

describe('experimentation board (read model)', () => {
  it('Charenton during emergence_besoins: the invitation au dialogue, three groups and their spheres, the stage dates so far', () => {
    const h = charentonEmergence();
    const { doc } = h.fold();
    expect(doc).toMatchObject({
      experimentationId: CHARENTON,
      title: 'Agir ensemble à Charenton-Saint-Maurice',
      objective: 'Mobiliser les dirigeants du territoire pour répondre ensemble à ses fragilités',
      territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
      conveners: [cc],
      catalyseurs: ['cat-val-de-marne', 'cat-paris-est'],
      status: 'running',
      stage: 'emergence_besoins',
      stageSince: '2012-01-16',
      stageDates: { emergence_besoins: '2012-01-16' },
      invitation: { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
      participants: 39,
      meetingsHeld: 0,
      actionsAdopted: 0,
      actionsEvaluated: 0,
      actionsByOutcome: {},
      actionPlanComplete: false,
      revision: String(h.log.events.length - 1),
      position: String(h.log.events.length),
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(doc?.groupSummaries).toEqual([
      {
        groupId: 'insertion-jeunes',
        theme: 'Insertion des jeunes',
        participants: 13,
        bySphere: { association: 5, entreprise: 4, collectivite: 2, institution: 2 },
        belowRecommended: false,
        meetingsHeld: 0,
        meetingDates: {},
        nextStep: 'etat_des_lieux',
        followUpsHeld: 0,
      },
      {
        groupId: 'handicap',
        theme: 'Handicap',
        participants: 12,
        bySphere: { collectivite: 2, association: 4, entreprise: 3, institution: 3 },
        belowRecommended: false,
        meetingsHeld: 0,
        meetingDates: {},
        nextStep: 'etat_des_lieux',
        followUpsHeld: 0,
      },
      {
        groupId: 'precarite',
        theme: 'Précarité',
        participants: 14,
        bySphere: { association: 5, institution: 3, entreprise: 4, collectivite: 2 },
        belowRecommended: false,
        meetingsHeld: 0,
        meetingDates: {},
        nextStep: 'etat_des_lieux',
        followUpsHeld: 0,
      },
    ]);
    expect(doc?.participantsBySphere).toEqual({ association: 14, entreprise: 11, collectivite: 6, institution: 8 });
    expect(doc?.groups.map((g) => [g.theme, g.participants.length])).toEqual([
      ['Insertion des jeunes', 13],
      ['Handicap', 12],
      ['Précarité', 14],
    ]);
    expect(experimentationBoards.tags(doc)).toEqual({
      territory: 'charenton-saint-maurice',
      stage: 'emergence_besoins',
      status: 'running',
      catalyseur: ['cat-val-de-marne', 'cat-paris-est'],
      carrier: [],
    });
  });

  it('Charenton’s action plan: 3 meetings per group with their dates, 7 actions with their carriers; a participant who leaves is no longer counted', () => {
    const h = charentonActionPlan();
    const { doc } = h.fold();
    expect(doc).toMatchObject({
      stage: 'co_construction',
      stageSince: '2012-12-03',
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03' },
      meetingsHeld: 9,
      actionsAdopted: 7,
      actionPlanComplete: true,
    });
    expect(doc?.groupSummaries.map((g) => [g.groupId, g.meetingsHeld, g.meetingDates, g.nextStep])).toEqual(
      GROUPS.map((g) => [g.groupId, 3, { etat_des_lieux: g.meetings[0], propositions: g.meetings[1], plan_action: g.meetings[2] }, undefined]),
    );
    expect(doc?.groups.find((g) => g.groupId === 'handicap')?.meetings.map((m) => [m.step, m.heldOn, m.attendees.length])).toEqual([
      ['etat_des_lieux', '2012-12-12', 10],
      ['propositions', '2013-01-16', 10],
      ['plan_action', '2013-02-13', 10],
    ]);
    expect(doc?.actions.map((a) => [a.title, a.groupIds.length, a.carriers.map((c) => c.name)])).toEqual(
      ACTIONS.map((a) => [a.title, a.groupIds.length, a.carriers.map((c) => c.name)]),
    );
    expect(experimentationBoards.tags(doc)).toMatchObject({
      stage: 'co_construction',
      carrier: [
        'tremplin',
        'club-gravelle',
        'lycee-charenton',
        'natixis',
        'essilor',
        'cc-charenton-saint-maurice',
        'academie-de-boxes',
        'credit-foncier',
        'le-petit-plus',
      ],
    });

    // A smaller group is flagged (the method recommends 10 to 15; the decider does not enforce it).
    const small = charentonEmergence();
    for (let k = 4; k <= 12; k++)
      small.send({ type: 'LeaveWorkingGroup', data: { groupId: 'handicap', participantId: `handicap-${k}`, leftOn: '2012-11-20' } });
    const handicap = small.fold().doc?.groupSummaries.find((g) => g.groupId === 'handicap');
    expect(handicap).toMatchObject({ participants: 3, belowRecommended: true, nextStep: 'etat_des_lieux' });
  });

  it('Charenton concluded: every action evaluated (one mitigée), the essaimage to the Val-de-Marne, each stage’s start date', () => {
    const h = charentonConcluded();
    const { doc } = h.fold();
    expect(doc).toMatchObject({
      status: 'concluded',
      stage: 'evaluation_resultats',
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03', evaluation_resultats: '2015-09-01' },
      actionsEvaluated: 7,
      actionsByOutcome: { concluante: 6, mitigee: 1 },
      essaimage: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' },
    });
    expect(doc?.actions.find((a) => a.actionId === 'guide-des-acteurs')?.results).toEqual({
      outcome: 'concluante',
      summary: 'évalué par Accenture (mécénat de compétences)',
      indicators: [{ name: 'Acteurs recensés', value: 120 }],
      evaluatedOn: '2016-02-15',
    });
    expect(experimentationBoards.tags(doc)).toMatchObject({ stage: 'evaluation_resultats', status: 'concluded' });
  });

  it('Silver Geek: one action of two groups in 15 host places for 8 months, carried by ten structures; groups of six are below the recommended size', () => {
    const h = new History('experimentation-silver-geek');
    const laPoste = org('la-poste', 'La Poste', 'entreprise');
    const carriers = [
      org('orange', 'Orange', 'entreprise'),
      org('macif', 'Macif', 'entreprise'),
      laPoste,
      org('unis-cite', 'Unis-Cité', 'association'),
      org('atelier-du-bocage', 'Atelier du Bocage', 'association'),
      org('passerelles-et-competences', 'Passerelles et Compétences', 'association'),
      org('futuroland', 'Futuroland', 'association'),
      org('csc-3-cites', 'Centre socio-culturel des 3 Cités', 'association'),
      org('uriopss', 'Uriopss', 'association'),
      org('cg-deux-sevres', 'Conseil général des Deux-Sèvres', 'collectivite'),
    ];
    h.send({
      type: 'LaunchExperimentation',
      data: {
        experimentationId: 'silver-geek',
        title: 'Dialoguer et agir ensemble pour plus de solidarité',
        territory: { id: 'poitou-charentes', name: 'Région Poitou-Charentes', scale: 'regional' },
        conveners: [laPoste],
        catalyseurs: ['cat-poitou'],
        launchedOn: '2013-01-15',
      },
    });
    h.send({ type: 'InviteDirigeants', data: { invitedOn: '2013-03-12', dirigeants: 20 } });
    const groups = [
      ['insertion', 'Insertion'],
      ['bien-vieillir', 'Bien vieillir'],
      ['fracture-numerique', 'Fracture numérique'],
    ] as const;
    const members = [
      ['La Poste', 'entreprise'],
      ['Unis-Cité', 'association'],
      ['Orange', 'entreprise'],
      ['Uriopss', 'association'],
      ['Conseil général des Deux-Sèvres', 'collectivite'],
      ['Macif', 'entreprise'],
    ] as const;
    for (const [groupId, theme] of groups) {
      h.send({ type: 'FormWorkingGroup', data: { groupId, theme, formedOn: '2013-03-12' } });
      members.forEach(([organisation, sphere], k) =>
        h.send({ type: 'JoinWorkingGroup', data: { groupId, participantId: `${groupId}-${k + 1}`, organisation, sphere, joinedOn: '2013-05-14' } }),
      );
    }
    h.send({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: '2013-06-03' } });
    groups.forEach(([groupId], g) =>
      (['etat_des_lieux', 'propositions', 'plan_action'] as const).forEach((step, m) =>
        h.send({
          type: 'HoldGroupMeeting',
          data: { groupId, step, heldOn: `2013-${['06', '09', '11'][m]}-1${g}`, attendees: [`${groupId}-1`, `${groupId}-2`, `${groupId}-3`] },
        }),
      ),
    );
    h.send({
      type: 'AdoptAction',
      data: {
        actionId: 'silver-geek',
        title: 'Silver Geek : ateliers numériques animés par des jeunes en service civique auprès des seniors',
        groupIds: ['bien-vieillir', 'fracture-numerique'],
        carriers,
        adoptedOn: '2014-06-20',
        hostPlaces: 15,
        durationMonths: 8,
      },
    });
    const { doc, entries } = h.fold();
    expect(doc?.actions).toEqual([
      expect.objectContaining({
        actionId: 'silver-geek',
        groupIds: ['bien-vieillir', 'fracture-numerique'],
        hostPlaces: 15,
        durationMonths: 8,
        adoptedOn: '2014-06-20',
      }),
    ]);
    expect(doc?.groupSummaries.map((g) => [g.theme, g.participants, g.belowRecommended])).toEqual([
      ['Insertion', 6, true],
      ['Bien vieillir', 6, true],
      ['Fracture numérique', 6, true],
    ]);
    expect(experimentationBoards.tags(doc)).toEqual({
      territory: 'poitou-charentes',
      stage: 'co_construction',
      status: 'running',
      catalyseur: ['cat-poitou'],
      carrier: carriers.map((c) => c.orgId),
    });
    const adopted = entries.filter((e) => e.kind === 'ActionAdopted');
    expect(adopted.map((e) => [e.room, e.data])).toEqual([
      [
        'experimentation:silver-geek',
        expect.objectContaining({
          experimentationId: 'silver-geek',
          actionId: 'silver-geek',
          groupThemes: ['Bien vieillir', 'Fracture numérique'],
          hostPlaces: 15,
          durationMonths: 8,
        }),
      ],
      [
        'territory:poitou-charentes',
        {
          experimentationId: 'silver-geek',
          title: 'Dialoguer et agir ensemble pour plus de solidarité',
          stage: 'co_construction',
          status: 'running',
          actionId: 'silver-geek',
          adoptedOn: '2014-06-20',
          action: 'Silver Geek : ateliers numériques animés par des jeunes en service civique auprès des seniors',
          carriers: carriers.map((c) => c.name),
        },
      ],
    ]);
  });

  describe('feeds', () => {
    it('every event in the experimentation’s room, in order, at its occurredAt; a summary of each in its territory; launch, stages and essaimage in network and ops', () => {
      const h = charentonConcluded();
      const { entries } = h.fold();
      const room = entries.filter((e) => e.room === ROOM);
      expect(room.map((e) => [e.kind, e.position])).toEqual(h.log.events.map((e) => [e.type, e.position.toString()]));
      expect(entries.filter((e) => e.room === TERRITORY)).toHaveLength(h.log.events.length);
      const wide = (feed: string) => entries.filter((e) => e.room === feed).map((e) => [e.kind, (e.data as { stage: string }).stage]);
      const milestones = [
        ['ExperimentationLaunched', 'emergence_besoins'],
        ['StageAdvanced', 'co_construction'],
        ['StageAdvanced', 'evaluation_resultats'],
        ['EssaimageDecided', 'evaluation_resultats'],
      ];
      expect(wide('network')).toEqual(milestones);
      expect(wide('ops')).toEqual(milestones);
      expect(entries.find((e) => e.room === 'network' && e.kind === 'EssaimageDecided')?.data).toEqual({
        experimentationId: CHARENTON,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        stage: 'evaluation_resultats',
        status: 'concluded',
        essaimer: true,
        territories: ['Val-de-Marne'],
        decidedOn: '2016-03-15',
        territoryId: 'charenton-saint-maurice',
        territoryName: 'Charenton-Saint-Maurice',
      });
      expect(entries.find((e) => e.room === 'ops' && e.kind === 'ExperimentationLaunched')?.data).toMatchObject({
        conveners: ['Communauté de communes de Charenton-Saint-Maurice'],
        launchedOn: '2012-01-16',
        territoryId: 'charenton-saint-maurice',
      });
      expect(new Set(entries.map((e) => e.at))).toEqual(new Set(['2026-03-02T09:00:00.000Z']));
    });

    it('adds the names a client would otherwise look up: group themes, organisations present or leaving, the action evaluated', () => {
      const h = charentonConcluded();
      const { entries } = h.fold();
      const inRoom = (kind: string) => entries.filter((e) => e.room === ROOM && e.kind === kind).map((e) => e.data as Record<string, unknown>);
      expect(inRoom('WorkingGroupFormed')[1]).toEqual({
        experimentationId: CHARENTON,
        groupId: 'handicap',
        theme: 'Handicap',
        formedOn: '2012-10-02',
        groupTheme: 'Handicap',
      });
      expect(inRoom('WorkingGroupJoined')[0]).toEqual({
        experimentationId: CHARENTON,
        groupId: 'insertion-jeunes',
        participantId: 'insertion-jeunes-1',
        organisation: 'Tremplin',
        sphere: 'association',
        joinedOn: '2012-11-15',
        groupTheme: 'Insertion des jeunes',
      });
      expect(inRoom('GroupMeetingHeld')[1]).toEqual({
        experimentationId: CHARENTON,
        groupId: 'handicap',
        step: 'etat_des_lieux',
        heldOn: '2012-12-12',
        attendees: Array.from({ length: 10 }, (_, k) => `handicap-${k + 1}`),
        groupTheme: 'Handicap',
        attendeeOrganisations: [
          'Ville de Saint-Maurice',
          'Académie de Boxes',
          'Natixis',
          'Lycée de Charenton',
          'Club Gravelle Entreprendre',
          'Mission locale',
          'Pôle emploi',
          'Secours populaire',
          'Caisse d’allocations familiales',
          'Tremplin',
        ],
        groupParticipants: 12,
      });
      expect(inRoom('ActionAdopted')[6]).toMatchObject({ actionId: 'guide-des-acteurs', groupThemes: ['Insertion des jeunes', 'Handicap', 'Précarité'] });
      expect(inRoom('ResultsEvaluated')[3]).toMatchObject({
        actionId: 'raid-sportif',
        outcome: 'mitigee',
        actionTitle: 'Raid sportif pour les personnes en situation de handicap',
      });
      const territory = entries.filter((e) => e.room === TERRITORY && e.kind === 'GroupMeetingHeld').map((e) => e.data);
      expect(territory[8]).toEqual({
        experimentationId: CHARENTON,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        stage: 'co_construction',
        status: 'running',
        groupId: 'precarite',
        groupTheme: 'Précarité',
        step: 'plan_action',
        heldOn: '2013-02-15',
        attendees: 12,
      });

      // Who left, from the board before the event (the participant is gone after it).
      const left = charentonEmergence();
      left.send({
        type: 'LeaveWorkingGroup',
        data: { groupId: 'precarite', participantId: 'precarite-2', reason: 'déménagement du site', leftOn: '2012-11-30' },
      });
      const leaving = left.fold().entries.filter((e) => e.kind === 'WorkingGroupLeft');
      expect(leaving.map((e) => [e.room, e.data])).toEqual([
        [
          ROOM,
          {
            experimentationId: CHARENTON,
            groupId: 'precarite',
            participantId: 'precarite-2',
            reason: 'déménagement du site',
            leftOn: '2012-11-30',
            groupTheme: 'Précarité',
            organisation: 'Pôle emploi',
            sphere: 'institution',
          },
        ],
        [
          TERRITORY,
          {
            experimentationId: CHARENTON,
            title: 'Agir ensemble à Charenton-Saint-Maurice',
            stage: 'emergence_besoins',
            status: 'running',
            groupId: 'precarite',
            groupTheme: 'Précarité',
            organisation: 'Pôle emploi',
            leftOn: '2012-11-30',
          },
        ],
      ]);
    });

    it('an abandonment is heard in the network and ops, with its reason', () => {
      const h = charentonEmergence();
      h.send({ type: 'AbandonExperimentation', data: { reason: 'les communes fusionnent leurs services', abandonedOn: '2012-11-30' } });
      const { doc, entries } = h.fold();
      expect(doc).toMatchObject({ status: 'abandoned', abandonment: { reason: 'les communes fusionnent leurs services', abandonedOn: '2012-11-30' } });
      expect(experimentationBoards.tags(doc)).toMatchObject({ status: 'abandoned', stage: 'emergence_besoins' });
      expect(entries.filter((e) => e.kind === 'ExperimentationAbandoned').map((e) => [e.room, (e.data as { reason: string }).reason])).toEqual([
        [ROOM, 'les communes fusionnent leurs services'],
        [TERRITORY, 'les communes fusionnent leurs services'],
        ['network', 'les communes fusionnent leurs services'],
        ['ops', 'les communes fusionnent leurs services'],
      ]);
    });
  });

  describe('totality', () => {
    it('ignores unknown event types and events before the launch', () => {
      const log = new EventLog();
      const early = log.record(`experimentation-${CHARENTON}`, 'WorkingGroupFormed', { groupId: 'x', theme: 'X', formedOn: '2012-01-01' });
      expect(experimentationBoards.evolve(undefined, early)).toBeUndefined();
      // A launch without a territory cannot be tagged: no board.
      const headless = log.record(`experimentation-${CHARENTON}`, 'ExperimentationLaunched', {
        experimentationId: CHARENTON,
        title: 'Sans territoire',
        launchedOn: '2012-01-16',
      });
      expect(experimentationBoards.evolve(undefined, headless)).toBeUndefined();
      expect(experimentationBoards.feeds(early, { before: undefined, after: undefined })).toEqual([]);
      const { doc } = charentonEmergence().fold();
      const unknown = log.record(`experimentation-${CHARENTON}`, 'ExperimentationTeleported', { to: 'Mars' });
      expect(experimentationBoards.evolve(doc, unknown)).toBe(doc);
      expect(experimentationBoards.feeds(unknown, { before: doc, after: doc })).toEqual([]);
    });

    it('never throws on malformed data: the board keeps its state, and data that is not an object appears in no feed', () => {
      const h = charentonActionPlan();
      const { doc } = h.fold();
      const log = new EventLog(1000n);
      const stream = `experimentation-${CHARENTON}`;
      const odd = [
        log.record(stream, 'GroupMeetingHeld', null),
        log.record(stream, 'ActionAdopted', 'not an object'),
        log.record(stream, 'WorkingGroupLeft', ['handicap', 'handicap-1']),
        log.record(stream, 'WorkingGroupJoined', 42),
        log.record(stream, 'ResultsEvaluated', undefined),
        log.record(stream, 'EssaimageDecided', { essaimer: 'peut-être' }),
        log.record(stream, 'GroupMeetingHeld', { groupId: { nested: true }, attendees: 'everyone' }),
        log.record(stream, 'ActionAdopted', { actionId: 7, groupIds: 'handicap', carriers: null }),
        log.record(stream, 'StageAdvanced', { stage: 'plan_de_vol' }),
        log.record(stream, 'ExperimentationLaunched', { experimentationId: 'other' }),
      ];
      let current: unknown = doc;
      for (const event of odd) {
        const before = current;
        const after = experimentationBoards.evolve(before, event);
        const entries = experimentationBoards.feeds(event, { before, after });
        if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) expect(entries).toEqual([]);
        expect(() => experimentationBoards.tags(after)).not.toThrow();
        current = after;
      }
      const final = current as ExperimentationBoard;
      const { revision, position, updatedAt, ...state } = final;
      const { revision: r0, position: p0, updatedAt: u0, ...state0 } = doc as ExperimentationBoard;
      void [revision, position, updatedAt, r0, p0, u0];
      expect(state).toEqual(state0);
      // The entries of the object-shaped ones still carry the experimentation and its room.
      const shaped = experimentationBoards.feeds(odd[6] as RecordedEvent, { before: doc, after: doc });
      expect(shaped.map((e) => e.room)).toEqual([ROOM, TERRITORY]);
      expect(shaped[0]?.data).toEqual({ experimentationId: CHARENTON, groupId: { nested: true }, attendees: 'everyone' });
      expect(shaped[1]?.data).toMatchObject({ experimentationId: CHARENTON, attendees: 0 });
    });

    it('a board stored before stage dates were kept gets the current stage’s date on its next event', () => {
      const h = charentonActionPlan();
      const { doc } = h.fold();
      const { stageDates, ...older } = doc as ExperimentationBoard;
      void stageDates;
      const [next] = h.send({ type: 'AdvanceStage', data: { stage: 'evaluation_resultats', advancedOn: '2015-09-01' } });
      const after = experimentationBoards.evolve(older, next as RecordedEvent) as ExperimentationBoard;
      expect(after.stageDates).toEqual({ evaluation_resultats: '2015-09-01' });
    });
  });
});

describe('experimentation board: the restitution and the mise en œuvre', () => {
  it('Charenton’s four stages: the restitution of 5 June 2013 in shares (40 / 40 / 20), the follow-up of the groups since 6 June', () => {
    const h = charentonEmergence();
    h.send({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: '2012-12-03' } });
    (['etat_des_lieux', 'propositions', 'plan_action'] as const).forEach((step, m) => {
      for (const g of GROUPS) {
        const attendees = Array.from({ length: g.size - 2 }, (_, k) => `${g.groupId}-${k + 1}`);
        h.send({ type: 'HoldGroupMeeting', data: { groupId: g.groupId, step, heldOn: g.meetings[m] ?? '2013-02-15', attendees } });
      }
    });
    h.send({ type: 'AdvanceStage', data: { stage: 'restitution', advancedOn: '2013-06-05' } });
    h.send({ type: 'HoldRestitution', data: { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 } });
    for (const action of ACTIONS) h.send({ type: 'AdoptAction', data: { ...action, adoptedOn: '2013-06-05' } });
    h.send({ type: 'AdvanceStage', data: { stage: 'mise_en_oeuvre', advancedOn: '2013-06-06' } });
    for (const g of GROUPS) h.send({ type: 'HoldFollowUpMeeting', data: { groupId: g.groupId, heldOn: '2013-10-10', attendees: [`${g.groupId}-1`] } });
    const { doc, entries } = h.fold();
    expect(doc).toMatchObject({
      stage: 'mise_en_oeuvre',
      restitution: { heldOn: '2013-06-05', dirigeants: 118 },
      restitutionShares: { bySphere: { association: 40, entreprise: 40 }, fromOutside: 20 },
      followUpsHeld: 3,
      actionsAdopted: 7,
      stageDates: { emergence_besoins: '2012-01-16', co_construction: '2012-12-03', restitution: '2013-06-05', mise_en_oeuvre: '2013-06-06' },
    });
    expect(doc?.groupSummaries.map((g) => g.followUpsHeld)).toEqual([1, 1, 1]);
    const restitution = entries.find((e) => e.room === TERRITORY && e.kind === 'RestitutionHeld');
    expect(restitution?.data).toMatchObject({ dirigeants: 118, heldOn: '2013-06-05', shares: { fromOutside: 20 } });
    // The whole network hears of it, and operators (with the territory).
    for (const room of ['network', 'ops']) {
      expect(entries.find((e) => e.room === room && e.kind === 'RestitutionHeld')?.data).toMatchObject({
        dirigeants: 118,
        territoryId: 'charenton-saint-maurice',
      });
    }
    const followUp = entries.find((e) => e.room === ROOM && e.kind === 'FollowUpMeetingHeld');
    expect(followUp?.data).toMatchObject({ groupTheme: 'Insertion des jeunes', groupParticipants: 13 });
  });

  it('tags the category of an experimentation, none for one launched before categories', () => {
    const h = new History('experimentation-silver-geek');
    h.send({
      type: 'LaunchExperimentation',
      data: {
        experimentationId: 'silver-geek',
        title: 'Silver Geek',
        territory: { id: 'poitou-charentes', name: 'Poitou-Charentes', scale: 'regional' },
        conveners: [org('la-poste', 'La Poste', 'entreprise')],
        launchedOn: '2013-01-15',
        category: 'co_innovation',
      },
    });
    const { doc } = h.fold();
    expect(doc?.category).toBe('co_innovation');
    expect(experimentationBoards.tags(doc)).toMatchObject({ category: 'co_innovation' });
    expect(experimentationBoards.tags(charentonEmergence().fold().doc)).not.toHaveProperty('category');
  });
});
