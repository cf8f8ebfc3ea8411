import type { Decider } from '../kernel/decider';
import { decidePartnership } from './decide';
import { evolvePartnership } from './evolve';
import type { PartnershipCommand, PartnershipEvent, PartnershipState } from './types';

/*
 * The partnership as a decider: `decide.ts` (one function per command, with
 * the state guards and the shapes of its data), `evolve.ts` (total: what each
 * event does to the state).
 */

export { decidePartnership, REMINDER_WINDOW_MAX_DAYS } from './decide';
export { evolvePartnership } from './evolve';

export const initialPartnershipState = (): PartnershipState => ({ status: 'none' });

export const partnershipDecider: Decider<PartnershipCommand, PartnershipEvent, PartnershipState> = {
  initialState: initialPartnershipState,
  decide: decidePartnership,
  evolve: evolvePartnership,
};
