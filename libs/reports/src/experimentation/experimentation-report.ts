import {
  type ActionResultOutcome,
  type CalendarDate,
  type EssaimageDecision,
  type EventInHistory,
  type ExperimentationEvent,
  type ExperimentationStage,
  type ExperimentationState,
  experimentationDecider,
  type GroupMeetingStep,
  type ResultIndicator,
  type Sphere,
} from '@catalyse/domain';

/** The figures of an experimentation's report (as for Charenton-Saint-Maurice). */
export interface ExperimentationReport {
  readonly experimentationId: string;
  readonly title: string;
  readonly objective?: string;
  readonly territory: { readonly id: string; readonly name: string };
  readonly conveners: readonly { readonly name: string; readonly sphere: Sphere }[];
  readonly catalyseurs: readonly string[];
  readonly status: 'running' | 'concluded' | 'abandoned';
  readonly launchedOn: CalendarDate;
  /**
   * Each stage it went through, with the day it started and the day the next one did; the last one ends with the
   * essaimage decision or the abandonment (a concluded or abandoned experimentation has no stage still going on).
   */
  readonly stages: readonly { readonly stage: ExperimentationStage; readonly from: CalendarDate; readonly until?: CalendarDate }[];
  readonly invitation?: {
    readonly invitedOn: CalendarDate;
    readonly dirigeants: number;
    readonly bySphere: readonly { readonly sphere: Sphere; readonly count: number }[];
    readonly volunteers?: number;
  };
  /** The restitution des travaux: the dirigeants who came, the territory's by sphere, those from outside it. */
  readonly restitution?: {
    readonly heldOn: CalendarDate;
    readonly dirigeants: number;
    readonly bySphere: readonly { readonly sphere: Sphere; readonly count: number }[];
    readonly fromOutside?: number;
    readonly notes?: string;
  };
  readonly groups: readonly {
    readonly groupId: string;
    readonly theme: string;
    readonly formedOn: CalendarDate;
    readonly participants: number;
    readonly bySphere: readonly { readonly sphere: Sphere; readonly count: number }[];
    readonly meetings: readonly { readonly step: GroupMeetingStep; readonly heldOn: CalendarDate; readonly attendees: number; readonly notes?: string }[];
    /** Follow-up meetings of the mise en œuvre, in order. */
    readonly followUps: readonly { readonly heldOn: CalendarDate; readonly attendees: number; readonly notes?: string }[];
  }[];
  /** Current participants of every group, by sphere. */
  readonly participantsBySphere: readonly { readonly sphere: Sphere; readonly count: number }[];
  readonly meetingsHeld: number;
  readonly followUpsHeld: number;
  readonly actions: readonly {
    readonly actionId: string;
    readonly title: string;
    readonly groups: readonly string[];
    readonly carriers: readonly string[];
    readonly adoptedOn: CalendarDate;
    readonly hostPlaces?: number;
    readonly durationMonths?: number;
    readonly outcome?: ActionResultOutcome;
    readonly summary?: string;
    readonly indicators: readonly ResultIndicator[];
    readonly evaluatedOn?: CalendarDate;
  }[];
  readonly outcomes: Readonly<Record<ActionResultOutcome, number>> & { readonly notEvaluated: number };
  readonly essaimage?: EssaimageDecision;
  readonly abandonment?: { readonly reason: string; readonly abandonedOn: CalendarDate };
}

/** Counts given by sphere (an invitation's, a restitution's), the largest first. */
const countsBySphere = (counts: Readonly<Partial<Record<Sphere, number>>> | undefined): { sphere: Sphere; count: number }[] =>
  Object.entries(counts ?? {})
    .map(([sphere, count]) => ({ sphere: sphere as Sphere, count: count ?? 0 }))
    .sort((a, b) => b.count - a.count || a.sphere.localeCompare(b.sphere));

const bySphere = (spheres: readonly Sphere[]): { sphere: Sphere; count: number }[] => {
  const counts = new Map<Sphere, number>();
  for (const sphere of spheres) counts.set(sphere, (counts.get(sphere) ?? 0) + 1);
  return [...counts].map(([sphere, count]) => ({ sphere, count })).sort((a, b) => b.count - a.count || a.sphere.localeCompare(b.sphere));
};

