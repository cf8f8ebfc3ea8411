import {
  type AdoptAction,
  type ExperimentationCommand,
  experimentationDecider,
  type ExperimentationOrganisation,
  experimentationStream,
  roomDecider,
  roomStream,
  type Sphere,
} from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { at } from '../calendar';
import { type DemoCatalyseur, catalyseurOf } from './network';
import { territoryRef } from './places';

/** Meetings in the order they were held (a stable sort: a group's meetings keep theirs). */
const byDate = <M extends { readonly heldOn: string }>(meetings: readonly M[]): M[] => [...meetings].sort((a, b) => a.heldOn.localeCompare(b.heldOn));

const org = (orgId: string, name: string, sphere: Sphere): ExperimentationOrganisation => ({ orgId, name, sphere });

/**
 * "Agir ensemble à Charenton-Saint-Maurice", an expérimentation collective in the documents' four stages: the
 * invitation au dialogue of 2 October 2012 (142 dirigeants: 50 % associations, 30 % entreprises, 20 % collectivités;
 * about forty ready to act), the co-construction — 3 working groups (insertion des jeunes, handicap, précarité) of 10
 * to 15, 3 meetings each (état des lieux, propositions, plan d'action) from December 2012 to February 2013 —, the
 * restitution des travaux of 5 June 2013 (118 dirigeants: 40 % associations, 40 % entreprises, 20 % from outside the
 * territory) where the 7 actions were presented, the mise en œuvre since 6 June 2013 with the follow-up of the working
 * groups; then the evaluation of 2016 and the essaimage.
 */
