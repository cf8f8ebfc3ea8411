import type { RecordedEvent } from '@catalyse/event-store';

/**
 * Builds recorded events the way a store would hand them to the projector:
 * a per-stream revision and a strictly increasing global position.
 */
export class EventLog {
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();
  readonly events: RecordedEvent[] = [];

  constructor(private readonly positionStep = 1n) {}

  record(stream: string, type: string, data: unknown, occurredAt = '2026-03-02T09:00:00.000Z'): RecordedEvent {
    const revision = this.revisions.get(stream) ?? 0n;
    this.revisions.set(stream, revision + 1n);
    this.position += this.positionStep;
    const event: RecordedEvent = {
      id: `evt-${this.position}`,
      stream,
      type,
      revision,
      position: this.position,
      data,
      metadata: { correlationId: `corr-${this.position}`, causationId: `corr-${this.position}`, actor: 'test', occurredAt, schemaVersion: 1 },
      recordedAt: occurredAt,
    };
    this.events.push(event);
    return event;
  }
}

/** A realistic partnership from the seeds: Silver Geek on the Charenton territory. */
export const SILVER_GEEK = {
  partnershipId: 'silver-geek',
  title: 'Silver Geek : le numérique contre l’isolement des aînés',
  territory: { id: 'charenton', name: 'Charenton-le-Pont', scale: 'local' as const },
  partners: [
    { orgId: 'asso-silver-geek', name: 'Association Silver Geek', sphere: 'association' as const },
    { orgId: 'ent-groupe-vyv', name: 'Groupe VYV', sphere: 'entreprise' as const },
    { orgId: 'ville-charenton', name: 'Ville de Charenton-le-Pont', sphere: 'collectivite' as const },
  ],
  modes: ['mecenat' as const, 'innovation_societale' as const],
  proposedAt: '2026-01-12T10:00:00.000Z',
};
