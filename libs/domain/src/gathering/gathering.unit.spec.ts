import { fold } from '../kernel/decider';
import type { Sphere } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { gatheringDecider } from './decider';
import type {
  CancelRegistration,
  GatheringCommand,
  GatheringEvent,
  GatheringKind,
  GatheringState,
  Participant,
  RescheduleGathering,
  ScheduleGathering,
  SpeedDatingPair,
} from './types';

const { given } = specFor(gatheringDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const scheduled = (state: GatheringState): Extract<GatheringState, { status: 'scheduled' | 'held' | 'cancelled' }> => {
  if (state.status === 'none') throw new Error('expected a scheduled gathering');
  return state;
};

// ─── The atelier of the LH Forum, Le Havre, 26 September 2014 ───────────────

const atelierData: ScheduleGathering['data'] = {
  gatheringId: 'lh-forum-2014',
  kind: 'atelier',
  theme: 'Enjeux et pratiques de co-construction en territoire',
  date: '2014-09-26',
  time: '14:00',
  place: 'LH Forum, Le Havre',
  capacity: 15,
  territoryId: 'le-havre',
  organisedBy: 'le-rameau',
  scheduledAt: '2014-07-01T10:00:00+02:00',
};

const redha: Participant = { participantId: 'redha-boudjema', name: 'Redha Boudjema', organisation: 'PlaNet Adam Le Havre', sphere: 'association' };
const fazette: Participant = { participantId: 'fazette-bordage', name: 'Fazette Bordage', organisation: 'Ville du Havre', sphere: 'collectivite' };
const beatrice: Participant = {
  participantId: 'beatrice-de-durfort',
  name: 'Béatrice de Durfort',
  organisation: 'Centre Français des Fondations',
  sphere: 'fondation',
};
const corinne: Participant = { participantId: 'corinne-chartier', name: 'Corinne Chartier', organisation: 'InTERREface', sphere: 'entreprise' };

// ─── The monthly webinaire, the third Thursday of January 2019 ──────────────

const webinaireData: ScheduleGathering['data'] = {
  gatheringId: 'webinaire-2019-01',
  kind: 'webinaire',
  theme: 'Connaître son écosystème : l’outil de diagnostic territorial',
  date: '2019-01-17',
  time: '12:00',
  link: 'https://webinaires.example.org/innovation-territoriale/2019-01',
  organisedBy: 'le-rameau',
  scheduledAt: '2018-12-24T09:00:00+01:00',
};

// ─── A speed dating of the Labo régional des partenariats en Alsace ─────────

const speedDatingData: ScheduleGathering['data'] = {
  gatheringId: 'speed-dating-alsace-2013',
  kind: 'speed_dating',
  theme: 'Speed dating associations – entreprises',
  date: '2013-11-21',
  time: '18:00',
  place: 'Alsace Active, Strasbourg',
  capacity: 4,
  territoryId: 'alsace',
  organisedBy: 'alsace-active',
  scheduledAt: '2013-10-01T09:00:00+02:00',
};

const lyonnaise: Participant = { participantId: 'claire-muller', name: 'Claire Muller', organisation: 'Lyonnaise des Eaux', sphere: 'entreprise' };
const chantier: Participant = {
  participantId: 'marc-schmitt',
  name: 'Marc Schmitt',
  organisation: 'Chantier d’insertion de la Robertsau',
  sphere: 'association',
};
const banque: Participant = { participantId: 'sophie-koenig', name: 'Sophie Koenig', organisation: 'Banque Populaire d’Alsace', sphere: 'entreprise' };
const epicerie: Participant = { participantId: 'paul-weiss', name: 'Paul Weiss', organisation: 'Épicerie solidaire de Hautepierre', sphere: 'association' };

// Commands
const scheduleWith = (base: ScheduleGathering['data'], data: Partial<Record<keyof ScheduleGathering['data'], unknown>> = {}): GatheringCommand =>
  ({ type: 'ScheduleGathering', data: { ...base, ...data } }) as GatheringCommand;
const scheduleAtelier = (data: Partial<Record<keyof ScheduleGathering['data'], unknown>> = {}): GatheringCommand => scheduleWith(atelierData, data);
const register = (participant: Participant, data: Partial<Record<keyof Participant | 'registeredAt', unknown>> = {}): GatheringCommand =>
  ({ type: 'RegisterParticipant', data: { ...participant, registeredAt: '2014-09-01T10:00:00+02:00', ...data } }) as GatheringCommand;
const cancelRegistration = (data: Partial<CancelRegistration['data']> = {}): GatheringCommand => ({
  type: 'CancelRegistration',
  data: { participantId: 'corinne-chartier', reason: 'empêchée', cancelledAt: '2014-09-20T08:00:00+02:00', ...data },
});
const reschedule = (data: Partial<RescheduleGathering['data']> = {}): GatheringCommand => ({
  type: 'RescheduleGathering',
  data: { date: '2014-10-03', reason: 'salle indisponible', rescheduledAt: '2014-09-10T09:00:00+02:00', ...data },
});
const hold = (heldOn: unknown = '2014-09-26'): GatheringCommand => ({ type: 'HoldGathering', data: { heldOn } }) as GatheringCommand;
const recordAttendance = (participantIds: unknown): GatheringCommand => ({ type: 'RecordAttendance', data: { participantIds } }) as GatheringCommand;
const recordPairs = (pairs: unknown): GatheringCommand => ({ type: 'RecordSpeedDatingPairs', data: { pairs } }) as GatheringCommand;
const cancel = (data: Partial<Record<'reason' | 'cancelledAt', unknown>> = {}): GatheringCommand =>
  ({ type: 'CancelGathering', data: { reason: 'trop peu d’inscrits', cancelledAt: '2014-09-15T09:00:00+02:00', ...data } }) as GatheringCommand;

// Events
const atelierScheduled: GatheringEvent = { type: 'GatheringScheduled', data: atelierData };
const webinaireScheduled: GatheringEvent = { type: 'GatheringScheduled', data: webinaireData };
const speedDatingScheduled: GatheringEvent = { type: 'GatheringScheduled', data: speedDatingData };
const registered = (participant: Participant, registeredAt = '2014-09-01T10:00:00+02:00'): GatheringEvent => ({
  type: 'ParticipantRegistered',
  data: { ...participant, registeredAt },
});
const registrationCancelled = (participantId: string): GatheringEvent => ({
  type: 'RegistrationCancelled',
  data: { participantId, reason: 'empêchée', cancelledAt: '2014-09-20T08:00:00+02:00' },
});
const held = (heldOn = '2014-09-26'): GatheringEvent => ({ type: 'GatheringHeld', data: { heldOn } });
const attended = (...participantIds: string[]): GatheringEvent => ({ type: 'AttendanceRecorded', data: { participantIds } });
const pairsRecorded = (...pairs: SpeedDatingPair[]): GatheringEvent => ({ type: 'SpeedDatingPairsRecorded', data: { pairs } });
const cancelled: GatheringEvent = { type: 'GatheringCancelled', data: { reason: 'trop peu d’inscrits', cancelledAt: '2014-09-15T09:00:00+02:00' } };

// Histories
const atelierOpen = [atelierScheduled, registered(redha), registered(fazette), registered(corinne)];
const atelierHeld = [...atelierOpen, held()];
const speedDatingOpen = [speedDatingScheduled, registered(lyonnaise), registered(chantier), registered(banque), registered(epicerie)];
const speedDatingHeld = [...speedDatingOpen, held('2013-11-21')];
const speedDatingAttended = [...speedDatingHeld, attended('claire-muller', 'marc-schmitt', 'sophie-koenig')];

const INVALID_DATES = ['2015-02-29', '2014-13-01', '2014-04-31', '26/09/2014', '2014-9-26', '', '2014-09-26T14:00:00Z', undefined];

describe('gathering decider', () => {
  describe('ScheduleGathering', () => {
    it('schedules an atelier at a place, with a time, a capacity and a territory', () => {
      const state = given([]).when(scheduleAtelier()).then([atelierScheduled]);
      expect(state).toEqual({
        status: 'scheduled',
        gatheringId: 'lh-forum-2014',
        kind: 'atelier',
        theme: 'Enjeux et pratiques de co-construction en territoire',
        date: '2014-09-26',
        time: '14:00',
        place: 'LH Forum, Le Havre',
        capacity: 15,
        territoryId: 'le-havre',
        organisedBy: 'le-rameau',
        scheduledAt: '2014-07-01T10:00:00+02:00',
        registrations: {},
        pairs: [],
        rescheduled: 0,
      });
    });

    it('takes the day the edge gives in the network’s zone as the floor of the dates given (the UTC instant’s day may be the next one)', () => {
      // 05:00 UTC on 27 September is the evening of the 26th west of UTC: a gathering of the 26th, held that day.
      const evening = { ...atelierData, scheduledAt: '2014-09-27T05:00:00.000Z', scheduledOn: '2014-09-26' };
      const state = given([])
        .when(scheduleWith(evening))
        .then([{ type: 'GatheringScheduled', data: evening }]);
      expect(state).toMatchObject({ scheduledOn: '2014-09-26' });
      given([{ type: 'GatheringScheduled', data: evening }])
        .when({ type: 'HoldGathering', data: { heldOn: '2014-09-26', today: '2014-09-26' } })
        .then([{ type: 'GatheringHeld', data: { heldOn: '2014-09-26' } }]);
      // Without it, the instant's own day: the 27th.
      const { scheduledOn: _day, ...utc } = evening;
      given([])
        .when(scheduleWith(utc))
        .thenThrows('RULE_VIOLATED', 'the date of the gathering (2014-09-26) cannot be earlier than its scheduling (2014-09-27)');
    });

    it('schedules the monthly webinaire on the third Thursday of its month, online', () => {
      given([]).when(scheduleWith(webinaireData)).then([webinaireScheduled]);
    });

    it('schedules a rencontre annuelle with only what it needs; blank optional fields are left out', () => {
      given([])
        .when(
          scheduleWith(atelierData, {
            gatheringId: 'rencontre-pionniers-2018',
            kind: 'rencontre_annuelle',
            theme: ' Ensemble innovons ! ',
            date: '2018-06-12',
            time: ' ',
            place: ' Paris ',
            link: '',
            capacity: undefined,
            territoryId: '  ',
          }),
        )
        .then([
          {
            type: 'GatheringScheduled',
            data: {
              gatheringId: 'rencontre-pionniers-2018',
              kind: 'rencontre_annuelle',
              theme: 'Ensemble innovons !',
              date: '2018-06-12',
              place: 'Paris',
              organisedBy: 'le-rameau',
              scheduledAt: '2014-07-01T10:00:00+02:00',
            },
          },
        ]);
    });

    it('schedules a conférence at a place (the Labo’s « belles histoires » of 2014), held and its attendance recorded as any gathering', () => {
      const conference: ScheduleGathering['data'] = {
        ...atelierData,
        gatheringId: 'labo-alsace-evenement-2014-01',
        kind: 'conference',
        theme: 'Conférence « belles histoires » de partenariats associations – entreprises',
        place: 'Strasbourg, CCI Alsace Eurométropole',
      };
      const state = given([])
        .when(scheduleWith(conference))
        .then([{ type: 'GatheringScheduled', data: conference }]);
      expect(state).toMatchObject({ status: 'scheduled', kind: 'conference', place: 'Strasbourg, CCI Alsace Eurométropole' });
      const history: GatheringEvent[] = [{ type: 'GatheringScheduled', data: conference }, registered(redha), registered(corinne), held()];
      given(history)
        .when(recordAttendance(['redha-boudjema']))
        .then([attended('redha-boudjema')]);
      // Its participants come from any sphere (a speed dating's only from associations and entreprises), and it records no pairs.
      given(history.slice(0, 1))
        .when(register(fazette))
        .then([registered(fazette)]);
      given(history)
        .when(recordPairs([{ associationId: 'redha-boudjema', entrepriseId: 'corinne-chartier' }]))
        .thenThrows('RULE_VIOLATED', 'only a speed dating records pairs');
    });

    it('schedules a speed dating on site or online', () => {
      given([]).when(scheduleWith(speedDatingData)).then([speedDatingScheduled]);
      const { place: _place, ...online } = speedDatingData;
      given([])
        .when(scheduleWith(online, { link: 'https://visio.example.org/speed-dating' }))
        .then([{ type: 'GatheringScheduled', data: { ...online, link: 'https://visio.example.org/speed-dating' } }]);
    });

    it('refuses a gathering that already exists, even cancelled', () => {
      given([atelierScheduled]).when(scheduleAtelier()).thenThrows('CONFLICT', 'gathering already exists');
      given([atelierScheduled, cancelled]).when(scheduleAtelier()).thenThrows('CONFLICT', 'gathering already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(scheduleAtelier({ gatheringId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a gathering needs an id');
    });

    it('refuses an unknown kind', () => {
      given([])
        .when(scheduleAtelier({ kind: 'colloque' as GatheringKind }))
        .thenThrows('RULE_VIOLATED', 'unknown gathering kind "colloque"');
    });

    it('refuses a blank theme', () => {
      given([])
        .when(scheduleAtelier({ theme: '' }))
        .thenThrows('RULE_VIOLATED', 'a gathering needs a theme');
    });

    it.each(INVALID_DATES)('refuses the date %p', (date) => {
      given([]).when(scheduleAtelier({ date })).thenThrows('RULE_VIOLATED', `the date of the gathering must be a real date written YYYY-MM-DD`);
    });

    it('refuses a webinaire off the third Thursday (the CNFPT webinaire of Tuesday 3 April 2018), naming the right date', () => {
      given([])
        .when(scheduleWith(webinaireData, { date: '2018-04-03' }))
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2018-04-19, not 2018-04-03');
    });

    it('refuses a webinaire on the second or fourth Thursday', () => {
      given([])
        .when(scheduleWith(webinaireData, { date: '2019-01-10' }))
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2019-01-17, not 2019-01-10');
      given([])
        .when(scheduleWith(webinaireData, { date: '2019-01-24' }))
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2019-01-17, not 2019-01-24');
    });

    it('accepts any weekday for the other kinds (the atelier was on a Friday)', () => {
      given([])
        .when(scheduleAtelier({ date: '2014-09-27' }))
        .then([{ type: 'GatheringScheduled', data: { ...atelierData, date: '2014-09-27' } }]);
    });

    it.each([
      ['24:00', '"24:00"'],
      ['14h00', '"14h00"'],
      ['9:30', '"9:30"'],
      [1400, '1400'],
    ])('refuses the time %p', (time, shown) => {
      given([]).when(scheduleAtelier({ time })).thenThrows('RULE_VIOLATED', `the time must be written HH:MM, from 00:00 to 23:59 (got ${shown})`);
    });

    it('trims the time', () => {
      given([])
        .when(scheduleAtelier({ time: ' 14:00 ' }))
        .then([atelierScheduled]);
    });

    it('refuses both a place and a link', () => {
      given([])
        .when(scheduleWith(speedDatingData, { link: 'https://visio.example.org/speed-dating' }))
        .thenThrows('RULE_VIOLATED', 'a gathering takes place either at a place or online through a link, not both');
    });

    it('refuses a webinaire without a link', () => {
      given([])
        .when(scheduleWith(webinaireData, { link: undefined, place: 'Paris' }))
        .thenThrows('RULE_VIOLATED', 'a webinaire takes place online: it needs a link');
    });

    it.each([
      ['rencontre_annuelle', 'a rencontre annuelle takes place on site: it needs a place'],
      ['atelier', 'an atelier takes place on site: it needs a place'],
      ['conference', 'a conference takes place on site: it needs a place'],
    ])('refuses a %s without a place', (kind, message) => {
      given([])
        .when(scheduleAtelier({ kind, place: undefined, link: 'https://visio.example.org/atelier' }))
        .thenThrows('RULE_VIOLATED', message);
    });

    it('refuses a speed dating with neither place nor link', () => {
      given([])
        .when(scheduleWith(speedDatingData, { place: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a speed dating needs a place or a link');
    });

    it.each(['www.example.org/webinaire', 'ftp://example.org/webinaire', 'https://', 'https://example.org/un webinaire'])('refuses the link %p', (link) => {
      given([])
        .when(scheduleWith(webinaireData, { link }))
        .thenThrows('RULE_VIOLATED', `a link is a web address starting with https:// or http:// (got "${link}")`);
    });

    it.each([0, -1, 2.5, '15', Number.POSITIVE_INFINITY, null])('refuses the capacity %p', (capacity) => {
      given([]).when(scheduleAtelier({ capacity })).thenThrows('RULE_VIOLATED', 'a capacity is a whole number of at least 1');
    });

    it('refuses a blank organiser', () => {
      given([])
        .when(scheduleAtelier({ organisedBy: '' }))
        .thenThrows('RULE_VIOLATED', 'a gathering needs an organiser');
    });

    it('refuses a schedule without its time', () => {
      given([])
        .when(scheduleAtelier({ scheduledAt: undefined }))
        .thenThrows('RULE_VIOLATED', 'the time of scheduling is needed');
    });

    it.each(['juillet 2014', '2014-06-31', '2014-07-01T10:00:00'])('refuses the time of scheduling %p', (scheduledAt) => {
      given([])
        .when(scheduleAtelier({ scheduledAt }))
        .thenThrows('RULE_VIOLATED', `the time of scheduling must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got "${scheduledAt}")`);
    });

    it('refuses a gathering dated before the day it is scheduled', () => {
      given([])
        .when(scheduleAtelier({ scheduledAt: '2014-09-27T08:00:00+02:00' }))
        .thenThrows('RULE_VIOLATED', 'the date of the gathering (2014-09-26) cannot be earlier than its scheduling (2014-09-27)');
    });

    it('schedules a gathering on the day it takes place', () => {
      given([])
        .when(scheduleAtelier({ scheduledAt: '2014-09-26T08:00:00+02:00' }))
        .then([{ type: 'GatheringScheduled', data: { ...atelierData, scheduledAt: '2014-09-26T08:00:00+02:00' } }]);
    });

    it('schedules a gathering recorded afterwards with the date it was scheduled', () => {
      given([])
        .when(scheduleAtelier({ scheduledAt: '2014-07-01' }))
        .then([{ type: 'GatheringScheduled', data: { ...atelierData, scheduledAt: '2014-07-01' } }]);
    });

    it('reads the day of scheduling as written, with no time zone', () => {
      // 01:00 at UTC+02:00 is still the 25th in UTC: the day written, the 26th, is the one compared.
      given([])
        .when(scheduleAtelier({ scheduledAt: '2014-09-26T01:00:00+02:00' }))
        .then([{ type: 'GatheringScheduled', data: { ...atelierData, scheduledAt: '2014-09-26T01:00:00+02:00' } }]);
      given([])
        .when(scheduleAtelier({ scheduledAt: '2014-09-27T00:30:00+02:00' }))
        .thenThrows('RULE_VIOLATED', 'the date of the gathering (2014-09-26) cannot be earlier than its scheduling (2014-09-27)');
    });
  });

  describe('any command but ScheduleGathering', () => {
    const commands: readonly GatheringCommand[] = [
      register(redha),
      cancelRegistration(),
      reschedule(),
      hold(),
      recordAttendance(['redha-boudjema']),
      recordPairs([{ associationId: 'marc-schmitt', entrepriseId: 'claire-muller' }]),
      cancel(),
    ];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a gathering never scheduled', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'gathering not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a cancelled gathering', (_type, command) => {
      given([...atelierOpen, cancelled])
        .when(command)
        .thenThrows('RULE_VIOLATED', 'a cancelled gathering accepts no command');
    });
  });

  describe('RegisterParticipant', () => {
    it('registers a participant', () => {
      const state = given([atelierScheduled])
        .when(register(redha))
        .then([registered(redha)]);
      expect(scheduled(state).registrations).toEqual({
        'redha-boudjema': { name: 'Redha Boudjema', organisation: 'PlaNet Adam Le Havre', sphere: 'association', cancelled: false, attended: false },
      });
    });

    it('keeps the id of the participant’s organisation when given (its page lists the gatherings its people attend); refuses a blank one', () => {
      const withOrg = { ...redha, orgId: 'planet-adam-le-havre' };
      const state = given([atelierScheduled])
        .when(register(withOrg))
        .then([registered(withOrg)]);
      expect(scheduled(state).registrations['redha-boudjema']).toMatchObject({ organisation: 'PlaNet Adam Le Havre', orgId: 'planet-adam-le-havre' });
      given([atelierScheduled])
        .when(register(redha, { orgId: '  ' }))
        .thenThrows('RULE_VIOLATED', 'an organisation id cannot be blank');
    });

    it('trims the id, the name and the organisation', () => {
      given([atelierScheduled])
        .when(register(redha, { participantId: ' redha-boudjema', name: 'Redha Boudjema ', organisation: ' PlaNet Adam Le Havre ' }))
        .then([registered(redha)]);
    });

    it('registers a participant again after a cancelled registration', () => {
      const state = given([...atelierOpen, registrationCancelled('corinne-chartier')])
        .when(register(corinne, { registeredAt: '2014-09-22T10:00:00+02:00' }))
        .then([registered(corinne, '2014-09-22T10:00:00+02:00')]);
      expect(scheduled(state).registrations['corinne-chartier']).toMatchObject({ cancelled: false });
    });

    it('refuses a participant already registered', () => {
      given(atelierOpen).when(register(redha)).thenThrows('CONFLICT', 'participant "redha-boudjema" is already registered');
    });

    it.each(['constructor', '__proto__', 'toString'])('takes %p as a plain id', (participantId) => {
      const state = given([atelierScheduled])
        .when(register(redha, { participantId }))
        .then([registered({ ...redha, participantId })]);
      given([atelierScheduled, registered({ ...redha, participantId })])
        .when(register(redha, { participantId }))
        .thenThrows('CONFLICT', `participant "${participantId}" is already registered`);
      expect(Object.keys(scheduled(state).registrations)).toEqual([participantId]);
    });

    it('refuses a blank id', () => {
      given([atelierScheduled])
        .when(register(redha, { participantId: '' }))
        .thenThrows('RULE_VIOLATED', 'a participant needs an id');
    });

    it('refuses a blank name', () => {
      given([atelierScheduled])
        .when(register(redha, { name: '  ' }))
        .thenThrows('RULE_VIOLATED', 'a participant needs a name');
    });

    it('refuses a blank organisation', () => {
      given([atelierScheduled])
        .when(register(redha, { organisation: undefined }))
        .thenThrows('RULE_VIOLATED', 'a participant needs an organisation');
    });

    it('refuses an unknown sphere', () => {
      given([atelierScheduled])
        .when(register(redha, { sphere: 'citoyen' as Sphere }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "citoyen"');
    });

    it('welcomes every sphere to an atelier', () => {
      const beatriceRegistered = given(atelierOpen)
        .when(register(beatrice))
        .then([registered(beatrice)]);
      expect(Object.keys(scheduled(beatriceRegistered).registrations)).toEqual([
        'redha-boudjema',
        'fazette-bordage',
        'corinne-chartier',
        'beatrice-de-durfort',
      ]);
    });

    it('registers associations and entreprises to a speed dating', () => {
      given([speedDatingScheduled])
        .when(register(chantier))
        .then([registered(chantier)]);
      given([speedDatingScheduled])
        .when(register(lyonnaise))
        .then([registered(lyonnaise)]);
    });

    it.each(['collectivite', 'fondation', 'academique'] as const)('refuses a participant of sphere %s to a speed dating', (sphere) => {
      given([speedDatingScheduled])
        .when(register({ ...fazette, sphere }))
        .thenThrows('RULE_VIOLATED', `a speed dating pairs associations with entreprises: a participant of sphere "${sphere}" cannot register`);
    });

    it('refuses a participant once the gathering is full', () => {
      const extra: Participant = { participantId: 'anne-roth', name: 'Anne Roth', organisation: 'Réseau Entreprendre Alsace', sphere: 'entreprise' };
      given(speedDatingOpen).when(register(extra)).thenThrows('RULE_VIOLATED', 'the gathering is full (4 places)');
    });

    it('counts a cancelled registration as a free place', () => {
      const extra: Participant = { participantId: 'anne-roth', name: 'Anne Roth', organisation: 'Réseau Entreprendre Alsace', sphere: 'entreprise' };
      given([...speedDatingOpen, registrationCancelled('sophie-koenig')])
        .when(register(extra))
        .then([registered(extra)]);
    });

    it('refuses a registration once the gathering is held', () => {
      given(atelierHeld).when(register(beatrice)).thenThrows('RULE_VIOLATED', 'registration closes once the gathering is held');
    });

    it('refuses a registration dated before the day the gathering was scheduled', () => {
      given([atelierScheduled])
        .when(register(redha, { registeredAt: '2014-06-30T18:00:00+02:00' }))
        .thenThrows('RULE_VIOLATED', 'the registration (2014-06-30) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('accepts a registration on the day the gathering was scheduled, even earlier that day (days, as written)', () => {
      given([atelierScheduled])
        .when(register(redha, { registeredAt: '2014-07-01T08:00:00+02:00' }))
        .then([registered(redha, '2014-07-01T08:00:00+02:00')]);
    });

    it('refuses a registration whose time is not a date or an instant', () => {
      given([atelierScheduled])
        .when(register(redha, { registeredAt: 'demain' }))
        .thenThrows('RULE_VIOLATED', 'the time of registration must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got "demain")');
    });

    it('refuses a registration without its time', () => {
      given([atelierScheduled])
        .when(register(redha, { registeredAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of registration is needed');
    });
  });

  describe('CancelRegistration', () => {
    it('cancels a registration with a reason, and frees the place', () => {
      const state = given(atelierOpen)
        .when(cancelRegistration({ reason: ' empêchée ' }))
        .then([registrationCancelled('corinne-chartier')]);
      expect(scheduled(state).registrations['corinne-chartier']).toEqual({
        name: 'Corinne Chartier',
        organisation: 'InTERREface',
        sphere: 'entreprise',
        cancelled: true,
        attended: false,
      });
    });

    it.each([undefined, '', ' '])('cancels without a reason (%p)', (reason) => {
      given(atelierOpen)
        .when(cancelRegistration({ reason }))
        .then([{ type: 'RegistrationCancelled', data: { participantId: 'corinne-chartier', cancelledAt: '2014-09-20T08:00:00+02:00' } }]);
    });

    it('refuses a participant never registered', () => {
      given(atelierOpen)
        .when(cancelRegistration({ participantId: 'beatrice-de-durfort' }))
        .thenThrows('NOT_FOUND', 'participant "beatrice-de-durfort" is not registered');
    });

    it('refuses a prototype name as an unknown participant', () => {
      given(atelierOpen)
        .when(cancelRegistration({ participantId: 'constructor' }))
        .thenThrows('NOT_FOUND', 'participant "constructor" is not registered');
    });

    it('refuses a registration already cancelled', () => {
      given([...atelierOpen, registrationCancelled('corinne-chartier')])
        .when(cancelRegistration())
        .thenThrows('RULE_VIOLATED', 'the registration of "corinne-chartier" is already cancelled');
    });

    it('refuses a blank participant id', () => {
      given(atelierOpen)
        .when(cancelRegistration({ participantId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a participant id is needed');
    });

    it('refuses once the gathering is held', () => {
      given(atelierHeld).when(cancelRegistration()).thenThrows('RULE_VIOLATED', 'a registration cannot be cancelled once the gathering is held');
    });

    it('refuses a cancellation dated before the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(cancelRegistration({ cancelledAt: '2014-06-30T12:00:00+02:00' }))
        .thenThrows('RULE_VIOLATED', 'the cancellation of the registration (2014-06-30) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('accepts a cancellation on the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(cancelRegistration({ cancelledAt: '2014-07-01T12:00:00+02:00' }))
        .then([{ type: 'RegistrationCancelled', data: { participantId: 'corinne-chartier', reason: 'empêchée', cancelledAt: '2014-07-01T12:00:00+02:00' } }]);
    });

    it('refuses a cancellation without its time', () => {
      given(atelierOpen)
        .when(cancelRegistration({ cancelledAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of cancellation is needed');
    });
  });

  describe('RescheduleGathering', () => {
    it('moves the gathering to a new date, keeping its time and its registrations', () => {
      const state = given(atelierOpen)
        .when(reschedule({ reason: ' salle indisponible ' }))
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2014-09-26',
              previousTime: '14:00',
              date: '2014-10-03',
              time: '14:00',
              reason: 'salle indisponible',
              rescheduledAt: '2014-09-10T09:00:00+02:00',
            },
          },
        ]);
      expect(scheduled(state)).toMatchObject({ date: '2014-10-03', time: '14:00', rescheduled: 1 });
      expect(Object.keys(scheduled(state).registrations)).toHaveLength(3);
    });

    it('moves only the time', () => {
      given(atelierOpen)
        .when(reschedule({ date: '2014-09-26', time: '09:30' }))
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2014-09-26',
              previousTime: '14:00',
              date: '2014-09-26',
              time: '09:30',
              reason: 'salle indisponible',
              rescheduledAt: '2014-09-10T09:00:00+02:00',
            },
          },
        ]);
    });

    it('gives a time to a gathering that had none', () => {
      const { time: _time, ...withoutTime } = atelierData;
      const state = given([{ type: 'GatheringScheduled', data: withoutTime }])
        .when(reschedule({ time: '10:00' }))
        .then([
          {
            type: 'GatheringRescheduled',
            data: { previousDate: '2014-09-26', date: '2014-10-03', time: '10:00', reason: 'salle indisponible', rescheduledAt: '2014-09-10T09:00:00+02:00' },
          },
        ]);
      expect(scheduled(state).time).toBe('10:00');
    });

    describe('with an end time', () => {
      const withEnd = [{ type: 'GatheringScheduled', data: { ...atelierData, endTime: '16:00' } }] as const;
      const moved = {
        previousDate: '2014-09-26',
        previousTime: '14:00',
        date: '2014-10-03',
        reason: 'salle indisponible',
        rescheduledAt: '2014-09-10T09:00:00+02:00',
      };

      it('keeps it when the command says nothing of it', () => {
        given(withEnd)
          .when(reschedule({ time: '15:00' }))
          .then([{ type: 'GatheringRescheduled', data: { ...moved, time: '15:00', endTime: '16:00' } }]);
      });

      it('removes it (null), the start kept', () => {
        const state = given(withEnd)
          .when(reschedule({ endTime: null }))
          .then([{ type: 'GatheringRescheduled', data: { ...moved, time: '14:00' } }]);
        expect(scheduled(state)).toMatchObject({ time: '14:00' });
        expect(scheduled(state).endTime).toBeUndefined();
      });

      it('removes both times (null)', () => {
        const state = given(withEnd)
          .when(reschedule({ time: null, endTime: null }))
          .then([{ type: 'GatheringRescheduled', data: moved }]);
        expect(scheduled(state).time).toBeUndefined();
        expect(scheduled(state).endTime).toBeUndefined();
      });

      it('moves the start past the current end when the end is removed, refuses it when the end is kept', () => {
        given(withEnd)
          .when(reschedule({ time: '17:00', endTime: null }))
          .then([{ type: 'GatheringRescheduled', data: { ...moved, time: '17:00' } }]);
        given(withEnd)
          .when(reschedule({ time: '17:00' }))
          .thenThrows('RULE_VIOLATED', 'the end time (16:00) must come after the start time (17:00)');
      });

      it('refuses to remove the start while the end stays', () => {
        given(withEnd)
          .when(reschedule({ time: null }))
          .thenThrows('RULE_VIOLATED', 'an end time needs a start time');
      });

      it('refuses to remove times the gathering does not have, on the same date', () => {
        const { time: _time, ...withoutTime } = atelierData;
        given([{ type: 'GatheringScheduled', data: withoutTime }])
          .when(reschedule({ date: '2014-09-26', time: null, endTime: null }))
          .thenThrows('RULE_VIOLATED', 'the gathering is already scheduled on 2014-09-26');
      });
    });

    it('counts the reschedules', () => {
      given([
        ...atelierOpen,
        {
          type: 'GatheringRescheduled',
          data: {
            previousDate: '2014-09-26',
            previousTime: '14:00',
            date: '2014-10-03',
            time: '14:00',
            reason: 'salle indisponible',
            rescheduledAt: '2014-09-10T09:00:00+02:00',
          },
        },
        {
          type: 'GatheringRescheduled',
          data: {
            previousDate: '2014-10-03',
            previousTime: '14:00',
            date: '2014-10-10',
            time: '14:00',
            reason: 'grève',
            rescheduledAt: '2014-09-30T09:00:00+02:00',
          },
        },
      ]).thenState({
        ...scheduled(fold(gatheringDecider, atelierOpen)),
        date: '2014-10-10',
        rescheduled: 2,
      });
    });

    it('moves a webinaire to the third Thursday of another month', () => {
      given([webinaireScheduled])
        .when(reschedule({ date: '2019-02-21', rescheduledAt: '2019-01-10T09:00:00+01:00' }))
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2019-01-17',
              previousTime: '12:00',
              date: '2019-02-21',
              time: '12:00',
              reason: 'salle indisponible',
              rescheduledAt: '2019-01-10T09:00:00+01:00',
            },
          },
        ]);
    });

    it('refuses to move a webinaire off the third Thursday', () => {
      given([webinaireScheduled])
        .when(reschedule({ date: '2019-01-24' }))
        .thenThrows('RULE_VIOLATED', 'a webinaire falls on the third thursday of its month: 2019-01-17, not 2019-01-24');
    });

    it('refuses a blank reason', () => {
      given(atelierOpen)
        .when(reschedule({ reason: ' ' }))
        .thenThrows('RULE_VIOLATED', 'rescheduling a gathering needs a reason');
    });

    it.each(INVALID_DATES)('refuses the new date %p', (date) => {
      given(atelierOpen)
        .when(reschedule({ date: date as string }))
        .thenThrows('RULE_VIOLATED', 'the new date must be a real date written YYYY-MM-DD');
    });

    it('refuses an invalid time', () => {
      given(atelierOpen)
        .when(reschedule({ time: '14h' }))
        .thenThrows('RULE_VIOLATED', 'the time must be written HH:MM, from 00:00 to 23:59 (got "14h")');
    });

    it('refuses the current date and time', () => {
      given(atelierOpen)
        .when(reschedule({ date: '2014-09-26' }))
        .thenThrows('RULE_VIOLATED', 'the gathering is already scheduled on 2014-09-26 at 14:00');
      given(atelierOpen)
        .when(reschedule({ date: '2014-09-26', time: '14:00' }))
        .thenThrows('RULE_VIOLATED', 'the gathering is already scheduled on 2014-09-26 at 14:00');
    });

    it('refuses the current date of a gathering without a time', () => {
      const { time: _time, ...withoutTime } = atelierData;
      given([{ type: 'GatheringScheduled', data: withoutTime }])
        .when(reschedule({ date: '2014-09-26' }))
        .thenThrows('RULE_VIOLATED', 'the gathering is already scheduled on 2014-09-26');
    });

    it('refuses once the gathering is held', () => {
      given(atelierHeld).when(reschedule()).thenThrows('RULE_VIOLATED', 'a gathering already held cannot be rescheduled');
    });

    it('refuses a new date before the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(reschedule({ date: '2014-06-27' }))
        .thenThrows('RULE_VIOLATED', 'the new date (2014-06-27) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('accepts a new date on the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(reschedule({ date: '2014-07-01', rescheduledAt: '2014-07-01T11:00:00+02:00' }))
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2014-09-26',
              previousTime: '14:00',
              date: '2014-07-01',
              time: '14:00',
              reason: 'salle indisponible',
              rescheduledAt: '2014-07-01T11:00:00+02:00',
            },
          },
        ]);
    });

    it('refuses a reschedule dated before the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(reschedule({ rescheduledAt: '2014-06-30T09:00:00+02:00' }))
        .thenThrows('RULE_VIOLATED', 'the rescheduling (2014-06-30) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('refuses a reschedule without its time', () => {
      given(atelierOpen)
        .when(reschedule({ rescheduledAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of rescheduling is needed');
    });
  });

  describe('HoldGathering', () => {
    it('holds the gathering on its date: registration closes', () => {
      const state = given(atelierOpen).when(hold()).then([held()]);
      expect(scheduled(state)).toMatchObject({ status: 'held', heldOn: '2014-09-26' });
    });

    it('holds a gathering without any registration', () => {
      given([webinaireScheduled])
        .when(hold('2019-01-17'))
        .then([held('2019-01-17')]);
    });

    it('holds a rescheduled gathering on its new date', () => {
      given([
        ...atelierOpen,
        {
          type: 'GatheringRescheduled',
          data: { previousDate: '2014-09-26', date: '2014-10-03', reason: 'salle indisponible', rescheduledAt: '2014-09-10T09:00:00+02:00' },
        },
      ])
        .when(hold('2014-10-03'))
        .then([held('2014-10-03')]);
    });

    it('refuses another date than the scheduled one', () => {
      given(atelierOpen).when(hold('2014-09-27')).thenThrows('RULE_VIOLATED', 'the gathering is scheduled on 2014-09-26, not 2014-09-27: reschedule it first');
    });

    it.each(INVALID_DATES)('refuses the date %p', (heldOn) => {
      given(atelierOpen)
        .when({ type: 'HoldGathering', data: { heldOn } } as GatheringCommand)
        .thenThrows('RULE_VIOLATED', 'the date held must be a real date written YYYY-MM-DD');
    });

    it('refuses a gathering already held', () => {
      given(atelierHeld).when(hold()).thenThrows('RULE_VIOLATED', 'the gathering was already held on 2014-09-26');
    });

    // A gathering dated before its scheduling is refused when scheduled; one stored before the rule may still be.
    const storedEarly: GatheringEvent = { type: 'GatheringScheduled', data: { ...atelierData, date: '2014-06-27' } };

    it('refuses a date held before the day the gathering was scheduled', () => {
      given([storedEarly])
        .when(hold('2014-06-27'))
        .thenThrows('RULE_VIOLATED', 'the date held (2014-06-27) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('holds a gathering on the day it was scheduled', () => {
      given([{ type: 'GatheringScheduled', data: { ...atelierData, date: '2014-07-01' } }])
        .when(hold('2014-07-01'))
        .then([held('2014-07-01')]);
    });
  });

  describe('RecordAttendance', () => {
    it('records the registered participants present', () => {
      const state = given(atelierHeld)
        .when(recordAttendance([' redha-boudjema', 'fazette-bordage']))
        .then([attended('redha-boudjema', 'fazette-bordage')]);
      expect(scheduled(state).registrations).toMatchObject({
        'redha-boudjema': { attended: true },
        'fazette-bordage': { attended: true },
        'corinne-chartier': { attended: false },
      });
    });

    it('skips the participants already recorded', () => {
      given([...atelierHeld, attended('redha-boudjema')])
        .when(recordAttendance(['redha-boudjema', 'corinne-chartier']))
        .then([attended('corinne-chartier')]);
    });

    it('records nothing when every participant was recorded already (a sheet entered twice)', () => {
      given([...atelierHeld, attended('redha-boudjema', 'fazette-bordage')])
        .when(recordAttendance(['fazette-bordage', 'redha-boudjema']))
        .thenNothing();
    });

    it('refuses before the gathering is held', () => {
      given(atelierOpen)
        .when(recordAttendance(['redha-boudjema']))
        .thenThrows('RULE_VIOLATED', 'attendance is recorded once the gathering is held');
    });

    it.each([[], undefined, 'redha-boudjema'])('refuses no list of participants (%p)', (participantIds) => {
      given(atelierHeld).when(recordAttendance(participantIds)).thenThrows('RULE_VIOLATED', 'attendance needs at least one participant');
    });

    it('refuses a participant not registered (registration closed: a walk-in is registered before the gathering is held)', () => {
      given(atelierHeld)
        .when(recordAttendance(['redha-boudjema', 'beatrice-de-durfort']))
        .thenThrows('RULE_VIOLATED', 'participant "beatrice-de-durfort" is not registered');
    });

    it('refuses a prototype name as a participant not registered', () => {
      given(atelierHeld)
        .when(recordAttendance(['__proto__']))
        .thenThrows('RULE_VIOLATED', 'participant "__proto__" is not registered');
    });

    it('refuses a participant whose registration was cancelled', () => {
      given([...atelierOpen, registrationCancelled('corinne-chartier'), held()])
        .when(recordAttendance(['corinne-chartier']))
        .thenThrows('RULE_VIOLATED', 'participant "corinne-chartier" cancelled their registration');
    });

    it('refuses a participant listed twice', () => {
      given(atelierHeld)
        .when(recordAttendance(['redha-boudjema', 'fazette-bordage', 'redha-boudjema']))
        .thenThrows('RULE_VIOLATED', 'participant "redha-boudjema" is listed twice');
    });

    it('refuses a blank participant id', () => {
      given(atelierHeld)
        .when(recordAttendance(['redha-boudjema', '']))
        .thenThrows('RULE_VIOLATED', 'a participant id is needed');
    });
  });

  describe('RecordSpeedDatingPairs', () => {
    const lyonnaiseChantier: SpeedDatingPair = { associationId: 'marc-schmitt', entrepriseId: 'claire-muller' };
    const banqueChantier: SpeedDatingPair = { associationId: 'marc-schmitt', entrepriseId: 'sophie-koenig' };

    it('records who met whom among the participants present', () => {
      const state = given(speedDatingAttended)
        .when(recordPairs([lyonnaiseChantier, banqueChantier]))
        .then([pairsRecorded(lyonnaiseChantier, banqueChantier)]);
      expect(scheduled(state).pairs).toEqual([lyonnaiseChantier, banqueChantier]);
    });

    it('skips the pairs already recorded, and records nothing when none is new', () => {
      given([...speedDatingAttended, pairsRecorded(lyonnaiseChantier)])
        .when(recordPairs([lyonnaiseChantier, banqueChantier]))
        .then([pairsRecorded(banqueChantier)]);
      given([...speedDatingAttended, pairsRecorded(lyonnaiseChantier)])
        .when(recordPairs([lyonnaiseChantier]))
        .thenNothing();
    });

    it('refuses a gathering that is not a speed dating', () => {
      given(atelierHeld)
        .when(recordPairs([{ associationId: 'redha-boudjema', entrepriseId: 'corinne-chartier' }]))
        .thenThrows('RULE_VIOLATED', 'only a speed dating records pairs');
    });

    it('refuses before the speed dating is held', () => {
      given(speedDatingOpen)
        .when(recordPairs([lyonnaiseChantier]))
        .thenThrows('RULE_VIOLATED', 'pairs are recorded once the speed dating is held');
    });

    it.each([[], null])('refuses no pair (%p)', (pairs) => {
      given(speedDatingAttended).when(recordPairs(pairs)).thenThrows('RULE_VIOLATED', 'at least one pair is needed');
    });

    it('refuses a pair that is not an object', () => {
      given(speedDatingAttended)
        .when(recordPairs(['marc-schmitt × claire-muller']))
        .thenThrows('RULE_VIOLATED', 'each pair needs an association and an entreprise participant');
    });

    it('refuses a pair without one of its sides', () => {
      given(speedDatingAttended)
        .when(recordPairs([{ associationId: 'marc-schmitt' }]))
        .thenThrows('RULE_VIOLATED', 'a participant id is needed');
    });

    it('refuses a participant not registered', () => {
      given(speedDatingAttended)
        .when(recordPairs([{ associationId: 'marc-schmitt', entrepriseId: 'anne-roth' }]))
        .thenThrows('RULE_VIOLATED', 'participant "anne-roth" is not registered');
    });

    it('refuses the sides swapped', () => {
      given(speedDatingAttended)
        .when(recordPairs([{ associationId: 'claire-muller', entrepriseId: 'marc-schmitt' }]))
        .thenThrows('RULE_VIOLATED', 'participant "claire-muller" is not of sphere "association"');
      given(speedDatingAttended)
        .when(recordPairs([{ associationId: 'marc-schmitt', entrepriseId: 'marc-schmitt' }]))
        .thenThrows('RULE_VIOLATED', 'participant "marc-schmitt" is not of sphere "entreprise"');
    });

    it('refuses a participant whose attendance was not recorded', () => {
      given(speedDatingAttended)
        .when(recordPairs([{ associationId: 'paul-weiss', entrepriseId: 'claire-muller' }]))
        .thenThrows('RULE_VIOLATED', 'participant "paul-weiss" has no recorded attendance');
    });

    it('refuses a pair listed twice', () => {
      given(speedDatingAttended)
        .when(recordPairs([lyonnaiseChantier, banqueChantier, { ...lyonnaiseChantier }]))
        .thenThrows('RULE_VIOLATED', 'the pair "marc-schmitt" × "claire-muller" is listed twice');
    });
  });

  describe('nothing is held nor attended before its date (today, the day it is recorded, given by the edge)', () => {
    const holdOn = (heldOn: string, today: unknown): GatheringCommand => ({ type: 'HoldGathering', data: { heldOn, today } }) as GatheringCommand;
    const attendanceOn = (today: unknown): GatheringCommand =>
      ({ type: 'RecordAttendance', data: { participantIds: ['redha-boudjema'], today } }) as GatheringCommand;
    const lyonnaiseChantier: SpeedDatingPair = { associationId: 'marc-schmitt', entrepriseId: 'claire-muller' };
    const pairsOn = (today: unknown): GatheringCommand => ({ type: 'RecordSpeedDatingPairs', data: { pairs: [lyonnaiseChantier], today } }) as GatheringCommand;

    it('holds a gathering on its date, recorded that day', () => {
      given(atelierOpen).when(holdOn('2014-09-26', '2014-09-26')).then([held()]);
    });

    it('holds a gathering recorded later than its date', () => {
      given(atelierOpen).when(holdOn('2014-09-26', '2015-01-05')).then([held()]);
    });

    it('refuses to hold a gathering whose date has not come yet', () => {
      given(atelierOpen)
        .when(holdOn('2014-09-26', '2014-09-25'))
        .thenThrows('RULE_VIOLATED', 'the date held (2014-09-26) cannot be later than today, 2014-09-25: it has not happened yet');
    });

    it('still asks for the scheduled date first: another date is rescheduled, future or not', () => {
      given(atelierOpen)
        .when(holdOn('2014-09-27', '2014-09-20'))
        .thenThrows('RULE_VIOLATED', 'the gathering is scheduled on 2014-09-26, not 2014-09-27: reschedule it first');
    });

    it('scheduling a gathering in the future stays a plan: accepted', () => {
      given([]).when(scheduleAtelier()).then([atelierScheduled]);
    });

    it('records the attendance on the day of the gathering, or later', () => {
      given(atelierHeld)
        .when(attendanceOn('2014-09-26'))
        .then([attended('redha-boudjema')]);
      given(atelierHeld)
        .when(attendanceOn('2014-10-01'))
        .then([attended('redha-boudjema')]);
    });

    it('refuses the attendance of a gathering held (by a script without a clock) on a date that has not come yet', () => {
      given(atelierHeld)
        .when(attendanceOn('2014-09-25'))
        .thenThrows('RULE_VIOLATED', 'the gathering (2014-09-26) cannot be later than today, 2014-09-25: it has not happened yet');
    });

    it('refuses the pairs of a speed dating whose date has not come yet, records them from its date', () => {
      given(speedDatingAttended)
        .when(pairsOn('2013-11-20'))
        .thenThrows('RULE_VIOLATED', 'the gathering (2013-11-21) cannot be later than today, 2013-11-20: it has not happened yet');
      given(speedDatingAttended)
        .when(pairsOn('2013-11-21'))
        .then([pairsRecorded(lyonnaiseChantier)]);
    });

    it('checks nothing without today (a loading script dating history itself)', () => {
      given(atelierOpen).when(hold()).then([held()]);
      given(atelierHeld)
        .when(recordAttendance(['redha-boudjema']))
        .then([attended('redha-boudjema')]);
    });

    it('refuses a today that is not a real date', () => {
      given(atelierOpen)
        .when(holdOn('2014-09-26', '2014-02-30'))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2014-02-30")');
      given(atelierHeld)
        .when(attendanceOn('26/09/2014'))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "26/09/2014")');
    });
  });

  describe('CancelGathering', () => {
    it('cancels a gathering with a reason: it accepts nothing more', () => {
      const state = given(atelierOpen)
        .when(cancel({ reason: ' trop peu d’inscrits ' }))
        .then([cancelled]);
      expect(state.status).toBe('cancelled');
    });

    it('refuses a blank reason', () => {
      given(atelierOpen)
        .when(cancel({ reason: '' }))
        .thenThrows('RULE_VIOLATED', 'cancelling a gathering needs a reason');
    });

    it('refuses a gathering already held', () => {
      given(atelierHeld).when(cancel()).thenThrows('RULE_VIOLATED', 'a gathering already held cannot be cancelled');
    });

    it('refuses a cancellation without its time', () => {
      given(atelierOpen)
        .when(cancel({ cancelledAt: undefined }))
        .thenThrows('RULE_VIOLATED', 'the time of cancellation is needed');
    });

    it('refuses a cancellation dated before the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(cancel({ cancelledAt: '2014-06-30' }))
        .thenThrows('RULE_VIOLATED', 'the cancellation (2014-06-30) cannot be earlier than the scheduling of the gathering (2014-07-01)');
    });

    it('accepts a cancellation on the day the gathering was scheduled', () => {
      given(atelierOpen)
        .when(cancel({ cancelledAt: '2014-07-01T23:00:00+02:00' }))
        .then([{ type: 'GatheringCancelled', data: { reason: 'trop peu d’inscrits', cancelledAt: '2014-07-01T23:00:00+02:00' } }]);
    });
  });

  describe('evolve', () => {
    it('folds facts stored before the rule, dated before the scheduling: only decide refuses them', () => {
      const state = scheduled(
        fold(gatheringDecider, [
          { type: 'GatheringScheduled', data: { ...atelierData, date: '2014-06-27' } },
          registered(redha, '2014-06-01T10:00:00+02:00'),
          held('2014-06-27'),
        ]),
      );
      expect(state).toMatchObject({ status: 'held', date: '2014-06-27', heldOn: '2014-06-27', scheduledAt: '2014-07-01T10:00:00+02:00' });
      expect(Object.keys(state.registrations)).toEqual(['redha-boudjema']);
    });

    it('does not check a gathering whose scheduling was written without a real time', () => {
      const { scheduledAt: _scheduledAt, ...withoutTime } = atelierData;
      for (const data of [withoutTime, { ...atelierData, scheduledAt: 'x' }]) {
        const state = fold(gatheringDecider, [{ type: 'GatheringScheduled', data } as GatheringEvent]);
        expect(state).not.toHaveProperty('scheduledAt');
        given([{ type: 'GatheringScheduled', data } as GatheringEvent])
          .when(register(redha, { registeredAt: '2001-01-01T10:00:00Z' }))
          .then([registered(redha, '2001-01-01T10:00:00Z')]);
      }
    });

    it('folds the life of the LH Forum atelier: scheduled, registrations, a cancellation, a reschedule, held, attendance', () => {
      given([
        atelierScheduled,
        registered(redha),
        registered(fazette),
        registered(corinne),
        registered(beatrice),
        registrationCancelled('corinne-chartier'),
        {
          type: 'GatheringRescheduled',
          data: {
            previousDate: '2014-09-26',
            previousTime: '14:00',
            date: '2014-09-26',
            time: '10:00',
            reason: 'ouverture du forum avancée',
            rescheduledAt: '2014-09-15T09:00:00+02:00',
          },
        },
        held(),
        attended('redha-boudjema', 'fazette-bordage'),
        attended('beatrice-de-durfort'),
      ]).thenState({
        status: 'held',
        gatheringId: 'lh-forum-2014',
        kind: 'atelier',
        theme: 'Enjeux et pratiques de co-construction en territoire',
        date: '2014-09-26',
        time: '10:00',
        place: 'LH Forum, Le Havre',
        capacity: 15,
        territoryId: 'le-havre',
        organisedBy: 'le-rameau',
        scheduledAt: '2014-07-01T10:00:00+02:00',
        registrations: {
          'redha-boudjema': { name: 'Redha Boudjema', organisation: 'PlaNet Adam Le Havre', sphere: 'association', cancelled: false, attended: true },
          'fazette-bordage': { name: 'Fazette Bordage', organisation: 'Ville du Havre', sphere: 'collectivite', cancelled: false, attended: true },
          'corinne-chartier': { name: 'Corinne Chartier', organisation: 'InTERREface', sphere: 'entreprise', cancelled: true, attended: false },
          'beatrice-de-durfort': {
            name: 'Béatrice de Durfort',
            organisation: 'Centre Français des Fondations',
            sphere: 'fondation',
            cancelled: false,
            attended: true,
          },
        },
        pairs: [],
        rescheduled: 1,
        heldOn: '2014-09-26',
      });
    });

    it('folds a speed dating with its pairs', () => {
      const state = scheduled(
        fold(gatheringDecider, [
          ...speedDatingAttended,
          pairsRecorded({ associationId: 'marc-schmitt', entrepriseId: 'claire-muller' }),
          pairsRecorded({ associationId: 'marc-schmitt', entrepriseId: 'sophie-koenig' }),
        ]),
      );
      expect(state.pairs).toEqual([
        { associationId: 'marc-schmitt', entrepriseId: 'claire-muller' },
        { associationId: 'marc-schmitt', entrepriseId: 'sophie-koenig' },
      ]);
      expect(
        Object.entries(state.registrations)
          .filter(([, registration]) => registration.attended)
          .map(([id]) => id),
      ).toEqual(['claire-muller', 'marc-schmitt', 'sophie-koenig']);
    });

    it('folds a cancelled webinaire and drops a time when the reschedule carries none', () => {
      const state = fold(gatheringDecider, [
        webinaireScheduled,
        {
          type: 'GatheringRescheduled',
          data: {
            previousDate: '2019-01-17',
            previousTime: '12:00',
            date: '2019-02-21',
            reason: 'intervenant indisponible',
            rescheduledAt: '2019-01-10T09:00:00+01:00',
          },
        },
        { type: 'GatheringCancelled', data: { reason: 'remplacé par le webinaire de mars', cancelledAt: '2019-02-01T09:00:00+01:00' } },
      ]);
      expect(scheduled(state)).toMatchObject({ status: 'cancelled', date: '2019-02-21', rescheduled: 1 });
      expect(scheduled(state).time).toBeUndefined();
    });

    it('keeps a prototype name as a plain registration, attended', () => {
      const proto: Participant = { ...redha, participantId: '__proto__' };
      const state = scheduled(fold(gatheringDecider, [atelierScheduled, registered(proto), held(), attended('__proto__')]));
      expect(Object.getPrototypeOf(state.registrations)).toBe(Object.prototype);
      expect(Object.keys(state.registrations)).toEqual(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(state.registrations, '__proto__')?.value).toMatchObject({ attended: true });
    });

    it('folds a gathering of a kind this code does not know (written by a newer process) as written, and decides on it', () => {
      // As an older process reads a `conference` (docs/adr/0017-event-schema-evolution.md): the kind is no version change.
      const newer = { type: 'GatheringScheduled', data: { ...atelierData, kind: 'colloque' } } as unknown as GatheringEvent;
      expect(fold(gatheringDecider, [newer])).toMatchObject({ status: 'scheduled', kind: 'colloque', place: 'LH Forum, Le Havre' });
      given([newer])
        .when(register(fazette))
        .then([registered(fazette)]);
      given([newer, registered(redha)])
        .when(reschedule())
        .then([
          {
            type: 'GatheringRescheduled',
            data: {
              previousDate: '2014-09-26',
              previousTime: '14:00',
              date: '2014-10-03',
              time: '14:00',
              reason: 'salle indisponible',
              rescheduledAt: '2014-09-10T09:00:00+02:00',
            },
          },
        ]);
      given([newer, registered(redha), held()])
        .when(recordAttendance(['redha-boudjema']))
        .then([attended('redha-boudjema')]);
    });

    it('is total: events before scheduling leave the gathering unscheduled', () => {
      expect(fold(gatheringDecider, [registered(redha), held(), cancelled])).toEqual({ status: 'none' });
    });

    it('is total: a second schedule, an unknown event or a malformed one change nothing', () => {
      const before = fold(gatheringDecider, atelierOpen);
      const oddities = [
        { ...atelierScheduled, data: { ...atelierData, theme: 'Autre thème' } },
        { type: 'GatheringRenamed', data: { theme: 'Autre thème' } },
        { type: 'ParticipantRegistered', data: null },
        { type: 'ParticipantRegistered', data: { ...redha, participantId: 42 } },
        { type: 'RegistrationCancelled', data: { participantId: 'beatrice-de-durfort' } },
        { type: 'RegistrationCancelled', data: { participantId: 'constructor' } },
        { type: 'GatheringHeld' },
        'GatheringHeld',
        null,
      ] as unknown as GatheringEvent[];
      for (const event of oddities) expect(gatheringDecider.evolve(before, event)).toBe(before);
    });

    it('is total: events that do not fit the status change nothing', () => {
      const open = fold(gatheringDecider, atelierOpen);
      for (const event of [attended('redha-boudjema'), pairsRecorded({ associationId: 'redha-boudjema', entrepriseId: 'corinne-chartier' })]) {
        expect(gatheringDecider.evolve(open, event)).toBe(open);
      }
      const done = fold(gatheringDecider, atelierHeld);
      for (const event of [registered(beatrice), registrationCancelled('redha-boudjema'), held('2014-09-26'), cancelled, atelierScheduled]) {
        expect(gatheringDecider.evolve(done, event)).toBe(done);
      }
      const gone = fold(gatheringDecider, [...atelierOpen, cancelled]);
      for (const event of [registered(beatrice), held(), cancelled]) expect(gatheringDecider.evolve(gone, event)).toBe(gone);
      expect(
        gatheringDecider.evolve(gone, {
          type: 'GatheringRescheduled',
          data: { previousDate: '2014-09-26', date: '2014-10-03', reason: 'x', rescheduledAt: 'x' },
        }),
      ).toBe(gone);
    });

    it('is total: malformed lists in attendance and pairs are skipped', () => {
      const done = scheduled(fold(gatheringDecider, speedDatingHeld));
      expect(gatheringDecider.evolve(done, { type: 'AttendanceRecorded', data: { participantIds: 'claire-muller' } } as unknown as GatheringEvent)).toBe(done);
      expect(gatheringDecider.evolve(done, { type: 'SpeedDatingPairsRecorded', data: { pairs: null } } as unknown as GatheringEvent)).toBe(done);
      const withJunk = scheduled(
        gatheringDecider.evolve(done, {
          type: 'SpeedDatingPairsRecorded',
          data: { pairs: [null, 'x', { associationId: 1 }, { associationId: 'marc-schmitt', entrepriseId: 'claire-muller', extra: true }] },
        } as unknown as GatheringEvent),
      );
      expect(withJunk.pairs).toEqual([{ associationId: 'marc-schmitt', entrepriseId: 'claire-muller' }]);
      const attendedJunk = scheduled(
        gatheringDecider.evolve(done, {
          type: 'AttendanceRecorded',
          data: { participantIds: [7, null, 'claire-muller', 'inconnu'] },
        } as unknown as GatheringEvent),
      );
      expect(
        Object.entries(attendedJunk.registrations)
          .filter(([, registration]) => registration.attended)
          .map(([id]) => id),
      ).toEqual(['claire-muller']);
    });
  });
});
