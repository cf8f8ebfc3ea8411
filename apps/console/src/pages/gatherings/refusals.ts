/**
 * The gathering decider's refusals in French. The api answers `422 RULE_VIOLATED` (and, for a participant who is not
 * registered or one registered twice, 404 / 409) with the decider's English message (libs/domain/src/gathering/decider.ts,
 * and the kernel's checks it calls); a person reads it here as a French sentence, its dates written the French way
 * and its participants by their names when the page knows them. A message the console does not know falls back to
 * the generic sentence of `errorText`: the English is never shown. Pure, for the forms and their unit test.
 */
import { translateRefusal } from '../../ui/refusals';
import type { ErrorLike } from '../../ui/errors';
import { errorText } from '../../ui/errors';
import { count, date, label, ofName } from '../../ui/words';
import { hoursText } from './act';

/** What the page knows to name things: a participant's name (undefined: the id is shown). */
export interface RefusalContext {
  readonly participantName?: (participantId: string) => string | undefined;
}

/** The dated facts the decider names (`{what} (date) cannot be …`), as « la date de … » says them. */
const DATED: Record<string, string> = {
  'the date of the gathering': 'La date de la rencontre',
  'the new date': 'La nouvelle date',
  'the date held': 'La date de tenue',
  'the gathering': 'La date de la rencontre',
  'the registration': 'L’inscription',
  'the cancellation of the registration': 'L’annulation de l’inscription',
  'the rescheduling': 'La reprogrammation',
  'the cancellation': 'L’annulation',
};

/** What a date is compared with (`floorWhat`). */
const FLOORS: Record<string, string> = {
  'its scheduling': 'sa programmation',
  'the scheduling of the gathering': 'la programmation de la rencontre',
};

/** The dates a command carries (`requireCalendarDate`, `requireDateOrInstant` names). */
const DATE_FIELDS: Record<string, string> = {
  'the date of the gathering': 'La date de la rencontre',
  'the new date': 'La nouvelle date',
  'the date held': 'La date de tenue',
  "today's date": 'La date du jour',
  'the time of scheduling': 'La date de programmation',
  'the time of registration': 'La date d’inscription',
  'the time of cancellation': 'La date d’annulation',
  'the time of rescheduling': 'La date de reprogrammation',
};

/** Messages without a variable part. */
const FIXED: Record<string, string> = {
  'a cancelled gathering accepts no command': 'Cette rencontre est annulée : plus rien ne peut y être enregistré.',
  'registration closes once the gathering is held': 'Les inscriptions sont closes : la rencontre a eu lieu.',
  'a registration cannot be cancelled once the gathering is held': 'Une inscription ne s’annule plus une fois la rencontre tenue.',
  'a gathering already held cannot be rescheduled': 'Une rencontre déjà tenue ne se reprogramme plus.',
  'a gathering already held cannot be cancelled': 'Une rencontre déjà tenue ne s’annule plus.',
  'attendance is recorded once the gathering is held': 'Les présences s’enregistrent une fois la rencontre tenue.',
  'attendance needs at least one participant': 'Cochez au moins un participant présent.',
  'a participant needs an id': 'Le participant n’a pas d’identifiant.',
  'a participant id is needed': 'Choisissez un participant.',
  'a participant needs a name': 'Donnez le nom du participant.',
  'a participant needs an organisation': 'Donnez l’organisation du participant.',
  'an organisation id cannot be blank': 'L’identifiant de l’organisation ne peut pas être vide.',
  'the time of registration is needed': 'La date d’inscription manque.',
  'the time of cancellation is needed': 'La date d’annulation manque.',
  'the time of rescheduling is needed': 'La date de reprogrammation manque.',
  'the time of scheduling is needed': 'La date de programmation manque.',
  'rescheduling a gathering needs a reason': 'Dites pourquoi la rencontre est reprogrammée.',
  'cancelling a gathering needs a reason': 'Dites pourquoi la rencontre est annulée.',
  'a gathering needs an id': 'La rencontre n’a pas d’identifiant.',
  'a gathering needs a theme': 'Donnez un thème à la rencontre.',
  'a gathering needs an organiser': 'La rencontre n’a pas d’organisateur.',
  'an end time needs a start time': 'Une heure de fin demande une heure de début.',
  'an organiser needs a name and whether it is in the network': 'Un organisateur a un nom, et il est du réseau ou non.',
  'an organiser needs a name': 'Donnez le nom de l’organisateur.',
  'an organiser is in the network or not (inNetwork must be true or false)': 'Dites si l’organisateur est du réseau ou non.',
  'a gathering takes place either at a place or online through a link, not both':
    'Une rencontre a lieu soit sur place, soit en ligne par un lien, pas les deux.',
  'a webinaire takes place online: it needs a link': 'Un webinaire a lieu en ligne : indiquez son lien.',
  'a rencontre annuelle takes place on site: it needs a place': 'Une rencontre annuelle a lieu sur place : indiquez son lieu.',
  'an atelier takes place on site: it needs a place': 'Un atelier a lieu sur place : indiquez son lieu.',
  'a conference takes place on site: it needs a place': 'Une conférence a lieu sur place : indiquez son lieu.',
  'a speed dating needs a place or a link': 'Un speed dating a lieu sur place ou en ligne : indiquez son lieu ou son lien.',
  'a capacity is a whole number of at least 1': 'La capacité est un nombre entier d’au moins 1.',
  'only a speed dating records pairs': 'Seul un speed dating enregistre des binômes.',
  'pairs are recorded once the speed dating is held': 'Les binômes s’enregistrent une fois le speed dating tenu.',
  'at least one pair is needed': 'Indiquez au moins un binôme.',
  'each pair needs an association and an entreprise participant': 'Chaque binôme réunit une association et une entreprise.',
  'gathering not found': 'Cette rencontre est introuvable.',
};

