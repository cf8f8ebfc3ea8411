/**
 * What a person reads when the api or the hub refuses: one French sentence per error code, and for VALIDATION
 * each field's fault in French (the api's messages are English, class-validator style: `title must not be blank`).
 * The English text is never shown: an unknown message gives a generic sentence naming the field. Pure, for the
 * pages and their unit tests.
 */
import { count, date, numberText, ofName } from './words';

export { count } from './words';

/** An error as the client hands it (`details` as the api sent it: `[{field, messages}]` for VALIDATION). */
export interface ErrorLike {
  readonly code: string;
  readonly message?: string;
  readonly details?: unknown;
}

const CODES: Record<string, string> = {
  UNAUTHORIZED: 'Votre jeton n’est plus valable : reconnectez-vous.',
  FORBIDDEN: 'Votre rôle ne donne pas accès à ces données.',
  NOT_FOUND: 'Introuvable.',
  METHOD_NOT_ALLOWED: 'Le serveur ne prend pas cette demande sous cette forme : mettez la console à jour.',
  RATE_LIMITED: 'Trop de demandes : réessayez dans un instant.',
  NETWORK: 'Le serveur ne répond pas (hors ligne ?).',
  RULE_VIOLATED: 'Cette action n’est pas possible dans l’état actuel.',
  CONFLICT: 'Ces données ont été modifiées entre-temps : rechargez la page, puis réessayez.',
  UNAVAILABLE: 'Le service est momentanément indisponible : réessayez dans un instant.',
  INTERNAL: 'Une erreur inattendue s’est produite sur le serveur : réessayez plus tard.',
  PAYLOAD_TOO_LARGE: 'La demande est trop volumineuse.',
  UNSUPPORTED_MEDIA_TYPE: 'Le serveur n’accepte que des demandes au format JSON.',
  NOT_ACCEPTABLE: 'Le serveur ne peut pas fournir ce fichier dans le format demandé.',
  PERSON_ERASED: 'Les données de cette personne ont été effacées : plus rien ne peut être enregistré à son sujet.',
  // The client's own code for a post it gave up (`FailedPostCode` of @catalyse/client): its connection closed each
  // time it was sent, so the hub may have posted it; sent again, it could appear twice.
  UNANSWERED: 'Sans réponse du serveur après plusieurs tentatives : le message a peut-être été publié ; vérifiez le fil avant de l’envoyer de nouveau.',
};

/**
 * The answers that say nothing of whether a command was recorded: no answer, or the service failing (the client's
 * `UNANSWERED`: a post sent again and again without an answer, perhaps posted).
 */
const UNANSWERED_CODES: ReadonlySet<string> = new Set(['NETWORK', 'UNAVAILABLE', 'INTERNAL', 'UNANSWERED']);

/** Whether a command may have been recorded though it was not acknowledged: its form keeps its Idempotency-Key. */
export function unanswered(error: ErrorLike): boolean {
  return UNANSWERED_CODES.has(error.code);
}

/**
 * Whether a read failed because the service could not answer (no answer, the service down or restarting, a proxy's
 * 502/503/504): the same read may succeed once it is back, and the page reads again then (`useGet`).
 */
export function unavailable(error: ErrorLike & { readonly status?: number }): boolean {
  if (error.code === 'NETWORK' || error.code === 'UNAVAILABLE') return true;
  const status = error.status ?? Number(/^HTTP_(\d{3})$/.exec(error.code)?.[1] ?? 0);
  return status === 502 || status === 503 || status === 504;
}

/** What a form says then: the same request sent again, unchanged, is recorded once. */
export const UNANSWERED_RETRY = 'La demande n’a peut-être pas abouti : renvoyez-la sans rien changer, elle ne sera enregistrée qu’une fois.';