export function addCharenton(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const id = 'agir-ensemble-charenton';
  const catalyseur = catalyseurOf(catalyseurs, 'charenton-saint-maurice');
  const send = (command: ExperimentationCommand, date: string): void =>
    void script.add(experimentationDecider, experimentationStream(id), command, at(date), catalyseur.id);
  const cc = org('cc-charenton-saint-maurice', 'Communauté de communes de Charenton-Saint-Maurice', 'collectivite');

  send(
    {
      type: 'LaunchExperimentation',
      data: {
        experimentationId: id,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        objective: 'Mobiliser les dirigeants du territoire pour répondre ensemble à ses fragilités',
        territory: territoryRef('charenton-saint-maurice'),
        conveners: [cc],
        catalyseurs: [catalyseur.id],
        launchedOn: '2012-01-16',
        category: 'experimentation_collective',
      },
    },
    '2012-01-16',
  );
  send(
    {
      type: 'InviteDirigeants',
      data: { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
    },
    '2012-10-02',
  );

  const groups = [
    { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', meetings: ['2012-12-10', '2013-01-14', '2013-02-11'] },
    { groupId: 'handicap', theme: 'Handicap', meetings: ['2012-12-12', '2013-01-16', '2013-02-13'] },
    { groupId: 'precarite', theme: 'Précarité', meetings: ['2012-12-14', '2013-01-18', '2013-02-15'] },
  ];
  const table: readonly (readonly [string, Sphere])[] = [
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
    ['Banque de France', 'entreprise'],
    ['Restos du cœur', 'association'],
  ];
  const sizes = [13, 12, 14];
  // In time order: the three groups formed at the invitation, their members joining in November, their meetings by date.
  for (const group of groups) send({ type: 'FormWorkingGroup', data: { groupId: group.groupId, theme: group.theme, formedOn: '2012-10-02' } }, '2012-10-02');
  groups.forEach((group, g) => {
    for (let k = 0; k < (sizes[g] ?? 12); k++) {
      const [organisation, sphere] = table[(k + g * 5) % table.length] ?? ['Tremplin', 'association'];
      send(
        {
          type: 'JoinWorkingGroup',
          data: { groupId: group.groupId, participantId: `${group.groupId}-${k + 1}`, organisation, sphere, joinedOn: '2012-11-15' },
        },
        '2012-11-15',
      );
    }
  });
  send({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: '2012-12-03' } }, '2012-12-03');
  const meetings = groups.flatMap((group, g) => {
    const attendees = Array.from({ length: (sizes[g] ?? 12) - 2 }, (_, k) => `${group.groupId}-${k + 1}`);
    return (['etat_des_lieux', 'propositions', 'plan_action'] as const).map((step, m) => ({
      groupId: group.groupId,
      step,
      heldOn: group.meetings[m] ?? '2013-02-15',
      attendees,
    }));
  });
  for (const meeting of byDate(meetings)) send({ type: 'HoldGroupMeeting', data: meeting }, meeting.heldOn);

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
  const actions: readonly AdoptAction['data'][] = [
    {
      actionId: 'parcours-action-jeunes',
      title: 'Parcours-action vers le monde professionnel pour les jeunes',
      groupIds: ['insertion-jeunes'],
      carriers: [carrier.tremplin, carrier.gravelle],
      adoptedOn: '2013-06-05',
    },
    {
      actionId: 'metiers-du-territoire',
      title: 'Interventions de professionnels présentant les métiers du territoire',
      groupIds: ['insertion-jeunes'],
      carriers: [carrier.lycee, carrier.natixis],
      adoptedOn: '2013-06-05',
    },
    {
      actionId: 'referents-handicap',
      title: 'Réseau territorial de référents sur le handicap',
      groupIds: ['handicap'],
      carriers: [carrier.essilor, cc],
      adoptedOn: '2013-06-05',
    },
    {
      actionId: 'raid-sportif',
      title: 'Raid sportif pour les personnes en situation de handicap',
      groupIds: ['handicap'],
      carriers: [carrier.boxes, carrier.foncier],
      adoptedOn: '2013-06-05',
    },
    { actionId: 'reseau-entraide', title: 'Réseau d’entraide local', groupIds: ['precarite'], carriers: [carrier.petitPlus, cc], adoptedOn: '2013-06-05' },
    { actionId: 'observatoire-fragilites', title: 'Observatoire des fragilités locales', groupIds: ['precarite'], carriers: [cc], adoptedOn: '2013-06-05' },
    {
      actionId: 'guide-des-acteurs',
      title: 'Guide des acteurs, ressources et dispositifs d’aide du territoire',
      groupIds: ['insertion-jeunes', 'handicap', 'precarite'],
      carriers: [cc, carrier.gravelle],
      adoptedOn: '2013-06-05',
    },
  ];
  // The restitution des travaux of 5 June 2013: 118 dirigeants, 40 % associations (47), 40 % entreprises (47), 20 % from
  // outside the territory (24); the seven actions presented there.
  send({ type: 'AdvanceStage', data: { stage: 'restitution', advancedOn: '2013-06-05' } }, '2013-06-05');
  send(
    { type: 'HoldRestitution', data: { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 } },
    '2013-06-05',
  );
  for (const action of actions) send({ type: 'AdoptAction', data: action }, action.adoptedOn);
  // The mise en œuvre since 6 June 2013, with the follow-up of the working groups (each quarter, the first year).
  send({ type: 'AdvanceStage', data: { stage: 'mise_en_oeuvre', advancedOn: '2013-06-06' } }, '2013-06-06');
  const followUps = groups.flatMap((group, g) =>
    ['2013-10-1', '2014-01-1', '2014-04-1', '2014-06-1'].map((month) => ({
      groupId: group.groupId,
      heldOn: `${month}${g + 4}`,
      attendees: Array.from({ length: 6 }, (_, k) => `${group.groupId}-${k + 1}`),
    })),
  );
  for (const meeting of byDate(followUps)) send({ type: 'HoldFollowUpMeeting', data: meeting }, meeting.heldOn);
  send({ type: 'AdvanceStage', data: { stage: 'evaluation_resultats', advancedOn: '2015-09-01' } }, '2015-09-01');
  for (const action of actions) {
    send(
      {
        type: 'EvaluateResults',
        data: {
          actionId: action.actionId,
          outcome: action.actionId === 'raid-sportif' ? 'mitigee' : 'concluante',
          summary: 'évalué par Accenture (mécénat de compétences)',
          evaluatedOn: '2016-02-15',
        },
      },
      '2016-02-15',
    );
  }
  send({ type: 'DecideEssaimage', data: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' } }, '2016-03-15');

  // Its room, where the catalyseurs follow it and decisions are recorded.
  const room = script.on(roomDecider, roomStream(id));
  room(
    {
      type: 'OpenRoom',
      data: {
        roomId: id,
        kind: 'experimentation',
        subject: id,
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        access: 'open',
        openedBy: catalyseur.id,
        openedAt: at('2012-01-16'),
      },
    },
    at('2012-01-16'),
    catalyseur.id,
  );
  room(
    {
      type: 'RecordDecision',
      data: { decisionId: 'trois-groupes', text: 'Trois groupes de travail : insertion des jeunes, handicap, précarité', recordedBy: catalyseur.id },
    },
    at('2012-10-02'),
    catalyseur.id,
  );
}

/**
 * Silver Geek, a co-innovation territoriale: born from La Poste's study in Poitou-Charentes; about twenty structures
 * in 3 groups; the action carried by about ten structures, resting on 3 briques (prêt de matériel, animation,
 * évaluation), 8 months in 15 host places — its mise en œuvre, with no restitution —, evaluated in 2015 with Le
 * RAMEAU, then spread.
 */
export function addSilverGeek(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const id = 'silver-geek';
  const catalyseur = catalyseurOf(catalyseurs, 'poitou-charentes');
  const send = (command: ExperimentationCommand, date: string): void =>
    void script.add(experimentationDecider, experimentationStream(id), command, at(date), catalyseur.id);
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
  send(
    {
      type: 'LaunchExperimentation',
      data: {
        experimentationId: id,
        title: 'Dialoguer et agir ensemble pour plus de solidarité',
        objective: 'Faciliter l’accès au numérique chez les seniors et réduire ainsi leur isolement',
        territory: territoryRef('poitou-charentes'),
        conveners: [laPoste],
        catalyseurs: [catalyseur.id],
        launchedOn: '2013-01-15',
        category: 'co_innovation',
      },
    },
    '2013-01-15',
  );
  send(
    { type: 'InviteDirigeants', data: { invitedOn: '2013-03-12', dirigeants: 20, bySphere: { association: 11, entreprise: 8, collectivite: 1 } } },
    '2013-03-12',
  );
  const groups = [
    { groupId: 'insertion', theme: 'Insertion' },
    { groupId: 'bien-vieillir', theme: 'Bien vieillir' },
    { groupId: 'fracture-numerique', theme: 'Fracture numérique' },
  ];
  const members: readonly (readonly [string, Sphere])[] = [
    ['La Poste', 'entreprise'],
    ['Unis-Cité', 'association'],
    ['Orange', 'entreprise'],
    ['Uriopss', 'association'],
    ['Conseil général des Deux-Sèvres', 'collectivite'],
    ['Macif', 'entreprise'],
  ];
  // In time order: the three groups formed at the invitation, their members joining in May, their meetings by date.
  for (const group of groups) send({ type: 'FormWorkingGroup', data: { groupId: group.groupId, theme: group.theme, formedOn: '2013-03-12' } }, '2013-03-12');
  for (const group of groups) {
    members.forEach(([organisation, sphere], k) => {
      send(
        {
          type: 'JoinWorkingGroup',
          data: { groupId: group.groupId, participantId: `${group.groupId}-${k + 1}`, organisation, sphere, joinedOn: '2013-05-14' },
        },
        '2013-05-14',
      );
    });
  }
  send({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: '2013-06-03' } }, '2013-06-03');
  const meetings = groups.flatMap((group, g) =>
    (
      [
        ['etat_des_lieux', `2013-06-1${g}`],
        ['propositions', `2013-09-1${g}`],
        ['plan_action', `2013-11-1${g}`],
      ] as const
    ).map(([step, heldOn]) => ({ groupId: group.groupId, step, heldOn, attendees: [`${group.groupId}-1`, `${group.groupId}-2`, `${group.groupId}-3`] })),
  );
  for (const meeting of byDate(meetings)) send({ type: 'HoldGroupMeeting', data: meeting }, meeting.heldOn);
  send(
    {
      type: 'AdoptAction',
      data: {
        actionId: 'silver-geek',
        title: 'Silver Geek : ateliers numériques animés par des jeunes en service civique auprès des seniors',
        groupIds: ['bien-vieillir', 'fracture-numerique'],
        carriers,
        adoptedOn: '2014-06-20',
        hostPlaces: 15,
        durationMonths: 8,
        components: ['Prêt de matériel', 'Animation', 'Évaluation'],
      },
    },
    '2014-06-20',
  );
  // Eight months in the host places, to the trophy at the Gamer Assembly in April 2015.
  send({ type: 'AdvanceStage', data: { stage: 'mise_en_oeuvre', advancedOn: '2014-09-01' } }, '2014-09-01');
  send({ type: 'AdvanceStage', data: { stage: 'evaluation_resultats', advancedOn: '2015-05-04' } }, '2015-05-04');
  send(
    {
      type: 'EvaluateResults',
      data: {
        actionId: 'silver-geek',
        outcome: 'concluante',
        summary: 'une réelle dynamique entre les structures ; des retours très positifs des EHPAD',
        indicators: [
          { name: 'Lieux d’accueil (EHPAD, CSC, MJC, foyers)', value: 15 },
          { name: 'Durée de l’expérimentation', value: 8, unit: 'mois' },
          { name: 'Structures organisatrices', value: 10 },
        ],
        evaluatedOn: '2015-06-15',
      },
    },
    '2015-06-15',
  );
  send({ type: 'DecideEssaimage', data: { essaimer: true, territories: ['Région Poitou-Charentes', 'France'], decidedOn: '2015-06-30' } }, '2015-06-30');
}
