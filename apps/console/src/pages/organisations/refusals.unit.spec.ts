/// <reference types="jest" />
import { accompanimentDecider, organisationDecider } from '@catalyse/domain';
import type { AccompanimentCommand, AccompanimentEvent, AccompanimentState, OrganisationCommand, OrganisationEvent, OrganisationState } from '@catalyse/domain';
import { organisationErrorText, refusalText } from './refusals';

/**
 * Each message is produced by the real deciders (given their commands, when a command): the French follows the
 * English as the domain writes it, and a change of wording there fails here.
 */
const org = (type: OrganisationCommand['type'], data: Record<string, unknown>): OrganisationCommand => ({ type, data }) as unknown as OrganisationCommand;
const acc = (type: AccompanimentCommand['type'], data: Record<string, unknown>): AccompanimentCommand => ({ type, data }) as unknown as AccompanimentCommand;

const REGISTRATION = {
  organisationId: 'csc-privas',
  name: 'Centre social de Privas',
  kind: 'association',
  size: 'tpe',
  territoryId: 'ardeche',
  registryNumber: 'W073001234',
  registeredAt: '2025-01-10',
};
const registered = [org('RegisterOrganisation', REGISTRATION)];
const withStrategy = [...registered, org('RecordAllianceStrategy', { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: '2025-03-01' })];

const OPENING = { accompanimentId: 'acc-1', organisationId: 'csc-privas', catalyseurId: 'cat-1', purpose: 'préparer un partenariat', openedOn: '2025-02-01' };
const opened = [acc('OpenAccompaniment', OPENING)];
const session = { heldOn: '2025-02-10', topics: ['gouvernance'], summary: 'un premier tour', recordedBy: 'cat-1' };
const worked = [
  ...opened,
  acc('HoldAccompanimentSession', session),
  acc('RecordOrganisationMaturity', { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: '2025-02-20' }),
];
const closed = [...worked, acc('CloseAccompaniment', { outcome: 'ready', reason: 'prête', closedOn: '2025-03-01' })];

/** The refusal (RULE_VIOLATED only) of a decider after `given`: its message. */
function refusalOf<C, E, S>(
  decider: { initialState: () => S; decide: (c: C, s: S) => readonly E[]; evolve: (s: S, e: E) => S },
  given: readonly C[],
  when: C,
): string {
  let state = decider.initialState();
  for (const c of given) for (const e of decider.decide(c, state)) state = decider.evolve(state, e);
  try {
    decider.decide(when, state);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code !== 'RULE_VIOLATED') throw new Error(`expected RULE_VIOLATED, got ${code}: ${message}`);
    return message;
  }
  throw new Error('the command was accepted');
}
const orgRefusal = (given: readonly OrganisationCommand[], when: OrganisationCommand): string =>
  refusalOf<OrganisationCommand, OrganisationEvent, OrganisationState>(organisationDecider, given, when);
const accRefusal = (given: readonly AccompanimentCommand[], when: AccompanimentCommand): string =>
  refusalOf<AccompanimentCommand, AccompanimentEvent, AccompanimentState>(accompanimentDecider, given, when);

/** The French of each decider's refusal. */
const frenchOrg = (given: readonly OrganisationCommand[], when: OrganisationCommand): string | undefined => refusalText(orgRefusal(given, when));
const frenchAcc = (given: readonly AccompanimentCommand[], when: AccompanimentCommand): string | undefined => refusalText(accRefusal(given, when));
const register = (data: Record<string, unknown>): OrganisationCommand => org('RegisterOrganisation', { ...REGISTRATION, ...data });

