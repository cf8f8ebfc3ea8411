/**
 * The partnership decider's refusals in French. The api answers `422 RULE_VIOLATED` with the decider's English
 * message (libs/domain/src/partnership/*.ts, and the kernel's checks they call); a person reads it here as a French
 * sentence, its dates written the French way and its milestones and partners by their names when the board knows
 * them. A message the console does not know falls back to the generic sentence of `errorText`: the English is never
 * shown. Pure, for the steering forms and their unit test.
 */
import { translateRefusal } from '../../ui/refusals';
import type { ErrorLike } from '../../ui/errors';
import { count, errorText } from '../../ui/errors';
import { date, label, ofName } from '../../ui/words';

/** What the board knows to name things: a milestone's title, a partner's name (undefined: the id is shown). */
export interface RefusalContext {
  readonly milestoneTitle?: (milestoneId: string) => string | undefined;
  readonly partnerName?: (orgId: string) => string | undefined;
}

/** The facts whose date a rule checks (the decider's `what`), as « la date de … » ends. */
const DATED: Record<string, string> = {
  'the start of pilotage': 'du début du pilotage',
  'reaching a milestone': 'd’atteinte du jalon',
  'the steering committee': 'du comité de pilotage',
  'the measurement': 'de la mesure',
  'the opening of the evaluation': 'd’ouverture de l’évaluation',
  'the conclusion': 'de la conclusion',
  'the assignment': 'd’affectation du catalyseur',
  'the release': 'de fin d’accompagnement',
  'the due date': 'de l’échéance',
  'the new due date': 'de la nouvelle échéance',
};

/** The dates a command carries (the decider's `requireCalendarDate` names). */
const DATE_FIELDS: Record<string, string> = {
  'the due date': 'L’échéance',
  'the new due date': 'La nouvelle échéance',
  'the start date': 'La date de début du pilotage',
  'the date reached': 'La date d’atteinte du jalon',
  'the date held': 'La date du comité de pilotage',
  'the measurement date': 'La date de la mesure',
  'the opening date': 'La date d’ouverture de l’évaluation',
  'the conclusion date': 'La date de conclusion',
  'the date of the assignment': 'La date d’affectation',
  'the date of the release': 'La date de fin d’accompagnement',
  "today's date": 'La date du jour',
};

/** What a phase rule allows, by the decider's message. */
const PHASE_RULES: Record<string, string> = {
  'objectives can only be agreed during cadrage': 'Les objectifs ne se conviennent que pendant le cadrage.',
  'a milestone can only be planned during cadrage or pilotage': 'Un jalon ne se planifie que pendant le cadrage ou le pilotage.',
  'pilotage can only start from cadrage': 'Le pilotage ne peut commencer qu’à l’issue du cadrage.',
  'a milestone can only be reached during pilotage': 'Un jalon ne peut être atteint que pendant le pilotage.',
  'a milestone can only be rescheduled during cadrage or pilotage': 'Un jalon ne se replanifie que pendant le cadrage ou le pilotage.',
  'a milestone can only be dropped during cadrage or pilotage': 'Un jalon ne s’abandonne que pendant le cadrage ou le pilotage.',
  'a steering committee can only be held during pilotage': 'Un comité de pilotage ne se tient que pendant le pilotage.',
  'an indicator can only be recorded during pilotage or evaluation': 'Un indicateur ne se mesure que pendant le pilotage ou l’évaluation.',
  'an evaluation can only be opened from pilotage': 'L’évaluation ne s’ouvre qu’à l’issue du pilotage.',
  'impact can only be assessed during evaluation': 'L’impact ne s’évalue que pendant l’évaluation.',
  'an evaluation can only be concluded during evaluation': 'Une évaluation ne se conclut que pendant l’évaluation.',
};

