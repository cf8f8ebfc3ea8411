import type { AccompanimentCard } from '../accompaniment-cards/accompaniment-card';
import type { GatheringAttendance } from '../gathering-attendance/gathering-attendance';
import type { IntroductionCard } from '../introduction-cards/introduction-card';
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

/** An introduction the organisation was part of, as its page lists it. */
export interface OrganisationIntroduction {
  readonly introductionId: string;
  readonly status: string;
  readonly introducedOn: string;
  readonly purpose: string;
  /** The other organisations introduced with it. */
  readonly with: readonly { readonly orgId: string; readonly name: string }[];
  readonly accompanimentId?: string;
  readonly partnershipIds: readonly string[];
}

/** A gathering some of the organisation's people registered for, as its page lists it. */
export interface OrganisationGathering {
  readonly gatheringId: string;
  readonly kind: string;
  readonly theme: string;
  readonly date: string;
  readonly status: string;
  /** Its people registered (standing registrations) and, once held, those who attended. */
  readonly registered: number;
  readonly attended: number;
}

/**
 * What the organisation's page shows beside its own document: its
 * accompaniments (the accompaniment cards tagged `organisation`), its
 * partnerships (the partnership boards tagged `org`: `partners[].orgId`), its
 * introductions (the introduction cards tagged `org`) and the gatherings its
 * people registered for (tagged `org` when a registration names its
 * organisation's id). Joined when read, as the territory view joins its lists: a
 * read model folds the streams of one category (ADR 0024).
 */
export interface OrganisationLinks {
  readonly accompaniments: readonly OrganisationAccompaniment[];
  readonly partnerships: readonly OrganisationPartnership[];
  readonly introductions: readonly OrganisationIntroduction[];
  readonly gatherings: readonly OrganisationGathering[];
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

/**
 * The fields of a partnership board a list of partnerships shows (the organisation's page, the territory view): read
 * alone (`DocsPage.fields`), never the whole board, which may weigh megabytes (ADR 0028).
 */
export const PARTNERSHIP_LINE_FIELDS = ['id', 'title', 'phase', 'modes'] as const satisfies readonly (keyof PartnershipBoard)[];

/** What `PARTNERSHIP_LINE_FIELDS` read of a board. */
export type PartnershipLine = Pick<PartnershipBoard, (typeof PARTNERSHIP_LINE_FIELDS)[number]>;

export function organisationPartnership(board: PartnershipLine): OrganisationPartnership {
  return { id: board.id, title: board.title, phase: board.phase, modes: board.modes };
}

export function organisationIntroduction(orgId: string, card: IntroductionCard): OrganisationIntroduction {
  return {
    introductionId: card.introductionId,
    status: card.status,
    introducedOn: card.introducedOn,
    purpose: card.purpose,
    with: card.organisations.filter((o) => o.orgId !== orgId).map((o) => ({ orgId: o.orgId, name: o.name })),
    ...(card.accompanimentId === undefined ? {} : { accompanimentId: card.accompanimentId }),
    partnershipIds: card.partnershipIds,
  };
}

export function organisationGathering(orgId: string, gathering: GatheringAttendance): OrganisationGathering {
  const own = Object.values(gathering.registrations).filter((r) => r.orgId === orgId && !r.cancelled);
  return {
    gatheringId: gathering.gatheringId,
    kind: gathering.kind,
    theme: gathering.theme,
    date: gathering.date,
    status: gathering.status,
    registered: own.length,
    attended: own.filter((r) => r.attended).length,
  };
}