/** The report of one experimentation from its events (cut as asked, in stream order), folded with its decider. Pure. */
export function buildExperimentationReport(events: readonly EventInHistory[]): ExperimentationReport | undefined {
  let state: ExperimentationState = experimentationDecider.initialState();
  const stages: { stage: ExperimentationStage; from: CalendarDate; until?: CalendarDate }[] = [];
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as ExperimentationEvent;
    const before = state;
    state = experimentationDecider.evolve(state, event);
    if (state === before || state.status === 'none') continue;
    if (before.status === 'none' || (before.stage !== state.stage && event.type === 'StageAdvanced')) {
      const last = stages[stages.length - 1];
      if (last) last.until = state.stageSince;
      stages.push({ stage: state.stage, from: state.stageSince });
    }
  }
  if (state.status === 'none') return undefined;
  // Concluded or abandoned, it accepts nothing more: its last stage ended that day.
  const ended = state.essaimage?.decidedOn ?? state.abandonment?.abandonedOn;
  const current = stages[stages.length - 1];
  if (state.status !== 'running' && ended !== undefined && current !== undefined && current.until === undefined) current.until = ended;
  const groupNames = new Map(state.groups.map((g) => [g.groupId, g.theme]));
  const actions = state.actions.map((a) => ({
    actionId: a.actionId,
    title: a.title,
    groups: a.groupIds.map((id) => groupNames.get(id) ?? id),
    carriers: a.carriers.map((c) => c.name),
    adoptedOn: a.adoptedOn,
    ...(a.hostPlaces === undefined ? {} : { hostPlaces: a.hostPlaces }),
    ...(a.durationMonths === undefined ? {} : { durationMonths: a.durationMonths }),
    ...(a.results ? { outcome: a.results.outcome, summary: a.results.summary, evaluatedOn: a.results.evaluatedOn } : {}),
    indicators: a.results?.indicators ?? [],
  }));
  const outcome = (o: ActionResultOutcome): number => actions.filter((a) => a.outcome === o).length;
  const { invitation, restitution } = state;
  return {
    experimentationId: state.experimentationId,
    title: state.title,
    ...(state.objective === undefined ? {} : { objective: state.objective }),
    territory: { id: state.territory.id, name: state.territory.name },
    conveners: state.conveners.map((c) => ({ name: c.name, sphere: c.sphere })),
    catalyseurs: state.catalyseurs,
    status: state.status,
    launchedOn: state.launchedOn,
    stages,
    ...(invitation
      ? {
          invitation: {
            invitedOn: invitation.invitedOn,
            dirigeants: invitation.dirigeants,
            bySphere: countsBySphere(invitation.bySphere),
            ...(invitation.volunteers === undefined ? {} : { volunteers: invitation.volunteers }),
          },
        }
      : {}),
    ...(restitution
      ? {
          restitution: {
            heldOn: restitution.heldOn,
            dirigeants: restitution.dirigeants,
            bySphere: countsBySphere(restitution.bySphere),
            ...(restitution.fromOutside === undefined ? {} : { fromOutside: restitution.fromOutside }),
            ...(restitution.notes === undefined ? {} : { notes: restitution.notes }),
          },
        }
      : {}),
    groups: state.groups.map((g) => ({
      groupId: g.groupId,
      theme: g.theme,
      formedOn: g.formedOn,
      participants: g.participants.length,
      bySphere: bySphere(g.participants.map((p) => p.sphere)),
      meetings: g.meetings.map((m) => ({
        step: m.step,
        heldOn: m.heldOn,
        attendees: m.attendees.length,
        ...(m.notes === undefined ? {} : { notes: m.notes }),
      })),
      followUps: (g.followUps ?? []).map((m) => ({
        heldOn: m.heldOn,
        attendees: m.attendees.length,
        ...(m.notes === undefined ? {} : { notes: m.notes }),
      })),
    })),
    participantsBySphere: bySphere(state.groups.flatMap((g) => g.participants.map((p) => p.sphere))),
    meetingsHeld: state.groups.reduce((n, g) => n + g.meetings.length, 0),
    followUpsHeld: state.groups.reduce((n, g) => n + (g.followUps ?? []).length, 0),
    actions,
    outcomes: {
      concluante: outcome('concluante'),
      mitigee: outcome('mitigee'),
      non_concluante: outcome('non_concluante'),
      notEvaluated: actions.filter((a) => a.outcome === undefined).length,
    },
    ...(state.essaimage ? { essaimage: state.essaimage } : {}),
    ...(state.abandonment ? { abandonment: state.abandonment } : {}),
  };
}
