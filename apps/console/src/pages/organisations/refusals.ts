/**
 * The organisation and accompaniment deciders' refusals in French. The api answers `422 RULE_VIOLATED` with the
 * decider's English message (libs/domain/src/organisation/decider.ts, registry-number.ts,
 * libs/domain/src/accompaniment/decider.ts, and the kernel's checks they call); a person reads it here as a French
 * sentence, its dates written the French way and its words (maturities, objectives) by their French labels. The
 * `409` of an id already taken and the `404`s of what a command names are said too. A message the console does not
 * know falls back to the generic sentence of `errorText`: the English is never shown. Pure, for the forms and their
 * unit test.
 */
import { translateRefusal } from '../../ui/refusals';
import type { ErrorLike, NameById } from '../../ui/errors';
import { count, errorText } from '../../ui/errors';
import { ACCOMPANIMENT_OUTCOMES, date, MATURITIES, OBJECTIVES, SIZES } from '../../ui/words';

/** Messages without a variable part. */
const FIXED: Record<string, string> = {
  'an organisation needs an id': 'Donnez un identifiant à l’organisation.',
  'an organisation needs a name': 'Donnez un nom à l’organisation.',
  'an organisation needs a territory': 'Choisissez le territoire de l’organisation.',
  'the time of registration is needed': 'La date d’inscription de l’organisation manque.',
  'a profile update needs at least one field': 'Modifiez au moins un élément du profil avant d’enregistrer.',
  'a strategy needs at least one objective family': 'Cochez au moins un objectif recherché.',
  'an accompaniment needs an id': 'L’accompagnement n’a pas d’identifiant.',
  'an accompaniment needs the organisation it accompanies': 'Un accompagnement porte sur une organisation : elle manque.',
  'an accompaniment needs the catalyseur who accompanies': 'Choisissez le catalyseur qui accompagne l’organisation.',
  'an accompaniment needs a purpose': 'Dites l’objet de l’accompagnement.',
  'a session needs at least one topic': 'Notez au moins un sujet abordé pendant la séance.',
  'a topic cannot be blank': 'Un sujet de la séance ne peut pas être vide.',
  'a session needs a summary': 'Résumez ce qui est ressorti de la séance.',
  'a session needs who recorded it': 'La séance ne dit pas qui l’a enregistrée.',
  'a maturity needs at least one objective family': 'Cochez au moins un objectif recherché.',
  'closing an accompaniment needs a reason': 'Dites pourquoi l’accompagnement est clos.',
};

/** The words `unknown {what} "{value}"` names. */
const UNKNOWN: Record<string, string> = {
  'organisation kind': 'Nature d’organisation inconnue',
  'organisation size': 'Taille d’organisation inconnue',
  'alliance maturity': 'Maturité inconnue',
  'objective family': 'Objectif inconnu',
  'accompaniment outcome': 'Issue d’accompagnement inconnue',
};

/** The dates a command carries (the deciders' `requireCalendarDate` names). */
const DATE_FIELDS: Record<string, string> = {
  'the date of the strategy': 'La date de la stratégie',
  'the opening date': 'La date d’ouverture',
  'the date of the session': 'La date de la séance',
  'the date of the maturity': 'La date de la maturité constatée',
  'the closing date': 'La date de clôture',
  "today's date": 'La date du jour',
};

/** The facts a date rule checks (`notEarlier`'s and `notAfterToday`'s `what`), as the subject of a sentence. */
const FACTS: Record<string, string> = {
  'the strategy': 'La stratégie',
  'a session': 'La séance',
  'the maturity': 'La maturité constatée',
  'the closing': 'La clôture',
};

/** What they cannot precede (`notEarlier`'s `floorWhat`). */
const FLOORS: Record<string, string> = {
  'the registration of the organisation': 'l’inscription de l’organisation',
  'the opening of the accompaniment': 'l’ouverture de l’accompagnement',
  'the current one': 'la maturité déjà constatée',
  'the last session': 'la dernière séance',
  'the last maturity recorded': 'la dernière maturité constatée',
};

/** A value as the decider quotes it (`"x"`, or JSON for anything else). */
const QUOTED = '("(?:[^"\\\\]|\\\\.)*"|\\S+?)';
const DAY = '(\\d{4}-\\d{2}-\\d{2})';
function unquote(shown: string): string {
  if (!shown.startsWith('"')) return shown;
  try {
    return String(JSON.parse(shown));
  } catch {
    return shown.slice(1, -1);
  }
}

/** The French way of a date written `YYYY-MM-DD` (anything else as it is). */
const day = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : value);

/** The label of a value the deciders name (a maturity, an objective…), else the value itself. */
function word(what: string, value: string): string {
  const dict: Record<string, Record<string, string>> = {
    'organisation size': SIZES,
    'alliance maturity': MATURITIES,
    'objective family': OBJECTIVES,
    'accompaniment outcome': ACCOMPANIMENT_OUTCOMES,
  };
  const known = dict[what];
  return known && Object.hasOwn(known, value) ? (known[value] ?? value) : value;
}

/** What the console knows to name people by (a catalyseur's name; undefined: its id). */
export interface RefusalContext {
  readonly catalyseurName?: NameById;
}

type Say = (m: RegExpExecArray, ctx: Required<RefusalContext>) => string;

