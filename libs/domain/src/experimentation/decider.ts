import type { Decider } from '../kernel/decider';
import { decideExperimentation } from './decide';
import { evolveExperimentation } from './evolve';
import type { ExperimentationCommand, ExperimentationEvent, ExperimentationState } from './types';

/*
 * The collective experimentation as a decider: `decide.ts` (one function per
 * command, with the state guards), `validation.ts` (the shapes of command
 * data), `evolve.ts` (total: what each event does to the state).
 */

export { decideExperimentation } from './decide';
export { evolveExperimentation } from './evolve';

export const initialExperimentationState = (): ExperimentationState => ({ status: 'none' });

export const experimentationDecider: Decider<ExperimentationCommand, ExperimentationEvent, ExperimentationState> = {
  initialState: initialExperimentationState,
  decide: decideExperimentation,
  evolve: evolveExperimentation,
};
