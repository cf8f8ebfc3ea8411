import {
  type AccompanimentCommand,
  accompanimentDecider,
  accompanimentStream,
  type GatheringCommand,
  gatheringDecider,
  type GatheringKind,
  gatheringStream,
  type IntroductionCommand,
  introductionDecider,
  introductionStream,
  type Partner,
  roomDecider,
  roomStream,
  territoryDecider,
  territoryStream,
} from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { addDays, addMonths, at } from '../calendar';
import { modesOf } from '../history/modes';
import { addPartnershipLife, type LifeEnd } from '../history/partnership-life';
import { type DemoCatalyseur, catalyseurOf, DEMO_OPERATOR } from './network';
import { territoryRef } from './places';

/**
 * Le Labo régional des partenariats en Alsace: created in 2012 by Alsace
 * Active, it brings associations and entreprises together (notably through
 * speed datings), accompanies their partnerships and animates collective
 * reflections (achats responsables, économie circulaire, finance solidaire):
 * 10 collective events a year, 150 entreprises and 300 associations involved in
 * all, 70 partnerships created at its initiative — 63 of them accompanied by it
 * (the documents' three counts are reconciled in the README). One example the
 * documents tell: la Lyonnaise des Eaux and a local chantier d'insertion
 * recycling road coating.
 */
export const LABO_PARTNERSHIPS = 70;
/** Of which the Labo's catalyseur accompanied the first 63; the partners of the other 7 went on alone. */
export const LABO_ACCOMPANIED = 63;
/** Its collective events each year (speed dating, ateliers, conférences, réflexions collectives). */
export const LABO_EVENTS_PER_YEAR = 10;
/** The organisations it involved in all. */
export const LABO_ASSOCIATIONS = 300;
export const LABO_ENTREPRISES = 150;
const LABO_YEARS = [2013, 2014, 2015, 2016];
const SPEED_DATINGS = ['2013-03-21', '2014-03-20', '2015-03-19', '2016-03-17'];
/** Introductions made at the speed datings: 70 led to partnerships, the others did not (yet). */
const INTRODUCTIONS = 100;

// prettier-ignore
const ASSOCIATIONS = [
  'Emmaüs Mundo', 'Les Restos du Cœur du Bas-Rhin', 'Envie Strasbourg', 'Banque alimentaire du Haut-Rhin', 'Secours populaire de Mulhouse', 'Régie des écrans',
  'Croix-Rouge de Colmar', 'Les Jardins de la Montagne Verte', 'Association Thémis', 'APF France handicap Alsace', 'Scouts et Guides d’Alsace', 'Le Parcours',
  'Accueil sans frontières 67', 'Sport pour tous Mulhouse', 'Maison des potes', 'Espace Solidarité Alsace', 'Carijou', 'Vélo-Emploi Strasbourg',
  'Azur FM', 'Les Disciples', 'Aide à domicile du Sundgau', 'Solidarité femmes 68', 'Atelier Jeunes Habitat', 'Repair Café Kehl-Strasbourg',
];
// prettier-ignore
const ENTREPRISES = [
  'Lyonnaise des Eaux', 'Électricité de Strasbourg', 'Crédit Mutuel Centre Est Europe', 'Adidas France', 'Soprema', 'Peugeot Mulhouse', 'Hager Group',
  'Kuhn', 'Caisse d’Épargne Grand Est Europe', 'Wienerberger', 'Lohr Industrie', 'Brasseries Kronenbourg', 'Socomec', 'Mars Haguenau', 'SNCF Alsace',
  'Trimbach', 'Würth France', 'Clestra', 'Sotralentz', 'Schaeffler France',
];

/** « Les Restos du Cœur du Bas-Rhin » → `les-restos-du-coeur-du-bas-rhin` (the ligatures spelt out, as the console's ids). */
export const slug = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const association = (i: number): Partner => {
  const name = ASSOCIATIONS[i % ASSOCIATIONS.length] ?? 'Association';
  return { orgId: slug(name), name, sphere: 'association' };
};
const entreprise = (i: number): Partner => {
  const name = ENTREPRISES[i % ENTREPRISES.length] ?? 'Entreprise';
  return { orgId: slug(name), name, sphere: 'entreprise' };
};

