/**
 * How much a partnership holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md). A partnership lives for
 * years and its state is read back by every command and rewritten whole on its board: each bound sits far above what
 * a partnership of the network records in twenty years (a steering committee a month is 240), so only a runaway
 * client meets it. Checked on commands only: the events already stored are read as they are.
 */

/** Milestones planned over all its cycles (dropped and reached ones included: they stay on the board). */
export const PARTNERSHIP_MILESTONES_MAX = 500;
/** Reschedules of one milestone. */
export const MILESTONE_RESCHEDULES_MAX = 50;
/** Steering committees held over all its cycles. */
export const STEERING_COMMITTEES_MAX = 300;
/** Decisions recorded by one steering committee, and the longest a decision may be (in characters). */
export const COMMITTEE_DECISIONS_MAX = 20;
export const DECISION_MAX_LENGTH = 1000;
/** Distinct indicators followed. */
export const PARTNERSHIP_INDICATORS_MAX = 100;
/** Measures recorded over all its indicators and cycles (each replaces its indicator's on the board; the reports keep them all). */
export const INDICATOR_MEASURES_MAX = 10_000;