/** The fields the console's forms and filters send, with their article. */
const FIELDS: Record<string, string> = {
  id: 'l’identifiant',
  title: 'le titre',
  text: 'le texte',
  from: 'la date de début',
  to: 'la date de fin',
  asOf: 'la date de référence',
  clock: 'le choix de la date (survenue ou enregistrée)',
  // A partnership's steering forms (apps/console/src/pages/partnerships/steering.tsx): objectives, milestones,
  // committees, indicators, impacts, conclusions.
  objectives: 'les objectifs',
  milestoneId: 'le jalon',
  dueDate: 'l’échéance',
  startedOn: 'la date du début du pilotage',
  reachedOn: 'la date où le jalon est atteint',
  attendees: 'les participants',
  decisions: 'les décisions',
  value: 'la valeur',
  target: 'la cible',
  unit: 'l’unité',
  measuredOn: 'la date de la mesure',
  direction: 'le sens attendu',
  dimension: 'la dimension',
  scores: 'les notes',
  'scores.growth_and_jobs': 'la note « Croissance économique et emplois »',
  'scores.fewer_fragilities': 'la note « Réduction des fragilités »',
  'scores.association_performance': 'la note « Performance des associations »',
  'scores.company_performance': 'la note « Performance des entreprises »',
  'scores.collective_trust': 'la note « Confiance collective »',
  'scores.individual_trust': 'la note « Confiance individuelle »',
  evidence: 'les éléments probants',
  decision: 'la décision',
  concludedOn: 'la date de conclusion',
  kind: 'le type',
  subject: 'le sujet',
  access: 'l’accès',
  territory: 'le territoire',
  region: 'la région',
  sphere: 'la nature',
  size: 'la taille',
  maturity: 'la maturité',
  objectiveFamilies: 'les objectifs recherchés',
  // An organisation's registration and its accompaniments (apps/console/src/pages/organisations).
  registryNumber: 'le numéro SIREN ou RNA',
  organisationId: 'l’organisation',
  purpose: 'l’objet',
  topics: 'les sujets abordés',
  summary: 'le résumé',
  outcome: 'l’issue',
  recordedOn: 'la date d’enregistrement',
  openedOn: 'la date d’ouverture',
  closedOn: 'la date de clôture',
  catalyseurId: 'le catalyseur',
  memberId: 'le membre',
  phase: 'la phase',
  status: 'l’état',
  q: 'la recherche',
  name: 'le nom',
  date: 'la date',
  format: 'le format',
  limit: 'le nombre de lignes',
  offset: 'la position dans la liste',
  room: 'le salon',
  since: 'la position dans le fil',
  year: 'l’année',
  // The gatherings' forms (Rencontres).
  theme: 'le thème',
  time: 'l’heure de début',
  endTime: 'l’heure de fin',
  place: 'le lieu',
  link: 'le lien',
  capacity: 'la capacité',
  territoryId: 'le territoire',
  organiser: 'l’organisateur',
  organisation: 'l’organisation',
  orgId: 'l’identifiant de l’organisation',
  participantId: 'le participant',
  participantIds: 'les participants présents',
  reason: 'le motif',
  heldOn: 'la date de tenue',
  scheduledAt: 'la date de programmation',
};

/** Names ending a plural (« les objectifs recherchés »): their verbs agree. */
const plural = (name: string): boolean => name.startsWith('les ');

/** A field in words: « l’identifiant », or « le champ « partners.0.sphere » » when the console does not know it. */
export function fieldName(field: string): string {
  const last =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? field;
  return FIELDS[field] ?? (field.includes('.') ? undefined : FIELDS[last]) ?? `le champ « ${field} »`;
}

/** « de l’identifiant », « du titre », « des objectifs ». */
function of(name: string): string {
  if (name.startsWith('le ')) return `du ${name.slice(3)}`;
  if (name.startsWith('les ')) return `des ${name.slice(4)}`;
  return `de ${name}`;
}

/** « le titre ne peut pas être vide », « les objectifs recherchés ne peuvent pas être vides ». */
const empty = (x: string, many: boolean): string => `${x} ne ${many ? 'peuvent' : 'peut'} pas être vide${many ? 's' : ''}`;

