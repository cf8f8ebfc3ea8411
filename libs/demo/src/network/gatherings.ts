import { type GatheringCommand, gatheringDecider, gatheringStream, roomDecider, roomStream, thirdThursdayOf } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { addDays, at } from '../calendar';
import { type DemoCatalyseur, DEMO_OPERATOR } from './network';
import { TERRITORIES } from './places';

/**
 * The network's monthly webinaire themes of 2018 (the "temps de partage en ligne" around the parcours). The first
 * two subjects of the parcours' journey — the role of the collectivités, the entrepreneuriat de territoire — were
 * webinaires of organisers outside the network (`EXTERNAL_WEBINAIRES`).
 */
const WEBINAIRES = [
  'Connaître son écosystème : besoins, acteurs, actions',
  'Les fragilités des territoires : le programme PHARE',
  'Les solutions : quelles actions ?',
  'La chaîne de valeur : quels rôles complémentaires ?',
  'Le modèle économique de l’ingénierie territoriale',
  'Le dispositif : quelle gouvernance ?',
  'Les modèles socio-économiques hybrides',
  'L’impact de la digitalisation',
  'Les mutations des compétences',
  'La diversité des modes d’évaluation',
  'Évaluer l’utilité sociétale d’une expérimentation',
  'Bilan du parcours d’expérience',
];

/**
 * "Le voyage s'initie dès le 3 avril 2018": the webinaires of organisers outside the network that opened the
 * parcours' journey, on their own days and hours (neither on the third Thursday).
 */
const EXTERNAL_WEBINAIRES = [
  {
    gatheringId: 'webinaire-cnfpt-2018-04-03',
    kind: 'webinaire',
    theme: 'Le rôle des collectivités territoriales dans le mouvement de co-construction territoriale',
    date: '2018-04-03',
    time: '12:00',
    endTime: '14:00',
    link: 'https://cnfpt-formation.adobeconnect.com/rih1bObsdwe7/',
    organiser: { name: 'e-communauté développement local du CNFPT', inNetwork: false },
  },
  {
    gatheringId: 'webinaire-territoires-conseils-2018-04-05',
    kind: 'webinaire',
    theme: 'L’entrepreneuriat de territoire : les méthodes de co-construction territoriale',
    date: '2018-04-05',
    time: '10:00',
    endTime: '12:00',
    link: 'https://www.caissedesdepotsdesterritoires.fr/cs/ContentServer?pagename=Territoires/Teleconferences',
    organiser: { name: 'Territoires Conseils (Caisse des Dépôts)', inNetwork: false },
  },
] as const;

/**
 * The network's gatherings: the 4th rencontre of the "réseau des
 * pionniers des alliances en territoire" on 12 June 2018 ("Ensemble
 * innovons !", 4 axes), the monthly webinaire on the third Thursday (12:00–13:00), and the two webinaires of
 * organisers outside the network that opened the parcours' journey in April 2018.
 */
