import type { EventEvolutions } from '../kernel/schema';
import { isImpactDimension } from '../kernel/vocabulary';
import { evenScores } from './impact';
import type { PartnershipEvent } from './types';

/**
 * `ImpactAssessed` 1 → 2. Version 1 gave one score to the dimension; version 2
 * scores each of its two sub-dimensions and keeps the dimension's score as
 * their mean. A version 1 score reads as both sub-dimensions at that score:
 * the dimension's score, the observatory's means and distributions, the
 * reports' figures stay what they were (docs/adr/0017-event-schema-evolution.md).
 * Data that is not an object comes back as it is; an unknown dimension gets no
 * sub-scores; every other field (`evidence`) is kept.
 */
export function impactAssessedV1ToV2(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const { dimension, score, ...rest } = data as Readonly<Record<string, unknown>>;
  const scores = isImpactDimension(dimension) ? evenScores(dimension, score as number) : {};
  return { dimension, scores, score, ...rest };
}

/** The partnership's event types whose shape changed (the others are at version 1). */
export const PARTNERSHIP_EVOLUTIONS: EventEvolutions<PartnershipEvent> = {
  ImpactAssessed: { version: 2, upcasters: { 1: impactAssessedV1ToV2 } },
};
