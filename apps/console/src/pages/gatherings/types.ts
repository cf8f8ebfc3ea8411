/** A gathering as its page reads it (`GET /api/gatherings/{id}`). */
export interface Registration {
  readonly name: string;
  readonly organisation?: string;
  readonly sphere?: string;
  readonly orgId?: string;
  readonly cancelled: boolean;
  readonly attended?: boolean;
}
export interface Gathering {
  readonly gatheringId: string;
  readonly kind: string;
  readonly theme: string;
  readonly status: string;
  readonly date: string;
  readonly time?: string;
  readonly endTime?: string;
  readonly place?: string;
  readonly link?: string;
  readonly capacity?: number;
  readonly territoryId?: string;
  readonly organiser?: { readonly name: string; readonly inNetwork: boolean };
  readonly heldOn?: string;
  readonly rescheduled?: number;
  readonly registered: number;
  readonly attended: number;
  readonly attendanceRate?: number;
  readonly registeredBySphere: Record<string, number>;
  readonly registrations?: Record<string, Registration>;
  readonly pairs?: readonly unknown[];
  readonly revision: number;
}
