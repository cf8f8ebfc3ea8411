import {
  evenScores,
  type ObjectiveFamily,
  type Partner,
  type PartnershipCommand,
  partnershipDecider,
  type PartnershipMode,
  partnershipStream,
  type Sphere,
  type Territory,
} from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { addDays, addMonths, at } from '../calendar';

/** How far a partnership's life goes. */
export type LifeEnd = 'cadrage' | 'pilotage' | 'evaluation' | 'renouveler' | 'essaimer' | 'clore';

export interface PartnershipLife {
  readonly id: string;
  readonly title: string;
  readonly territory: Territory;
  readonly partners: readonly Partner[];
  readonly modes: readonly PartnershipMode[];
  /** The day it is proposed; the rest follows at the usual pace (cadrage ~1 month, pilotage ~1 year). */
  readonly start: string;
  readonly until: LifeEnd;
  /** Who sends the commands: the catalyseur who proposes it, and so accompanies it from the start (docs/adr/0025-who-accompanies-a-partnership.md). */
  readonly actor: string;
  /** Whether its catalyseur accompanies it (default true); false: proposed without `proposedBy`, so nobody accompanies it. */
  readonly accompanied?: boolean;
  /** Milestones of the first cycle (default: the convention, then a first joint action). */
  readonly milestones?: readonly { readonly title: string; readonly afterMonths: number }[];
  /** Indicators recorded during pilotage. */
  readonly indicators?: readonly { readonly name: string; readonly value: number; readonly unit?: string }[];
}

/** What each kind of partner usually expects from a partnership (the 4 objective families). */
const OBJECTIVES_BY_SPHERE: Readonly<Record<Sphere, readonly ObjectiveFamily[]>> = {
  association: ['parties_prenantes', 'economique'],
  entreprise: ['ressources_humaines', 'innovation'],
  collectivite: ['parties_prenantes'],
  academique: ['innovation'],
  fondation: ['parties_prenantes', 'innovation'],
  institution: ['parties_prenantes'],
  media: ['parties_prenantes'],
};

const DEFAULT_MILESTONES = [
  { title: 'Convention de partenariat signée', afterMonths: 2 },
  { title: 'Première action commune', afterMonths: 6 },
];

/**
 * Adds the commands of a partnership's life, cadrage → pilotage → évaluation,
 * up to `until`, with dates that follow each other as the rules want. Every
 * command goes through the partnership decider when the script is loaded.
 */
export function addPartnershipLife(script: Script, life: PartnershipLife): void {
  const stream = partnershipStream(life.id);
  const send = (command: PartnershipCommand, date: string): void => void script.add(partnershipDecider, stream, command, at(date), life.actor);
  const { start } = life;
  send(
    {
      type: 'ProposePartnership',
      data: {
        partnershipId: life.id,
        title: life.title,
        territory: life.territory,
        partners: life.partners,
        modes: life.modes,
        proposedAt: at(start),
        ...(life.accompanied === false ? {} : { proposedBy: life.actor }),
      },
    },
    start,
  );
  const agree = (on: string): void => {
    for (const partner of life.partners)
      send({ type: 'AgreeObjectives', data: { orgId: partner.orgId, objectives: OBJECTIVES_BY_SPHERE[partner.sphere] } }, on);
  };
  agree(addDays(start, 10));
  const milestones = (life.milestones ?? DEFAULT_MILESTONES).map((m, i) => ({ id: `jalon-${i + 1}`, title: m.title, due: addMonths(start, m.afterMonths) }));
  for (const m of milestones) send({ type: 'PlanMilestone', data: { milestoneId: m.id, title: m.title, dueDate: m.due } }, addDays(start, 14));
  if (life.until === 'cadrage') return;

  const pilotage = addMonths(start, 1);
  send({ type: 'StartPilotage', data: { startedOn: pilotage } }, pilotage);
  const [first, ...rest] = milestones;
  if (first) send({ type: 'ReachMilestone', data: { milestoneId: first.id, reachedOn: first.due } }, first.due);
  const copil = addMonths(start, 4);
  send(
    {
      type: 'HoldSteeringCommittee',
      data: {
        committeeId: 'copil-1',
        heldOn: copil,
        attendees: life.partners.map((p) => p.orgId),
        decisions: ['calendrier des actions validé', 'un référent nommé de chaque côté'],
      },
    },
    copil,
  );
  // Indicators measured during pilotage and, for a life that goes on, the other milestones reached: in date order.
  const pilotageFacts: { readonly on: string; readonly command: PartnershipCommand }[] = (life.indicators ?? []).map((indicator, i) => {
    const measuredOn = addMonths(start, 6 + i);
    return { on: measuredOn, command: { type: 'RecordIndicator', data: { indicatorId: `indicateur-${i + 1}`, measuredOn, ...indicator } } };
  });
  if (life.until !== 'pilotage') {
    for (const m of rest) pilotageFacts.push({ on: m.due, command: { type: 'ReachMilestone', data: { milestoneId: m.id, reachedOn: m.due } } });
  }
  for (const { on, command } of [...pilotageFacts].sort((a, b) => a.on.localeCompare(b.on))) send(command, on);
  if (life.until === 'pilotage') return;

  const evaluation = addMonths(start, 12);
  send({ type: 'OpenEvaluation', data: { openedOn: evaluation } }, evaluation);
  const evidence = {
    innovation_societale: 'une réponse nouvelle à un besoin du territoire',
    performance_organisations: 'des compétences et des moyens partagés',
    confiance: 'des relations suivies entre les équipes',
  } as const;
  for (const [dimension, text] of Object.entries(evidence) as [keyof typeof evidence, string][]) {
    send({ type: 'AssessImpact', data: { dimension, scores: evenScores(dimension, 4), evidence: text } }, addDays(evaluation, 14));
  }
  if (life.until === 'evaluation') return;
  const concluded = addDays(evaluation, 30);
  send({ type: 'ConcludeEvaluation', data: { decision: life.until, concludedOn: concluded } }, concluded);
}