/** Messages without a variable part. */
const FIXED: Record<string, string> = {
  ...PHASE_RULES,
  'a closed partnership accepts no command': 'Ce partenariat est clos : plus rien ne peut y être enregistré.',
  'an organisation id is needed': 'Choisissez une organisation partenaire.',
  'a milestone id is needed': 'Choisissez un jalon.',
  'at least one objective must be agreed': 'Choisissez au moins un objectif.',
  'a milestone needs a title': 'Donnez un titre au jalon.',
  'at least one milestone must be planned before pilotage': 'Planifiez au moins un jalon avant de commencer le pilotage.',
  'rescheduling a milestone needs a reason': 'Dites pourquoi le jalon est replanifié.',
  'dropping a milestone needs a reason': 'Dites pourquoi le jalon est abandonné.',
  'a steering committee id is needed': 'Le comité de pilotage n’a pas d’identifiant.',
  'a steering committee needs at least one partner present': 'Cochez au moins un partenaire présent au comité.',
  'a steering committee needs at least one decision': 'Notez au moins une décision du comité.',
  'a decision cannot be empty': 'Une décision du comité ne peut pas être vide.',
  'an indicator id is needed': 'L’indicateur n’a pas d’identifiant.',
  'an indicator needs a name': 'Donnez un nom à l’indicateur.',
  'an indicator value must be a finite number': 'La valeur de l’indicateur doit être un nombre.',
  'an indicator target must be a finite number': 'La cible de l’indicateur doit être un nombre.',
  'an indicator target needs a direction (increase or decrease)': 'Une cible demande un sens : à atteindre en hausse ou en baisse.',
  'an impact assessment needs evidence': 'Donnez les éléments qui justifient l’évaluation de l’impact.',
  'all three impact dimensions must be assessed before concluding': 'Évaluez les trois dimensions de l’impact avant de conclure.',
  'a catalyseur id is needed': 'Choisissez un catalyseur.',
  // The proposal's (the console does not propose yet; the api may still say them).
  'a partnership needs an id': 'Le partenariat n’a pas d’identifiant.',
  'a partnership needs a title': 'Donnez un titre au partenariat.',
  'the time of the proposal is needed': 'La date de la proposition manque.',
  'a partnership needs a territory': 'Choisissez le territoire du partenariat.',
  'the territory needs an id': 'Le territoire n’a pas d’identifiant.',
  'the territory needs a name': 'Donnez un nom au territoire.',
  'a partnership needs at least two partners': 'Un partenariat réunit au moins deux partenaires.',
  'each partner needs an organisation id, a name and a sphere': 'Chaque partenaire a un identifiant d’organisation, un nom et une nature.',
  'each partner needs an organisation id': 'Chaque partenaire a un identifiant d’organisation.',
  'each partner needs a name': 'Chaque partenaire a un nom.',
  'a partnership needs partners from at least two different spheres': 'Un partenariat réunit des partenaires d’au moins deux natures différentes.',
  'a partnership needs at least one mode': 'Choisissez au moins un mode de partenariat.',
};

/** The words `unknown {what} "{value}"` names. */
const UNKNOWN: Record<string, string> = {
  objective: 'Objectif inconnu',
  mode: 'Mode inconnu',
  sphere: 'Nature d’organisation inconnue',
  'territory scale': 'Échelle de territoire inconnue',
  'impact dimension': 'Dimension d’impact inconnue',
  decision: 'Décision inconnue',
  'indicator direction': 'Sens d’indicateur inconnu',
};

const SUB_DIMENSIONS: Record<string, string> = {
  growth_and_jobs: 'Croissance économique et emplois',
  fewer_fragilities: 'Réduction des fragilités',
  association_performance: 'Performance des associations',
  company_performance: 'Performance des entreprises',
  collective_trust: 'Confiance collective',
  individual_trust: 'Confiance individuelle',
};
const DIMENSIONS: Record<string, string> = {
  innovation_societale: 'l’innovation sociétale',
  performance_organisations: 'la performance des organisations',
  confiance: 'la confiance',
};

/** A value as the decider quotes it (`"x"`, or JSON for anything else), unquoted. */
const QUOTED = '("(?:[^"\\\\]|\\\\.)*"|\\S+?)';
function unquote(shown: string): string {
  if (!shown.startsWith('"')) return shown;
  try {
    return String(JSON.parse(shown));
  } catch {
    return shown.slice(1, -1);
  }
}

/** The French way of a date the decider wrote `YYYY-MM-DD` (anything else as it is). */
const day = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : value);

type Say = (m: RegExpExecArray, ctx: Required<RefusalContext>) => string;

const milestone = (shown: string, ctx: Required<RefusalContext>): string => {
  const id = unquote(shown);
  const title = ctx.milestoneTitle(id);
  return `« ${title ?? id} »`;
};
const partner = (shown: string, ctx: Required<RefusalContext>): string => {
  const id = unquote(shown);
  return ctx.partnerName(id) ?? id;
};