/** How far each accompanied partnership has gone (cycled): a mature programme with some in progress. */
const LIVES: readonly LifeEnd[] = ['renouveler', 'clore', 'pilotage', 'evaluation', 'renouveler', 'essaimer', 'cadrage', 'pilotage', 'clore'];

export function addLaboAlsace(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const catalyseur = catalyseurOf(catalyseurs, 'alsace');
  const alsace = territoryRef('alsace');

  const territory = script.on(territoryDecider, territoryStream('alsace'));
  for (const actor of [
    { orgId: 'alsace-active', name: 'Alsace Active', sphere: 'association' as const },
    { orgId: 'labo-partenariats-alsace', name: 'Le Labo régional des partenariats en Alsace', sphere: 'association' as const },
  ]) {
    territory({ type: 'RegisterTerritoryActor', data: actor }, at('2012-01-16'), DEMO_OPERATOR);
  }

  // The speed datings: 10 associations meet 10 entreprises each time; pairs who met are recorded.
  SPEED_DATINGS.forEach((date, session) => {
    const id = `speed-dating-labo-alsace-${date.slice(0, 4)}`;
    const send = (command: GatheringCommand, when: string): void => void script.add(gatheringDecider, gatheringStream(id), command, at(when), catalyseur.id);
    const scheduledOn = addDays(date, -45);
    send(
      {
        type: 'ScheduleGathering',
        data: {
          gatheringId: id,
          kind: 'speed_dating',
          theme: `Speed dating associations – entreprises ${date.slice(0, 4)}`,
          date,
          time: '17:30',
          place: 'Strasbourg, CCI Alsace Eurométropole',
          capacity: 40,
          territoryId: 'alsace',
          organisedBy: catalyseur.id,
          scheduledAt: at(scheduledOn),
        },
      },
      scheduledOn,
    );
    const people = Array.from({ length: 10 }, (_, k) => {
      const a = association(session * 6 + k);
      const e = entreprise(session * 5 + k);
      return [
        { participantId: `${a.orgId}-${session}`, name: `Représentant·e ${a.name}`, organisation: a.name, sphere: 'association' as const, orgId: a.orgId },
        { participantId: `${e.orgId}-${session}`, name: `Représentant·e ${e.name}`, organisation: e.name, sphere: 'entreprise' as const, orgId: e.orgId },
      ];
    });
    for (const pair of people)
      for (const p of pair) send({ type: 'RegisterParticipant', data: { ...p, registeredAt: at(addDays(date, -10)) } }, addDays(date, -10));
    send({ type: 'HoldGathering', data: { heldOn: date } }, date);
    send({ type: 'RecordAttendance', data: { participantIds: people.flat().map((p) => p.participantId) } }, date);
    send(
      {
        type: 'RecordSpeedDatingPairs',
        data: { pairs: people.map(([a, e]) => ({ associationId: a?.participantId ?? '', entrepriseId: e?.participantId ?? '' })) },
      },
      date,
    );
  });

  // Collective reflections of the Labo (ateliers).
  [
    ['atelier-achats-responsables', 'Achats responsables', '2014-10-09'],
    ['atelier-economie-circulaire', 'Économie circulaire', '2015-10-08'],
    ['atelier-finance-solidaire', 'Finance solidaire', '2016-10-13'],
  ].forEach(([id = '', theme = '', date = '']) => {
    const send = (command: GatheringCommand, when: string): void => void script.add(gatheringDecider, gatheringStream(id), command, at(when), catalyseur.id);
    send(
      {
        type: 'ScheduleGathering',
        data: {
          gatheringId: id,
          kind: 'atelier',
          theme,
          date,
          time: '14:00',
          place: 'Mulhouse, Maison de la Région',
          territoryId: 'alsace',
          organisedBy: catalyseur.id,
          scheduledAt: at(addDays(date, -30)),
        },
      },
      addDays(date, -30),
    );
    const participants = Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? association(k + 3) : entreprise(k + 2)));
    registerHoldAttend(send, participants, date, participants.slice(0, 10));
  });

  addLaboEvents(script, catalyseur.id);

  // Each association prepared once, whatever the number of its introductions.
  const preparations = new Map<string, string>();
  const prepared = (association: Partner, speedDating: string): string => {
    const known = preparations.get(association.orgId);
    if (known !== undefined) return known;
    const accompanimentId = prepareAssociation(script, catalyseur.id, association, speedDating);
    preparations.set(association.orgId, accompanimentId);
    return accompanimentId;
  };

  // Introductions made at the speed datings, and what came of them: the 70 partnerships created at the Labo's initiative.
  for (let i = 0; i < INTRODUCTIONS; i++) {
    const session = i % SPEED_DATINGS.length;
    const date = SPEED_DATINGS[session] ?? '2013-03-21';
    const e = i === 0 ? entreprise(0) : entreprise(i + 1);
    const a: Partner = i === 0 ? { orgId: 'chantier-insertion-enrobes', name: 'Chantier d’insertion local', sphere: 'association' } : association(i);
    const introductionId = `labo-alsace-${String(i + 1).padStart(3, '0')}`;
    const send = (command: IntroductionCommand, when: string): void =>
      void script.add(introductionDecider, introductionStream(introductionId), command, at(when), catalyseur.id);
    // Before the first speed dating, the Labo prepared the associations of the partnerships it would accompany.
    const accompanimentId = session === 0 && i < LABO_ACCOMPANIED ? prepared(a, date) : undefined;
    send(
      {
        type: 'IntroduceOrganisations',
        data: {
          introductionId,
          catalyseurId: catalyseur.id,
          territoryId: 'alsace',
          organisations: [a, e],
          purpose: i === 0 ? 'recycler l’enrobé des tranchées avec un chantier d’insertion' : 'explorer un partenariat au-delà du mécénat financier',
          introducedOn: date,
          gatheringId: `speed-dating-labo-alsace-${date.slice(0, 4)}`,
          ...(accompanimentId === undefined ? {} : { accompanimentId }),
        },
      },
      date,
    );
    const metOn = addDays(date, 21);
    if (i < LABO_PARTNERSHIPS) {
      send({ type: 'RecordIntroductionMeeting', data: { metOn } }, metOn);
      const start = addMonths(date, 2 + (i % 5));
      const partnershipId = i === 0 ? 'lyonnaise-des-eaux-chantier-insertion' : `labo-alsace-partenariat-${String(i + 1).padStart(3, '0')}`;
      addPartnershipLife(script, {
        id: partnershipId,
        title: i === 0 ? 'Enrobés recyclés : Lyonnaise des Eaux et un chantier d’insertion local' : `${a.name} × ${e.name}`,
        territory: alsace,
        partners: [a, e],
        modes: i === 0 ? ['cooperation_economique', 'innovation_societale'] : modesOf(i),
        start,
        until: i === 0 ? 'essaimer' : (LIVES[i % LIVES.length] ?? 'pilotage'),
        // Not accompanied: the partners of the last seven steer theirs themselves.
        ...(i < LABO_ACCOMPANIED ? { actor: catalyseur.id } : { actor: `partenaire-${a.orgId}`, accompanied: false }),
        ...(i === 0
          ? {
              indicators: [
                { name: 'Tranchées rebouchées en enrobé recyclé', value: 420 },
                { name: 'Salariés en insertion mobilisés', value: 8, unit: 'personnes' },
              ],
            }
          : {}),
      });
      send({ type: 'RecordIntroductionPartnership', data: { partnershipId, proposedOn: start } }, start);
    } else if (i < LABO_PARTNERSHIPS + 25) {
      send({ type: 'RecordIntroductionMeeting', data: { metOn } }, metOn);
      send({ type: 'CloseIntroductionWithoutFollowUp', data: { reason: 'pas de projet commun identifié', closedOn: addDays(metOn, 60) } }, addDays(metOn, 60));
    } else {
      send({ type: 'CloseIntroductionWithoutFollowUp', data: { reason: 'l’entreprise n’a pas donné suite', closedOn: addDays(date, 90) } }, addDays(date, 90));
    }
  }

  // The Labo's room on the territory, where decisions are recorded.
  const room = script.on(roomDecider, roomStream('labo-alsace'));
  room(
    {
      type: 'OpenRoom',
      data: {
        roomId: 'labo-alsace',
        kind: 'territory',
        subject: 'alsace',
        title: 'Labo régional des partenariats en Alsace',
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
      data: { decisionId: 'decision-speed-dating-annuel', text: 'Un speed dating associations – entreprises chaque printemps', recordedBy: catalyseur.id },
    },
    at('2012-11-15'),
    catalyseur.id,
  );
  room(
    {
      type: 'RecordDecision',
      data: { decisionId: 'decision-essaimage', text: 'Pérenniser et essaimer le modèle d’animation territoriale des partenariats', recordedBy: catalyseur.id },
    },
    at('2017-01-12'),
    catalyseur.id,
  );
}

