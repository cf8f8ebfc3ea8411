/// <reference types="jest" />
import { DomainError, gatheringDecider } from '@catalyse/domain';
import type { GatheringCommand, GatheringEvent, GatheringState } from '@catalyse/domain';
import { gatheringErrorText, refusalText } from './refusals';

/**
 * Each message is produced by the real decider (given its commands): the French follows the English as the domain
 * writes it, and a change of wording there fails here.
 */
type Command = GatheringCommand;
const command = (type: Command['type'], data: Record<string, unknown>): Command => ({ type, data }) as unknown as Command;

const SCHEDULE = {
  gatheringId: 'atelier-ardeche',
  kind: 'atelier',
  theme: 'Mécénat de compétences en Ardèche',
  date: '2025-03-20',
  time: '14:00',
  place: 'Privas',
  capacity: 2,
  organisedBy: 'catalyseur-001',
  scheduledAt: '2025-03-01T09:00:00Z',
};
const register = (participantId: string, name: string, sphere = 'association') =>
  command('RegisterParticipant', { participantId, name, organisation: 'FLDA', sphere, registeredAt: '2025-03-02T10:00:00Z' });

const scheduled = [command('ScheduleGathering', SCHEDULE)];
const registered = [...scheduled, register('marie-1', 'Marie Curie'), register('paul-2', 'Paul Martin', 'entreprise')];
const held = [...registered, command('HoldGathering', { heldOn: '2025-03-20', today: '2025-03-21' })];
const cancelled = [...scheduled, command('CancelGathering', { reason: 'Salle indisponible', cancelledAt: '2025-03-05T08:00:00Z' })];
const speedDating = [
  command('ScheduleGathering', { ...SCHEDULE, kind: 'speed_dating', capacity: undefined }),
  register('asso-1', 'Association Un'),
  register('firm-1', 'Entreprise Une', 'entreprise'),
];

/** The state after the commands (each one accepted). */
function stateAfter(commands: readonly Command[]): GatheringState {
  let state = gatheringDecider.initialState();
  for (const c of commands) {
    for (const e of gatheringDecider.decide(c, state) as readonly GatheringEvent[]) state = gatheringDecider.evolve(state, e);
  }
  return state;
}

