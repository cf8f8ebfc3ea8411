import type { CalendarDate, ExperimentationEvent } from '@catalyse/domain';
import type { LaunchObserved } from '@catalyse/projections';
import { type DatedObservation, livesIn, type Period } from '../core/section';
import { asItHappened, otherObservation } from '../network/network-figures';

export type ExperimentationStanding = 'running' | 'concluded' | 'abandoned';

export interface ObservedMeeting {
  readonly group: string;
  readonly step: string;
  readonly day: CalendarDate;
  readonly present: number;
}

export interface ObservedAction {
  readonly id: string;
  readonly adopted: CalendarDate;
  readonly carriers: readonly string[];
  /** Its latest evaluation by the period's last day. */
  readonly outcome?: string;
}

/** The restitution des travaux: dirigeants present, by sphere when known, how many from outside the territory. */
export interface ObservedRestitution {
  readonly day: CalendarDate;
  readonly dirigeants: number;
  readonly bySphere?: Readonly<Record<string, number>>;
  readonly fromOutside?: number;
}

/** A follow-up meeting of a working group during the mise en œuvre. */
export interface ObservedFollowUp {
  readonly group: string;
  readonly day: CalendarDate;
  readonly present: number;
}

/** A collective experimentation as the observatory counts it, as it stands on the period's last day. */
export interface ExperimentationSubject {
  readonly id: string;
  readonly territory: LaunchObserved['territory'];
  readonly launched: CalendarDate;
  /** Absent from the experimentations launched before categories were recorded. */
  readonly category?: string;
  readonly stage: string;
  readonly status: ExperimentationStanding;
  /** When it concluded (essaimage decided) or was abandoned. */
  readonly ended?: CalendarDate;
  /** The invitation au dialogue: dirigeants who came, by sphere when known, volunteers. */
  readonly dirigeants?: number;
  readonly dirigeantsBySphere?: Readonly<Record<string, number>>;
  readonly volunteers?: number;
  readonly groups: number;
  /** The sphere of each participant of a working group (those who left not counted). */
  readonly participants: readonly string[];
  readonly meetings: readonly ObservedMeeting[];
  /** The latest restitution by the period's last day. */
  readonly restitution?: ObservedRestitution;
  readonly followUps: readonly ObservedFollowUp[];
  readonly actions: readonly ObservedAction[];
  readonly essaimage?: { readonly essaimer: boolean; readonly territories: number; readonly day: CalendarDate };
  /** Days things happened, for the flows per year. */
  readonly evaluations: readonly CalendarDate[];
}

interface Fold {
  launch?: LaunchObserved;
  launched?: CalendarDate;
  stage: string;
  status: ExperimentationStanding;
  ended?: CalendarDate;
  invitation?: { dirigeants?: number; bySphere?: Record<string, number>; volunteers?: number };
  groups: Set<string>;
  participants: Map<string, string>;
  meetings: ObservedMeeting[];
  restitution?: ObservedRestitution;
  followUps: ObservedFollowUp[];
  actions: Map<string, ObservedAction>;
  essaimage?: { essaimer: boolean; territories: number; day: CalendarDate };
  evaluations: CalendarDate[];
}

function step(fold: Fold, o: DatedObservation): void {
  const data = o.data as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof data[key] === 'string' ? data[key] : undefined);
  const count = (key: string): number => (typeof data[key] === 'number' ? data[key] : 0);
  const type = o.type as ExperimentationEvent['type'];
  switch (type) {
    case 'ExperimentationLaunched':
      fold.launch ??= o.data as LaunchObserved;
      fold.launched ??= o.day;
      break;
    case 'DirigeantsInvited':
      fold.invitation = o.data as Fold['invitation'];
      break;
    case 'StageAdvanced':
      fold.stage = text('stage') ?? fold.stage;
      break;
    case 'WorkingGroupFormed':
      fold.groups.add(text('group') ?? '');
      break;
    case 'WorkingGroupJoined':
      fold.participants.set(`${text('group')}\u0000${text('participant')}`, text('sphere') ?? 'inconnue');
      break;
    case 'WorkingGroupLeft':
      fold.participants.delete(`${text('group')}\u0000${text('participant')}`);
      break;
    case 'GroupMeetingHeld':
      fold.meetings.push({
        group: text('group') ?? '',
        step: text('step') ?? '',
        day: o.day,
        present: count('present'),
      });
      break;
    case 'ActionAdopted': {
      const id = text('action') ?? '';
      const carriers = Array.isArray(data['carriers']) ? data['carriers'].map(String) : [];
      if (!fold.actions.has(id)) fold.actions.set(id, { id, adopted: o.day, carriers });
      break;
    }
    case 'ResultsEvaluated': {
      const action = fold.actions.get(text('action') ?? '');
      const outcome = text('outcome');
      if (action !== undefined && outcome !== undefined) fold.actions.set(action.id, { ...action, outcome });
      fold.evaluations.push(o.day);
      break;
    }
    case 'EssaimageDecided':
      fold.essaimage = { essaimer: data['essaimer'] === true, territories: typeof data['territories'] === 'number' ? data['territories'] : 0, day: o.day };
      if (fold.status === 'running') [fold.status, fold.ended] = ['concluded', o.day];
      break;
    case 'ExperimentationAbandoned':
      if (fold.status === 'running') [fold.status, fold.ended] = ['abandoned', o.day];
      break;
    case 'RestitutionHeld': {
      const bySphere = data['bySphere'] as Record<string, number> | undefined;
      fold.restitution = {
        day: o.day,
        dirigeants: count('dirigeants'),
        ...(bySphere === undefined ? {} : { bySphere }),
        ...(typeof data['fromOutside'] === 'number' ? { fromOutside: data['fromOutside'] } : {}),
      };
      break;
    }
    case 'FollowUpMeetingHeld':
      fold.followUps.push({ group: text('group') ?? '', day: o.day, present: count('present') });
      break;
    default:
      otherObservation(type);
  }
}

/** An experimentation from its observations, or `undefined` before its launch or when its life does not meet the period. */
export function experimentationSubject(id: string, observations: readonly DatedObservation[], period: Period): ExperimentationSubject | undefined {
  const fold: Fold = {
    stage: 'emergence_besoins',
    status: 'running',
    groups: new Set(),
    participants: new Map(),
    meetings: [],
    followUps: [],
    actions: new Map(),
    evaluations: [],
  };
  for (const o of asItHappened(observations, period)) step(fold, o);
  const { launch, launched, invitation } = fold;
  if (launch === undefined || launched === undefined || !livesIn(launched, fold.ended, period)) return undefined;
  return {
    id,
    territory: launch.territory,
    launched,
    ...(launch.category === undefined ? {} : { category: launch.category }),
    stage: fold.stage,
    status: fold.status,
    ...(fold.ended === undefined ? {} : { ended: fold.ended }),
    ...(typeof invitation?.dirigeants === 'number' ? { dirigeants: invitation.dirigeants } : {}),
    ...(invitation?.bySphere === undefined ? {} : { dirigeantsBySphere: invitation.bySphere }),
    ...(typeof invitation?.volunteers === 'number' ? { volunteers: invitation.volunteers } : {}),
    groups: fold.groups.size,
    participants: [...fold.participants.values()],
    meetings: fold.meetings,
    ...(fold.restitution === undefined ? {} : { restitution: fold.restitution }),
    followUps: fold.followUps,
    actions: [...fold.actions.values()],
    ...(fold.essaimage === undefined ? {} : { essaimage: fold.essaimage }),
    evaluations: fold.evaluations,
  };
}