export function addGatherings(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const participant = (c: DemoCatalyseur) => ({
    participantId: c.id,
    name: c.name,
    // The territory as people name it (« Métropole de Lyon »), not its slug.
    organisation: `Catalyseurs territoriaux – ${TERRITORIES.find((t) => t.id === c.territory)?.name ?? c.territory}`,
    sphere: c.sphere,
  });

  const rencontre = 'rencontre-reseau-2018';
  const send =
    (id: string) =>
    (command: GatheringCommand, date: string): void =>
      void script.add(gatheringDecider, gatheringStream(id), command, at(date), DEMO_OPERATOR);
  const r = send(rencontre);
  r(
    {
      type: 'ScheduleGathering',
      data: {
        gatheringId: rencontre,
        kind: 'rencontre_annuelle',
        theme: '4e rencontre du réseau des pionniers des alliances en territoires : « Ensemble innovons ! »',
        date: '2018-06-12',
        time: '09:30',
        place: 'Paris',
        capacity: 200,
        organisedBy: DEMO_OPERATOR,
        scheduledAt: at('2018-03-01'),
      },
    },
    '2018-03-01',
  );
  const registered = catalyseurs.filter((c, i) => i % 3 === 0 && c.joinedOn <= '2018-05-15'); // 117 catalyseurs, all joined by then
  for (const c of registered) r({ type: 'RegisterParticipant', data: { ...participant(c), registeredAt: at('2018-05-15') } }, '2018-05-15');
  r({ type: 'CancelRegistration', data: { participantId: registered[1]?.id ?? '', reason: 'empêchement', cancelledAt: at('2018-06-08') } }, '2018-06-08');
  r({ type: 'HoldGathering', data: { heldOn: '2018-06-12' } }, '2018-06-12');
  r({ type: 'RecordAttendance', data: { participantIds: registered.filter((_, i) => i !== 1 && i % 10 !== 9).map((c) => c.id) } }, '2018-06-12');

  const room = script.on(roomDecider, roomStream(rencontre));
  room(
    {
      type: 'OpenRoom',
      data: {
        roomId: rencontre,
        kind: 'gathering',
        subject: rencontre,
        title: 'Rencontre du réseau 2018',
        access: 'open',
        openedBy: DEMO_OPERATOR,
        openedAt: at('2018-03-01'),
      },
    },
    at('2018-03-01'),
    DEMO_OPERATOR,
  );
  for (const [decisionId, text] of [
    ['axe-modeles', 'Axe 1 : les modèles socio-économiques hybrides'],
    ['axe-digital', 'Axe 2 : l’impact de la digitalisation'],
    ['axe-competences', 'Axe 3 : les mutations des compétences'],
    ['axe-evaluation', 'Axe 4 : la diversité des modes d’évaluation'],
  ] as const) {
    room({ type: 'RecordDecision', data: { decisionId, text, recordedBy: DEMO_OPERATOR } }, at('2018-06-12', '17:00'), DEMO_OPERATOR);
  }

  WEBINAIRES.forEach((theme, m) => {
    const date = thirdThursdayOf(2018, m + 1);
    const id = `webinaire-${date.slice(0, 7)}`;
    const w = send(id);
    w(
      {
        type: 'ScheduleGathering',
        data: {
          gatheringId: id,
          kind: 'webinaire',
          theme,
          date,
          time: '12:00',
          endTime: '13:00',
          link: `https://webinaires.catalyse.example/${date.slice(0, 7)}`,
          organisedBy: DEMO_OPERATOR,
          scheduledAt: at(addDays(date, -28)),
        },
      },
      addDays(date, -28),
    );
    const registeredOn = addDays(date, -7);
    // About 30 each, among the catalyseurs who had joined by then.
    const audience = catalyseurs.filter((c, i) => (i + m) % 12 === 0 && c.joinedOn <= registeredOn);
    for (const c of audience) w({ type: 'RegisterParticipant', data: { ...participant(c), registeredAt: at(registeredOn) } }, registeredOn);
    w({ type: 'HoldGathering', data: { heldOn: date } }, date);
    w({ type: 'RecordAttendance', data: { participantIds: audience.filter((_, i) => i % 4 !== 3).map((c) => c.id) } }, date);
  });

  EXTERNAL_WEBINAIRES.forEach((webinaire, w) => {
    const e = send(webinaire.gatheringId);
    const scheduledOn = '2018-03-06';
    e({ type: 'ScheduleGathering', data: { ...webinaire, organisedBy: DEMO_OPERATOR, scheduledAt: at(scheduledOn) } }, scheduledOn);
    const registeredOn = addDays(webinaire.date, -7);
    // Catalyseurs who had joined by then, among the public of each.
    const audience = catalyseurs.filter((c, i) => (i + w) % 14 === 0 && c.joinedOn <= registeredOn);
    for (const c of audience) e({ type: 'RegisterParticipant', data: { ...participant(c), registeredAt: at(registeredOn) } }, registeredOn);
    e({ type: 'HoldGathering', data: { heldOn: webinaire.date } }, webinaire.date);
    e({ type: 'RecordAttendance', data: { participantIds: audience.filter((_, i) => i % 3 !== 2).map((c) => c.id) } }, webinaire.date);
  });
}