/** A rule's floor (`notBefore`'s `floorWhat`) in French. */
function floorText(floor: string, ctx: Required<RefusalContext>): string {
  const known: Record<string, string> = {
    'the start of pilotage': 'le début du pilotage',
    'the opening of the evaluation': 'l’ouverture de l’évaluation',
    'the renewal of the partnership': 'le renouvellement du partenariat',
  };
  if (known[floor]) return known[floor];
  const reached = new RegExp(`^the last fact of pilotage, milestone ${QUOTED} reached$`).exec(floor);
  if (reached?.[1]) return `le dernier fait du pilotage, le jalon ${milestone(reached[1], ctx)} atteint`;
  const held = new RegExp(`^the last fact of pilotage, steering committee ${QUOTED} held$`).exec(floor);
  if (held) return 'le dernier fait du pilotage, un comité de pilotage tenu';
  if (new RegExp(`^the assignment of catalyseur ${QUOTED}$`).test(floor)) return 'l’affectation de ce catalyseur au partenariat';
  return 'un fait antérieur du partenariat';
}

/** « la date du début du pilotage », or a generic « la date » for a fact the console does not know. */
const dateOf = (what: string): string => (DATED[what] ? `la date ${DATED[what]}` : 'la date');
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Each message with a variable part, and its French sentence. */
const PATTERNS: readonly [RegExp, Say][] = [
  [new RegExp(`^${QUOTED} is not a partner of this partnership$`), (m, ctx) => `${partner(m[1] ?? '', ctx)} n’est pas partenaire de ce partenariat.`],
  [new RegExp(`^milestone ${QUOTED} is already reached$`), (m, ctx) => `Le jalon ${milestone(m[1] ?? '', ctx)} est déjà atteint.`],
  [new RegExp(`^milestone ${QUOTED} was dropped$`), (m, ctx) => `Le jalon ${milestone(m[1] ?? '', ctx)} a été abandonné.`],
  [
    new RegExp(`^milestone ${QUOTED} is already due on (\\d{4}-\\d{2}-\\d{2})$`),
    (m, ctx) => `Le jalon ${milestone(m[1] ?? '', ctx)} est déjà prévu le ${day(m[2] ?? '')} : choisissez une autre échéance.`,
  ],
  [
    new RegExp(`^milestone ${QUOTED} is due in (-?\\d+) days, beyond the reminder window of (\\d+) days$`),
    (m, ctx) => `Le jalon ${milestone(m[1] ?? '', ctx)} est dû dans ${count(m[2], 'jour')}, au-delà de la fenêtre de rappel de ${count(m[3], 'jour')}.`,
  ],
  [/^a reminder window is a whole number of days from 0 to (\d+)$/, (m) => `La fenêtre de rappel est un nombre entier de jours, de 0 à ${m[1]}.`],
  [
    /^every partner must agree on objectives before pilotage \(missing: (.+)\)$/,
    (m) => `Chaque partenaire doit convenir de ses objectifs avant le pilotage (il manque : ${m[1]}).`,
  ],
  [new RegExp(`^objective ${QUOTED} is listed twice$`), (m) => `L’objectif « ${unquote(m[1] ?? '')} » est choisi deux fois.`],
  [new RegExp(`^mode ${QUOTED} is listed twice$`), (m) => `Le mode « ${unquote(m[1] ?? '')} » est choisi deux fois.`],
  [new RegExp(`^attendee ${QUOTED} is listed twice$`), (m, ctx) => `${partner(m[1] ?? '', ctx)} est coché deux fois parmi les présents.`],
  [
    new RegExp(`^organisation ${QUOTED} is listed twice among the partners$`),
    (m, ctx) => `${partner(m[1] ?? '', ctx)} figure deux fois parmi les partenaires.`,
  ],
  [new RegExp(`^catalyseur ${QUOTED} does not accompany this partnership$`), (m) => `Le catalyseur ${unquote(m[1] ?? '')} n’accompagne pas ce partenariat.`],
  [
    /^an impact assessment needs a score for each sub-dimension \((\w+) has two sub-dimensions: (\w+), (\w+)\)$/,
    (m) => `Notez chacune des deux sous-dimensions ${ofName(label(DIMENSIONS, m[1]))} : ${label(SUB_DIMENSIONS, m[2])} et ${label(SUB_DIMENSIONS, m[3])}.`,
  ],
  [
    new RegExp(`^${QUOTED} is not a sub-dimension of (\\w+) \\(\\w+ has two sub-dimensions: (\\w+), (\\w+)\\)$`),
    (m) =>
      `« ${unquote(m[1] ?? '')} » n’est pas une sous-dimension ${ofName(label(DIMENSIONS, m[2]))} (ses deux sous-dimensions : ${label(SUB_DIMENSIONS, m[3])} et ${label(SUB_DIMENSIONS, m[4])}).`,
  ],
  [
    /^the sub-dimension (\w+)(?: and (\w+))? of (\w+) needs a score$/,
    (m) =>
      m[2]
        ? `Notez les sous-dimensions ${label(SUB_DIMENSIONS, m[1])} et ${label(SUB_DIMENSIONS, m[2])} ${ofName(label(DIMENSIONS, m[3]))}.`
        : `Notez la sous-dimension ${label(SUB_DIMENSIONS, m[1])} ${ofName(label(DIMENSIONS, m[3]))}.`,
  ],
  [
    /^an impact score must be a whole number from (\d+) to (\d+) \((\w+): (.*)\)$/,
    (m) => `Une note d’impact est un nombre entier de ${m[1]} à ${m[2]} (${label(SUB_DIMENSIONS, m[3])} : ${unquote(m[4] ?? '')}).`,
  ],
  [
    new RegExp(`^unknown (objective|mode|sphere|territory scale|impact dimension|decision|indicator direction) ${QUOTED}$`),
    (m) => `${UNKNOWN[m[1] ?? ''] ?? 'Valeur inconnue'} : « ${unquote(m[2] ?? '')} ».`,
  ],
  [
    /^(.+) must be a real date written YYYY-MM-DD \(got (.*)\)$/,
    (m) => `${DATE_FIELDS[m[1] ?? ''] ?? 'La date'} doit être une vraie date (AAAA-MM-JJ) ; « ${unquote(m[2] ?? '')} » n’en est pas une.`,
  ],
  [
    /^(.+) \((\d{4}-\d{2}-\d{2})\) cannot be earlier than the partnership, proposed on (\d{4}-\d{2}-\d{2})$/,
    (m) => `${capital(dateOf(m[1] ?? ''))} (${day(m[2] ?? '')}) précède la proposition du partenariat, le ${day(m[3] ?? '')}.`,
  ],
  [
    /^(.+) \((\d{4}-\d{2}-\d{2})\) cannot be later than today, (\d{4}-\d{2}-\d{2}): it has not happened yet$/,
    (m) => `${capital(dateOf(m[1] ?? ''))} (${day(m[2] ?? '')}) est après aujourd’hui (${day(m[3] ?? '')}) : on n’enregistre que ce qui a déjà eu lieu.`,
  ],
  [
    /^(.+) \((\d{4}-\d{2}-\d{2})\) cannot be earlier than (.+), on (\d{4}-\d{2}-\d{2})$/,
    (m, ctx) => `${capital(dateOf(m[1] ?? ''))} (${day(m[2] ?? '')}) précède ${floorText(m[3] ?? '', ctx)}, le ${day(m[4] ?? '')}.`,
  ],
];

/** The French sentence of one of the partnership decider's refusals, or undefined when the console does not know it. */
export function refusalText(message: string, context: RefusalContext = {}): string | undefined {
  const ctx: Required<RefusalContext> = {
    milestoneTitle: context.milestoneTitle ?? (() => undefined),
    partnerName: context.partnerName ?? (() => undefined),
  };
  return translateRefusal(message, FIXED, PATTERNS, ctx);
}

/** What a person reads when a command on a partnership is refused: its rule in French, else the usual sentence. */
export function partnershipErrorText(error: ErrorLike, context: RefusalContext = {}): string {
  if (error.code === 'RULE_VIOLATED' && error.message) return refusalText(error.message, context) ?? errorText(error);
  if (error.code === 'NOT_FOUND' && error.message && /^milestone .+ not found$/.test(error.message)) return 'Ce jalon est introuvable.';
  return errorText(error);
}