describe('the organisation decider’s refusals, in French', () => {
  it('says what a registration lacks', () => {
    expect(frenchOrg([], register({ organisationId: ' ' }))).toBe('Donnez un identifiant à l’organisation.');
    expect(frenchOrg([], register({ name: '' }))).toBe('Donnez un nom à l’organisation.');
    expect(frenchOrg([], register({ territoryId: undefined }))).toBe('Choisissez le territoire de l’organisation.');
    expect(frenchOrg([], register({ registeredAt: undefined }))).toBe('La date d’inscription de l’organisation manque.');
    expect(frenchOrg([], register({ registeredAt: 'hier' }))).toBe('La date d’inscription doit être une vraie date ; « hier » n’en est pas une.');
    expect(frenchOrg([], register({ kind: 'universite-x' }))).toBe('Nature d’organisation inconnue : « universite-x ».');
    expect(frenchOrg([], register({ size: 'moyenne' }))).toBe('Taille d’organisation inconnue : « moyenne ».');
  });

  it('says why a SIREN or RNA number is refused', () => {
    expect(frenchOrg([], register({ registryNumber: '356000001' }))).toBe(
      'Le SIREN 356000001 n’existe pas : son dernier chiffre (la clé de contrôle) ne correspond pas aux huit autres.',
    );
    expect(frenchOrg([], register({ registryNumber: '775 672 272' }))).toBe(
      '« 775 672 272 » n’est ni un SIREN (9 chiffres) ni un numéro RNA (W suivi de 9 chiffres).',
    );
    expect(frenchOrg([], register({ registryNumber: 775672272 }))).toBe(
      '« 775672272 » n’est ni un SIREN (9 chiffres) ni un numéro RNA (W suivi de 9 chiffres).',
    );
    expect(frenchOrg(registered, org('UpdateOrganisationProfile', { registryNumber: 'W7512' }))).toBe(
      '« W7512 » n’est ni un SIREN (9 chiffres) ni un numéro RNA (W suivi de 9 chiffres).',
    );
  });

  it('says what a profile update and a strategy need', () => {
    expect(frenchOrg(registered, org('UpdateOrganisationProfile', {}))).toBe('Modifiez au moins un élément du profil avant d’enregistrer.');
    const strategy = (data: Record<string, unknown>): OrganisationCommand =>
      org('RecordAllianceStrategy', { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: '2025-03-01', today: '2025-06-01', ...data });
    expect(frenchOrg(registered, strategy({ objectiveFamilies: [] }))).toBe('Cochez au moins un objectif recherché.');
    expect(frenchOrg(registered, strategy({ maturity: 'mure' }))).toBe('Maturité inconnue : « mure ».');
    expect(frenchOrg(registered, strategy({ objectiveFamilies: ['solidarite'] }))).toBe('Objectif inconnu : « solidarite ».');
    expect(frenchOrg(registered, strategy({ objectiveFamilies: ['innovation', 'innovation'] }))).toBe('L’objectif « Innovation » est coché deux fois.');
    expect(frenchOrg(registered, strategy({ recordedOn: '2025-02-30' }))).toBe(
      'La date de la stratégie doit être une vraie date (AAAA-MM-JJ) ; « 2025-02-30 » n’en est pas une.',
    );
    expect(frenchOrg(registered, strategy({ recordedOn: '2025-07-01' }))).toBe(
      'La stratégie (1er juillet 2025) est après aujourd’hui (1er juin 2025) : on n’enregistre que ce qui a déjà eu lieu.',
    );
    expect(frenchOrg(registered, strategy({ recordedOn: '2025-01-09' }))).toBe(
      'La stratégie (9 janvier 2025) ne peut pas précéder l’inscription de l’organisation (10 janvier 2025).',
    );
    expect(frenchOrg(withStrategy, strategy({ recordedOn: '2025-02-01' }))).toBe(
      'Une stratégie du 1er février 2025 ne peut pas remplacer celle, plus récente, du 1er mars 2025.',
    );
  });
});

