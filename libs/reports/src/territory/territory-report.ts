import {
  type CalendarDate,
  type CatalyseurSkill,
  type CatalyseurState,
  type EventInHistory,
  type ExperimentationState,
  FRAGILITY_DOMAIN_LABELS,
  FRAGILITY_PRIORITIES,
  type FragilityPriority,
  type GatheringKind,
  type GatheringState,
  type IntroductionState,
  type PartnershipMode,
  type PartnershipPhase,
  type PartnershipState,
  type ParcoursState,
  type ParcoursStep,
  type Sphere,
  type TerritoryEvent,
  type TerritoryState,
  territoryDecider,
} from '@catalyse/domain';

/** The figures of a territory's report: diagnostic and priorities, actors, and the network's work there. */
export interface TerritoryReport {
  readonly territoryId: string;
  readonly name: string;
  readonly typology: string;
  readonly level: string;
  readonly region?: string;
  readonly departement?: string;
  readonly diagnostic?: {
    readonly diagnosedOn: CalendarDate;
    readonly source?: string;
    readonly ratings: readonly {
      readonly domain: string;
      readonly label: string;
      readonly sphere: Sphere;
      readonly priority: FragilityPriority;
      readonly notes?: string;
    }[];
  };
  /** Domains of the current diagnostic, most often rated `haute` first. */
  readonly priorities: readonly { readonly domain: string; readonly label: string; readonly haute: number; readonly moyenne: number; readonly basse: number }[];
  /** Every diagnostic recorded, oldest first. */
  readonly diagnostics: readonly { readonly diagnosedOn: CalendarDate; readonly source?: string; readonly ratings: number }[];
  /** The current key figures (the latest recorded), absent until recorded. */
  readonly keyFigures?: {
    readonly recordedOn: CalendarDate;
    readonly source?: string;
    readonly figures: readonly {
      readonly key: string;
      readonly label: string;
      readonly value: number;
      readonly unit?: string;
      readonly shareOfFrance?: number;
      readonly year?: number;
    }[];
  };
  /** The current indicators against the national average (the latest recorded), absent until recorded. */
  readonly indicators?: {
    readonly measuredOn: CalendarDate;
    readonly source?: string;
    readonly indicators: readonly {
      readonly domain: string;
      /** The domain in words (the territory's own label, else the standard domain's French name). */
      readonly label: string;
      readonly name: string;
      readonly value: number;
      readonly nationalAverage: number;
      readonly unit?: string;
      /** `value − nationalAverage`, in the indicator's unit. */
      readonly gap: number;
      readonly comparedToNational: 'above' | 'below' | 'equal';
    }[];
  };
  /** The territory's actions, in the order recorded: the needs (domains) they answer and the actors that carry them. */
  readonly actions: readonly {
    readonly actionId: string;
    readonly title: string;
    readonly startedOn: CalendarDate;
    readonly description?: string;
    readonly needs: readonly { readonly domain: string; readonly label: string }[];
    /** The actors by name (an actor no longer listed by its id). */
    readonly actors: readonly { readonly orgId: string; readonly name: string }[];
  }[];
  readonly actors: readonly { readonly name: string; readonly sphere: Sphere }[];
  /** The catalyseurs whose territory it is (by the cut), members first, each by the day they joined. */
  readonly catalyseurs: readonly {
    readonly id: string;
    readonly name: string;
    readonly sphere: Sphere;
    readonly skills: readonly CatalyseurSkill[];
    /** A date, or an instant (the document gives its day in the network's zone). */
    readonly joinedAt: string;
    readonly status: 'member' | 'left';
    readonly leftAt?: string;
  }[];
  /** Its place in the parcours d'expérience it was enrolled in as a pilot territory, by the day it was enrolled. */
  readonly parcours: readonly {
    readonly id: string;
    readonly title: string;
    readonly status: 'open' | 'started' | 'completed';
    readonly enrolledOn: CalendarDate;
    /** `enrolled` while a pilot, `withdrawn` once withdrawn. */
    readonly pilot: 'enrolled' | 'withdrawn';
    readonly withdrawnOn?: CalendarDate;
    /** The step of the method it works on (its latest progress), absent before its first progress. */
    readonly step?: ParcoursStep;
    readonly sessionsAttended: number;
    readonly sessionsHeld: number;
    readonly outcome?: string;
  }[];
  readonly partnerships: readonly {
    readonly id: string;
    readonly title: string;
    readonly phase: PartnershipPhase;
    readonly cycle: number;
    readonly modes: readonly PartnershipMode[];
    readonly partners: readonly string[];
    readonly proposedAt: string;
  }[];
  readonly experimentations: readonly {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly stage: string;
    readonly launchedOn: CalendarDate;
    readonly groups: number;
    readonly actions: number;
  }[];
  readonly gatherings: readonly {
    readonly id: string;
    readonly kind: GatheringKind;
    readonly theme: string;
    readonly date: CalendarDate;
    readonly status: string;
    readonly registered: number;
    readonly attended: number;
  }[];
  readonly funnel: {
    readonly introduced: number;
    readonly met: number;
    readonly partnershipProposed: number;
    readonly noFollowUp: number;
    /** Still in progress: neither led to a partnership nor closed without follow-up (introduced or met), as the observatory's funnel. */
    readonly open: number;
    /** Share of introductions that led to a partnership (percent, rounded), absent without introductions. */
    readonly conversion?: number;
  };
}

