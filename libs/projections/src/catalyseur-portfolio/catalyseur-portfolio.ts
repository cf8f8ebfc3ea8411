import type { AccompanimentOutcome, CalendarDate, PartnershipPhase } from '@catalyse/domain';
import type { PortfolioAccompaniment } from './portfolio-organisations';
import type { PortfolioPartnership } from './portfolio-partnerships';

/*
 * A catalyseur's portfolio: the partnerships and the organisations it
 * accompanies, and those it accompanied. Two read models keep the pieces, one
 * document per partnership (`portfolio-partnership`) and per accompaniment of
 * an organisation (`portfolio-accompaniment`), each tagged by catalyseur; a
 * portfolio is the documents of one catalyseur put together when it is read
 * (`portfolioOf`), as the gatherings of a participant are found by their
 * `participant` tag. Live: `portfolio:{catalyseurId}`.
 */

export interface AccompaniedPartnership {
  readonly partnershipId: string;
  readonly title: string;
  readonly territory: { readonly id: string; readonly name: string };
  readonly partners: readonly { readonly orgId: string; readonly name: string }[];
  readonly phase: PartnershipPhase;
  /** Assigned on (its current stretch). */
  readonly since: CalendarDate;
}

export interface PastPartnership extends Omit<AccompaniedPartnership, 'since'> {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly reason?: string;
}

export interface AccompaniedOrganisation {
  readonly organisationId: string;
  readonly accompanimentId: string;
  readonly since: CalendarDate;
}

export interface PastOrganisation {
  readonly organisationId: string;
  readonly accompanimentId: string;
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly outcome?: AccompanimentOutcome;
}

export interface CatalyseurPortfolio {
  readonly catalyseurId: string;
  /** The partnerships it accompanies now, the latest assigned first. */
  readonly partnerships: readonly AccompaniedPartnership[];
  /** Those it was released from (a stretch each: released and assigned again, a partnership is in both lists), the latest first. */
  readonly pastPartnerships: readonly PastPartnership[];
  /** The organisations it accompanies now (open accompaniments), the latest first. */
  readonly organisations: readonly AccompaniedOrganisation[];
  /** Its closed accompaniments, the latest first. */
  readonly pastOrganisations: readonly PastOrganisation[];
}

const latestFirst =
  <T>(date: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T): number =>
    date(b).localeCompare(date(a)) || id(a).localeCompare(id(b));

/** The portfolio of `catalyseurId` from its documents (those tagged with it; others are left out). Pure. */
export function portfolioOf(
  catalyseurId: string,
  partnerships: readonly PortfolioPartnership[],
  accompaniments: readonly PortfolioAccompaniment[],
): CatalyseurPortfolio {
  const current: AccompaniedPartnership[] = [];
  const past: PastPartnership[] = [];
  for (const doc of partnerships) {
    const { partnershipId, title, territory, partners, phase } = doc;
    const about = { partnershipId, title, territory, partners, phase };
    for (const span of doc.spans) {
      if (span.catalyseurId !== catalyseurId) continue;
      if (span.releasedOn === undefined) current.push({ ...about, since: span.assignedOn });
      else past.push({ ...about, from: span.assignedOn, until: span.releasedOn, ...(span.reason === undefined ? {} : { reason: span.reason }) });
    }
  }
  const mine = accompaniments.filter((a) => a.catalyseurId === catalyseurId);
  const organisations: AccompaniedOrganisation[] = mine
    .filter((a) => a.closedOn === undefined)
    .map((a) => ({ organisationId: a.organisationId, accompanimentId: a.accompanimentId, since: a.openedOn }));
  const pastOrganisations: PastOrganisation[] = mine.flatMap((a) =>
    a.closedOn === undefined
      ? []
      : [
          {
            organisationId: a.organisationId,
            accompanimentId: a.accompanimentId,
            from: a.openedOn,
            until: a.closedOn,
            ...(a.outcome === undefined ? {} : { outcome: a.outcome }),
          },
        ],
  );
  return {
    catalyseurId,
    partnerships: current.sort(
      latestFirst(
        (p) => p.since,
        (p) => p.partnershipId,
      ),
    ),
    pastPartnerships: past.sort(
      latestFirst(
        (p) => p.until,
        (p) => p.partnershipId,
      ),
    ),
    organisations: organisations.sort(
      latestFirst(
        (o) => o.since,
        (o) => o.accompanimentId,
      ),
    ),
    pastOrganisations: pastOrganisations.sort(
      latestFirst(
        (o) => o.until,
        (o) => o.accompanimentId,
      ),
    ),
  };
}
