/// <reference types="jest" />
import { partnershipDecider } from '@catalyse/domain';
import type { PartnershipCommand, PartnershipEvent, PartnershipState } from '@catalyse/domain';
import { partnershipErrorText, refusalText } from './refusals';

/**
 * Each message is produced by the real decider (given its events, when a command): the French follows the English
 * as the domain writes it, and a change of wording there fails here.
 */
type Command = PartnershipCommand;
const command = (type: Command['type'], data: Record<string, unknown>): Command => ({ type, data }) as unknown as Command;

const PROPOSAL = {
  partnershipId: 'silver-geek',
  title: 'Silver Geek',
  territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
  partners: [
    { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
    { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
  ],
  modes: ['innovation_societale'],
  proposedAt: '2025-01-10T09:30:00Z',
};

const proposed = [command('ProposePartnership', PROPOSAL)];
const framed = [
  ...proposed,
  command('AgreeObjectives', { orgId: 'silver-geek', objectives: ['innovation'] }),
  command('AgreeObjectives', { orgId: 'la-poste', objectives: ['parties_prenantes'] }),
  command('PlanMilestone', { milestoneId: 'm-1', title: 'Premiers ateliers', dueDate: '2025-03-01' }),
];
const steered = [...framed, command('StartPilotage', { startedOn: '2025-02-01' })];
const evaluated = [
  ...steered,
  command('ReachMilestone', { milestoneId: 'm-1', reachedOn: '2025-02-20' }),
  command('OpenEvaluation', { openedOn: '2025-03-10' }),
];
const assessed = [
  ...evaluated,
  command('AssessImpact', { dimension: 'innovation_societale', scores: { growth_and_jobs: 4, fewer_fragilities: 5 }, evidence: 'x' }),
  command('AssessImpact', { dimension: 'performance_organisations', scores: { association_performance: 3, company_performance: 4 }, evidence: 'x' }),
  command('AssessImpact', { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'x' }),
];
const closed = [...assessed, command('ConcludeEvaluation', { decision: 'clore', concludedOn: '2025-04-01' })];

/** The state after the commands (each one accepted). */
function stateAfter(commands: readonly Command[]): PartnershipState {
  let state = partnershipDecider.initialState();
  for (const c of commands) {
    for (const e of partnershipDecider.decide(c, state) as readonly PartnershipEvent[]) state = partnershipDecider.evolve(state, e);
  }
  return state;
}

/** The decider's refusal of `when` after `given`: its message (RULE_VIOLATED only). */
function refusal(given: readonly Command[], type: Command['type'], data: Record<string, unknown>): string {
  const state = stateAfter(given);
  try {
    partnershipDecider.decide(command(type, data), state);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code !== 'RULE_VIOLATED') throw new Error(`expected RULE_VIOLATED, got ${code}: ${message}`);
    return message;
  }
  throw new Error(`${type} was accepted`);
}

const context = {
  milestoneTitle: (id: string) => (id === 'm-1' ? 'Premiers ateliers' : undefined),
  partnerName: (id: string) => ({ 'silver-geek': 'Silver Geek', 'la-poste': 'La Poste' })[id],
};

/** The French of the decider's refusal. */
const french = (given: readonly Command[], type: Command['type'], data: Record<string, unknown>): string | undefined =>
  refusalText(refusal(given, type, data), context);

describe('the partnership decider’s refusals, in French', () => {
  it('says the phase rules', () => {
    expect(french(steered, 'AgreeObjectives', { orgId: 'la-poste', objectives: ['innovation'] })).toBe(
      'Les objectifs ne se conviennent que pendant le cadrage.',
    );
    expect(french(evaluated, 'PlanMilestone', { milestoneId: 'm-2', title: 't', dueDate: '2025-05-01' })).toBe(
      'Un jalon ne se planifie que pendant le cadrage ou le pilotage.',
    );
    expect(french(steered, 'StartPilotage', { startedOn: '2025-02-02' })).toBe('Le pilotage ne peut commencer qu’à l’issue du cadrage.');
    expect(french(framed, 'ReachMilestone', { milestoneId: 'm-1', reachedOn: '2025-02-20' })).toBe('Un jalon ne peut être atteint que pendant le pilotage.');
    expect(french(evaluated, 'RescheduleMilestone', { milestoneId: 'm-1', dueDate: '2025-05-01', reason: 'r' })).toBe(
      'Un jalon ne se replanifie que pendant le cadrage ou le pilotage.',
    );
    expect(french(evaluated, 'DropMilestone', { milestoneId: 'm-1', reason: 'r' })).toBe('Un jalon ne s’abandonne que pendant le cadrage ou le pilotage.');
    expect(french(framed, 'HoldSteeringCommittee', { committeeId: 'c', heldOn: '2025-02-02', attendees: ['la-poste'], decisions: ['d'] })).toBe(
      'Un comité de pilotage ne se tient que pendant le pilotage.',
    );
    expect(french(framed, 'RecordIndicator', { indicatorId: 'i', name: 'n', value: 1, measuredOn: '2025-02-02' })).toBe(
      'Un indicateur ne se mesure que pendant le pilotage ou l’évaluation.',
    );
    expect(french(framed, 'OpenEvaluation', { openedOn: '2025-02-02' })).toBe('L’évaluation ne s’ouvre qu’à l’issue du pilotage.');
    expect(french(steered, 'AssessImpact', { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'x' })).toBe(
      'L’impact ne s’évalue que pendant l’évaluation.',
    );
    expect(french(steered, 'ConcludeEvaluation', { decision: 'clore', concludedOn: '2025-04-01' })).toBe(
      'Une évaluation ne se conclut que pendant l’évaluation.',
    );
    expect(french(closed, 'PlanMilestone', { milestoneId: 'm-2', title: 't', dueDate: '2025-05-01' })).toBe(
      'Ce partenariat est clos : plus rien ne peut y être enregistré.',
    );
  });

  it('says what cadrage needs before pilotage', () => {
    expect(french(proposed, 'StartPilotage', { startedOn: '2025-02-01' })).toBe(
      'Chaque partenaire doit convenir de ses objectifs avant le pilotage (il manque : Silver Geek, La Poste).',
    );
    const agreed = framed.slice(0, 3);
    expect(french(agreed, 'StartPilotage', { startedOn: '2025-02-01' })).toBe('Planifiez au moins un jalon avant de commencer le pilotage.');
    expect(french(proposed, 'AgreeObjectives', { orgId: 'fondation-x', objectives: ['innovation'] })).toBe(
      'fondation-x n’est pas partenaire de ce partenariat.',
    );
    expect(french(proposed, 'AgreeObjectives', { orgId: 'la-poste', objectives: [] })).toBe('Choisissez au moins un objectif.');
    expect(french(proposed, 'AgreeObjectives', { orgId: 'la-poste', objectives: ['innovation', 'innovation'] })).toBe(
      'L’objectif « innovation » est choisi deux fois.',
    );
    expect(french(proposed, 'AgreeObjectives', { orgId: 'la-poste', objectives: ['bonheur'] })).toBe('Objectif inconnu : « bonheur ».');
    expect(french(proposed, 'AgreeObjectives', { orgId: ' ', objectives: ['innovation'] })).toBe('Choisissez une organisation partenaire.');
    expect(french(proposed, 'PlanMilestone', { milestoneId: 'm-2', title: ' ', dueDate: '2025-05-01' })).toBe('Donnez un titre au jalon.');
    expect(french(proposed, 'PlanMilestone', { milestoneId: 'm-2', title: 't', dueDate: '2025-02-30' })).toBe(
      'L’échéance doit être une vraie date (AAAA-MM-JJ) ; « 2025-02-30 » n’en est pas une.',
    );
  });

  it('says the rules of milestones, by their titles', () => {
    const reached = evaluated.slice(0, -1);
    expect(french(reached, 'ReachMilestone', { milestoneId: 'm-1', reachedOn: '2025-02-21' })).toBe('Le jalon « Premiers ateliers » est déjà atteint.');
    const dropped = [...steered, command('DropMilestone', { milestoneId: 'm-1', reason: 'r' })];
    expect(french(dropped, 'ReachMilestone', { milestoneId: 'm-1', reachedOn: '2025-02-21' })).toBe('Le jalon « Premiers ateliers » a été abandonné.');
    expect(french(steered, 'RescheduleMilestone', { milestoneId: 'm-1', dueDate: '2025-03-01', reason: 'r' })).toBe(
      'Le jalon « Premiers ateliers » est déjà prévu le 1er mars 2025 : choisissez une autre échéance.',
    );
    expect(french(steered, 'RescheduleMilestone', { milestoneId: 'm-1', dueDate: '2025-04-01', reason: ' ' })).toBe('Dites pourquoi le jalon est replanifié.');
    expect(french(steered, 'DropMilestone', { milestoneId: 'm-1', reason: '' })).toBe('Dites pourquoi le jalon est abandonné.');
    expect(french(steered, 'ReachMilestone', { milestoneId: '', reachedOn: '2025-02-21' })).toBe('Choisissez un jalon.');
    expect(french(steered, 'RemindMilestone', { milestoneId: 'm-1', today: '2025-01-01', withinDays: 7 })).toBe(
      'Le jalon « Premiers ateliers » est dû dans 59 jours, au-delà de la fenêtre de rappel de 7 jours.',
    );
    expect(french(steered, 'RemindMilestone', { milestoneId: 'm-1', today: '2025-01-01', withinDays: 400 })).toBe(
      'La fenêtre de rappel est un nombre entier de jours, de 0 à 366.',
    );
    // Without the board's titles: the milestone's id.
    expect(refusalText(refusal(dropped, 'DropMilestone', { milestoneId: 'm-1', reason: 'r' }))).toBe('Le jalon « m-1 » a été abandonné.');
  });

  it('says the dates’ order, in the French way', () => {
    expect(french(proposed, 'PlanMilestone', { milestoneId: 'm-0', title: 'Trop tôt', dueDate: '2025-01-05' })).toBe(
      'La date de l’échéance (5 janvier 2025) précède la proposition du partenariat, le 10 janvier 2025.',
    );
    expect(french(framed, 'RescheduleMilestone', { milestoneId: 'm-1', dueDate: '2025-01-05', reason: 'r' })).toBe(
      'La date de la nouvelle échéance (5 janvier 2025) précède la proposition du partenariat, le 10 janvier 2025.',
    );
    expect(french(framed, 'StartPilotage', { startedOn: '2025-01-05' })).toBe(
      'La date du début du pilotage (5 janvier 2025) précède la proposition du partenariat, le 10 janvier 2025.',
    );
    expect(french(framed, 'StartPilotage', { startedOn: '2025-03-05', today: '2025-03-01' })).toBe(
      'La date du début du pilotage (5 mars 2025) est après aujourd’hui (1er mars 2025) : on n’enregistre que ce qui a déjà eu lieu.',
    );
    expect(french(steered, 'ReachMilestone', { milestoneId: 'm-1', reachedOn: '2025-01-20' })).toBe(
      'La date d’atteinte du jalon (20 janvier 2025) précède le début du pilotage, le 1er février 2025.',
    );
    expect(french(steered, 'HoldSteeringCommittee', { committeeId: 'c', heldOn: '2025-01-20', attendees: ['la-poste'], decisions: ['d'] })).toBe(
      'La date du comité de pilotage (20 janvier 2025) précède le début du pilotage, le 1er février 2025.',
    );
    expect(french(steered, 'RecordIndicator', { indicatorId: 'i', name: 'n', value: 1, measuredOn: '2025-01-20' })).toBe(
      'La date de la mesure (20 janvier 2025) précède le début du pilotage, le 1er février 2025.',
    );
    const reached = evaluated.slice(0, -1);
    expect(french(reached, 'OpenEvaluation', { openedOn: '2025-02-10' })).toBe(
      'La date d’ouverture de l’évaluation (10 février 2025) précède le dernier fait du pilotage, le jalon « Premiers ateliers » atteint, le 20 février 2025.',
    );
    const held = [...steered, command('HoldSteeringCommittee', { committeeId: 'c', heldOn: '2025-02-15', attendees: ['la-poste'], decisions: ['d'] })];
    expect(french(held, 'OpenEvaluation', { openedOn: '2025-02-10' })).toBe(
      'La date d’ouverture de l’évaluation (10 février 2025) précède le dernier fait du pilotage, un comité de pilotage tenu, le 15 février 2025.',
    );
    const accompanied = [...proposed, command('AssignCatalyseur', { catalyseurId: 'cat-1', assignedOn: '2025-01-20' })];
    expect(french(accompanied, 'ReleaseCatalyseur', { catalyseurId: 'cat-1', releasedOn: '2025-01-15' })).toBe(
      'La date de fin d’accompagnement (15 janvier 2025) précède l’affectation de ce catalyseur au partenariat, le 20 janvier 2025.',
    );
    expect(french(assessed, 'ConcludeEvaluation', { decision: 'clore', concludedOn: '2025-03-01' })).toBe(
      'La date de la conclusion (1er mars 2025) précède l’ouverture de l’évaluation, le 10 mars 2025.',
    );
    const renewed = [...assessed, command('ConcludeEvaluation', { decision: 'renouveler', concludedOn: '2025-04-01' })];
    // A new cycle is framed again: objectives, a milestone.
    const renewedFramed = [
      ...renewed,
      command('AgreeObjectives', { orgId: 'silver-geek', objectives: ['innovation'] }),
      command('AgreeObjectives', { orgId: 'la-poste', objectives: ['economique'] }),
      command('PlanMilestone', { milestoneId: 'm-2', title: 'Suite', dueDate: '2025-06-01' }),
    ];
    expect(french(renewedFramed, 'StartPilotage', { startedOn: '2025-03-20' })).toBe(
      'La date du début du pilotage (20 mars 2025) précède le renouvellement du partenariat, le 1er avril 2025.',
    );
    expect(french(steered, 'ReachMilestone', { milestoneId: 'm-1', reachedOn: '20/02/2025' })).toBe(
      'La date d’atteinte du jalon doit être une vraie date (AAAA-MM-JJ) ; « 20/02/2025 » n’en est pas une.',
    );
  });

  it('says the steering committee’s and the indicators’ rules', () => {
    const hold = (data: Record<string, unknown>) => french(steered, 'HoldSteeringCommittee', { committeeId: 'c', heldOn: '2025-02-15', ...data });
    expect(hold({ attendees: [], decisions: ['d'] })).toBe('Cochez au moins un partenaire présent au comité.');
    expect(hold({ attendees: ['la-poste', 'la-poste'], decisions: ['d'] })).toBe('La Poste est coché deux fois parmi les présents.');
    expect(hold({ attendees: ['la-poste'], decisions: [] })).toBe('Notez au moins une décision du comité.');
    expect(hold({ attendees: ['la-poste'], decisions: [' '] })).toBe('Une décision du comité ne peut pas être vide.');
    expect(hold({ attendees: ['fondation-x'], decisions: ['d'] })).toBe('fondation-x n’est pas partenaire de ce partenariat.');
    expect(french(steered, 'HoldSteeringCommittee', { committeeId: ' ', heldOn: '2025-02-15', attendees: ['la-poste'], decisions: ['d'] })).toBe(
      'Le comité de pilotage n’a pas d’identifiant.',
    );
    const measure = (data: Record<string, unknown>) =>
      french(steered, 'RecordIndicator', { indicatorId: 'i', name: 'n', value: 1, measuredOn: '2025-02-15', ...data });
    expect(measure({ name: '' })).toBe('Donnez un nom à l’indicateur.');
    expect(measure({ indicatorId: '' })).toBe('L’indicateur n’a pas d’identifiant.');
    expect(measure({ value: Number.NaN })).toBe('La valeur de l’indicateur doit être un nombre.');
    expect(measure({ target: Number.POSITIVE_INFINITY, direction: 'increase' })).toBe('La cible de l’indicateur doit être un nombre.');
    expect(measure({ target: 10 })).toBe('Une cible demande un sens : à atteindre en hausse ou en baisse.');
    expect(measure({ target: 10, direction: 'sideways' })).toBe('Sens d’indicateur inconnu : « sideways ».');
  });

  it('says the evaluation’s rules', () => {
    const assess = (data: Record<string, unknown>) => french(evaluated, 'AssessImpact', { evidence: 'x', ...data });
    expect(assess({ dimension: 'confiance', scores: null })).toBe(
      'Notez chacune des deux sous-dimensions de la confiance : Confiance collective et Confiance individuelle.',
    );
    expect(assess({ dimension: 'confiance', scores: { collective_trust: 5, growth_and_jobs: 4 } })).toBe(
      '« growth_and_jobs » n’est pas une sous-dimension de la confiance (ses deux sous-dimensions : Confiance collective et Confiance individuelle).',
    );
    expect(assess({ dimension: 'confiance', scores: { collective_trust: 5 } })).toBe('Notez la sous-dimension Confiance individuelle de la confiance.');
    expect(assess({ dimension: 'confiance', scores: {} })).toBe('Notez les sous-dimensions Confiance collective et Confiance individuelle de la confiance.');
    expect(assess({ dimension: 'confiance', scores: { collective_trust: 6, individual_trust: 4 } })).toBe(
      'Une note d’impact est un nombre entier de 1 à 5 (Confiance collective : 6).',
    );
    expect(assess({ dimension: 'bonheur', scores: {} })).toBe('Dimension d’impact inconnue : « bonheur ».');
    expect(assess({ dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, evidence: ' ' })).toBe(
      'Donnez les éléments qui justifient l’évaluation de l’impact.',
    );
    expect(french(evaluated, 'ConcludeEvaluation', { decision: 'clore', concludedOn: '2025-04-01' })).toBe(
      'Évaluez les trois dimensions de l’impact avant de conclure.',
    );
    expect(french(assessed, 'ConcludeEvaluation', { decision: 'continuer', concludedOn: '2025-04-01' })).toBe('Décision inconnue : « continuer ».');
  });

  it('says who accompanies, and the proposal’s rules', () => {
    expect(french(proposed, 'ReleaseCatalyseur', { catalyseurId: 'cat-9', releasedOn: '2025-02-01' })).toBe(
      'Le catalyseur cat-9 n’accompagne pas ce partenariat.',
    );
    expect(french(proposed, 'AssignCatalyseur', { catalyseurId: '', assignedOn: '2025-02-01' })).toBe('Choisissez un catalyseur.');
    expect(french(proposed, 'AssignCatalyseur', { catalyseurId: 'cat-1', assignedOn: '2025-01-01' })).toBe(
      'La date d’affectation du catalyseur (1er janvier 2025) précède la proposition du partenariat, le 10 janvier 2025.',
    );
    const propose = (data: Record<string, unknown>) => french([], 'ProposePartnership', { ...PROPOSAL, ...data });
    expect(propose({ title: '' })).toBe('Donnez un titre au partenariat.');
    expect(propose({ partnershipId: '' })).toBe('Le partenariat n’a pas d’identifiant.');
    expect(propose({ proposedAt: '' })).toBe('La date de la proposition manque.');
    expect(propose({ territory: null })).toBe('Choisissez le territoire du partenariat.');
    expect(propose({ territory: { name: 'x', scale: 'regional' } })).toBe('Le territoire n’a pas d’identifiant.');
    expect(propose({ territory: { id: 'x', scale: 'regional' } })).toBe('Donnez un nom au territoire.');
    expect(propose({ territory: { id: 'x', name: 'x', scale: 'galactique' } })).toBe('Échelle de territoire inconnue : « galactique ».');
    expect(propose({ partners: [PROPOSAL.partners[0]] })).toBe('Un partenariat réunit au moins deux partenaires.');
    expect(propose({ partners: [null, null] })).toBe('Chaque partenaire a un identifiant d’organisation, un nom et une nature.');
    expect(propose({ partners: [{ name: 'a', sphere: 'association' }, PROPOSAL.partners[1]] })).toBe('Chaque partenaire a un identifiant d’organisation.');
    expect(propose({ partners: [{ orgId: 'a', sphere: 'association' }, PROPOSAL.partners[1]] })).toBe('Chaque partenaire a un nom.');
    expect(propose({ partners: [{ orgId: 'a', name: 'a', sphere: 'club' }, PROPOSAL.partners[1]] })).toBe('Nature d’organisation inconnue : « club ».');
    expect(propose({ partners: [PROPOSAL.partners[1], PROPOSAL.partners[1]] })).toBe('La Poste figure deux fois parmi les partenaires.');
    expect(propose({ partners: [PROPOSAL.partners[1], { orgId: 'b', name: 'b', sphere: 'entreprise' }] })).toBe(
      'Un partenariat réunit des partenaires d’au moins deux natures différentes.',
    );
    expect(propose({ modes: [] })).toBe('Choisissez au moins un mode de partenariat.');
    expect(propose({ modes: ['mecenat', 'mecenat'] })).toBe('Le mode « mecenat » est choisi deux fois.');
    expect(propose({ modes: ['troc'] })).toBe('Mode inconnu : « troc ».');
  });

  it('falls back to the usual French sentence, never the English', () => {
    expect(refusalText('something new happened')).toBeUndefined();
    expect(partnershipErrorText({ code: 'RULE_VIOLATED', message: 'something new happened' })).toBe('Cette action n’est pas possible dans l’état actuel.');
    expect(partnershipErrorText({ code: 'RULE_VIOLATED', message: 'a closed partnership accepts no command' })).toBe(
      'Ce partenariat est clos : plus rien ne peut y être enregistré.',
    );
    expect(partnershipErrorText({ code: 'NOT_FOUND', message: 'milestone "m-9" not found' })).toBe('Ce jalon est introuvable.');
    expect(partnershipErrorText({ code: 'CONFLICT', message: 'milestone "m-1" already exists' })).toMatch(/^Ces données ont été modifiées/);
    expect(partnershipErrorText({ code: 'VALIDATION', message: 'invalid', details: [{ field: 'title', messages: ['title must not be blank'] }] })).toBe(
      'La demande est invalide : le titre ne peut pas être vide.',
    );
  });
});