/**
 * The Labo's other collective events, each year, beside its speed dating and its atelier of réflexion collective: its
 * conférence, and the others, on site, recorded as ateliers (the domain has no kind of its own for a petit-déjeuner, a
 * réflexion collective, a partage de pratiques or a rencontre of the collectivités).
 */
const EVENTS: readonly (readonly [kind: GatheringKind, theme: string])[] = [
  ['conference', 'Conférence « belles histoires » de partenariats associations – entreprises'],
  ['atelier', 'Atelier : la stratégie de partenariat des associations'],
  ['atelier', 'Atelier : la stratégie RSE des entreprises et les partenariats'],
  ['atelier', 'Petit-déjeuner des partenaires du Labo'],
  ['atelier', 'Atelier : créer un partenariat commun'],
  ['atelier', 'Réflexion collective : l’emploi et l’insertion sur le territoire'],
  ['atelier', 'Atelier : analyser la valeur créée par un partenariat'],
  ['atelier', 'Rencontre des collectivités et de leur projet de territoire'],
  ['atelier', 'Partage de pratiques : les partenariats qui durent'],
];
const PLACES = ['Strasbourg, CCI Alsace Eurométropole', 'Mulhouse, Maison de la Région', 'Colmar, Pôle média-culture'];

/** The organisations the documents count (300 associations, 150 entreprises) beyond those named above, by number. */
const otherOrganisations = (): Partner[] => {
  const named = new Set([...ASSOCIATIONS, 'Chantier d’insertion local']).size;
  const associations = Array.from({ length: LABO_ASSOCIATIONS - named }, (_, k): Partner => {
    const name = `Association alsacienne n° ${named + k + 1}`;
    return { orgId: slug(name), name, sphere: 'association' };
  });
  const entreprises = Array.from({ length: LABO_ENTREPRISES - ENTREPRISES.length }, (_, k): Partner => {
    const name = `Entreprise alsacienne n° ${ENTREPRISES.length + k + 1}`;
    return { orgId: slug(name), name, sphere: 'entreprise' };
  });
  // Two associations for one entreprise, as the documents' counts.
  return associations.flatMap((a, k) => (k % 2 === 1 && entreprises[(k - 1) / 2] ? [a, entreprises[(k - 1) / 2] as Partner] : [a]));
};