/** What the territory report is built from: the territory's own events, and the states of what happens there (all cut alike). */
export interface TerritoryReportSources {
  readonly territory: readonly EventInHistory[];
  readonly partnerships: readonly PartnershipState[];
  readonly experimentations: readonly ExperimentationState[];
  readonly gatherings: readonly GatheringState[];
  readonly introductions: readonly IntroductionState[];
  /** The catalyseurs found on the territory (one whose territory, by the cut, is another is left out); none when absent. */
  readonly catalyseurs?: readonly CatalyseurState[];
  /** The parcours that enrolled the territory as a pilot (one that had not, by the cut, is left out); none when absent. */
  readonly parcours?: readonly ParcoursState[];
}

/** The report of a territory. Pure; `undefined` when the territory was not registered (by the cut). */
export function buildTerritoryReport(sources: TerritoryReportSources): TerritoryReport | undefined {
  let state: TerritoryState = territoryDecider.initialState();
  const diagnostics: { diagnosedOn: CalendarDate; source?: string; ratings: number }[] = [];
  const removedActors = new Map<string, string>();
  for (const recorded of sources.territory) {
    const event = { type: recorded.type, data: recorded.data } as TerritoryEvent;
    const before = state;
    if (event.type === 'TerritoryActorRemoved' && before.status === 'registered') {
      const removed = before.actors.find((a) => a.orgId === event.data.orgId);
      if (removed) removedActors.set(removed.orgId, removed.name);
    }
    state = territoryDecider.evolve(state, event);
    if (state !== before && event.type === 'FragilityDiagnosticRecorded' && state.status === 'registered' && state.diagnostic) {
      const { diagnosedOn, source, ratings } = state.diagnostic;
      diagnostics.push({ diagnosedOn, ...(source === undefined ? {} : { source }), ratings: ratings.length });
    }
  }
  if (state.status === 'none') return undefined;
  const custom = state.customDomains;
  const standard: Readonly<Record<string, string>> = FRAGILITY_DOMAIN_LABELS;
  // The territory's own label, else the standard domain's French name, else the slug.
  const label = (domain: string): string =>
    Object.hasOwn(custom, domain) ? (custom[domain] ?? domain) : Object.hasOwn(standard, domain) ? (standard[domain] ?? domain) : domain;
  const ratings = state.diagnostic?.ratings ?? [];
  const domains = [...new Set(ratings.map((r) => r.domain))];
  const count = (domain: string, priority: FragilityPriority): number => ratings.filter((r) => r.domain === domain && r.priority === priority).length;
  const priorities = domains
    .map((domain) => ({ domain, label: label(domain), haute: count(domain, 'haute'), moyenne: count(domain, 'moyenne'), basse: count(domain, 'basse') }))
    .sort((a, b) => b.haute - a.haute || b.moyenne - a.moyenne || a.domain.localeCompare(b.domain));
  // Actors by name: those listed now, then those removed since (the action keeps them), else the id.
  const actorNames = new Map(state.actors.map((a) => [a.orgId, a.name]));
  const actorName = (orgId: string): string => actorNames.get(orgId) ?? removedActors.get(orgId) ?? orgId;
  const introductions = sources.introductions.flatMap((i) => (i.status === 'none' ? [] : [i]));
  const proposed = introductions.filter((i) => i.status === 'partnership_proposed').length;
  return {
    territoryId: state.territoryId,
    name: state.name,
    typology: state.typology,
    level: state.level,
    ...(state.region === undefined ? {} : { region: state.region }),
    ...(state.departement === undefined ? {} : { departement: state.departement }),
    ...(state.diagnostic
      ? {
          diagnostic: {
            diagnosedOn: state.diagnostic.diagnosedOn,
            ...(state.diagnostic.source === undefined ? {} : { source: state.diagnostic.source }),
            ratings: [...ratings]
              .sort((a, b) => FRAGILITY_PRIORITIES.indexOf(a.priority) - FRAGILITY_PRIORITIES.indexOf(b.priority) || a.domain.localeCompare(b.domain))
              .map((r) => ({
                domain: r.domain,
                label: label(r.domain),
                sphere: r.sphere,
                priority: r.priority,
                ...(r.notes === undefined ? {} : { notes: r.notes }),
              })),
          },
        }
      : {}),
    priorities,
    diagnostics,
    ...(state.keyFigures
      ? {
          keyFigures: {
            recordedOn: state.keyFigures.recordedOn,
            ...(state.keyFigures.source === undefined ? {} : { source: state.keyFigures.source }),
            figures: state.keyFigures.figures.map((f) => ({
              key: f.key,
              label: f.label,
              value: f.value,
              ...(f.unit === undefined ? {} : { unit: f.unit }),
              ...(f.shareOfFrance === undefined ? {} : { shareOfFrance: f.shareOfFrance }),
              ...(f.year === undefined ? {} : { year: f.year }),
            })),
          },
        }
      : {}),
    ...(state.indicators
      ? {
          indicators: {
            measuredOn: state.indicators.measuredOn,
            ...(state.indicators.source === undefined ? {} : { source: state.indicators.source }),
            indicators: state.indicators.indicators.map((i) => {
              // Rounded to the thousandth: 10.8 − 9.3 is 1.5, not 1.5000000000000009.
              const gap = Math.round((i.value - i.nationalAverage) * 1000) / 1000;
              return {
                domain: i.domain,
                label: label(i.domain),
                name: i.name,
                value: i.value,
                nationalAverage: i.nationalAverage,
                ...(i.unit === undefined ? {} : { unit: i.unit }),
                gap,
                comparedToNational: gap > 0 ? ('above' as const) : gap < 0 ? ('below' as const) : ('equal' as const),
              };
            }),
          },
        }
      : {}),
    actions: (state.actions ?? []).map((a) => ({
      actionId: a.actionId,
      title: a.title,
      startedOn: a.startedOn,
      ...(a.description === undefined ? {} : { description: a.description }),
      needs: a.domains.map((domain) => ({ domain, label: label(domain) })),
      actors: a.actorIds.map((orgId) => ({ orgId, name: actorName(orgId) })),
    })),
    actors: state.actors.map((a) => ({ name: a.name, sphere: a.sphere })),
    catalyseurs: catalyseursOf(sources.catalyseurs ?? [], state.territoryId),
    parcours: parcoursOf(sources.parcours ?? [], state.territoryId),
    partnerships: sources.partnerships
      .flatMap((p) => (p.status === 'none' ? [] : [p]))
      .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt))
      .map((p) => ({
        id: p.partnershipId,
        title: p.title,
        phase: p.phase,
        cycle: p.cycle,
        modes: p.modes,
        partners: p.partners.map((partner) => partner.name),
        proposedAt: p.proposedAt,
      })),
    experimentations: sources.experimentations
      .flatMap((x) => (x.status === 'none' ? [] : [x]))
      .sort((a, b) => a.launchedOn.localeCompare(b.launchedOn))
      .map((x) => ({
        id: x.experimentationId,
        title: x.title,
        status: x.status,
        stage: x.stage,
        launchedOn: x.launchedOn,
        groups: x.groups.length,
        actions: x.actions.length,
      })),
    gatherings: sources.gatherings
      .flatMap((g) => (g.status === 'none' ? [] : [g]))
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((g) => {
        const registrations = Object.values(g.registrations);
        return {
          id: g.gatheringId,
          kind: g.kind,
          theme: g.theme,
          date: g.date,
          status: g.status,
          registered: registrations.filter((r) => !r.cancelled).length,
          attended: registrations.filter((r) => r.attended).length,
        };
      }),
    funnel: {
      introduced: introductions.length,
      met: introductions.filter((i) => i.status === 'met' || i.status === 'partnership_proposed' || i.metOn !== undefined).length,
      partnershipProposed: proposed,
      noFollowUp: introductions.filter((i) => i.status === 'no_follow_up').length,
      open: introductions.filter((i) => i.status === 'introduced' || i.status === 'met').length,
      ...(introductions.length === 0 ? {} : { conversion: Math.round((proposed * 100) / introductions.length) }),
    },
  };
}