const PATTERNS: readonly [RegExp, Say][] = [
  [
    new RegExp(`^SIREN (\\d{9}) has a wrong check digit \\(got ${QUOTED}\\)$`),
    (m) => `Le SIREN ${m[1] ?? ''} n’existe pas : son dernier chiffre (la clé de contrôle) ne correspond pas aux huit autres.`,
  ],
  [
    new RegExp(`^a registry number is a SIREN \\(9 digits\\) or an RNA number \\(W and 9 digits\\) \\(got ${QUOTED}\\)$`),
    (m) => `« ${unquote(m[1] ?? '')} » n’est ni un SIREN (9 chiffres) ni un numéro RNA (W suivi de 9 chiffres).`,
  ],
  [
    new RegExp(`^unknown (organisation kind|organisation size|alliance maturity|objective family|accompaniment outcome) ${QUOTED}$`),
    (m) => `${UNKNOWN[m[1] ?? ''] ?? 'Valeur inconnue'} : « ${unquote(m[2] ?? '')} ».`,
  ],
  [new RegExp(`^objective family ${QUOTED} is given twice$`), (m) => `L’objectif « ${word('objective family', unquote(m[1] ?? ''))} » est coché deux fois.`],
  [new RegExp(`^topic ${QUOTED} is given twice$`), (m) => `Le sujet « ${unquote(m[1] ?? '')} » est noté deux fois.`],
  [/^a session lists at most (\d+) topics$/, (m) => `Une séance compte au plus ${count(m[1], 'sujet')}.`],
  [
    new RegExp(`^a topic is at most (\\d+) characters \\(got ${QUOTED}\\)$`),
    (m) => `Un sujet fait au plus ${count(m[1], 'caractère')} : « ${unquote(m[2] ?? '').slice(0, 40)}… » est trop long.`,
  ],
  [
    /^the accompaniment was closed on (\S+): it accepts no command$/,
    (m) => `Cet accompagnement a été clos${m[1] && m[1] !== '?' ? ` le ${day(m[1])}` : ''} : plus rien ne peut y être enregistré.`,
  ],
  [
    new RegExp(`^a strategy of ${DAY} cannot replace the later one of ${DAY}$`),
    (m) => `Une stratégie du ${day(m[1] ?? '')} ne peut pas remplacer celle, plus récente, du ${day(m[2] ?? '')}.`,
  ],
  [
    /^the time of registration must be a date YYYY-MM-DD or an ISO-8601 instant with its zone \(got (.*)\)$/,
    (m) => `La date d’inscription doit être une vraie date ; « ${unquote(m[1] ?? '')} » n’en est pas une.`,
  ],
  [
    /^(.+) must be a real date written YYYY-MM-DD \(got (.*)\)$/,
    (m) => `${DATE_FIELDS[m[1] ?? ''] ?? 'La date'} doit être une vraie date (AAAA-MM-JJ) ; « ${unquote(m[2] ?? '')} » n’en est pas une.`,
  ],
  [
    new RegExp(`^(.+) \\(${DAY}\\) cannot be later than today, ${DAY}: it has not happened yet$`),
    (m) => `${FACTS[m[1] ?? ''] ?? 'La date'} (${day(m[2] ?? '')}) est après aujourd’hui (${day(m[3] ?? '')}) : on n’enregistre que ce qui a déjà eu lieu.`,
  ],
  [
    new RegExp(`^(.+) \\(${DAY}\\) cannot be earlier than (.+) \\(${DAY}\\)$`),
    (m) => `${FACTS[m[1] ?? ''] ?? 'La date'} (${day(m[2] ?? '')}) ne peut pas précéder ${FLOORS[m[3] ?? ''] ?? 'un fait antérieur'} (${day(m[4] ?? '')}).`,
  ],
  // The api's, before the decider: the catalyseur named is no longer a member of the network.
  [
    /^catalyseur (\S+) left the network: it cannot be given an accompaniment$/,
    (m, ctx) => `${ctx.catalyseurName(m[1] ?? '') ?? m[1] ?? ''} a quitté le réseau : un accompagnement ne peut plus lui être confié.`,
  ],
];

/** The French sentence of one of the deciders' refusals, or undefined when the console does not know it. */
export function refusalText(message: string, context: RefusalContext = {}): string | undefined {
  const ctx: Required<RefusalContext> = { catalyseurName: context.catalyseurName ?? (() => undefined) };
  return translateRefusal(message, FIXED, PATTERNS, ctx);
}

/**
 * What a person reads when a command on an organisation or an accompaniment is refused: its rule in French, the id
 * already taken (409), what the command names and is not there (404); else the usual sentence of `errorText`.
 * `me`: who is signed in (a catalyseur opening in its own name reads « vous »).
 */
export function organisationErrorText(error: ErrorLike, context: RefusalContext & { readonly me?: string } = {}): string {
  const message = error.message ?? '';
  if (error.code === 'RULE_VIOLATED' && message) return refusalText(message, context) ?? errorText(error);
  if (error.code === 'CONFLICT') {
    if (/^organisation already exists$/.test(message)) return 'Une organisation porte déjà cet identifiant : choisissez-en un autre.';
    if (/^accompaniment already exists$/.test(message)) return 'Cet accompagnement est déjà ouvert.';
  }
  if (error.code === 'NOT_FOUND') {
    if (/^organisation (\S+ )?not found$/.test(message)) return 'Cette organisation n’est pas enregistrée.';
    if (/^accompaniment (\S+ )?not found$/.test(message)) return 'Cet accompagnement est introuvable.';
    const catalyseur = /^catalyseur (\S+) not found$/.exec(message);
    if (catalyseur) {
      const id = catalyseur[1] ?? '';
      return id === context.me
        ? 'Vous n’êtes pas encore membre du réseau : rejoignez-le (votre profil de catalyseur) avant d’accompagner une organisation.'
        : `${context.catalyseurName?.(id) ?? id} n’est pas membre du réseau : il ou elle doit le rejoindre avant d’accompagner une organisation.`;
    }
  }
  return errorText(error);
}
