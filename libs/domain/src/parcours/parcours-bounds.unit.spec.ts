import { specFor } from '../testing';
import { parcoursDecider } from './decider';
import { PARCOURS_SESSIONS_MAX, PARCOURS_TERRITORIES_MAX, PILOT_PROGRESS_MAX, type ParcoursCommand, type ParcoursEvent } from './types';

/*
 * How much a parcours d'expérience holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the command
 * beyond a bound is refused (RULE_VIOLATED naming it, nothing decided).
 */

const { given } = specFor(parcoursDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
const opened: ParcoursEvent = {
  type: 'ParcoursOpened',
  data: {
    parcoursId: 'co-construction-2018',
    title: 'Co-construction territoriale',
    startMonth: '2018-04',
    durationMonths: 24,
    openedOn: '2018-02-15',
    endMonth: '2020-03',
  },
};
const enrolled = (territoryId: string): ParcoursEvent => ({
  type: 'PilotTerritoryEnrolled',
  data: { territoryId, name: territoryId, enrolledOn: '2018-03-01' },
});
const withdrawn = (territoryId: string): ParcoursEvent => ({
  type: 'PilotTerritoryWithdrawn',
  data: { territoryId, reason: 'retrait', withdrawnOn: '2018-03-02' },
});
const inProgress: ParcoursEvent[] = [
  opened,
  enrolled('alsace'),
  enrolled('ardeche'),
  { type: 'ParcoursStarted', data: { startedOn: '2018-04-03', territoryIds: ['alsace', 'ardeche'] } },
];
const session = (i: number): ParcoursEvent => ({
  type: 'ParcoursSessionHeld',
  data: { sessionNumber: i + 1, heldOn: '2018-04-05', theme: `Séance ${i + 1}`, territoriesPresent: ['alsace'] },
});
const progressed = (): ParcoursEvent => ({
  type: 'PilotProgressRecorded',
  data: { territoryId: 'alsace', step: 'solutions', note: 'cartographie', recordedOn: '2018-05-15' },
});

describe('parcours decider: bounds on what a parcours holds', () => {
  it(`enrols ${PARCOURS_TERRITORIES_MAX} pilot territories in all, withdrawn ones included, not one more`, () => {
    const gone = times(PARCOURS_TERRITORIES_MAX - 5, (i) => [enrolled(`t-${i}`), withdrawn(`t-${i}`)]).flat();
    const almost = [opened, ...gone, ...times(4, (i) => enrolled(`present-${i}`))];
    const enrol: ParcoursCommand = { type: 'EnrolPilotTerritory', data: { territoryId: 'alsace', name: 'Alsace', enrolledOn: '2018-03-01' } };
    given(almost)
      .when(enrol)
      .then([{ type: 'PilotTerritoryEnrolled', data: { territoryId: 'alsace', name: 'Alsace', enrolledOn: '2018-03-01' } }]);
    given([...almost, enrolled('present-4')])
      .when(enrol)
      .thenThrows('RULE_VIOLATED', `a parcours cannot enrol more pilot territories, withdrawn ones included (at most ${PARCOURS_TERRITORIES_MAX})`);
  });

  it(`holds ${PARCOURS_SESSIONS_MAX} sessions, not one more`, () => {
    const hold = (sessionNumber: number): ParcoursCommand => ({
      type: 'HoldParcoursSession',
      data: { sessionNumber, heldOn: '2018-04-05', theme: 'Séance', territoriesPresent: ['alsace'] },
    });
    given([...inProgress, ...times(PARCOURS_SESSIONS_MAX - 1, session)])
      .when(hold(PARCOURS_SESSIONS_MAX))
      .then([
        { type: 'ParcoursSessionHeld', data: { sessionNumber: PARCOURS_SESSIONS_MAX, heldOn: '2018-04-05', theme: 'Séance', territoriesPresent: ['alsace'] } },
      ]);
    given([...inProgress, ...times(PARCOURS_SESSIONS_MAX, session)])
      .when(hold(PARCOURS_SESSIONS_MAX + 1))
      .thenThrows('RULE_VIOLATED', `a parcours cannot hold more sessions (at most ${PARCOURS_SESSIONS_MAX})`);
  });

  it(`records ${PILOT_PROGRESS_MAX} progress records per pilot territory, not one more`, () => {
    const record: ParcoursCommand = {
      type: 'RecordPilotProgress',
      data: { territoryId: 'alsace', step: 'solutions', note: 'cartographie', recordedOn: '2018-05-15' },
    };
    given([...inProgress, ...times(PILOT_PROGRESS_MAX - 1, progressed)])
      .when(record)
      .then([progressed()]);
    given([...inProgress, ...times(PILOT_PROGRESS_MAX, progressed)])
      .when(record)
      .thenThrows('RULE_VIOLATED', `pilot territory "alsace" cannot record more progress (at most ${PILOT_PROGRESS_MAX})`);
  });
});