/**
 * Ten collective events a year from 2013 to 2016: the speed dating and (from 2014) the atelier of réflexion
 * collective, and the others here (the conférence first), each bringing organisations of the territory the Labo had
 * not involved yet.
 */
function addLaboEvents(script: Script, catalyseurId: string): void {
  const others = otherOrganisations();
  const events = LABO_YEARS.flatMap((year) => {
    const count = LABO_EVENTS_PER_YEAR - 1 - (year === 2013 ? 0 : 1);
    return Array.from({ length: count }, (_, k) => ({ year, k, date: addDays(`${year}-01-15`, 35 * k + (k >= 2 ? 14 : 0)) }));
  });
  events.forEach(({ year, k, date }, e) => {
    const id = `labo-alsace-evenement-${year}-${String(k + 1).padStart(2, '0')}`;
    const send = (command: GatheringCommand, when: string): void => void script.add(gatheringDecider, gatheringStream(id), command, at(when), catalyseurId);
    const [kind, theme] = EVENTS[k % EVENTS.length] ?? ['atelier', 'Atelier du Labo'];
    send(
      {
        type: 'ScheduleGathering',
        data: {
          gatheringId: id,
          kind,
          theme,
          date,
          time: '08:30',
          endTime: '10:30',
          place: PLACES[e % PLACES.length] ?? 'Strasbourg',
          territoryId: 'alsace',
          organisedBy: catalyseurId,
          scheduledAt: at(addDays(date, -30)),
        },
      },
      addDays(date, -30),
    );
    const from = Math.floor((e * others.length) / events.length);
    const to = Math.floor(((e + 1) * others.length) / events.length);
    const present = others.slice(from, to);
    registerHoldAttend(send, present, date, present);
  });
}