/** The decider's refusal of `type` after `given`: its code and message. */
function refusal(given: readonly Command[], type: Command['type'], data: Record<string, unknown>): { code: string; message: string } {
  const state = stateAfter(given);
  try {
    gatheringDecider.decide(command(type, data), state);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${type} was accepted`);
}

const names: Record<string, string> = { 'marie-1': 'Marie Curie', 'paul-2': 'Paul Martin', 'asso-1': 'Association Un', 'firm-1': 'Entreprise Une' };
const participantName = (id: string): string | undefined => names[id];

/** The French a person reads of that refusal (participants by their names). */
function french(given: readonly Command[], type: Command['type'], data: Record<string, unknown>): string {
  const error = refusal(given, type, data);
  const text = refusalText(error.message, { participantName });
  if (text === undefined) throw new Error(`no French for ${JSON.stringify(error.message)}`);
  expect(gatheringErrorText(error, { participantName })).toBe(text);
  return text;
}

const schedule = (data: Record<string, unknown>) => french([], 'ScheduleGathering', { ...SCHEDULE, ...data });

describe('the gathering decider’s refusals, in French', () => {
  it('says what scheduling needs', () => {
    expect(schedule({ theme: ' ' })).toBe('Donnez un thème à la rencontre.');
    expect(schedule({ gatheringId: '' })).toBe('La rencontre n’a pas d’identifiant.');
    expect(schedule({ organisedBy: '' })).toBe('La rencontre n’a pas d’organisateur.');
    expect(schedule({ kind: 'kermesse' })).toBe('Type de rencontre inconnu : « kermesse ».');
    expect(schedule({ date: '2025-02-30' })).toBe('La date de la rencontre doit être une vraie date (AAAA-MM-JJ) ; « 2025-02-30 » n’en est pas une.');
    expect(schedule({ date: '2025-02-20' })).toBe('La date de la rencontre (20 février 2025) précède sa programmation, le 1er mars 2025.');
    expect(schedule({ time: '25:00' })).toBe('Une heure s’écrit HH:MM, de 00:00 à 23:59 (« 25:00 » n’en est pas une).');
    expect(schedule({ time: undefined, endTime: '17:00' })).toBe('Une heure de fin demande une heure de début.');
    expect(schedule({ endTime: '13:00' })).toBe('L’heure de fin (13:00) doit venir après l’heure de début (14:00).');
    expect(schedule({ place: undefined })).toBe('Un atelier a lieu sur place : indiquez son lieu.');
    expect(schedule({ kind: 'rencontre_annuelle', place: ' ' })).toBe('Une rencontre annuelle a lieu sur place : indiquez son lieu.');
    expect(schedule({ kind: 'conference', place: undefined, link: 'https://x.org' })).toBe('Une conférence a lieu sur place : indiquez son lieu.');
    expect(schedule({ kind: 'webinaire', date: '2025-03-20', place: undefined })).toBe('Un webinaire a lieu en ligne : indiquez son lien.');
    expect(schedule({ kind: 'webinaire', date: '2025-03-21', place: undefined, link: 'https://x.org' })).toBe(
      'Un webinaire du réseau a lieu le troisième jeudi du mois : le 20 mars 2025, pas le 21 mars 2025.',
    );
    expect(schedule({ kind: 'speed_dating', place: undefined })).toBe('Un speed dating a lieu sur place ou en ligne : indiquez son lieu ou son lien.');
    expect(schedule({ link: 'https://x.org' })).toBe('Une rencontre a lieu soit sur place, soit en ligne par un lien, pas les deux.');
    expect(schedule({ kind: 'speed_dating', place: undefined, link: 'visio' })).toBe(
      'Un lien est une adresse web qui commence par https:// ou http:// (« visio » n’en est pas une).',
    );
    expect(schedule({ capacity: 0 })).toBe('La capacité est un nombre entier d’au moins 1.');
    expect(schedule({ organiser: null })).toBe('Un organisateur a un nom, et il est du réseau ou non.');
    expect(schedule({ organiser: { name: ' ', inNetwork: false } })).toBe('Donnez le nom de l’organisateur.');
    expect(schedule({ organiser: { name: 'CNFPT' } })).toBe('Dites si l’organisateur est du réseau ou non.');
    expect(schedule({ scheduledAt: '' })).toBe('La date de programmation manque.');
    expect(schedule({ scheduledAt: 'hier' })).toBe(
      'La date de programmation doit être une date (AAAA-MM-JJ) ou un instant ISO 8601 ; « hier » n’en est pas un.',
    );
  });

  it('says the rules of registration, by the participants’ names', () => {
    const reg = (data: Record<string, unknown>) =>
      french(scheduled, 'RegisterParticipant', {
        participantId: 'x',
        name: 'X',
        organisation: 'O',
        sphere: 'association',
        registeredAt: '2025-03-02T10:00:00Z',
        ...data,
      });
    expect(reg({ participantId: ' ' })).toBe('Le participant n’a pas d’identifiant.');
    expect(reg({ name: '' })).toBe('Donnez le nom du participant.');
    expect(reg({ organisation: '' })).toBe('Donnez l’organisation du participant.');
    expect(reg({ sphere: 'club' })).toBe('Nature d’organisation inconnue : « club ».');
    expect(reg({ orgId: ' ' })).toBe('L’identifiant de l’organisation ne peut pas être vide.');
    expect(reg({ registeredAt: '' })).toBe('La date d’inscription manque.');
    expect(reg({ registeredAt: '2025-02-01T10:00:00Z' })).toBe('L’inscription (1er février 2025) précède la programmation de la rencontre, le 1er mars 2025.');
    expect(
      french(registered, 'RegisterParticipant', {
        participantId: 'z',
        name: 'Z',
        organisation: 'O',
        sphere: 'association',
        registeredAt: '2025-03-02T10:00:00Z',
      }),
    ).toBe('La rencontre est complète (2 places).');
    expect(
      french(registered, 'RegisterParticipant', {
        participantId: 'marie-1',
        name: 'Marie Curie',
        organisation: 'O',
        sphere: 'association',
        registeredAt: '2025-03-02T10:00:00Z',
      }),
    ).toBe('Marie Curie est déjà inscrit·e.');
    expect(
      french(speedDating, 'RegisterParticipant', {
        participantId: 'c',
        name: 'C',
        organisation: 'O',
        sphere: 'collectivite',
        registeredAt: '2025-03-02T10:00:00Z',
      }),
    ).toBe('Un speed dating réunit des associations et des entreprises : un participant de la sphère collectivité ne peut pas s’y inscrire.');
    expect(
      french(held, 'RegisterParticipant', { participantId: 'z', name: 'Z', organisation: 'O', sphere: 'association', registeredAt: '2025-03-21T10:00:00Z' }),
    ).toBe('Les inscriptions sont closes : la rencontre a eu lieu.');
  });

  it('says the rules of a registration’s cancellation', () => {
    const cancel = (given: readonly Command[], data: Record<string, unknown>) =>
      french(given, 'CancelRegistration', { cancelledAt: '2025-03-03T10:00:00Z', ...data });
    expect(cancel(registered, { participantId: 'nobody' })).toBe('nobody n’est pas inscrit·e à cette rencontre.');
    expect(cancel(registered, { participantId: '' })).toBe('Choisissez un participant.');
    const once = [...registered, command('CancelRegistration', { participantId: 'marie-1', cancelledAt: '2025-03-03T10:00:00Z' })];
    expect(cancel(once, { participantId: 'marie-1' })).toBe('L’inscription de Marie Curie est déjà annulée.');
    expect(cancel(registered, { participantId: 'marie-1', cancelledAt: '' })).toBe('La date d’annulation manque.');
    expect(cancel(registered, { participantId: 'marie-1', cancelledAt: '2025-02-03T10:00:00Z' })).toBe(
      'L’annulation de l’inscription (3 février 2025) précède la programmation de la rencontre, le 1er mars 2025.',
    );
    expect(cancel(held, { participantId: 'marie-1' })).toBe('Une inscription ne s’annule plus une fois la rencontre tenue.');
  });

  it('says the rules of rescheduling and cancelling', () => {
    const move = (given: readonly Command[], data: Record<string, unknown>) =>
      french(given, 'RescheduleGathering', { date: '2025-03-27', reason: 'Grève', rescheduledAt: '2025-03-03T10:00:00Z', ...data });
    expect(move(scheduled, { reason: ' ' })).toBe('Dites pourquoi la rencontre est reprogrammée.');
    expect(move(scheduled, { date: '2025-03-20' })).toBe(
      'La rencontre est déjà programmée le 20 mars 2025, 14\u00a0h : choisissez une autre date ou un autre horaire.',
    );
    expect(move(scheduled, { date: '2025-13-01' })).toBe('La nouvelle date doit être une vraie date (AAAA-MM-JJ) ; « 2025-13-01 » n’en est pas une.');
    expect(move(scheduled, { date: '2025-02-27' })).toBe('La nouvelle date (27 février 2025) précède la programmation de la rencontre, le 1er mars 2025.');
    expect(move(scheduled, { rescheduledAt: '' })).toBe('La date de reprogrammation manque.');
    expect(move(scheduled, { rescheduledAt: '2025-02-03T10:00:00Z' })).toBe(
      'La reprogrammation (3 février 2025) précède la programmation de la rencontre, le 1er mars 2025.',
    );
    expect(move(held, {})).toBe('Une rencontre déjà tenue ne se reprogramme plus.');
    expect(move(cancelled, {})).toBe('Cette rencontre est annulée : plus rien ne peut y être enregistré.');
    const cancel = (given: readonly Command[], data: Record<string, unknown>) =>
      french(given, 'CancelGathering', { reason: 'Salle indisponible', cancelledAt: '2025-03-05T08:00:00Z', ...data });
    expect(cancel(scheduled, { reason: '' })).toBe('Dites pourquoi la rencontre est annulée.');
    expect(cancel(scheduled, { cancelledAt: '' })).toBe('La date d’annulation manque.');
    expect(cancel(scheduled, { cancelledAt: '2025-02-05T08:00:00Z' })).toBe(
      'L’annulation (5 février 2025) précède la programmation de la rencontre, le 1er mars 2025.',
    );
    expect(cancel(held, {})).toBe('Une rencontre déjà tenue ne s’annule plus.');
  });

  it('says when a gathering can be held, in the French way', () => {
    const hold = (given: readonly Command[], data: Record<string, unknown>) => french(given, 'HoldGathering', data);
    expect(hold(registered, { heldOn: '2025-03-20', today: '2025-03-10' })).toBe(
      'La date de tenue (20 mars 2025) est après aujourd’hui (10 mars 2025) : la rencontre n’a pas encore eu lieu.',
    );
    expect(hold(registered, { heldOn: '2025-03-10', today: '2025-03-10' })).toBe(
      'La rencontre est programmée le 20 mars 2025, pas le 10 mars 2025 : reprogrammez-la d’abord.',
    );
    expect(hold(registered, { heldOn: '2025-02-20', today: '2025-03-10' })).toBe(
      'La date de tenue (20 février 2025) précède la programmation de la rencontre, le 1er mars 2025.',
    );
    expect(hold(registered, { heldOn: '20/03/2025' })).toBe('La date de tenue doit être une vraie date (AAAA-MM-JJ) ; « 20/03/2025 » n’en est pas une.');
    expect(hold(registered, { heldOn: '2025-03-20', today: 'demain' })).toBe(
      'La date du jour doit être une vraie date (AAAA-MM-JJ) ; « demain » n’en est pas une.',
    );
    expect(hold(held, { heldOn: '2025-03-20' })).toBe('La rencontre s’est déjà tenue le 20 mars 2025.');
  });

  it('says the rules of attendance and pairs', () => {
    const attend = (given: readonly Command[], data: Record<string, unknown>) => french(given, 'RecordAttendance', { today: '2025-03-21', ...data });
    expect(attend(registered, { participantIds: ['marie-1'] })).toBe('Les présences s’enregistrent une fois la rencontre tenue.');
    expect(attend(held, { participantIds: [] })).toBe('Cochez au moins un participant présent.');
    expect(attend(held, { participantIds: ['nobody'] })).toBe('nobody n’est pas inscrit·e à cette rencontre.');
    expect(attend(held, { participantIds: ['marie-1', 'marie-1'] })).toBe('Marie Curie est coché·e deux fois.');
    const withdrew = [
      ...registered,
      command('CancelRegistration', { participantId: 'paul-2', cancelledAt: '2025-03-03T10:00:00Z' }),
      command('HoldGathering', { heldOn: '2025-03-20' }),
    ];
    expect(attend(withdrew, { participantIds: ['paul-2'] })).toBe('Paul Martin a annulé son inscription.');
    const heldLater = [...registered, command('HoldGathering', { heldOn: '2025-03-20' })];
    expect(attend(heldLater, { participantIds: ['marie-1'], today: '2025-03-19' })).toBe(
      'La date de la rencontre (20 mars 2025) est après aujourd’hui (19 mars 2025) : la rencontre n’a pas encore eu lieu.',
    );
    const pairs = (given: readonly Command[], data: Record<string, unknown>) => french(given, 'RecordSpeedDatingPairs', { today: '2025-03-21', ...data });
    expect(pairs(held, { pairs: [{ associationId: 'marie-1', entrepriseId: 'paul-2' }] })).toBe('Seul un speed dating enregistre des binômes.');
    expect(pairs(speedDating, { pairs: [{ associationId: 'asso-1', entrepriseId: 'firm-1' }] })).toBe(
      'Les binômes s’enregistrent une fois le speed dating tenu.',
    );
    const heldSpeedDating = [...speedDating, command('HoldGathering', { heldOn: '2025-03-20' })];
    expect(pairs(heldSpeedDating, { pairs: [] })).toBe('Indiquez au moins un binôme.');
    expect(pairs(heldSpeedDating, { pairs: [null] })).toBe('Chaque binôme réunit une association et une entreprise.');
    expect(pairs(heldSpeedDating, { pairs: [{ associationId: 'firm-1', entrepriseId: 'asso-1' }] })).toBe('Entreprise Une n’est pas de la sphère association.');
    expect(pairs(heldSpeedDating, { pairs: [{ associationId: 'asso-1', entrepriseId: 'firm-1' }] })).toBe(
      'La présence d’Association Un n’a pas été enregistrée.',
    );
    const attended = [...heldSpeedDating, command('RecordAttendance', { participantIds: ['asso-1', 'firm-1'] })];
    expect(
      pairs(attended, {
        pairs: [
          { associationId: 'asso-1', entrepriseId: 'firm-1' },
          { associationId: 'asso-1', entrepriseId: 'firm-1' },
        ],
      }),
    ).toBe('Le binôme Association Un × Entreprise Une figure deux fois.');
  });

  it('names a participant by id when the page does not know them, and never shows the English', () => {
    expect(refusalText('participant "marie-1" cancelled their registration')).toBe('marie-1 a annulé son inscription.');
    expect(refusalText('something new happened')).toBeUndefined();
    // One place: singular, as French writes it.
    expect(refusalText('the gathering is full (1 places)')).toBe('La rencontre est complète (1 place).');
    expect(refusalText('the gathering is full (2 places)')).toBe('La rencontre est complète (2 places).');
    // « de » elided before a vowel.
    expect(refusalText('the registration of "emilie-1" is already cancelled', { participantName: () => 'Émilie Dupré' })).toBe(
      'L’inscription d’Émilie Dupré est déjà annulée.',
    );
    expect(gatheringErrorText({ code: 'RULE_VIOLATED', message: 'something new happened' })).toBe('Cette action n’est pas possible dans l’état actuel.');
    expect(gatheringErrorText(refusal([], 'HoldGathering', { heldOn: '2025-03-20' }))).toBe('Cette rencontre est introuvable.');
    expect(gatheringErrorText({ code: 'CONFLICT', message: 'gathering already exists' })).toMatch(/^Ces données ont été modifiées/);
    expect(gatheringErrorText({ code: 'VALIDATION', message: 'invalid', details: [{ field: 'theme', messages: ['theme must not be blank'] }] })).toBe(
      'La demande est invalide : le thème ne peut pas être vide.',
    );
  });
});
