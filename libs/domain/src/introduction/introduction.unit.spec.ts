import { fold } from '../kernel/decider';
import { specFor } from '../testing';
import { introductionDecider } from './decider';
import type { IntroduceOrganisations, IntroducedOrganisation, IntroductionCommand, IntroductionEvent, IntroductionState } from './types';

const { given } = specFor(introductionDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const made = (state: IntroductionState): Exclude<IntroductionState, { status: 'none' }> => {
  if (state.status === 'none') throw new Error('expected an introduction');
  return state;
};

// ─── Alsace: La Lyonnaise des Eaux and a chantier d'insertion ───────────────

const lyonnaise: IntroducedOrganisation = { orgId: 'lyonnaise-des-eaux', name: 'Lyonnaise des Eaux', sphere: 'entreprise' };
const chantier: IntroducedOrganisation = { orgId: 'chantier-robertsau', name: 'Chantier d’insertion de la Robertsau', sphere: 'association' };

const introductionData: IntroduceOrganisations['data'] = {
  introductionId: 'alsace-enrobe',
  catalyseurId: 'jean-yves-montargeron',
  territoryId: 'alsace',
  organisations: [lyonnaise, chantier],
  purpose: 'recycler l’enrobé des tranchées grâce au chantier d’insertion',
  introducedOn: '2013-11-21',
  gatheringId: 'speed-dating-alsace-2013',
};

// Commands
const introduce = (data: Partial<Record<keyof IntroduceOrganisations['data'], unknown>> = {}): IntroductionCommand =>
  ({ type: 'IntroduceOrganisations', data: { ...introductionData, ...data } }) as IntroductionCommand;
const recordMeeting = (data: Partial<Record<'metOn' | 'notes' | 'today', unknown>> = {}): IntroductionCommand =>
  ({ type: 'RecordIntroductionMeeting', data: { metOn: '2013-12-05', ...data } }) as IntroductionCommand;
const recordPartnership = (data: Partial<Record<'partnershipId' | 'proposedOn' | 'today', unknown>> = {}): IntroductionCommand =>
  ({ type: 'RecordIntroductionPartnership', data: { partnershipId: 'lyonnaise-chantier-enrobe', proposedOn: '2014-02-10', ...data } }) as IntroductionCommand;
const closeWithoutFollowUp = (data: Partial<Record<'reason' | 'closedOn' | 'today', unknown>> = {}): IntroductionCommand =>
  ({ type: 'CloseIntroductionWithoutFollowUp', data: { reason: 'pas de besoin partagé', closedOn: '2014-03-01', ...data } }) as IntroductionCommand;

// Events
const introduced: IntroductionEvent = { type: 'OrganisationsIntroduced', data: introductionData };
const met = (metOn = '2013-12-05'): IntroductionEvent => ({ type: 'IntroducedOrganisationsMet', data: { metOn } });
const ledTo = (partnershipId = 'lyonnaise-chantier-enrobe', proposedOn = '2014-02-10'): IntroductionEvent => ({
  type: 'IntroductionLedToPartnership',
  data: { partnershipId, proposedOn },
});
const closed = (closedOn = '2014-03-01'): IntroductionEvent => ({
  type: 'IntroductionClosedWithoutFollowUp',
  data: { reason: 'pas de besoin partagé', closedOn },
});

describe('introduction decider', () => {
  describe('IntroduceOrganisations', () => {
    it('introduces organisations of different spheres, made at a speed dating', () => {
      const state = given([]).when(introduce()).then([introduced]);
      expect(state).toEqual({
        status: 'introduced',
        introductionId: 'alsace-enrobe',
        catalyseurId: 'jean-yves-montargeron',
        territoryId: 'alsace',
        organisations: [lyonnaise, chantier],
        purpose: 'recycler l’enrobé des tranchées grâce au chantier d’insertion',
        introducedOn: '2013-11-21',
        gatheringId: 'speed-dating-alsace-2013',
        partnershipIds: [],
      });
    });

    it('trims the texts and leaves out a blank gathering', () => {
      const { gatheringId: _gatheringId, ...withoutGathering } = introductionData;
      given([])
        .when(
          introduce({
            catalyseurId: ' jean-yves-montargeron ',
            organisations: [
              { ...lyonnaise, name: ' Lyonnaise des Eaux ' },
              { ...chantier, orgId: ' chantier-robertsau' },
            ],
            purpose: ` ${introductionData.purpose} `,
            gatheringId: ' ',
          }),
        )
        .then([{ type: 'OrganisationsIntroduced', data: withoutGathering }]);
    });

    it('names the accompaniment it comes from, when given (a blank one left out); introductions of before have none', () => {
      const state = given([])
        .when(introduce({ accompanimentId: ' csc-privas-2014 ' }))
        .then([{ type: 'OrganisationsIntroduced', data: { ...introductionData, accompanimentId: 'csc-privas-2014' } }]);
      expect(state).toMatchObject({ accompanimentId: 'csc-privas-2014' });
      given([])
        .when(introduce({ accompanimentId: '' }))
        .then([introduced]);
      expect(given([introduced]).state).not.toHaveProperty('accompanimentId');
    });

    it('introduces three organisations, two of them of the same sphere (Le Havre)', () => {
      const organisations: IntroducedOrganisation[] = [
        { orgId: 'planet-adam-le-havre', name: 'PlaNet Adam Le Havre', sphere: 'association' },
        { orgId: 'emn', name: 'École de Management de Normandie', sphere: 'academique' },
        { orgId: 'cjd-estuaire', name: 'CJD Estuaire Le Havre', sphere: 'association' },
      ];
      given([])
        .when(
          introduce({
            introductionId: 'cordees-entrepreneuriat',
            territoryId: 'le-havre',
            organisations,
            purpose: 'des étudiants coachent les créateurs issus des ZUS',
          }),
        )
        .then([
          {
            type: 'OrganisationsIntroduced',
            data: {
              ...introductionData,
              introductionId: 'cordees-entrepreneuriat',
              territoryId: 'le-havre',
              organisations,
              purpose: 'des étudiants coachent les créateurs issus des ZUS',
            },
          },
        ]);
    });

    it('refuses an introduction that already exists, even closed', () => {
      given([introduced]).when(introduce()).thenThrows('CONFLICT', 'introduction already exists');
      given([introduced, closed()]).when(introduce()).thenThrows('CONFLICT', 'introduction already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(introduce({ introductionId: '' }))
        .thenThrows('RULE_VIOLATED', 'an introduction needs an id');
    });

    it('refuses a blank catalyseur', () => {
      given([])
        .when(introduce({ catalyseurId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an introduction needs the catalyseur who makes it');
    });

    it('refuses a blank territory', () => {
      given([])
        .when(introduce({ territoryId: undefined }))
        .thenThrows('RULE_VIOLATED', 'an introduction needs a territory');
    });

    it.each([[[lyonnaise]], [[]], [undefined], ['lyonnaise-des-eaux, chantier-robertsau']])('refuses fewer than two organisations (%p)', (organisations) => {
      given([]).when(introduce({ organisations })).thenThrows('RULE_VIOLATED', 'an introduction needs at least two organisations');
    });

    it('refuses an organisation that is not an object', () => {
      given([])
        .when(introduce({ organisations: [lyonnaise, 'chantier-robertsau'] }))
        .thenThrows('RULE_VIOLATED', 'each organisation needs an id, a name and a sphere');
    });

    it('refuses an organisation without an id', () => {
      given([])
        .when(introduce({ organisations: [lyonnaise, { ...chantier, orgId: '' }] }))
        .thenThrows('RULE_VIOLATED', 'each organisation needs an id');
    });

    it('refuses an organisation without a name', () => {
      given([])
        .when(introduce({ organisations: [lyonnaise, { ...chantier, name: undefined }] }))
        .thenThrows('RULE_VIOLATED', 'each organisation needs a name');
    });

    it('refuses an organisation of an unknown sphere', () => {
      given([])
        .when(introduce({ organisations: [lyonnaise, { ...chantier, sphere: 'eglise' }] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "eglise"');
    });

    it('refuses the same organisation twice', () => {
      given([])
        .when(introduce({ organisations: [lyonnaise, chantier, { ...lyonnaise, name: 'Suez' }] }))
        .thenThrows('RULE_VIOLATED', 'organisation "lyonnaise-des-eaux" is listed twice');
    });

    it('refuses organisations all of one sphere', () => {
      given([])
        .when(introduce({ organisations: [chantier, { orgId: 'emmaus-mundo', name: 'Emmaüs Mundo', sphere: 'association' }] }))
        .thenThrows('RULE_VIOLATED', 'an introduction brings together organisations of at least two different spheres');
    });

    it('refuses a blank purpose', () => {
      given([])
        .when(introduce({ purpose: '' }))
        .thenThrows('RULE_VIOLATED', 'an introduction needs a purpose');
    });

    it.each(['2013-11-31', '21/11/2013', '', undefined])('refuses the date %p', (introducedOn) => {
      given([]).when(introduce({ introducedOn })).thenThrows('RULE_VIOLATED', 'the date of the introduction must be a real date written YYYY-MM-DD');
    });
  });

  describe('any command but IntroduceOrganisations', () => {
    const commands: readonly IntroductionCommand[] = [recordMeeting(), recordPartnership(), closeWithoutFollowUp()];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on an introduction never made', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'introduction not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused once closed without follow-up', (_type, command) => {
      given([introduced, closed('2013-12-01')])
        .when(command)
        .thenThrows('RULE_VIOLATED', 'an introduction closed without follow-up accepts no outcome');
    });
  });

  describe('its dated facts are not after the day they are recorded (today, given by the edge; docs/adr/0014, amended)', () => {
    it('refuses an introduction dated after today (the tester’s 2030-01-01), accepts one dated today', () => {
      given([])
        .when(introduce({ introducedOn: '2030-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the introduction (2030-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given([])
        .when(introduce({ introducedOn: '2013-11-22', today: '2013-11-21' }))
        .thenThrows('RULE_VIOLATED', 'the introduction (2013-11-22) cannot be later than today, 2013-11-21: it has not happened yet');
      given([])
        .when(introduce({ today: '2013-11-21' }))
        .then([introduced]);
    });

    it('refuses a meeting dated after today (the tester’s 2030-01-02), accepts one dated today', () => {
      given([introduced])
        .when(recordMeeting({ metOn: '2030-01-02', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the meeting (2030-01-02) cannot be later than today, 2026-12-04: it has not happened yet');
      given([introduced])
        .when(recordMeeting({ today: '2013-12-05' }))
        .then([met()]);
    });

    it('refuses a partnership proposed after today, accepts one proposed today', () => {
      given([introduced, met()])
        .when(recordPartnership({ proposedOn: '2014-02-11', today: '2014-02-10' }))
        .thenThrows('RULE_VIOLATED', 'the proposal of the partnership (2014-02-11) cannot be later than today, 2014-02-10: it has not happened yet');
      given([introduced, met()])
        .when(recordPartnership({ today: '2014-02-10' }))
        .then([ledTo()]);
    });

    it('refuses a closing dated after today, accepts one dated today', () => {
      given([introduced])
        .when(closeWithoutFollowUp({ closedOn: '2014-03-02', today: '2014-03-01' }))
        .thenThrows('RULE_VIOLATED', 'the closing (2014-03-02) cannot be later than today, 2014-03-01: it has not happened yet');
      given([introduced])
        .when(closeWithoutFollowUp({ today: '2014-03-01' }))
        .then([closed()]);
    });

    it('without today (a script replaying history), any date is accepted', () => {
      given([])
        .when(introduce({ introducedOn: '2030-01-01' }))
        .then([{ type: 'OrganisationsIntroduced', data: { ...introductionData, introducedOn: '2030-01-01' } }]);
    });

    it('refuses a today that is not a real date', () => {
      given([])
        .when(introduce({ today: '2013-02-30' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2013-02-30")');
    });
  });

  describe('an introduction is not dated before what it depends on (the edge gives their dates)', () => {
    it('refuses an introduction dated before the gathering it names (the tester’s 1900-01-01 at the 2013 speed dating)', () => {
      given([])
        .when(introduce({ introducedOn: '1900-01-01', gatheringDate: '2013-11-21' }))
        .thenThrows('RULE_VIOLATED', 'the introduction (1900-01-01) cannot be earlier than gathering "speed-dating-alsace-2013" (2013-11-21)');
      given([])
        .when(introduce({ introducedOn: '2013-11-20', gatheringDate: '2013-11-21' }))
        .thenThrows('RULE_VIOLATED', 'cannot be earlier than gathering');
    });

    it('accepts an introduction on the day of the gathering or after it, and leaves the gathering’s date out of the event', () => {
      given([])
        .when(introduce({ gatheringDate: '2013-11-21' }))
        .then([introduced]);
      given([])
        .when(introduce({ introducedOn: '2013-12-02', gatheringDate: '2013-11-21' }))
        .then([{ type: 'OrganisationsIntroduced', data: { ...introductionData, introducedOn: '2013-12-02' } }]);
    });

    it('compares with no gathering’s date when it names no gathering', () => {
      const { gatheringId: _none, ...elsewhere } = introductionData;
      given([])
        .when(introduce({ gatheringId: undefined, introducedOn: '2012-05-03', gatheringDate: '2013-11-21' }))
        .then([{ type: 'OrganisationsIntroduced', data: { ...elsewhere, introducedOn: '2012-05-03' } }]);
    });

    it('refuses an introduction dated before its catalyseur joined the network', () => {
      given([])
        .when(introduce({ introducedOn: '1900-01-01', catalyseurJoinedOn: '2011-09-01' }))
        .thenThrows(
          'RULE_VIOLATED',
          'the introduction (1900-01-01) cannot be earlier than the day catalyseur "jean-yves-montargeron" joined the network (2011-09-01)',
        );
      given([])
        .when(introduce({ catalyseurJoinedOn: '2013-11-21' }))
        .then([introduced]);
    });

    it('refuses a gathering’s date or a joining day that is not a real date', () => {
      given([])
        .when(introduce({ gatheringDate: '2013-02-30' }))
        .thenThrows('RULE_VIOLATED', 'the date of the gathering must be a real date');
      given([])
        .when(introduce({ catalyseurJoinedOn: 'hier' }))
        .thenThrows('RULE_VIOLATED', 'the day the catalyseur joined the network must be a real date');
    });
  });

  describe('RecordIntroductionMeeting', () => {
    it('records that the organisations met', () => {
      const state = given([introduced]).when(recordMeeting()).then([met()]);
      expect(made(state)).toMatchObject({ status: 'met', metOn: '2013-12-05' });
    });

    it('records notes of the meeting, trimmed', () => {
      given([introduced])
        .when(recordMeeting({ notes: ' visite du chantier, machine de recyclage présentée ' }))
        .then([{ type: 'IntroducedOrganisationsMet', data: { metOn: '2013-12-05', notes: 'visite du chantier, machine de recyclage présentée' } }]);
    });

    it('accepts a meeting on the day of the introduction (at the speed dating itself)', () => {
      given([introduced])
        .when(recordMeeting({ metOn: '2013-11-21', notes: '' }))
        .then([met('2013-11-21')]);
    });

    it('refuses a meeting before the introduction', () => {
      given([introduced])
        .when(recordMeeting({ metOn: '2013-11-20' }))
        .thenThrows('RULE_VIOLATED', 'a meeting cannot come before the introduction of 2013-11-21');
    });

    it.each(['2013-02-30', '5 décembre', undefined])('refuses the date %p', (metOn) => {
      given([introduced]).when(recordMeeting({ metOn })).thenThrows('RULE_VIOLATED', 'the date of the meeting must be a real date written YYYY-MM-DD');
    });

    it('refuses a second meeting, also after a partnership', () => {
      given([introduced, met()])
        .when(recordMeeting({ metOn: '2014-01-15' }))
        .thenThrows('RULE_VIOLATED', 'the organisations already met on 2013-12-05');
      given([introduced, met(), ledTo()])
        .when(recordMeeting({ metOn: '2014-01-15' }))
        .thenThrows('RULE_VIOLATED', 'the organisations already met on 2013-12-05');
    });
  });

  describe('RecordIntroductionPartnership', () => {
    it('links the partnership proposed after the meeting', () => {
      const state = given([introduced, met()])
        .when(recordPartnership({ partnershipId: ' lyonnaise-chantier-enrobe ' }))
        .then([ledTo()]);
      expect(made(state)).toMatchObject({ status: 'partnership_proposed', partnershipIds: ['lyonnaise-chantier-enrobe'] });
    });

    it('accepts a proposal on the day of the meeting', () => {
      given([introduced, met()])
        .when(recordPartnership({ proposedOn: '2013-12-05' }))
        .then([ledTo('lyonnaise-chantier-enrobe', '2013-12-05')]);
    });

    it('links a second partnership born of the same introduction', () => {
      const state = given([introduced, met(), ledTo()])
        .when(recordPartnership({ partnershipId: 'lyonnaise-chantier-espaces-verts', proposedOn: '2014-09-01' }))
        .then([ledTo('lyonnaise-chantier-espaces-verts', '2014-09-01')]);
      expect(made(state).partnershipIds).toEqual(['lyonnaise-chantier-enrobe', 'lyonnaise-chantier-espaces-verts']);
    });

    it('refuses a partnership before any meeting', () => {
      given([introduced]).when(recordPartnership()).thenThrows('RULE_VIOLATED', 'a partnership can only follow a meeting: record the meeting first');
    });

    it('refuses a partnership already linked', () => {
      given([introduced, met(), ledTo()])
        .when(recordPartnership())
        .thenThrows('CONFLICT', 'partnership "lyonnaise-chantier-enrobe" is already recorded for this introduction');
    });

    it('refuses a blank partnership id', () => {
      given([introduced, met()])
        .when(recordPartnership({ partnershipId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a partnership id is needed');
    });

    it.each(['2014-02-30', '', undefined])('refuses the date %p', (proposedOn) => {
      given([introduced, met()])
        .when(recordPartnership({ proposedOn }))
        .thenThrows('RULE_VIOLATED', 'the date of the proposal must be a real date written YYYY-MM-DD');
    });

    it('refuses a proposal before the meeting', () => {
      given([introduced, met()])
        .when(recordPartnership({ proposedOn: '2013-12-04' }))
        .thenThrows('RULE_VIOLATED', 'a partnership cannot be proposed before the meeting of 2013-12-05');
    });
  });

  describe('CloseIntroductionWithoutFollowUp', () => {
    it('closes an introduction the organisations did not follow up', () => {
      const state = given([introduced])
        .when(closeWithoutFollowUp({ reason: ' pas de besoin partagé ' }))
        .then([closed()]);
      expect(state.status).toBe('no_follow_up');
    });

    it('closes after a meeting that led nowhere', () => {
      const state = given([introduced, met()]).when(closeWithoutFollowUp()).then([closed()]);
      expect(made(state)).toMatchObject({ status: 'no_follow_up', metOn: '2013-12-05' });
    });

    it('refuses once a partnership was proposed: its fate is the partnership’s', () => {
      given([introduced, met(), ledTo()])
        .when(closeWithoutFollowUp())
        .thenThrows('RULE_VIOLATED', 'an introduction that led to a partnership cannot be closed without follow-up');
    });

    it('refuses a blank reason', () => {
      given([introduced])
        .when(closeWithoutFollowUp({ reason: '' }))
        .thenThrows('RULE_VIOLATED', 'closing an introduction without follow-up needs a reason');
    });

    it.each(['2014-13-01', undefined])('refuses the date %p', (closedOn) => {
      given([introduced]).when(closeWithoutFollowUp({ closedOn })).thenThrows('RULE_VIOLATED', 'the closing date must be a real date written YYYY-MM-DD');
    });

    it('refuses a date before the introduction, or before the meeting', () => {
      given([introduced])
        .when(closeWithoutFollowUp({ closedOn: '2013-11-20' }))
        .thenThrows('RULE_VIOLATED', 'an introduction cannot be closed before the introduction of 2013-11-21');
      given([introduced, met()])
        .when(closeWithoutFollowUp({ closedOn: '2013-12-01' }))
        .thenThrows('RULE_VIOLATED', 'an introduction cannot be closed before the meeting of 2013-12-05');
    });
  });

  describe('evolve', () => {
    // Silver Geek: Unis-Cité and La Poste brought together in the Vienne, with a fondation; the partnership follows.
    const silverGeek: IntroductionEvent[] = [
      {
        type: 'OrganisationsIntroduced',
        data: {
          introductionId: 'silver-geek-vienne',
          catalyseurId: 'amelie-martin',
          territoryId: 'nouvelle-aquitaine',
          organisations: [
            { orgId: 'unis-cite', name: 'Unis-Cité', sphere: 'association' },
            { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
            { orgId: 'fondation-macif', name: 'Fondation Macif', sphere: 'fondation' },
          ],
          purpose: 'des jeunes en service civique animent des ateliers numériques auprès des seniors',
          introducedOn: '2014-03-12',
        },
      },
      { type: 'IntroducedOrganisationsMet', data: { metOn: '2014-04-02', notes: 'atelier de co-construction avec les EHPAD' } },
      { type: 'IntroductionLedToPartnership', data: { partnershipId: 'silver-geek', proposedOn: '2014-09-15' } },
    ];

    it('folds a whole funnel: introduced → met → partnership proposed', () => {
      given(silverGeek).thenState({
        status: 'partnership_proposed',
        introductionId: 'silver-geek-vienne',
        catalyseurId: 'amelie-martin',
        territoryId: 'nouvelle-aquitaine',
        organisations: [
          { orgId: 'unis-cite', name: 'Unis-Cité', sphere: 'association' },
          { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
          { orgId: 'fondation-macif', name: 'Fondation Macif', sphere: 'fondation' },
        ],
        purpose: 'des jeunes en service civique animent des ateliers numériques auprès des seniors',
        introducedOn: '2014-03-12',
        metOn: '2014-04-02',
        partnershipIds: ['silver-geek'],
      });
    });

    it('follows the statuses step by step', () => {
      const statuses = silverGeek.map((_, index) => fold(introductionDecider, silverGeek.slice(0, index + 1)).status);
      expect(statuses).toEqual(['introduced', 'met', 'partnership_proposed']);
      expect(fold(introductionDecider, [introduced, met(), closed()]).status).toBe('no_follow_up');
    });

    it('is total: events before the introduction leave it unmade', () => {
      expect(fold(introductionDecider, [met(), ledTo(), closed()])).toEqual({ status: 'none' });
    });

    it('is total: a second introduction, events out of order, unknown or malformed events change nothing', () => {
      const introducedOnly = fold(introductionDecider, [introduced]);
      for (const event of [ledTo(), { ...introduced, data: { ...introductionData, purpose: 'autre' } }]) {
        expect(introductionDecider.evolve(introducedOnly, event)).toBe(introducedOnly);
      }
      const withPartnership = fold(introductionDecider, [introduced, met(), ledTo()]);
      for (const event of [met('2014-01-15'), ledTo(), closed()]) expect(introductionDecider.evolve(withPartnership, event)).toBe(withPartnership);
      const gone = fold(introductionDecider, [introduced, closed('2013-12-01')]);
      for (const event of [met(), closed()]) expect(introductionDecider.evolve(gone, event)).toBe(gone);
      const oddities = [
        { type: 'IntroductionRenamed', data: {} },
        { type: 'IntroductionLedToPartnership', data: { partnershipId: 7 } },
        { type: 'IntroducedOrganisationsMet', data: null },
        { type: 'IntroducedOrganisationsMet' },
        [],
      ] as unknown as IntroductionEvent[];
      const afterMeeting = fold(introductionDecider, [introduced, met()]);
      for (const event of oddities) expect(introductionDecider.evolve(afterMeeting, event)).toBe(afterMeeting);
    });
  });
});
