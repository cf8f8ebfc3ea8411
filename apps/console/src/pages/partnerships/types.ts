/** The partnership board as `GET /api/partnerships/{id}` answers it (the fields the console shows). */
export interface Partner {
  readonly orgId: string;
  readonly name: string;
  readonly sphere: string;
}
export interface Milestone {
  readonly milestoneId: string;
  readonly title: string;
  readonly dueDate: string;
  readonly status: string;
  readonly cycle: number;
  readonly reachedOn?: string;
  readonly late?: boolean;
  readonly rescheduled?: number;
}
export interface Committee {
  readonly committeeId: string;
  readonly heldOn: string;
  readonly attendees: readonly string[];
  readonly decisions: readonly string[];
}
export interface Indicator {
  readonly indicatorId: string;
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
  readonly target?: number;
  readonly measuredOn: string;
}
/** An impact as the board holds it: a dimension's score, with its sub-dimensions' (or a bare score, on old boards). */
export type Impact = Readonly<
  Record<
    string,
    | {
        readonly score: number;
        readonly scores?: Readonly<Record<string, number>>;
        readonly comment?: string;
        readonly evidence?: string;
        readonly cycle?: number;
      }
    | number
  >
>;
/** A concluded cycle: its decision, its day, and the impact the cycle was concluded on. */
export interface Conclusion {
  readonly cycle: number;
  readonly decision: string;
  readonly concludedOn: string;
  readonly impact?: Impact;
}
export interface Board {
  readonly id: string;
  readonly title: string;
  readonly territory: { readonly id: string; readonly name: string; readonly scale: string };
  readonly partners: readonly Partner[];
  readonly modes: readonly string[];
  readonly phase: string;
  readonly cycle: number;
  readonly objectives: Record<string, readonly string[]>;
  readonly milestones: readonly Milestone[];
  readonly committees: readonly Committee[];
  readonly indicators: readonly Indicator[];
  readonly impact: Impact;
  /** Each concluded cycle, with the impact it was concluded on (absent from a board folded before it was kept). */
  readonly conclusions: readonly Conclusion[];
  readonly proposedAt: string;
  readonly revision: number;
  readonly lateMilestones?: number;
  /** The catalyseurs who accompany it now (ids, in the order assigned; absent on boards written before assignments). */
  readonly catalyseurs?: readonly string[];
  readonly cut?: Record<string, unknown>;
}
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  /** The offset that follows, while more items follow: a page cut short by the api's size budget ends before `limit`. */
  readonly next?: number;
}
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  readonly data: Record<string, unknown>;
  readonly metadata: { readonly occurredAt?: string; readonly actor?: string };
  readonly recordedAt: string;
}