/**
 * « Préparer les partenaires »: the Labo's catalyseur accompanies an association for the two months before the speed
 * dating where it meets its entreprise (a session on what it could bring and expect, its alliance strategy seen as a
 * beginning), closed ready the week before. An illustration of the trade the documents describe; they give no figures.
 */
function prepareAssociation(script: Script, catalyseurId: string, association: Partner, speedDating: string): string {
  const accompanimentId = `labo-alsace-preparation-${association.orgId}`;
  const send = (command: AccompanimentCommand, on: string): void =>
    void script.add(accompanimentDecider, accompanimentStream(accompanimentId), command, at(on), catalyseurId);
  const openedOn = addMonths(speedDating, -2);
  const sessionOn = addDays(speedDating, -30);
  send(
    {
      type: 'OpenAccompaniment',
      data: { accompanimentId, organisationId: association.orgId, catalyseurId, purpose: 'préparer un premier partenariat avec une entreprise', openedOn },
    },
    openedOn,
  );
  send(
    {
      type: 'HoldAccompanimentSession',
      data: {
        heldOn: sessionOn,
        topics: ['ce que l’association peut apporter', 'ce qu’elle attend d’une entreprise'],
        summary: 'Premiers échanges sur les ressources de l’association et ses besoins.',
        recordedBy: catalyseurId,
      },
    },
    sessionOn,
  );
  send(
    { type: 'RecordOrganisationMaturity', data: { maturity: 'decouverte', objectiveFamilies: ['parties_prenantes', 'economique'], recordedOn: sessionOn } },
    sessionOn,
  );
  const closedOn = addDays(speedDating, -7);
  send({ type: 'CloseAccompaniment', data: { closedOn, outcome: 'ready', reason: 'prête à rencontrer des entreprises au speed dating' } }, closedOn);
  return accompanimentId;
}

/**
 * An organisation's representative registered for each participant a week before (by the organisation's id), the
 * gathering held on its day, and who attended.
 */
function registerHoldAttend(
  send: (command: GatheringCommand, when: string) => void,
  participants: readonly Partner[],
  date: string,
  attended: readonly Partner[],
): void {
  const registeredOn = addDays(date, -7);
  for (const p of participants) {
    const representative = { participantId: p.orgId, name: `Représentant·e ${p.name}`, organisation: p.name, sphere: p.sphere, orgId: p.orgId };
    send({ type: 'RegisterParticipant', data: { ...representative, registeredAt: at(registeredOn) } }, registeredOn);
  }
  send({ type: 'HoldGathering', data: { heldOn: date } }, date);
  send({ type: 'RecordAttendance', data: { participantIds: attended.map((p) => p.orgId) } }, date);
}
