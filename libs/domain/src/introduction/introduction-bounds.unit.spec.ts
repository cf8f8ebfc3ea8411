import { specFor } from '../testing';
import { introductionDecider } from './decider';
import { INTRODUCTION_ORGANISATIONS_MAX, INTRODUCTION_PARTNERSHIPS_MAX, type IntroductionCommand, type IntroductionEvent } from './types';

/*
 * How much an introduction holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the command beyond a
 * bound is refused (RULE_VIOLATED naming it, nothing decided).
 */

const { given } = specFor(introductionDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
const organisation = (i: number): { orgId: string; name: string; sphere: 'association' | 'entreprise' } => ({
  orgId: `org-${i}`,
  name: `Organisation ${i}`,
  sphere: i % 2 === 0 ? 'association' : 'entreprise',
});
const introductionData = {
  introductionId: 'alsace-enrobe',
  catalyseurId: 'jean-yves-montargeron',
  territoryId: 'alsace',
  organisations: times(2, organisation),
  purpose: 'recycler l’enrobé',
  introducedOn: '2013-11-21',
};
const introduce = (count: number): IntroductionCommand => ({
  type: 'IntroduceOrganisations',
  data: { ...introductionData, organisations: times(count, organisation) },
});
const met: IntroductionEvent[] = [
  { type: 'OrganisationsIntroduced', data: introductionData },
  { type: 'IntroducedOrganisationsMet', data: { metOn: '2013-12-05' } },
];
const ledTo = (i: number): IntroductionEvent => ({ type: 'IntroductionLedToPartnership', data: { partnershipId: `p-${i}`, proposedOn: '2014-02-10' } });
const recordPartnership: IntroductionCommand = { type: 'RecordIntroductionPartnership', data: { partnershipId: 'p-new', proposedOn: '2014-02-10' } };

describe('introduction decider: bounds on what an introduction holds', () => {
  it(`puts ${INTRODUCTION_ORGANISATIONS_MAX} organisations in touch, not more`, () => {
    given([])
      .when(introduce(INTRODUCTION_ORGANISATIONS_MAX))
      .then([{ type: 'OrganisationsIntroduced', data: { ...introductionData, organisations: times(INTRODUCTION_ORGANISATIONS_MAX, organisation) } }]);
    given([])
      .when(introduce(INTRODUCTION_ORGANISATIONS_MAX + 1))
      .thenThrows(
        'RULE_VIOLATED',
        `an introduction puts too many organisations in touch (at most ${INTRODUCTION_ORGANISATIONS_MAX}, got ${INTRODUCTION_ORGANISATIONS_MAX + 1})`,
      );
  });

  it(`records ${INTRODUCTION_PARTNERSHIPS_MAX} partnerships it led to, not one more`, () => {
    given([...met, ...times(INTRODUCTION_PARTNERSHIPS_MAX - 1, ledTo)])
      .when(recordPartnership)
      .then([{ type: 'IntroductionLedToPartnership', data: { partnershipId: 'p-new', proposedOn: '2014-02-10' } }]);
    given([...met, ...times(INTRODUCTION_PARTNERSHIPS_MAX, ledTo)])
      .when(recordPartnership)
      .thenThrows('RULE_VIOLATED', `an introduction cannot record more partnerships (at most ${INTRODUCTION_PARTNERSHIPS_MAX})`);
  });
});
