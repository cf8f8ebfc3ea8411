import type { PartnershipBoard } from '@catalyse/projections';
import { calendarDateOf } from '../setup/clock';
import { boardView, isLate } from './board-view';

const board: PartnershipBoard = {
  id: 'p1',
  title: 'T',
  territory: { id: 't', name: 'T', scale: 'local' },
  partners: [],
  modes: ['mecenat'],
  phase: 'pilotage',
  cycle: 1,
  objectives: {},
  milestones: [
    { milestoneId: 'a', title: 'A', dueDate: '2025-03-01', status: 'planned', cycle: 1, rescheduled: 0 },
    { milestoneId: 'b', title: 'B', dueDate: '2025-02-01', status: 'reached', cycle: 1, rescheduled: 0, reachedOn: '2025-02-03' },
    { milestoneId: 'c', title: 'C', dueDate: '2025-04-01', status: 'planned', cycle: 1, rescheduled: 1 },
  ],
  nextDueDate: '2025-03-01',
  committees: [],
  indicators: [],
  impact: {},
  conclusions: [],
  proposedAt: '2025-01-01T10:00:00.000Z',
  catalyseurs: ['cat-1'],
  revision: '7',
  position: '42',
  updatedAt: '2025-02-03T10:00:00.000Z',
};

describe('partnership board view', () => {
  it('a milestone is late when still planned and due before today', () => {
    expect(isLate({ status: 'planned', dueDate: '2025-03-01' }, '2025-03-02')).toBe(true);
    expect(isLate({ status: 'planned', dueDate: '2025-03-01' }, '2025-03-01')).toBe(false);
    expect(isLate({ status: 'reached', dueDate: '2025-03-01' }, '2025-04-01')).toBe(false);
    expect(isLate({ status: 'dropped', dueDate: '2025-03-01' }, '2025-04-01')).toBe(false);
  });

  it('adds late flags and the count, and writes revision and position as numbers', () => {
    const view = boardView(board, '2025-03-15');
    expect(view.milestones.map((m) => [m.milestoneId, m.late])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(view.lateMilestones).toBe(1);
    expect(view.lateAsOf).toBe('2025-03-15');
    expect(view.revision).toBe(7);
    expect(view.position).toBe(42);
    expect(view.nextDueDate).toBe('2025-03-01');
  });

  it('a closed partnership has nothing late and no next due date: the milestones it left planned cannot be acted on', () => {
    const view = boardView({ ...board, phase: 'closed' }, '2027-02-01');
    expect(view.milestones.map((m) => [m.milestoneId, m.status, m.late])).toEqual([
      ['a', 'planned', false],
      ['b', 'reached', false],
      ['c', 'planned', false],
    ]);
    expect(view.lateMilestones).toBe(0);
    expect(view).not.toHaveProperty('nextDueDate');
  });

  it('reads "today" in the network time zone', () => {
    const lateEvening = new Date('2025-03-01T23:30:00Z');
    expect(calendarDateOf(lateEvening, 'UTC')).toBe('2025-03-01');
    expect(calendarDateOf(lateEvening, 'Europe/Paris')).toBe('2025-03-02');
  });
});
