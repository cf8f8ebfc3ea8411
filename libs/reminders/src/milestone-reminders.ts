import { calendarDateOf, daysFrom, isDomainError, type CalendarDate, partnershipDecider, partnershipStream } from '@catalyse/domain';
import type { CommandHandler } from '@catalyse/commands';
import type { JobContext, JobQueue } from '@catalyse/jobs';
import { COLLECTIONS, type PartnershipBoard, type ProjectionStore } from '@catalyse/projections';

/** Name of the job that reminds one milestone. */
export const MILESTONE_REMINDER_JOB = 'milestone-reminder';

/** The phases in which milestones can still fall due. */
const LIVE_PHASES = ['cadrage', 'pilotage', 'evaluation'] as const;

export interface MilestoneRemindersOptions {
  /**
   * A milestone is reminded when it falls due within this many days, or is overdue by at most this many days: a
   * reminder is about what falls due now. One late by more (years, in a history loaded on a first start) is not
   * reminded: its board shows it late.
   */
  readonly windowDays: number;
  /** Where "today" is read (IANA zone, e.g. `Europe/Paris`). */
  readonly timeZone: string;
  /** The edge's clock (the domain never reads one). */
  readonly now: () => Date;
}

export interface ReminderJobData {
  readonly partnershipId: string;
  readonly milestoneId: string;
  /** The due date the reminder is for (part of the job id: a rescheduled milestone gets a new job). */
  readonly dueDate: CalendarDate;
}

export interface ReminderOutcome {
  readonly reminded: boolean;
  /** Why nothing was written: already reminded, reached, dropped, rescheduled beyond the window, … */
  readonly reason?: string;
  readonly position?: string;
}

/**
 * Milestone due-date reminders: a scan of the partnership boards
 * finds the planned milestones falling due within the window (or overdue by
 * at most the window, not the ones late for longer) that were not
 * reminded for their current due date, and enqueues one job each (its id names
 * the partnership, milestone and due date, so a queue adds it once). The job
 * sends `RemindMilestone`: the decider writes `MilestoneDueSoon` at most once per
 * due date, whatever the number of scans, schedulers, retries or restarts, and
 * the projector puts it in the partnership's feed.
 */
export class MilestoneReminders {
  constructor(
    private readonly store: ProjectionStore,
    private readonly jobs: JobQueue,
    private readonly commands: CommandHandler,
    private readonly options: MilestoneRemindersOptions,
  ) {}

  /** Starts running reminder jobs in this process. */
  work(): void {
    this.jobs.work<ReminderJobData>(MILESTONE_REMINDER_JOB, (job) => this.remind(job), { concurrency: 2 });
  }

  /** Enqueues a job for every milestone due within the window (or overdue by at most the window) and not reminded yet. */
  async scan(): Promise<{ readonly due: number; readonly enqueued: number }> {
    const today = this.today();
    let due = 0;
    let enqueued = 0;
    for (const phase of LIVE_PHASES) {
      const boards = await this.store.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, { phase });
      for (const board of boards) {
        for (const milestone of board.milestones) {
          if (milestone.status !== 'planned' || milestone.remindedOn !== undefined) continue;
          if (!withinWindow(daysFrom(today, milestone.dueDate), this.options.windowDays)) continue;
          due++;
          const data: ReminderJobData = { partnershipId: board.id, milestoneId: milestone.milestoneId, dueDate: milestone.dueDate };
          const { added } = await this.jobs.enqueue(MILESTONE_REMINDER_JOB, data, { jobId: reminderJobId(data), attempts: 5, backoffMs: 2000 });
          if (added) enqueued++;
        }
      }
    }
    return { due, enqueued };
  }

  /** The job: one `RemindMilestone` command; a refusal is an outcome, not a failure to retry. */
  async remind(job: Pick<JobContext<ReminderJobData>, 'data'>): Promise<ReminderOutcome> {
    const { partnershipId, milestoneId, dueDate } = job.data;
    // A job enqueued long ago (a queue kept in Redis) for a due date now late beyond the window reminds nothing.
    const late = -daysFrom(this.today(), dueDate);
    if (late > this.options.windowDays) {
      return { reminded: false, reason: `overdue by ${late} days, beyond the reminder window of ${this.options.windowDays} days` };
    }
    try {
      const result = await this.commands.handle(
        partnershipDecider,
        partnershipStream(partnershipId),
        { type: 'RemindMilestone', data: { milestoneId, today: this.today(), withinDays: this.options.windowDays } },
        { actor: 'system:reminders', correlationId: `reminder:${reminderJobId(job.data)}`, occurredAt: this.options.now().toISOString() },
      );
      if (result.events.length === 0) return { reminded: false, reason: 'already reminded for this due date' };
      return { reminded: true, position: result.position.toString() };
    } catch (error) {
      if (isDomainError(error)) return { reminded: false, reason: error.message };
      throw error; // the store or the network: retried with backoff
    }
  }

  private today(): CalendarDate {
    return calendarDateOf(this.options.now(), this.options.timeZone);
  }
}

/** Due in at most `windowDays` days, or overdue by at most `windowDays` days. */
export function withinWindow(daysLeft: number, windowDays: number): boolean {
  return daysLeft <= windowDays && daysLeft >= -windowDays;
}

/** `{partnership}~{milestone}~{dueDate}`: one job per milestone and due date. */
export function reminderJobId(data: ReminderJobData): string {
  return `${data.partnershipId}~${data.milestoneId}~${data.dueDate}`;
}
