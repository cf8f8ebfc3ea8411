import { REPORT_EVENT_TYPES, type ReportEvent, type ReportState, reportDecider } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { type Change, readModel, type Route } from '../read-model';

export interface ReportCardSummary {
  /** The report's id (its stream's). */
  readonly id: string;
  /** What it is about, in a word: the aggregate's id, or the batch (`territory:ardeche year:2012`). */
  readonly subject: string;
  /** Where to follow it over HTTP. */
  readonly href: string;
}

/**
 * A report's card: the report as its decider folds it (request, progress,
 * status, formats and items kept, failure reason) plus its subject and link.
 * Listed by `GET /api/reports`; its events are pushed into the `ops` feed.
 */
export type ReportCard = StateView<ReportState, ReportCardSummary>;

/** The collection of the cards; tags: status, kind, requestedBy, subject. */
export const REPORT_CARDS = 'report';

type Requested = Created<ReportState>;

/** `flda-cg-ardeche`, or `territory:ardeche year:2012` for a batch. */
export function reportSubject(state: Pick<Requested, 'selection'>): string {
  const { selection } = state;
  if (selection.scope === 'one') return selection.id;
  return [selection.territory === undefined ? '' : `territory:${selection.territory}`, selection.year === undefined ? '' : `year:${selection.year}`]
    .filter((part) => part !== '')
    .join(' ');
}

function summarise(state: Requested): ReportCardSummary {
  return { id: state.reportId, subject: reportSubject(state), href: `/api/reports/${state.reportId}` };
}

/**
 * Every report event in the `ops` feed, as operators follow it live: the
 * report, its status, and what the event adds (progress, formats and items,
 * or the reason it failed).
 */
export function reportRoutes(event: ReportEvent, { after }: Change<ReportCard>): Route[] {
  if (!after) return [];
  const head = { reportId: after.reportId, kind: after.kind, subject: after.subject, status: after.status, href: after.href };
  switch (event.type) {
    case 'ReportRequested':
      return [{ room: roomKey('ops'), data: { ...head, requestedBy: after.requestedBy, ...(after.asOf ? { asOf: after.asOf } : {}) } }];
    case 'ReportProgressed':
      return [{ room: roomKey('ops'), data: { ...head, ...event.data } }];
    case 'ReportCompleted':
      return [
        { room: roomKey('ops'), data: { ...head, formats: event.data.formats, items: (event.data.items ?? []).length, download: `${after.href}/download` } },
      ];
    case 'ReportFailed':
      return [{ room: roomKey('ops'), data: { ...head, reason: event.data.reason } }];
    default: {
      const unknown: never = event;
      void unknown;
      return [];
    }
  }
}

const cards = deciderView({
  name: 'report-cards',
  category: 'report',
  collection: REPORT_CARDS,
  decider: reportDecider,
  eventTypes: REPORT_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc: ReportCard) => ({ status: doc.status, kind: doc.kind, requestedBy: doc.requestedBy, subject: doc.subject }),
  routes: reportRoutes,
});

/** `report-{id}` → the report's card (collection `report`); every event also in the `ops` feed. */
export const reportCards = readModel(cards);
