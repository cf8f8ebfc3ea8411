import { Inject, Param, Query, Res } from '@nestjs/common';
import {
  type CatalyseurCard,
  COLLECTIONS,
  type ExperimentationBoard,
  funnelId,
  type GatheringAttendance,
  type IntroductionFunnel,
  PARTNERSHIP_LINE_FIELDS,
  type PartnershipLine,
  PROJECTION_STORE,
  type ProjectionStore,
  type TerritoryProfile,
  territoryProfiles,
} from '@catalyse/projections';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, docViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { type DocView, docView, type HeaderSink, listDocs, readDoc, tagRevision } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { ListTerritoriesQuery } from './dto';

/** Most items of each kind the territory view lists (the lists have their own paged routes). */
const VIEW_LIMIT = 200;

/** The territory as of a cut: its profile as it was (`GET /api/territories/{id}?asOf=`). */
export interface TerritoryAsOf {
  readonly territory: DocViewAsOf<TerritoryProfile>;
  readonly cut: DocViewAsOf<TerritoryProfile>['cut'];
}

/** The territory view: the territory and what happens on it. */
export interface TerritoryView {
  readonly territory: DocView<TerritoryProfile>;
  readonly partnerships: readonly { readonly id: string; readonly title: string; readonly phase: string; readonly modes: readonly string[] }[];
  readonly experimentations: readonly { readonly experimentationId: string; readonly title: string; readonly stage: string; readonly status: string }[];
  readonly gatherings: readonly {
    readonly gatheringId: string;
    readonly kind: string;
    readonly theme: string;
    readonly date: string;
    readonly status: string;
  }[];
  readonly catalyseurs: readonly { readonly id: string; readonly name: string; readonly sphere: string }[];
  readonly funnel: IntroductionFunnel;
}

/** The territory profiles (read model) and the territory view: the territory and what happens on it. */
@ApiController('territories')
export class TerritoryReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['territory', 'read'], '', 'Find territories by typology, level, region, actor', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of territory profiles (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('territories')
  list(@Query() query: ListTerritoriesQuery): Promise<Page<DocView<TerritoryProfile>>> {
    return listDocs<TerritoryProfile, ListTerritoriesQuery>(this.readModels, COLLECTIONS.territories, query, ['typology', 'level', 'region', 'actor']);
  }

  @ReadRoute(
    ['territory', 'read'],
    ':id',
    'The territory view: profile and diagnostic, its partnerships, experimentations, gatherings, catalyseurs and introduction funnel',
    {
      ok: '`{territory, partnerships, experimentations, gatherings, catalyseurs, funnel}`; as of a cut, `{territory, cut}`',
      description:
        `${AS_OF_DESCRIPTION} As of a cut the answer is \`{territory, cut}\`: the territory's profile as it was; the lists around it ` +
        'are the present’s and are left out (each has its own read, as of its own cut).',
    },
  )
  async view(@Param('id', IdPipe) id: string, @Query() query: AsOfQuery, @Res({ passthrough: true }) res: HeaderSink): Promise<TerritoryView | TerritoryAsOf> {
    const cut = this.reads.cut(query);
    if (cut) {
      const territory = await docViewAsOf<TerritoryProfile>(this.eventStore, territoryProfiles, id, cut, this.reads.timeZone, 'territory');
      return { territory, cut: territory.cut };
    }
    const territory = await readDoc<TerritoryProfile>(this.readModels, this.reads.readSide, COLLECTIONS.territories, id, query.minRevision, 'territory');
    // The territory's revision (the lists around it are read, not written through this route).
    tagRevision(res, territory.revision);
    const page = { limit: VIEW_LIMIT };
    const [partnerships, experimentations, gatherings, catalyseurs, funnel] = await Promise.all([
      // A board may weigh megabytes: only the fields its line shows.
      this.readModels.findDocs<PartnershipLine>(COLLECTIONS.partnerships, { territory: id }, { ...page, fields: PARTNERSHIP_LINE_FIELDS }),
      this.readModels.findDocs<ExperimentationBoard>(COLLECTIONS.experimentations, { territory: id }, page),
      this.readModels.findDocs<GatheringAttendance>(COLLECTIONS.gatherings, { territory: id }, page),
      this.readModels.findDocs<CatalyseurCard>(COLLECTIONS.catalyseurs, { territory: id, status: 'member' }, page),
      this.readModels.getDoc<IntroductionFunnel>(COLLECTIONS.funnels, funnelId(id)),
    ]);
    return {
      territory: docView(territory),
      partnerships: partnerships.map((p) => ({ id: p.id, title: p.title, phase: p.phase, modes: p.modes })),
      experimentations: experimentations.map((e) => ({ experimentationId: e.experimentationId, title: e.title, stage: e.stage, status: e.status })),
      gatherings: gatherings.map((g) => ({ gatheringId: g.gatheringId, kind: g.kind, theme: g.theme, date: g.date, status: g.status })),
      catalyseurs: catalyseurs.map((c) => ({ id: c.id, name: c.name, sphere: c.sphere })),
      funnel: funnel ?? { scope: funnelId(id), introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 },
    };
  }
}
