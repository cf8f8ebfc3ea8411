import type { RecordedEvent } from '@catalyse/event-store';
import type { ReportEvent } from '@catalyse/domain';
import { type ReportCard, reportCards } from './report-cards';

let position = 0n;
const recorded = (event: ReportEvent, at = '2026-03-01T10:00:00.000Z'): RecordedEvent => {
  position += 1n;
  return {
    id: `e${position}`,
    stream: 'report-r1',
    type: event.type,
    data: event.data,
    revision: position - 1n,
    position,
    recordedAt: at,
    metadata: { correlationId: 'c', causationId: 'c', actor: 'op-1', occurredAt: at, schemaVersion: 1 },
  };
};

describe('report cards', () => {
  const events = [
    recorded({
      type: 'ReportRequested',
      data: {
        reportId: 'r1',
        kind: 'partnership',
        selection: { scope: 'batch', territory: 'ardeche', year: 2012 },
        requestedBy: 'op-1',
        requestedAt: '2026-03-01T10:00:00.000Z',
      },
    }),
    recorded({ type: 'ReportProgressed', data: { done: 1, total: 2, percent: 50, message: '1 rapport sur 2', at: '2026-03-01T10:00:01.000Z' } }),
    recorded({
      type: 'ReportCompleted',
      data: {
        formats: ['json', 'csv', 'html'],
        items: [
          { item: 'a', title: 'A' },
          { item: 'b', title: 'B' },
        ],
        completedAt: '2026-03-01T10:00:02.000Z',
      },
    }),
  ];

  it('folds the report with its decider, its subject and link', () => {
    let doc: ReportCard | undefined;
    for (const event of events) doc = reportCards.evolve(doc, event) as ReportCard | undefined;
    expect(doc).toMatchObject({
      id: 'r1',
      status: 'completed',
      subject: 'territory:ardeche year:2012',
      href: '/api/reports/r1',
      progress: { done: 1, total: 2, percent: 50 },
      formats: ['json', 'csv', 'html'],
      revision: '2',
    });
    expect(reportCards.tags(doc)).toEqual({ status: 'completed', kind: 'partnership', requestedBy: 'op-1', subject: 'territory:ardeche year:2012' });
  });

  it('pushes every event into the ops feed: request, progress, completion', () => {
    let doc: ReportCard | undefined;
    const entries = events.flatMap((event) => {
      const before = doc;
      doc = reportCards.evolve(doc, event) as ReportCard | undefined;
      return reportCards.feeds(event, { before, after: doc });
    });
    expect(entries.map((e) => [e.room, e.kind])).toEqual([
      ['ops', 'ReportRequested'],
      ['ops', 'ReportProgressed'],
      ['ops', 'ReportCompleted'],
    ]);
    expect(entries[1]?.data).toMatchObject({ reportId: 'r1', status: 'running', percent: 50, done: 1, total: 2, message: '1 rapport sur 2' });
    expect(entries[2]?.data).toMatchObject({ status: 'completed', items: 2, download: '/api/reports/r1/download' });
  });
});
