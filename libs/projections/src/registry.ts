import { ACCOMPANIMENT_CARDS, accompanimentCards } from './accompaniment-cards/accompaniment-card';
import { CATALYSEUR_CARDS, catalyseurDirectory } from './catalyseur-directory/catalyseur-directory';
import { PORTFOLIO_ACCOMPANIMENTS, portfolioAccompaniments } from './catalyseur-portfolio/portfolio-organisations';
import { PORTFOLIO_PARTNERSHIPS, portfolioPartnerships } from './catalyseur-portfolio/portfolio-partnerships';
import { EXPERIMENTATION_BOARDS, experimentationBoards } from './experimentation-board/experimentation-board';
import { GATHERINGS, gatheringAttendance } from './gathering-attendance/gathering-attendance';
import { INTRODUCTION_CARDS, introductionCards } from './introduction-cards/introduction-card';
import { INTRODUCTION_FUNNELS } from './introduction-cards/introduction-funnel';
import { CATALYSEUR_OBSERVATIONS, catalyseurObservations } from './observatory/catalyseur-observations';
import { EXPERIMENTATION_OBSERVATIONS, experimentationObservations } from './observatory/experimentation-observations';
import { GATHERING_OBSERVATIONS, gatheringObservations } from './observatory/gathering-observations';
import { INTRODUCTION_OBSERVATIONS, introductionObservations } from './observatory/introduction-observations';
import { ACCOMPANIMENT_OBSERVATIONS, accompanimentObservations } from './observatory/accompaniment-observations';
import { PARCOURS_OBSERVATIONS, parcoursObservations } from './observatory/parcours-observations';
import { PARTNERSHIP_OBSERVATIONS, partnershipObservations } from './observatory/partnership-observations';
import { ORGANISATION_PAGES, organisationPages } from './organisation-pages/organisation-page';
import { PARCOURS_BOARDS, parcoursBoards } from './parcours-board/parcours-board';
import { PARTNERSHIP_BOARDS, partnershipBoards } from './partnership-board/partnership-board';
import type { ReadModel } from './read-model';
import { REPORT_CARDS, reportCards } from './report-cards/report-cards';
import { ROOM_CARDS, roomCards } from './room-cards/room-cards';
import { TERRITORY_PROFILES, territoryProfiles } from './territory-profiles/territory-profile';

/**
 * The read models as a registry: checked for unique names and for no two
 * models writing the same collection (their own or a derived one), in the
 * order `Projection` folds each event through the models of its category.
 * Throws a `RangeError` naming what is taken twice.
 */
export function readModelRegistry(models: readonly ReadModel[]): readonly ReadModel[] {
  const names = new Set<string>();
  const writers = new Map<string, string>();
  for (const model of models) {
    if (names.has(model.name)) throw new RangeError(`two read models are named ${model.name}`);
    names.add(model.name);
    for (const collection of [model.collection, ...(model.derivedCollections ?? [])]) {
      const other = writers.get(collection);
      if (other !== undefined) throw new RangeError(`read models ${other} and ${model.name} both write the ${collection} collection`);
      writers.set(collection, model.name);
    }
  }
  return models;
}

/**
 * Every read model the projector maintains. Adding one: its folder, and one
 * line here. Several may read the same stream category.
 */
export const READ_MODELS: readonly ReadModel[] = readModelRegistry([
  partnershipBoards,
  catalyseurDirectory,
  roomCards,
  experimentationBoards,
  gatheringAttendance,
  territoryProfiles,
  introductionCards,
  parcoursBoards,
  reportCards,
  organisationPages,
  accompanimentCards,
  portfolioPartnerships,
  portfolioAccompaniments,
  partnershipObservations,
  catalyseurObservations,
  gatheringObservations,
  introductionObservations,
  accompanimentObservations,
  experimentationObservations,
  parcoursObservations,
]);

/** The collections of the read models (each model's folder names its own), and the tags each is found by. */
export const COLLECTIONS = {
  /** `PartnershipBoard`, tags: territory, phase, mode (many), org (many), catalyseur (many: those who accompany it now). */
  partnerships: PARTNERSHIP_BOARDS,
  /** `CatalyseurCard`, tags: territory, sphere, skill (many), status. */
  catalyseurs: CATALYSEUR_CARDS,
  /** `RoomCard`, tags: kind, subject, member (many). */
  rooms: ROOM_CARDS,
  /** `ExperimentationBoard`, tags: territory, stage, status, catalyseur (many), carrier (many). */
  experimentations: EXPERIMENTATION_BOARDS,
  /** `GatheringAttendance`, tags: kind, status, month, territory, participant (many: standing registrations). */
  gatherings: GATHERINGS,
  /** `TerritoryProfile`, tags: typology, level, region, actor (many). */
  territories: TERRITORY_PROFILES,
  /** `IntroductionCard`, tags: status, territory, catalyseur, org (many), gathering, accompaniment. */
  introductions: INTRODUCTION_CARDS,
  /** `IntroductionFunnel`, ids `network` and `territory:{id}` (derived from the introduction cards). */
  funnels: INTRODUCTION_FUNNELS,
  /** `ParcoursBoard`, tags: status, territory (many). */
  parcours: PARCOURS_BOARDS,
  /** `ReportCard`, tags: status, kind, requestedBy, subject. */
  reports: REPORT_CARDS,
  /** `OrganisationPage`, tags: territory, kind, size, maturity, objective (many). */
  organisations: ORGANISATION_PAGES,
  /** `AccompanimentCard`, tags: organisation, catalyseur, status, outcome. */
  accompaniments: ACCOMPANIMENT_CARDS,
  /** `PortfolioPartnership` of each partnership, the catalyseurs' portfolios' (tags: catalyseur, many: ever; current, many). */
  portfolioPartnerships: PORTFOLIO_PARTNERSHIPS,
  /** `PortfolioAccompaniment` of each accompaniment of an organisation (tags: catalyseur, organisation, status). */
  portfolioAccompaniments: PORTFOLIO_ACCOMPANIMENTS,
  /** `ObservationDoc` of each partnership, the observatory's (tags: territory). */
  partnershipObservations: PARTNERSHIP_OBSERVATIONS,
  /** `ObservationDoc` of each catalyseur (tags: territory, many). */
  catalyseurObservations: CATALYSEUR_OBSERVATIONS,
  /** `ObservationDoc` of each gathering (tags: kind, territory). */
  gatheringObservations: GATHERING_OBSERVATIONS,
  /** `ObservationDoc` of each introduction (tags: territory, catalyseur, gathering). */
  introductionObservations: INTRODUCTION_OBSERVATIONS,
  /** `ObservationDoc` of each accompaniment (tags: catalyseur, organisation). */
  accompanimentObservations: ACCOMPANIMENT_OBSERVATIONS,
  /** `ObservationDoc` of each experimentation (tags: territory). */
  experimentationObservations: EXPERIMENTATION_OBSERVATIONS,
  /** `ObservationDoc` of each parcours (tags: territory, many: its pilots). */
  parcoursObservations: PARCOURS_OBSERVATIONS,
} as const;
