import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, EventToAppend } from '@catalyse/event-store';

/**
 * A realistic, deterministic event log for the projector's integration tests:
 * partnerships going through cadrage → pilotage → évaluation, rooms with
 * members, messages and decisions, catalyseurs joining and leaving, streams
 * interleaved as they would be in production, plus a few events the
 * projections do not know (they must be ignored, not crash anything).
 */
export interface ScenarioOptions {
  readonly partnerships?: number;
  readonly rooms?: number;
  readonly messagesPerRoom?: number;
  readonly catalyseurs?: number;
  readonly seed?: number;
}

export interface ScenarioEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
}

const TERRITORIES = [
  { id: 'charenton', name: 'Charenton-le-Pont', scale: 'local' },
  { id: 'pays-de-morlaix', name: 'Pays de Morlaix', scale: 'departemental' },
  { id: 'alsace', name: 'Alsace', scale: 'regional' },
] as const;
const SPHERES = ['association', 'entreprise', 'collectivite', 'academique', 'fondation'] as const;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function partnershipStory(i: number, rnd: () => number): ScenarioEvent[] {
  const id = `p-${i}`;
  const stream = `partnership-${id}`;
  const territory = TERRITORIES[i % TERRITORIES.length] ?? TERRITORIES[0];
  const a = { orgId: `asso-${i}`, name: `Association ${i}`, sphere: 'association' };
  const b = { orgId: `ent-${i}`, name: `Entreprise ${i}`, sphere: 'entreprise' };
  const e = (type: string, data: unknown): ScenarioEvent => ({ stream, type, data });
  const story = [
    e('PartnershipProposed', {
      partnershipId: id,
      title: `Partenariat ${i} : emploi des jeunes`,
      territory,
      partners: [a, b],
      modes: i % 2 ? ['mecenat'] : ['cooperation_economique', 'innovation_societale'],
      proposedAt: '2026-01-10T09:00:00.000Z',
    }),
    e('ObjectivesAgreed', { orgId: a.orgId, objectives: ['parties_prenantes'], cycle: 1 }),
    e('ObjectivesAgreed', { orgId: b.orgId, objectives: ['ressources_humaines', 'innovation'], cycle: 1 }),
    e('MilestonePlanned', { milestoneId: `m-${i}-1`, title: 'Forum des métiers', dueDate: '2026-03-15' }),
    e('MilestonePlanned', { milestoneId: `m-${i}-2`, title: 'Stages croisés', dueDate: '2026-05-30' }),
    e('PilotageStarted', { startedOn: '2026-02-01', cycle: 1 }),
    e('MilestoneRescheduled', { milestoneId: `m-${i}-1`, previousDueDate: '2026-03-15', dueDate: '2026-04-02', reason: 'Salle indisponible' }),
    e('MilestoneReached', { milestoneId: `m-${i}-1`, reachedOn: '2026-04-02' }),
    e('SteeringCommitteeHeld', { committeeId: `copil-${i}`, heldOn: '2026-04-10', attendees: [a.orgId, b.orgId], decisions: ['Continuer'] }),
    e('IndicatorRecorded', { indicatorId: `ind-${i}`, name: 'Jeunes accueillis', value: Math.floor(rnd() * 50), unit: 'personnes', measuredOn: '2026-05-31' }),
  ];
  if (rnd() < 0.2) story.push(e('PartnershipFeatureFromTheFuture', { whatever: true }));
  if (rnd() < 0.7) {
    story.push(
      e('EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 }),
      e('ImpactAssessed', { dimension: 'innovation_societale', score: 3, evidence: 'Enquête' }),
      e('ImpactAssessed', { dimension: 'performance_organisations', score: 4, evidence: 'Bilan RH' }),
      e('ImpactAssessed', { dimension: 'confiance', score: 5, evidence: 'Entretiens' }),
    );
    const decision = rnd() < 0.5 ? 'renouveler' : 'clore';
    story.push(e('EvaluationConcluded', { decision, concludedOn: '2026-09-30', cycle: 1 }));
    story.push(
      decision === 'renouveler' ? e('PartnershipRenewed', { cycle: 2, renewedOn: '2026-09-30' }) : e('PartnershipClosed', { decision, closedOn: '2026-09-30' }),
    );
  }
  return story;
}

function roomStory(i: number, messages: number, rnd: () => number): ScenarioEvent[] {
  const id = `room-${i}`;
  const stream = `room-${id}`;
  const e = (type: string, data: unknown): ScenarioEvent => ({ stream, type, data });
  const story = [
    e('RoomOpened', {
      roomId: id,
      kind: i % 2 ? 'theme' : 'territory',
      subject: i % 2 ? undefined : 'charenton',
      title: `Salon ${i}`,
      access: 'open',
      openedBy: 'cat-0',
      openedAt: '2026-01-05T08:00:00.000Z',
    }),
    e('MemberAdded', { memberId: `cat-${i + 1}`, addedBy: 'cat-0' }),
  ];
  for (let m = 0; m < messages; m++) {
    story.push(
      e('MessagePosted', {
        messageId: `msg-${i}-${m}`,
        clientMsgId: `c-${i}-${m}`,
        authorId: `cat-${m % 5}`,
        text: `Message ${m} du salon ${i}`,
        postedAt: '2026-02-01T10:00:00.000Z',
      }),
    );
    if (rnd() < 0.05) story.push(e('MessageRetracted', { messageId: `msg-${i}-${m}`, retractedBy: `cat-${m % 5}` }));
  }
  story.push(e('DecisionRecorded', { decisionId: `d-${i}`, text: 'Organiser un atelier', recordedBy: 'cat-0' }));
  if (rnd() < 0.3) story.push(e('RoomArchived', { archivedBy: 'ops-1' }));
  return story;
}

function catalyseurStory(i: number, rnd: () => number): ScenarioEvent[] {
  const id = `cat-${i}`;
  const stream = `catalyseur-${id}`;
  const e = (type: string, data: unknown): ScenarioEvent => ({ stream, type, data });
  const story = [
    e('CatalyseurJoined', {
      catalyseurId: id,
      name: `Catalyseur ${i}`,
      sphere: SPHERES[i % SPHERES.length],
      territory: (TERRITORIES[i % TERRITORIES.length] ?? TERRITORIES[0]).id,
      skills: ['dialogue_territorial'],
      joinedAt: '2026-01-02T08:00:00.000Z',
    }),
  ];
  if (rnd() < 0.5) story.push(e('ProfileUpdated', { skills: ['dialogue_territorial', 'mise_en_relation'] }));
  if (rnd() < 0.2) story.push(e('CatalyseurLeft', { reason: 'mutation', leftAt: '2026-06-30T17:00:00.000Z' }));
  return story;
}

/** Every story, interleaved at random (each stream keeps its order). */
export function scenario(options: ScenarioOptions = {}): ScenarioEvent[] {
  const rnd = random(options.seed ?? 42);
  const stories: ScenarioEvent[][] = [];
  for (let i = 0; i < (options.partnerships ?? 10); i++) stories.push(partnershipStory(i, rnd));
  for (let i = 0; i < (options.rooms ?? 5); i++) stories.push(roomStory(i, options.messagesPerRoom ?? 20, rnd));
  for (let i = 0; i < (options.catalyseurs ?? 10); i++) stories.push(catalyseurStory(i, rnd));
  stories.push([{ stream: 'gathering-rencontre-2026', type: 'GatheringScheduled', data: { on: '2026-11-20' } }]);
  const out: ScenarioEvent[] = [];
  const cursors = stories.map(() => 0);
  for (;;) {
    const open = stories.map((s, i) => i).filter((i) => (cursors[i] ?? 0) < (stories[i]?.length ?? 0));
    if (open.length === 0) return out;
    const pick = open[Math.floor(rnd() * open.length)] ?? 0;
    const event = stories[pick]?.[cursors[pick] ?? 0];
    cursors[pick] = (cursors[pick] ?? 0) + 1;
    if (event) out.push(event);
  }
}

let counter = 0;

export function toAppend(event: ScenarioEvent, occurredAt = '2026-03-01T10:00:00.000Z'): EventToAppend {
  counter++;
  const metadata: EventMetadata = {
    correlationId: `corr-${process.pid}-${counter}`,
    causationId: `corr-${process.pid}-${counter}`,
    actor: 'scenario',
    occurredAt,
    schemaVersion: 1,
  };
  return { id: randomUUID(), type: event.type, data: event.data, metadata };
}

/** Appends the events in order (concurrent appends of one tick are grouped by the SQLite store). */
export async function appendAll(store: EventStore, events: readonly ScenarioEvent[], chunk = 500): Promise<bigint> {
  let position = 0n;
  for (let i = 0; i < events.length; i += chunk) {
    const results = await Promise.all(events.slice(i, i + chunk).map((event) => store.append(event.stream, [toAppend(event)], { expectedRevision: 'any' })));
    for (const result of results) if (result.position > position) position = result.position;
  }
  return position;
}