/** The catalyseurs of the territory: members first, then those who left, each by the day they joined, then by name. */
function catalyseursOf(states: readonly CatalyseurState[], territoryId: string): TerritoryReport['catalyseurs'] {
  return states
    .flatMap((c) => (c.status !== 'none' && c.territory === territoryId ? [c] : []))
    .sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === 'member' ? -1 : 1) || String(a.joinedAt).localeCompare(String(b.joinedAt)) || a.name.localeCompare(b.name),
    )
    .map((c) => ({
      id: c.catalyseurId,
      name: c.name,
      sphere: c.sphere,
      skills: c.skills,
      joinedAt: c.joinedAt,
      status: c.status,
      ...(c.status === 'left' && c.leftAt !== undefined ? { leftAt: c.leftAt } : {}),
    }));
}

/** The territory's place in each parcours that enrolled it: its step, its sessions, its outcome. */
function parcoursOf(states: readonly ParcoursState[], territoryId: string): TerritoryReport['parcours'] {
  return states
    .flatMap((p) => {
      if (p.status === 'none') return [];
      const pilot = p.territories.find((t) => t.territoryId === territoryId);
      if (!pilot) return [];
      return [
        {
          id: p.parcoursId,
          title: p.title,
          status: p.status,
          enrolledOn: pilot.enrolledOn,
          pilot: pilot.status,
          ...(pilot.withdrawal ? { withdrawnOn: pilot.withdrawal.withdrawnOn } : {}),
          ...(pilot.step === undefined ? {} : { step: pilot.step }),
          sessionsAttended: p.sessions.filter((s) => s.territoriesPresent.includes(territoryId)).length,
          sessionsHeld: p.sessions.length,
          ...(pilot.outcome === undefined ? {} : { outcome: pilot.outcome }),
        },
      ];
    })
    .sort((a, b) => a.enrolledOn.localeCompare(b.enrolledOn) || a.title.localeCompare(b.title));
}
