import { type GatheringCommand, gatheringDecider, gatheringStream, roomDecider, roomStream, thirdThursdayOf } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { addDays, at } from '../calendar';
import { type DemoCatalyseur, DEMO_OPERATOR } from './network';

/** Webinaire themes of 2018 (the "temps de partage en ligne" around the parcours). */
const WEBINAIRES = [
  'Le rôle des collectivités dans la co-construction territoriale',
  'L’entrepreneuriat de territoire',
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
 * The network's gatherings: the 4th rencontre of the "réseau des
 * pionniers des alliances en territoire" on 12 June 2018 ("Ensemble
 * innovons !", 4 axes), and the monthly webinaire on the third Thursday.
 */
export function addGatherings(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const participant = (c: DemoCatalyseur) => ({
    participantId: c.id,
    name: c.name,
    organisation: `Catalyseurs territoriaux – ${c.territory}`,
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
}
