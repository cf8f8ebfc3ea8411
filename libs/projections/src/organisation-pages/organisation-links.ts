import type { AccompanimentCard } from '../accompaniment-cards/accompaniment-card';
import type { PartnershipBoard } from '../partnership-board/partnership-board';

/** An accompaniment as the organisation's page lists it. */
export interface OrganisationAccompaniment {
  readonly accompanimentId: string;
  readonly catalyseurId: string;
  readonly purpose: string;
  readonly status: AccompanimentCard['status'];
  readonly openedOn: string;
  readonly sessionCount: number;
  readonly lastSessionOn?: string;
  /** The maturity the accompaniment saw last. */
  readonly maturity?: string;
  readonly closedOn?: string;
  readonly outcome?: string;
}

/** A partnership the organisation is a partner of, as its page lists it. */
export interface OrganisationPartnership {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  readonly modes: readonly string[];
}

/**
 * What the organisation's page shows beside its own document: its
 * accompaniments (the accompaniment cards tagged `organisation`) and its
 * partnerships (the partnership boards tagged `org`: `partners[].orgId`).
 * Joined when read, as the territory view joins its lists: a read model folds
 * the streams of one category (ADR 0024).
 */
export interface OrganisationLinks {
  readonly accompaniments: readonly OrganisationAccompaniment[];
  readonly partnerships: readonly OrganisationPartnership[];
}

/** Most items of each list the page shows (each has its own paged route). */
export const ORGANISATION_LINKS_LIMIT = 200;

export function organisationAccompaniment(card: AccompanimentCard): OrganisationAccompaniment {
  return {
    accompanimentId: card.accompanimentId,
    catalyseurId: card.catalyseurId,
    purpose: card.purpose,
    status: card.status,
    openedOn: card.openedOn,
    sessionCount: card.sessionCount,
    ...(card.lastSessionOn === undefined ? {} : { lastSessionOn: card.lastSessionOn }),
    ...(card.maturity === undefined ? {} : { maturity: card.maturity.maturity }),
    ...(card.closedOn === undefined ? {} : { closedOn: card.closedOn }),
    ...(card.outcome === undefined ? {} : { outcome: card.outcome }),
  };
}

export function organisationPartnership(board: PartnershipBoard): OrganisationPartnership {
  return { id: board.id, title: board.title, phase: board.phase, modes: board.modes };
}
