import { type ParcoursCommand, parcoursDecider, parcoursStream, PARCOURS_STEPS } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { at } from '../calendar';
import { DEMO_OPERATOR } from './network';
import { territory } from './places';

// prettier-ignore
/** The 12 pilot territories (the documents name the Pays de la Loire; the others are the demo's). */
const PILOTS = [
  'pays-de-la-loire', 'alsace', 'ardeche', 'centre-val-de-loire', 'pays-de-morlaix', 'clichy-montfermeil',
  'pays-basque', 'drome', 'grenoble-alpes', 'creuse', 'montpellier', 'lille-metropole',
];

/**
 * The parcours d'expérience « Co-construction territoriale »,
 * co-built with the CGET: 12 pilot territories try out a new method of
 * co-développement entre pairs for 9 months (April to December 2018), through
 * the four questions of the method.
 */
export function addParcours(script: Script): void {
  const id = 'co-construction-territoriale-2018';
  const send = (command: ParcoursCommand, date: string): void => void script.add(parcoursDecider, parcoursStream(id), command, at(date), DEMO_OPERATOR);
  send(
    {
      type: 'OpenParcours',
      data: {
        parcoursId: id,
        title: 'Parcours d’expérience « Co-construction territoriale »',
        startMonth: '2018-04',
        durationMonths: 9,
        openedOn: '2018-02-01',
      },
    },
    '2018-02-01',
  );
  for (const pilot of PILOTS)
    send({ type: 'EnrolPilotTerritory', data: { territoryId: pilot, name: territory(pilot).name, enrolledOn: '2018-03-01' } }, '2018-03-01');
  send({ type: 'StartParcours', data: { startedOn: '2018-04-03' } }, '2018-04-03');
  const sessions = [
    ['2018-04-03', 'Embarquement : les enjeux de la co-construction territoriale'],
    ['2018-05-24', 'Les solutions'],
    ['2018-07-05', 'La chaîne de valeur'],
    ['2018-09-27', 'Le modèle économique'],
    ['2018-11-22', 'Le dispositif et sa gouvernance'],
    ['2018-12-13', 'Carnet de bord et socle commun'],
  ] as const;
  sessions.forEach(([heldOn, theme], n) => {
    send(
      { type: 'HoldParcoursSession', data: { sessionNumber: n + 1, heldOn, theme, territoriesPresent: PILOTS.filter((_, k) => (k + n) % 6 !== 5) } },
      heldOn,
    );
    if (n === 0) return;
    // After each session, each pilot records where it stands: the step of the session, or still the previous one.
    PILOTS.forEach((pilot, k) => {
      const reached = Math.min(n - 1, PARCOURS_STEPS.length - 1) - (k % 4 === 3 && n > 1 ? 1 : 0);
      const step = PARCOURS_STEPS[Math.max(0, reached)] ?? 'solutions';
      send({ type: 'RecordPilotProgress', data: { territoryId: pilot, step, note: `${theme} : travaux entre pairs`, recordedOn: heldOn } }, heldOn);
    });
  });
  send(
    {
      type: 'CompleteParcours',
      data: {
        completedOn: '2018-12-20',
        summary: 'Un socle commun de méthodes de co-développement entre pairs, partagé dans un carnet de bord',
        outcomes: PILOTS.map((pilot) => ({ territoryId: pilot, outcome: 'méthode appropriée et feuille de route de co-construction' })),
      },
    },
    '2018-12-20',
  );
}
