import { IMPACT_SUB_DIMENSIONS, type ImpactDimension, type SubScores } from '../kernel/vocabulary';

/**
 * A dimension's score from its sub-dimensions' scores: their mean (with two
 * sub-dimensions, a whole number or a half). The observatory's mean of a
 * dimension is the mean of these, and its distribution counts each sub-score
 * as half an assessment, so that a version 1 score read as two equal
 * sub-scores keeps every figure (docs/adr/0017-event-schema-evolution.md).
 */
export function dimensionScore(scores: Readonly<Record<string, number>>): number {
  const values = Object.values(scores);
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The same score for each sub-dimension of a dimension: what a version 1 assessment (one score for the dimension) reads as. */
export function evenScores<D extends ImpactDimension>(dimension: D, score: number): SubScores<D> {
  return Object.fromEntries(IMPACT_SUB_DIMENSIONS[dimension].map((sub) => [sub, score])) as SubScores<D>;
}