/** Each fault the api writes (its subject left out), and the French sentence that says it of `x`. */
const FAULTS: readonly [RegExp, (x: string, m: RegExpExecArray, many: boolean) => string][] = [
  [/should not exist$/, (x) => `${x} n’est pas accepté${x.startsWith('la ') ? 'e' : ''} ici`],
  [
    /(is required|should not be empty|must be defined|should not be null or undefined)$/,
    (x, _m, many) => `${x} ${many ? 'sont obligatoires' : 'est obligatoire'}`,
  ],
  [/must be an identifier\b/, (x, _m, many) => `${x} ne ${many ? 'doivent' : 'doit'} contenir que des lettres, chiffres et . _ ~ - (1 à 100 caractères)`],
  [/must be a room key\b/, (x) => `${x} ne désigne aucun salon`],
  // A registry number (libs/api-http/src/organisations/dto.ts, `RegistryNumberField`).
  [
    /must be a SIREN \(9 digits with a valid check digit\) or an RNA number/,
    (x) => `${x} doit être un SIREN (9 chiffres, le dernier étant sa clé de contrôle) ou un numéro RNA (W suivi de 9 chiffres)`,
  ],
  [/elements must be unique$/, (x, _m, many) => `${x} ne ${many ? 'doivent' : 'doit'} pas contenir deux fois la même valeur`],
  [/must not be blank$/, (x, _m, many) => empty(x, many)],
  [
    /must not hold control characters/,
    (x, _m, many) =>
      `${x} ne ${many ? 'doivent' : 'doit'} pas contenir de caractères de contrôle (seuls les tabulations et les retours à la ligne sont permis)`,
  ],
  [
    /must not hold bidirectional overrides/,
    (x, _m, many) =>
      `${x} ne ${many ? 'doivent' : 'doit'} pas contenir de caractères invisibles qui forcent le sens de lecture (U+202D, U+202E) ni de contrôles bidirectionnels laissés ouverts (U+202A à U+202C, U+2066 à U+2069)`,
  ],
  [/must be well-formed Unicode text/, (x, _m, many) => `${x} ${many ? 'contiennent' : 'contient'} un caractère invalide`],
  [/must be readable text$/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être un texte lisible`],
  [/must be shorter than or equal to (\d+) characters?$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} faire au plus ${count(m[1], 'caractère')}`],
  // At least one character: the field is empty, said as such (the api says both of a blank title).
  [
    /must be longer than or equal to (\d+) characters?$/,
    (x, m, many) => (Number(m[1]) <= 1 ? empty(x, many) : `${x} ${many ? 'doivent' : 'doit'} faire au moins ${count(m[1], 'caractère')}`),
  ],
  // Bounds the French way (« 1 000 000 000 000 000 »), not as the api writes them.
  [/must not be greater than (-?[\d.]+)$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} valoir au plus ${numberText(Number(m[1]))}`],
  [/must not be less than (-?[\d.]+)$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} valoir au moins ${numberText(Number(m[1]))}`],
  [/must contain at least (\d+) elements?$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} compter au moins ${count(m[1], 'élément')}`],
  [/must contain no more than (\d+) elements?$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} compter au plus ${count(m[1], 'élément')}`],
  [/must be one of: (.+)$/, (x, m, many) => `${x} ${many ? 'doivent' : 'doit'} valoir l’une de ces valeurs : ${m[1]}`],
  [/must be a time of day HH:MM$/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être une heure (HH:MM)`],
  [/must be a web address\b/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être une adresse web (http:// ou https://)`],
  [/must be a (calendar )?date YYYY-MM-DD$/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être une date (AAAA-MM-JJ)`],
  [/must be (a date YYYY-MM-DD or )?an ISO-8601|must be a date YYYY-MM-DD or/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être une date valide`],
  [
    /must be an? (integer )?number|must be an integer/,
    (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être un nombre${/integer/.test(_m[0]) ? ' entier' : ''}`,
  ],
  [/must be a boolean/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} valoir oui ou non`],
  [/must be a string$/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être un texte`],
  [/must be an array$/, (x, _m, many) => `${x} ${many ? 'doivent' : 'doit'} être une liste`],
  // A date after today or an instant after now (`asOf` of the as-of reads and reports, the dates of past facts).
  [
    /cannot be in the future: (\d{4}-\d{2}-\d{2}) is after today \((\d{4}-\d{2}-\d{2})\)$/,
    (x, m, many) => `${x} ne ${many ? 'peuvent' : 'peut'} pas être dans le futur : le ${date(m[1])} est après aujourd’hui, le ${date(m[2])}`,
  ],
  // A batch's year after its cut's (`year cannot be after the year of asOf: partnerships active in 2015 cannot be read as of 2012-12-31`).
  [
    /cannot be after the year of asOf: partnerships active in (\d{4}) cannot be read as of (\S+)$/,
    (x, m) => `${x} ${m[1]} est après celle de la date de référence : les partenariats actifs en ${m[1]} ne se lisent pas au ${date(m[2] ?? '')}`,
  ],
  // A batch's year (`year cannot be in the future: 2031 is after this year (2026)`).
  [/cannot be in the future: (\d{4}) is after this year \((\d{4})\)$/, (x, m) => `${x} ${m[1]} n’est pas encore venue : un lot porte sur ${m[2]} au plus tard`],
  [/cannot be in the future\b/, (x, _m, many) => `${x} ne ${many ? 'peuvent' : 'peut'} pas être dans le futur`],
];

/** A value of a list the steering forms send, in words (« chaque décision »), rather than « chaque valeur des décisions ». */
const EACH: Record<string, string> = { decisions: 'chaque décision', attendees: 'chaque participant', objectives: 'chaque objectif' };

/** One fault of `field` in French (the api's `message` about it). */
export function faultText(field: string, message: string): string {
  if (field === 'from' && /^from must not be after to$/.test(message)) return 'la date de début ne doit pas être après la date de fin';
  const each = /^each value of /.test(message);
  const name = fieldName(field);
  const subject = each ? (EACH[field] ?? `chaque valeur ${of(name)}`) : name;
  const many = !each && plural(name);
  for (const [pattern, say] of FAULTS) {
    const found = pattern.exec(message);
    if (found) return say(subject, found, many);
  }
  return `${subject} ${many ? 'ne sont pas valides' : 'n’est pas valide'}`;
}

function fieldErrors(details: unknown): { field: string; messages: string[] }[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { field, messages } = d as { field?: unknown; messages?: unknown };
    if (typeof field !== 'string') return [];
    const texts = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === 'string') : [];
    return [{ field, messages: texts.length > 0 ? texts : [''] }];
  });
}

/** « La demande est invalide : le titre est obligatoire ; le texte ne doit pas être vide. » */
export function validationText(details: unknown): string {
  const faults = [...new Set(fieldErrors(details).flatMap(({ field, messages }) => messages.map((m) => faultText(field, m))))];
  return faults.length === 0 ? 'La demande est invalide.' : `La demande est invalide : ${faults.join(' ; ')}.`;
}

/** Who is signed in (their token's `sub`), for the sentences that say « vous »: the session registers it. */
let signedIn: () => string | undefined = () => undefined;
export function setSignedIn(who: () => string | undefined): void {
  signedIn = who;
}

/** How a sentence names a person or organisation by id (its name when the page knows it). */
export type NameById = (id: string) => string | undefined;

/** « A », « A et B », « A, B et C ». */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1] ?? ''}`;
}

/**
 * PERSON_ERASED: the api names the erased (`the personal data of u-1, u-2 were erased: …`, `PersonErasedError`).
 * The signed-in person among them reads that it is their own data; anyone else, whose. Nothing says why: an
 * erasure is asked by the person or decided by an operator (`no_longer_needed`…), and the message does not tell.
 */
export function erasedText(message: string | undefined, me: string | undefined, nameOf: NameById = () => undefined): string {
  const found = /^the personal data of (.+?) (?:was|were) erased\b/.exec(message ?? '');
  const ids = found?.[1] ? found[1].split(/,\s*/).filter((id) => id !== '') : [];
  if (me !== undefined && ids.includes(me)) return 'Vos données personnelles ont été effacées : vous ne pouvez plus rien enregistrer.';
  if (ids.length === 0) return CODES['PERSON_ERASED'] ?? '';
  const who = listed(ids.map((id) => nameOf(id) ?? id));
  return ids.length > 1
    ? `Les données personnelles ${ofName(who)} ont été effacées : plus rien ne peut être enregistré à leur sujet.`
    : `Les données personnelles ${ofName(who)} ont été effacées : plus rien ne peut être enregistré à son sujet.`;
}

/** The access rules' refusals (libs/auth/src/access: `rules.ts`, `room-rules.ts`, the table's `refusal`s), in French. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [
    /^organisation \S+ is not a partner of partnership /,
    'Votre organisation n’est pas partenaire de ce partenariat : ses données ne vous sont pas accessibles.',
  ],
  [/^catalyseur \S+ does not accompany partnership /, 'Vous n’accompagnez pas ce partenariat : ses données sont réservées aux catalyseurs qui l’accompagnent.'],
  [/^nobody accompanies partnership \S+ yet/, 'Personne n’accompagne encore ce partenariat : un catalyseur ne peut y affecter que lui-même.'],
  [/^a partner agrees objectives for its own organisation/, 'Un partenaire ne convient que des objectifs de sa propre organisation.'],
  [/^a partner proposes partnerships of its own organisation/, 'Un partenaire ne propose que des partenariats auxquels son organisation prend part.'],
  [/^a partner sees the partnerships of its own organisation/, 'Vous ne voyez que les partenariats de votre organisation.'],
  [
    /^(a partner reads its own organisation|a partner follows its own organisation only)/,
    'Ces données sont celles d’une autre organisation : vous ne consultez que celles de la vôtre.',
  ],
  [/^a partner reads the accompaniments of its own organisation/, 'Vous ne consultez que les accompagnements de votre organisation.'],
  [/^(this room is for its members|only members contribute to a members-only room)/, 'Ce salon est réservé à ses membres : vous n’en faites pas partie.'],
  [/^this room is for the catalyseurs who accompany its partnership/, 'Ce salon est réservé aux catalyseurs qui accompagnent son partenariat.'],
  [/^this room is for the partners of its partnership/, 'Ce salon est réservé aux partenaires de son partenariat.'],
  [/^partners see the rooms of their partnerships/, 'Vous n’entrez que dans les salons des partenariats de votre organisation.'],
  [/^(ops rooms are|the ops room is)/, 'Ce salon est réservé aux opérateurs.'],
  [/^partners see the feeds of their partnerships/, 'Ce fil est réservé aux partenaires du partenariat et aux catalyseurs qui l’accompagnent.'],
  [
    /^(a catalyseur reads its own portfolio only|a portfolio is read by its catalyseur)/,
    'Un portefeuille n’est consulté que par son catalyseur et les opérateurs.',
  ],
  [/^a catalyseur manages its own profile only/, 'Un catalyseur ne gère que son propre profil.'],
  [/^a catalyseur opens accompaniments in its own name/, 'Un catalyseur n’ouvre un accompagnement qu’en son propre nom.'],
  [/^only the catalyseur who holds an accompaniment/, 'Seul le catalyseur qui tient cet accompagnement (ou un opérateur) peut agir dessus.'],
  [/^a room is archived by its members or an operator/, 'Un salon n’est archivé que par ses membres ou un opérateur.'],
  [/^a partner may only open a room of kind partnership/, 'Un partenaire n’ouvre que des salons de ses propres partenariats.'],
  [
    /^catalyseur \S+ left the network: their access ended/,
    'Vous avez quitté le réseau : votre accès a pris fin (seuls votre profil et votre portefeuille restent consultables).',
  ],
];

/** What the api says it did not find (`partnership flda-x not found`), and the French sentence that names it. */
const NOT_FOUND: readonly [RegExp, (id: string) => string][] = [
  [/^partnership "?([^"\s]+)"? not found$/, (id) => `Ce partenariat (${id}) n’existe pas.`],
  [/^territory "?([^"\s]+)"? not found$/, (id) => `Ce territoire (${id}) n’existe pas.`],
  [/^experimentation "?([^"\s]+)"? not found$/, (id) => `Cette expérimentation (${id}) n’existe pas.`],
  [/^organisation "?([^"\s]+)"? not found$/, (id) => `Cette organisation (${id}) n’existe pas.`],
  [/^report "?([^"\s]+)"? not found$/, (id) => `Ce rapport (${id}) n’existe pas.`],
];

