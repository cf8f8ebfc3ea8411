import { specFor } from '../testing';
import { accompanimentDecider } from './decider';
import type { AccompanimentCommand, AccompanimentEvent, OpenAccompaniment } from './types';

const { given } = specFor(accompanimentDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// ─── A catalyseur of the Ardèche prepares the centre social of Privas ───────

const openingData: OpenAccompaniment['data'] = {
  accompanimentId: 'csc-privas-2014',
  organisationId: 'csc-privas',
  catalyseurId: 'cat-ardeche',
  purpose: 'préparer le centre social à un premier partenariat avec une entreprise du territoire',
  openedOn: '2014-02-03',
};

// Commands
const openIt = (data: Partial<Record<keyof OpenAccompaniment['data'], unknown>> = {}): AccompanimentCommand =>
  ({ type: 'OpenAccompaniment', data: { ...openingData, ...data } }) as AccompanimentCommand;
const session = (data: Record<string, unknown> = {}): AccompanimentCommand =>
  ({
    type: 'HoldAccompanimentSession',
    data: { heldOn: '2014-02-17', topics: ['gouvernance', 'mécénat de compétences'], summary: 'Premier tour des besoins.', recordedBy: 'cat-ardeche', ...data },
  }) as AccompanimentCommand;
const maturity = (data: Record<string, unknown> = {}): AccompanimentCommand =>
  ({
    type: 'RecordOrganisationMaturity',
    data: { maturity: 'decouverte', objectiveFamilies: ['parties_prenantes'], recordedOn: '2014-02-17', ...data },
  }) as AccompanimentCommand;
const closeIt = (data: Record<string, unknown> = {}): AccompanimentCommand =>
  ({
    type: 'CloseAccompaniment',
    data: { closedOn: '2014-04-01', outcome: 'ready', reason: 'deux pistes de partenariat identifiées', ...data },
  }) as AccompanimentCommand;

// Events
const opened: AccompanimentEvent = { type: 'AccompanimentOpened', data: openingData };
const held = (heldOn = '2014-02-17', summary = 'Premier tour des besoins.'): AccompanimentEvent => ({
  type: 'AccompanimentSessionHeld',
  data: { heldOn, topics: ['gouvernance', 'mécénat de compétences'], summary, recordedBy: 'cat-ardeche' },
});
const assessed = (recordedOn = '2014-02-17', level = 'decouverte'): AccompanimentEvent =>
  ({ type: 'OrganisationMaturityRecorded', data: { maturity: level, objectiveFamilies: ['parties_prenantes'], recordedOn } }) as AccompanimentEvent;
const closed: AccompanimentEvent = {
  type: 'AccompanimentClosed',
  data: {
    accompanimentId: 'csc-privas-2014',
    organisationId: 'csc-privas',
    catalyseurId: 'cat-ardeche',
    closedOn: '2014-04-01',
    outcome: 'ready',
    reason: 'deux pistes de partenariat identifiées',
  },
};

describe('accompaniment decider', () => {
  describe('OpenAccompaniment', () => {
    it('opens an accompaniment of an organisation by a catalyseur, with its purpose', () => {
      const state = given([]).when(openIt()).then([opened]);
      expect(state).toEqual({ status: 'open', ...openingData, sessions: [], maturityHistory: [] });
    });

    it('trims its texts', () => {
      given([])
        .when(openIt({ purpose: '  préparer  ', organisationId: ' csc-privas ' }))
        .then([{ type: 'AccompanimentOpened', data: { ...openingData, purpose: 'préparer' } }]);
    });

    it('refuses an accompaniment that already exists', () => {
      given([opened]).when(openIt()).thenThrows('CONFLICT', 'accompaniment already exists');
    });

    it.each([
      [{ accompanimentId: ' ' }, 'an accompaniment needs an id'],
      [{ organisationId: '' }, 'an accompaniment needs the organisation it accompanies'],
      [{ catalyseurId: undefined }, 'an accompaniment needs the catalyseur who accompanies'],
      [{ purpose: '   ' }, 'an accompaniment needs a purpose'],
      [{ openedOn: '2014-02-30' }, 'the opening date must be a real date written YYYY-MM-DD'],
    ])('refuses %p', (data, message) => {
      given([]).when(openIt(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('an accompaniment is not opened before its catalyseur joined the network (the edge gives the day)', () => {
    it('refuses an opening dated before the catalyseur joined (the tester’s 1900-01-01)', () => {
      given([])
        .when(openIt({ openedOn: '1900-01-01', catalyseurJoinedOn: '2012-06-01' }))
        .thenThrows(
          'RULE_VIOLATED',
          'the opening of the accompaniment (1900-01-01) cannot be earlier than the day catalyseur "cat-ardeche" joined the network (2012-06-01)',
        );
    });

    it('accepts an opening on the day the catalyseur joined or after, the organisation registered or not (ADR 0024)', () => {
      given([])
        .when(openIt({ catalyseurJoinedOn: '2014-02-03' }))
        .then([opened]);
      given([])
        .when(openIt({ catalyseurJoinedOn: '2012-06-01' }))
        .then([opened]);
    });

    it('refuses a joining day that is not a real date', () => {
      given([])
        .when(openIt({ catalyseurJoinedOn: '2012-02-30' }))
        .thenThrows('RULE_VIOLATED', 'the day the catalyseur joined the network must be a real date');
    });
  });

  describe('any command but OpenAccompaniment', () => {
    it.each([session(), maturity(), closeIt()].map((command) => [command.type, command] as const))(
      '%s is refused on an accompaniment never opened (NOT_FOUND) and after it was closed (RULE_VIOLATED)',
      (_type, command) => {
        given([]).when(command).thenThrows('NOT_FOUND', 'accompaniment not found');
        given([opened, closed]).when(command).thenThrows('RULE_VIOLATED', 'the accompaniment was closed on 2014-04-01: it accepts no command');
      },
    );
  });

  describe('HoldAccompanimentSession', () => {
    it('records sessions, in any order, and keeps the latest day', () => {
      const state = given([opened]).when(session()).then([held()]);
      expect(state).toMatchObject({ sessions: [held().data], lastSessionOn: '2014-02-17' });
      const later = given([opened, held('2014-03-10')])
        .when(session({ heldOn: '2014-02-24' }))
        .then([held('2014-02-24')]);
      expect(later).toMatchObject({ lastSessionOn: '2014-03-10' });
      expect(later.status !== 'none' && later.sessions.map((s) => s.heldOn)).toEqual(['2014-03-10', '2014-02-24']);
    });

    it('a session on the opening day is held; one before it is refused', () => {
      given([opened])
        .when(session({ heldOn: '2014-02-03' }))
        .then([held('2014-02-03')]);
      given([opened])
        .when(session({ heldOn: '2014-02-02' }))
        .thenThrows('RULE_VIOLATED', 'a session (2014-02-02) cannot be earlier than the opening of the accompaniment (2014-02-03)');
    });

    it.each([
      [{ topics: [] }, 'a session needs at least one topic'],
      [{ topics: ['gouvernance', ' '] }, 'a topic cannot be blank'],
      [{ topics: ['gouvernance', ' gouvernance '] }, 'topic "gouvernance" is given twice'],
      [{ topics: Array.from({ length: 13 }, (_, i) => `t${i}`) }, 'a session lists at most 12 topics'],
      [{ topics: ['x'.repeat(121)] }, 'a topic is at most 120 characters'],
      [{ summary: '' }, 'a session needs a summary'],
      [{ recordedBy: undefined }, 'a session needs who recorded it'],
      [{ heldOn: 'demain' }, 'the date of the session must be a real date'],
    ])('refuses %p', (data, message) => {
      given([opened]).when(session(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RecordOrganisationMaturity', () => {
    it('records the maturity and strategy as the accompaniment sees it; a later one replaces it, the history stays', () => {
      const first = given([opened]).when(maturity()).then([assessed()]);
      expect(first).toMatchObject({ maturity: assessed().data, maturityHistory: [assessed().data] });
      const next = given([opened, assessed()])
        .when(maturity({ maturity: 'engagee', recordedOn: '2014-03-20' }))
        .then([assessed('2014-03-20', 'engagee')]);
      expect(next).toMatchObject({ maturity: { maturity: 'engagee' }, maturityHistory: [assessed().data, assessed('2014-03-20', 'engagee').data] });
    });

    it('at most one a day: the same date corrects it; an earlier date, or one before the opening, is refused', () => {
      const corrected = given([opened, assessed()])
        .when(maturity({ maturity: 'engagee' }))
        .then([assessed('2014-02-17', 'engagee')]);
      expect(corrected).toMatchObject({ maturityHistory: [assessed('2014-02-17', 'engagee').data] });
      given([opened, assessed('2014-03-20')])
        .when(maturity())
        .thenThrows('RULE_VIOLATED', 'the maturity (2014-02-17) cannot be earlier than the current one (2014-03-20)');
      given([opened])
        .when(maturity({ recordedOn: '2014-01-31' }))
        .thenThrows('RULE_VIOLATED', 'cannot be earlier than the opening of the accompaniment');
    });

    it.each([
      [{ maturity: 'avancee' }, 'unknown alliance maturity "avancee"'],
      [{ objectiveFamilies: [] }, 'a maturity needs at least one objective family'],
      [{ objectiveFamilies: ['mecenat'] }, 'unknown objective family "mecenat"'],
      [{ objectiveFamilies: ['innovation', 'innovation'] }, 'objective family "innovation" is given twice'],
    ])('refuses %p', (data, message) => {
      given([opened]).when(maturity(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('CloseAccompaniment', () => {
    it('closes it with its outcome and reason; the event names the accompaniment, the organisation and the catalyseur', () => {
      const state = given([opened, held(), assessed()]).when(closeIt()).then([closed]);
      expect(state).toMatchObject({ status: 'closed', closedOn: '2014-04-01', outcome: 'ready', closingReason: 'deux pistes de partenariat identifiées' });
    });

    it('closes not-ready or abandoned, on the day of the last session', () => {
      for (const outcome of ['not-ready', 'abandoned']) {
        given([opened, held('2014-03-10')])
          .when(closeIt({ outcome, closedOn: '2014-03-10' }))
          .then([{ type: 'AccompanimentClosed', data: { ...closed.data, outcome, closedOn: '2014-03-10' } } as AccompanimentEvent]);
      }
    });

    it('refuses a closing before the last session, the last maturity or the opening', () => {
      given([opened, held('2014-03-10'), held('2014-02-24')])
        .when(closeIt({ closedOn: '2014-03-09' }))
        .thenThrows('RULE_VIOLATED', 'the closing (2014-03-09) cannot be earlier than the last session (2014-03-10)');
      given([opened, assessed('2014-03-20')])
        .when(closeIt({ closedOn: '2014-03-19' }))
        .thenThrows('RULE_VIOLATED', 'cannot be earlier than the last maturity recorded (2014-03-20)');
      given([opened])
        .when(closeIt({ closedOn: '2014-01-01' }))
        .thenThrows('RULE_VIOLATED', 'cannot be earlier than the opening of the accompaniment');
    });

    it.each([
      [{ outcome: 'done' }, 'unknown accompaniment outcome "done"'],
      [{ reason: ' ' }, 'closing an accompaniment needs a reason'],
    ])('refuses %p', (data, message) => {
      given([opened]).when(closeIt(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('no fact is dated after the day it is recorded (today, given by the edge)', () => {
    it('accepts each dated fact on today', () => {
      given([])
        .when(openIt({ today: '2014-02-03' }))
        .then([opened]);
      given([opened])
        .when(session({ today: '2014-02-17' }))
        .then([held()]);
      given([opened])
        .when(maturity({ today: '2014-02-17' }))
        .then([assessed()]);
      given([opened, held(), assessed()])
        .when(closeIt({ today: '2014-04-01' }))
        .then([closed]);
    });

    it('refuses each dated fact after today (the tester’s 2030 opening, 2031 session and maturity, 2032 closing, on 2026-12-04)', () => {
      given([])
        .when(openIt({ openedOn: '2030-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the opening of the accompaniment (2030-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given([opened])
        .when(session({ heldOn: '2031-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the session (2031-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given([opened])
        .when(maturity({ recordedOn: '2031-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the maturity (2031-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given([opened])
        .when(closeIt({ closedOn: '2032-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the closing (2032-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given([opened])
        .when(session({ heldOn: '2014-02-18', today: '2014-02-17' }))
        .thenThrows('RULE_VIOLATED', 'the session (2014-02-18) cannot be later than today, 2014-02-17: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself), nor store it', () => {
      given([])
        .when(openIt({ openedOn: '2030-01-01' }))
        .then([{ type: 'AccompanimentOpened', data: { ...openingData, openedOn: '2030-01-01' } }]);
      given([opened])
        .when(session({ heldOn: '2031-01-01' }))
        .then([held('2031-01-01')]);
      given([opened])
        .when(maturity({ recordedOn: '2031-01-01' }))
        .then([assessed('2031-01-01')]);
      given([opened])
        .when(closeIt({ closedOn: '2032-01-01' }))
        .then([{ type: 'AccompanimentClosed', data: { ...closed.data, closedOn: '2032-01-01' } } as AccompanimentEvent]);
    });

    it('refuses a day that is not a real date', () => {
      given([opened])
        .when(session({ today: '2014-02-30' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2014-02-30")');
    });
  });

  describe('evolve', () => {
    it('is total: malformed and unknown events, and events after the closing, leave the state as it was', () => {
      const { state } = given([opened, held()]);
      const odd = [
        { type: 'AccompanimentSessionHeld', data: { heldOn: '2014-03-01' } },
        { type: 'OrganisationMaturityRecorded', data: { maturity: 'engagee', objectiveFamilies: 'innovation', recordedOn: '2014-03-01' } },
        { type: 'AccompanimentSessionHeld', data: null },
        { type: 'AccompanimentMoved', data: {} },
        opened,
      ] as unknown as AccompanimentEvent[];
      for (const event of odd) expect(accompanimentDecider.evolve(state, event)).toBe(state);
      const after = given([opened, closed]).state;
      expect(accompanimentDecider.evolve(after, held('2014-05-01'))).toBe(after);
      expect(accompanimentDecider.evolve({ status: 'none' }, held())).toEqual({ status: 'none' });
    });
  });
});