/** The words `unknown {what} "{value}"` names. */
const UNKNOWN: Record<string, string> = {
  'gathering kind': 'Type de rencontre inconnu',
  sphere: 'Nature d’organisation inconnue',
};

const SPHERES: Record<string, string> = {
  association: 'association',
  entreprise: 'entreprise',
  collectivite: 'collectivité',
  public: 'acteur public',
  fondation: 'fondation',
  universite: 'université',
  academique: 'monde académique',
  institution: 'institution',
  media: 'média',
};

/** A value as the decider quotes it (`"x"`, or JSON for anything else). */
const QUOTED = '("(?:[^"\\\\]|\\\\.)*"|\\S+?)';
const DAY = '(\\d{4}-\\d{2}-\\d{2})';
const TIME = '(\\d{2}:\\d{2})';
function unquote(shown: string): string {
  if (!shown.startsWith('"')) return shown;
  try {
    return String(JSON.parse(shown));
  } catch {
    return shown.slice(1, -1);
  }
}

type Say = (m: RegExpExecArray, ctx: Required<RefusalContext>) => string;

/** A participant by name (their id when the page does not know them). */
const who = (shown: string | undefined, ctx: Required<RefusalContext>): string => {
  const id = unquote(shown ?? '');
  return ctx.participantName(id) ?? id;
};
const dayOf = (value: string | undefined): string => date(value ?? '');