/** NOT_FOUND: what was not found, in French, when the console knows the api's words; else the generic sentence. */
export function notFoundText(message: string | undefined): string {
  for (const [pattern, say] of NOT_FOUND) {
    const found = pattern.exec(message ?? '');
    if (found?.[1]) return say(found[1]);
  }
  return CODES['NOT_FOUND'] ?? '';
}

/** FORBIDDEN: the rule's own reason in French when the console knows it, else the generic sentence. */
export function forbiddenText(message: string | undefined): string {
  const known = FORBIDDEN.find(([pattern]) => pattern.test(message ?? ''));
  return known?.[1] ?? CODES['FORBIDDEN'] ?? '';
}

/**
 * What a person reads of an error: French only, whatever the api's English `message` says. `me`: who is signed in
 * (the session's, by default); `nameOf`: names of those the message names by id.
 */
export function errorText(error: ErrorLike, me: string | undefined = signedIn(), nameOf?: NameById): string {
  if (error.code === 'VALIDATION') return validationText(error.details);
  if (error.code === 'PERSON_ERASED') return erasedText(error.message, me, nameOf);
  if (error.code === 'FORBIDDEN') return forbiddenText(error.message);
  if (error.code === 'NOT_FOUND') return notFoundText(error.message);
  return CODES[error.code] ?? `Une erreur s’est produite (${error.code}).`;
}

/** The pattern of an identifier (a report's subject, a room's id): letters, digits and . _ ~ -, 1 to 100 characters. */
export const ID_PATTERN = /^[A-Za-z0-9._~-]{1,100}$/;

/** Checks an identifier typed in a form before it is sent: undefined when fine, else what to say (in French). */
export function identifierProblem(value: string, what = 'L’identifiant'): string | undefined {
  if (value.trim() === '') return `${what} est obligatoire.`;
  if (!ID_PATTERN.test(value)) return `${what} ne doit contenir que des lettres, chiffres et . _ ~ - (1 à 100 caractères, sans espace).`;
  return undefined;
}
