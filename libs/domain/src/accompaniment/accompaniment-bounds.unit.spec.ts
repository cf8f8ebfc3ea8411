import { specFor } from '../testing';
import { accompanimentDecider } from './decider';
import { ACCOMPANIMENT_SESSIONS_MAX, MATURITY_RECORDS_MAX, type AccompanimentCommand, type AccompanimentEvent } from './types';

/*
 * How much an accompaniment holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the command beyond a
 * bound is refused (RULE_VIOLATED naming it, nothing decided).
 */

const { given } = specFor(accompanimentDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
/** The day `i` days after 2014-02-03. */
const dayAfter = (i: number): string => new Date(Date.UTC(2014, 1, 3 + i)).toISOString().slice(0, 10);
const opened: AccompanimentEvent = {
  type: 'AccompanimentOpened',
  data: { accompanimentId: 'csc-privas-2014', organisationId: 'csc-privas', catalyseurId: 'cat-ardeche', purpose: 'préparer', openedOn: '2014-02-03' },
};
const sessionData = { heldOn: '2014-02-17', topics: ['gouvernance'], summary: 'Premier tour des besoins.', recordedBy: 'cat-ardeche' };
const held: AccompanimentEvent = { type: 'AccompanimentSessionHeld', data: sessionData };
const assessed = (i: number): AccompanimentEvent => ({
  type: 'OrganisationMaturityRecorded',
  data: { maturity: 'decouverte', objectiveFamilies: ['innovation'], recordedOn: dayAfter(i) },
});
const recordMaturity = (recordedOn: string): AccompanimentCommand => ({
  type: 'RecordOrganisationMaturity',
  data: { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn },
});

describe('accompaniment decider: bounds on what an accompaniment holds', () => {
  it(`holds ${ACCOMPANIMENT_SESSIONS_MAX} sessions, not one more`, () => {
    const hold: AccompanimentCommand = { type: 'HoldAccompanimentSession', data: sessionData };
    given([opened, ...times(ACCOMPANIMENT_SESSIONS_MAX - 1, () => held)])
      .when(hold)
      .then([held]);
    given([opened, ...times(ACCOMPANIMENT_SESSIONS_MAX, () => held)])
      .when(hold)
      .thenThrows('RULE_VIOLATED', `an accompaniment cannot hold more sessions (at most ${ACCOMPANIMENT_SESSIONS_MAX})`);
  });

  it(`records the maturity on ${MATURITY_RECORDS_MAX} days, not one more; the same day still corrects it`, () => {
    const full = [opened, ...times(MATURITY_RECORDS_MAX, assessed)];
    given(full.slice(0, -1))
      .when(recordMaturity(dayAfter(MATURITY_RECORDS_MAX)))
      .then([
        { type: 'OrganisationMaturityRecorded', data: { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: dayAfter(MATURITY_RECORDS_MAX) } },
      ]);
    given(full)
      .when(recordMaturity(dayAfter(MATURITY_RECORDS_MAX)))
      .thenThrows('RULE_VIOLATED', `an accompaniment cannot record the maturity on more days (at most ${MATURITY_RECORDS_MAX})`);
    given(full)
      .when(recordMaturity(dayAfter(MATURITY_RECORDS_MAX - 1)))
      .then([
        {
          type: 'OrganisationMaturityRecorded',
          data: { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: dayAfter(MATURITY_RECORDS_MAX - 1) },
        },
      ]);
  });
});