/** Each message with a variable part, and its French sentence. */
const PATTERNS: readonly [RegExp, Say][] = [
  [new RegExp(`^participant ${QUOTED} is already registered$`), (m, ctx) => `${who(m[1], ctx)} est déjà inscrit·e.`],
  [new RegExp(`^participant ${QUOTED} is not registered$`), (m, ctx) => `${who(m[1], ctx)} n’est pas inscrit·e à cette rencontre.`],
  [new RegExp(`^participant ${QUOTED} cancelled their registration$`), (m, ctx) => `${who(m[1], ctx)} a annulé son inscription.`],
  [new RegExp(`^the registration of ${QUOTED} is already cancelled$`), (m, ctx) => `L’inscription ${ofName(who(m[1], ctx))} est déjà annulée.`],
  [new RegExp(`^participant ${QUOTED} is listed twice$`), (m, ctx) => `${who(m[1], ctx)} est coché·e deux fois.`],
  [
    new RegExp(`^participant ${QUOTED} is not of sphere ${QUOTED}$`),
    (m, ctx) => `${who(m[1], ctx)} n’est pas de la sphère ${label(SPHERES, unquote(m[2] ?? ''))}.`,
  ],
  [new RegExp(`^participant ${QUOTED} has no recorded attendance$`), (m, ctx) => `La présence ${ofName(who(m[1], ctx))} n’a pas été enregistrée.`],
  [new RegExp(`^the pair ${QUOTED} × ${QUOTED} is listed twice$`), (m, ctx) => `Le binôme ${who(m[1], ctx)} × ${who(m[2], ctx)} figure deux fois.`],
  [
    new RegExp(`^a speed dating pairs associations with entreprises: a participant of sphere ${QUOTED} cannot register$`),
    (m) =>
      `Un speed dating réunit des associations et des entreprises : un participant de la sphère ${label(SPHERES, unquote(m[1] ?? ''))} ne peut pas s’y inscrire.`,
  ],
  [/^the gathering is full \((\d+) places?\)$/, (m) => `La rencontre est complète (${count(m[1], 'place')}).`],
  [
    new RegExp(`^the gathering is already scheduled on ${DAY}(?: at ${TIME})?(?:–${TIME})?$`),
    (m) => {
      const hours = hoursText(m[2], m[3]);
      return `La rencontre est déjà programmée le ${dayOf(m[1])}${hours ? `, ${hours}` : ''} : choisissez une autre date ou un autre horaire.`;
    },
  ],
  [new RegExp(`^the gathering was already held on ${DAY}$`), (m) => `La rencontre s’est déjà tenue le ${dayOf(m[1])}.`],
  [
    new RegExp(`^the gathering is scheduled on ${DAY}, not ${DAY}: reschedule it first$`),
    (m) => `La rencontre est programmée le ${dayOf(m[1])}, pas le ${dayOf(m[2])} : reprogrammez-la d’abord.`,
  ],
  [
    new RegExp(`^a webinaire falls on the third thursday of its month: ${DAY}, not ${DAY}$`),
    (m) => `Un webinaire du réseau a lieu le troisième jeudi du mois : le ${dayOf(m[1])}, pas le ${dayOf(m[2])}.`,
  ],
  [
    new RegExp(`^the end time \\(${TIME}\\) must come after the start time \\(${TIME}\\)$`),
    (m) => `L’heure de fin (${m[1]}) doit venir après l’heure de début (${m[2]}).`,
  ],
  [
    /^the time must be written HH:MM, from 00:00 to 23:59 \(got (.*)\)$/,
    (m) => `Une heure s’écrit HH:MM, de 00:00 à 23:59 (« ${unquote(m[1] ?? '')} » n’en est pas une).`,
  ],
  [
    /^a link is a web address starting with https:\/\/ or http:\/\/ \(got (.*)\)$/,
    (m) => `Un lien est une adresse web qui commence par https:// ou http:// (« ${unquote(m[1] ?? '')} » n’en est pas une).`,
  ],
  [new RegExp(`^unknown (gathering kind|sphere) ${QUOTED}$`), (m) => `${UNKNOWN[m[1] ?? ''] ?? 'Valeur inconnue'} : « ${unquote(m[2] ?? '')} ».`],
  [
    /^(.+) must be a real date written YYYY-MM-DD \(got (.*)\)$/,
    (m) => `${DATE_FIELDS[m[1] ?? ''] ?? 'La date'} doit être une vraie date (AAAA-MM-JJ) ; « ${unquote(m[2] ?? '')} » n’en est pas une.`,
  ],
  [
    /^(.+) must be a date YYYY-MM-DD or an ISO-8601 instant with its zone \(got (.*)\)$/,
    (m) => `${DATE_FIELDS[m[1] ?? ''] ?? 'La date'} doit être une date (AAAA-MM-JJ) ou un instant ISO 8601 ; « ${unquote(m[2] ?? '')} » n’en est pas un.`,
  ],
  [
    new RegExp(`^(.+) \\(${DAY}\\) cannot be later than today, ${DAY}: it has not happened yet$`),
    (m) => `${DATED[m[1] ?? ''] ?? 'La date'} (${dayOf(m[2])}) est après aujourd’hui (${dayOf(m[3])}) : la rencontre n’a pas encore eu lieu.`,
  ],
  [
    new RegExp(`^(.+) \\(${DAY}\\) cannot be earlier than (.+) \\(${DAY}\\)$`),
    (m) => `${DATED[m[1] ?? ''] ?? 'La date'} (${dayOf(m[2])}) précède ${FLOORS[m[3] ?? ''] ?? 'un fait antérieur de la rencontre'}, le ${dayOf(m[4])}.`,
  ],
];

/** The French sentence of one of the gathering decider's refusals, or undefined when the console does not know it. */
export function refusalText(message: string, context: RefusalContext = {}): string | undefined {
  const ctx: Required<RefusalContext> = { participantName: context.participantName ?? (() => undefined) };
  return translateRefusal(message, FIXED, PATTERNS, ctx);
}

/** What a person reads when a command on a gathering is refused: its rule in French, else the usual sentence. */
export function gatheringErrorText(error: ErrorLike, context: RefusalContext = {}): string {
  const known = ['RULE_VIOLATED', 'NOT_FOUND', 'CONFLICT'].includes(error.code) && error.message ? refusalText(error.message, context) : undefined;
  return known ?? errorText(error);
}