describe('the accompaniment decider’s refusals, in French', () => {
  it('says what an opening lacks', () => {
    const open = (data: Record<string, unknown>): AccompanimentCommand => acc('OpenAccompaniment', { ...OPENING, ...data });
    expect(frenchAcc([], open({ accompanimentId: '' }))).toBe('L’accompagnement n’a pas d’identifiant.');
    expect(frenchAcc([], open({ organisationId: '' }))).toBe('Un accompagnement porte sur une organisation : elle manque.');
    expect(frenchAcc([], open({ catalyseurId: '' }))).toBe('Choisissez le catalyseur qui accompagne l’organisation.');
    expect(frenchAcc([], open({ purpose: ' ' }))).toBe('Dites l’objet de l’accompagnement.');
    expect(frenchAcc([], open({ openedOn: '1er mars' }))).toBe('La date d’ouverture doit être une vraie date (AAAA-MM-JJ) ; « 1er mars » n’en est pas une.');
  });

  it('says what a session needs', () => {
    const hold = (data: Record<string, unknown>): AccompanimentCommand => acc('HoldAccompanimentSession', { ...session, ...data });
    expect(frenchAcc(opened, hold({ topics: [] }))).toBe('Notez au moins un sujet abordé pendant la séance.');
    expect(frenchAcc(opened, hold({ topics: ['gouvernance', ' '] }))).toBe('Un sujet de la séance ne peut pas être vide.');
    expect(frenchAcc(opened, hold({ topics: Array.from({ length: 13 }, (_, i) => `sujet ${i}`) }))).toBe('Une séance compte au plus 12 sujets.');
    expect(frenchAcc(opened, hold({ topics: ['x'.repeat(121)] }))).toBe(`Un sujet fait au plus 120 caractères : « ${'x'.repeat(40)}… » est trop long.`);
    expect(frenchAcc(opened, hold({ topics: ['gouvernance', 'gouvernance'] }))).toBe('Le sujet « gouvernance » est noté deux fois.');
    expect(frenchAcc(opened, hold({ summary: '' }))).toBe('Résumez ce qui est ressorti de la séance.');
    expect(frenchAcc(opened, hold({ recordedBy: '' }))).toBe('La séance ne dit pas qui l’a enregistrée.');
    expect(frenchAcc(opened, hold({ heldOn: '2025-13-01' }))).toBe(
      'La date de la séance doit être une vraie date (AAAA-MM-JJ) ; « 2025-13-01 » n’en est pas une.',
    );
    expect(frenchAcc(opened, hold({ heldOn: '2025-01-15' }))).toBe(
      'La séance (15 janvier 2025) ne peut pas précéder l’ouverture de l’accompagnement (1er février 2025).',
    );
  });

  it('says what a maturity needs', () => {
    const record = (data: Record<string, unknown>): AccompanimentCommand =>
      acc('RecordOrganisationMaturity', { maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2025-02-25', ...data });
    expect(frenchAcc(worked, record({ objectiveFamilies: [] }))).toBe('Cochez au moins un objectif recherché.');
    expect(frenchAcc(worked, record({ maturity: 'avancee' }))).toBe('Maturité inconnue : « avancee ».');
    expect(frenchAcc(worked, record({ objectiveFamilies: ['economique', 'economique'] }))).toBe('L’objectif « Économique » est coché deux fois.');
    expect(frenchAcc(worked, record({ recordedOn: '2025-02-15' }))).toBe(
      'La maturité constatée (15 février 2025) ne peut pas précéder la maturité déjà constatée (20 février 2025).',
    );
    expect(frenchAcc(opened, record({ recordedOn: '2025-01-31' }))).toBe(
      'La maturité constatée (31 janvier 2025) ne peut pas précéder l’ouverture de l’accompagnement (1er février 2025).',
    );
    expect(frenchAcc(opened, record({ recordedOn: 'bientôt' }))).toBe(
      'La date de la maturité constatée doit être une vraie date (AAAA-MM-JJ) ; « bientôt » n’en est pas une.',
    );
  });

  it('says what a closing needs, and that a closed one accepts nothing', () => {
    const close = (data: Record<string, unknown>): AccompanimentCommand =>
      acc('CloseAccompaniment', { outcome: 'ready', reason: 'prête', closedOn: '2025-03-01', ...data });
    expect(frenchAcc(worked, close({ reason: '' }))).toBe('Dites pourquoi l’accompagnement est clos.');
    expect(frenchAcc(worked, close({ outcome: 'finished' }))).toBe('Issue d’accompagnement inconnue : « finished ».');
    expect(frenchAcc(worked, close({ closedOn: 'demain' }))).toBe('La date de clôture doit être une vraie date (AAAA-MM-JJ) ; « demain » n’en est pas une.');
    expect(frenchAcc(opened, close({ closedOn: '2025-01-20' }))).toBe(
      'La clôture (20 janvier 2025) ne peut pas précéder l’ouverture de l’accompagnement (1er février 2025).',
    );
    expect(frenchAcc([...opened, acc('HoldAccompanimentSession', session)], close({ closedOn: '2025-02-05' }))).toBe(
      'La clôture (5 février 2025) ne peut pas précéder la dernière séance (10 février 2025).',
    );
    expect(frenchAcc(worked, close({ closedOn: '2025-02-15' }))).toBe(
      'La clôture (15 février 2025) ne peut pas précéder la dernière maturité constatée (20 février 2025).',
    );
    expect(frenchAcc(closed, acc('HoldAccompanimentSession', session))).toBe(
      'Cet accompagnement a été clos le 1er mars 2025 : plus rien ne peut y être enregistré.',
    );
  });
});

describe('what a person reads of a refused command on an organisation', () => {
  it('says a rule in French, never the English, and falls back to the usual sentence', () => {
    expect(organisationErrorText({ code: 'RULE_VIOLATED', message: 'a session needs a summary' })).toBe('Résumez ce qui est ressorti de la séance.');
    expect(organisationErrorText({ code: 'RULE_VIOLATED', message: 'some rule the console does not know' })).toBe(
      'Cette action n’est pas possible dans l’état actuel.',
    );
    expect(
      organisationErrorText(
        { code: 'RULE_VIOLATED', message: 'catalyseur cat-9 left the network: it cannot be given an accompaniment' },
        { catalyseurName: (id) => (id === 'cat-9' ? 'Camille Martin' : undefined) },
      ),
    ).toBe('Camille Martin a quitté le réseau : un accompagnement ne peut plus lui être confié.');
  });

  it('says an id already taken (409) and what a command names and is not there (404)', () => {
    expect(organisationErrorText({ code: 'CONFLICT', message: 'organisation already exists' })).toBe(
      'Une organisation porte déjà cet identifiant : choisissez-en un autre.',
    );
    expect(organisationErrorText({ code: 'CONFLICT', message: 'accompaniment already exists' })).toBe('Cet accompagnement est déjà ouvert.');
    expect(organisationErrorText({ code: 'CONFLICT', message: 'revision mismatch' })).toBe(
      'Ces données ont été modifiées entre-temps : rechargez la page, puis réessayez.',
    );
    expect(organisationErrorText({ code: 'NOT_FOUND', message: 'organisation csc-privas not found' })).toBe('Cette organisation n’est pas enregistrée.');
    expect(organisationErrorText({ code: 'NOT_FOUND', message: 'accompaniment acc-1 not found' })).toBe('Cet accompagnement est introuvable.');
    expect(organisationErrorText({ code: 'NOT_FOUND', message: 'catalyseur cat-1 not found' }, { me: 'cat-1' })).toBe(
      'Vous n’êtes pas encore membre du réseau : rejoignez-le (votre profil de catalyseur) avant d’accompagner une organisation.',
    );
    expect(organisationErrorText({ code: 'NOT_FOUND', message: 'catalyseur cat-2 not found' }, { me: 'op-1' })).toBe(
      'cat-2 n’est pas membre du réseau : il ou elle doit le rejoindre avant d’accompagner une organisation.',
    );
    expect(organisationErrorText({ code: 'NOT_FOUND', message: 'something else not found' })).toBe('Introuvable.');
  });
});
