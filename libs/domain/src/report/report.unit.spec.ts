import { specFor } from '../testing';
import { reportDecider } from './decider';
import type { ReportCommand, ReportEvent, RequestReport } from './types';

const { given } = specFor(reportDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const requestData: RequestReport['data'] = {
  reportId: 'r1',
  kind: 'partnership',
  selection: { scope: 'one', id: 'flda-cg-ardeche' },
  asOf: { time: '2012-12-31', clock: 'happened' },
  requestedBy: 'op-1',
  requestedAt: '2026-03-01T10:00:00.000Z',
};
const request = (data: Partial<RequestReport['data']> = {}): ReportCommand => ({ type: 'RequestReport', data: { ...requestData, ...data } });
const requested: ReportEvent = { type: 'ReportRequested', data: requestData };
const progress = (done: number, total: number, at = '2026-03-01T10:00:01.000Z', message = `${done}/${total}`): ReportCommand => ({
  type: 'RecordReportProgress',
  data: { done, total, message, at },
});
const progressed = (done: number, total: number, percent: number, at = '2026-03-01T10:00:01.000Z', message = `${done}/${total}`): ReportEvent => ({
  type: 'ReportProgressed',
  data: { done, total, percent, message, at },
});
const complete: ReportCommand = {
  type: 'CompleteReport',
  data: { formats: ['json', 'csv', 'html'], items: [{ item: 'flda-cg-ardeche', title: 'Projet-programme' }], completedAt: '2026-03-01T10:00:02.000Z' },
};
const completed: ReportEvent = { type: 'ReportCompleted', data: complete.data as never };

describe('report decider', () => {
  describe('RequestReport', () => {
    it('asks for a report on one aggregate, as of a date', () => {
      const state = given().when(request()).then([requested]);
      expect(state).toMatchObject({ status: 'requested', kind: 'partnership', asOf: { time: '2012-12-31', clock: 'happened' } });
    });

    it('asks for a batch of partnerships by territory and year, without as-of', () => {
      const { asOf: _none, ...withoutAsOf } = requestData;
      given()
        .when({ type: 'RequestReport', data: { ...withoutAsOf, selection: { scope: 'batch', territory: 'ardeche', year: 2012 } } })
        .then([{ type: 'ReportRequested', data: { ...withoutAsOf, selection: { scope: 'batch', territory: 'ardeche', year: 2012 } } }]);
    });

    it('is asked once', () => {
      given([requested]).when(request()).thenThrows('CONFLICT', 'report already exists');
    });

    it.each([
      [{ kind: 'room' as never }, 'unknown report kind "room"'],
      [{ selection: { scope: 'one', id: ' ' } as never }, 'a report on one aggregate needs its id'],
      [{ selection: { scope: 'all' } as never }, 'unknown report scope "all"'],
      [{ kind: 'territory' as const, selection: { scope: 'batch', year: 2012 } as const }, 'a batch report is made of partnerships only'],
      [{ selection: { scope: 'batch' } as const }, 'a batch report needs a territory, a year, or both'],
      [{ selection: { scope: 'batch', year: 12 } as const }, 'a batch by year needs a year from 1900 to 2999'],
      [{ asOf: { time: '2012-13-01', clock: 'happened' } as never }, 'as of needs a date (YYYY-MM-DD) or an ISO-8601 instant'],
      [{ asOf: { time: '2012-12-01', clock: 'written' } as never }, 'unknown history clock "written"'],
      [{ requestedBy: '' }, 'a report needs who asked for it'],
      [{ requestedAt: 'yesterday' }, 'the time of the request must be an ISO-8601 instant'],
    ])('refuses %p', (data, message) => {
      given().when(request(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RecordReportProgress', () => {
    it('records progress as percent of the total; the report is running', () => {
      const state = given([requested])
        .when(progress(1, 4))
        .then([progressed(1, 4, 25)]);
      expect(state).toMatchObject({ status: 'running', progress: { done: 1, total: 4, percent: 25 } });
    });

    it('throttles: less than 10 points within a second is left out; 10 points, a second later, or the end are recorded', () => {
      const after = [requested, progressed(1, 100, 1)];
      given(after)
        .when(progress(5, 100, '2026-03-01T10:00:01.500Z'))
        .thenNothing();
      given(after)
        .when(progress(11, 100, '2026-03-01T10:00:01.500Z'))
        .then([progressed(11, 100, 11, '2026-03-01T10:00:01.500Z')]);
      given(after)
        .when(progress(2, 100, '2026-03-01T10:00:02.000Z'))
        .then([progressed(2, 100, 2, '2026-03-01T10:00:02.000Z')]);
      given(after)
        .when(progress(100, 100, '2026-03-01T10:00:01.100Z'))
        .then([progressed(100, 100, 100, '2026-03-01T10:00:01.100Z')]);
      given(after)
        .when(progress(1, 100, '2026-03-01T10:00:09.000Z'))
        .thenNothing();
    });

    it('an empty batch is done at once', () => {
      given([requested])
        .when(progress(0, 0))
        .then([progressed(0, 0, 100)]);
    });

    it.each([
      [2, 1, 'a report’s progress is a whole number from 0 to its total'],
      [-1, 3, 'a report’s progress is a whole number from 0 to its total'],
      [1.5, 3, 'a report’s progress is a whole number from 0 to its total'],
      [0, -1, 'a report’s total is a whole number of 0 or more'],
    ])('refuses %p of %p', (done, total, message) => {
      given([requested]).when(progress(done, total)).thenThrows('RULE_VIOLATED', message);
    });

    it('is refused for a report never asked, or finished', () => {
      given().when(progress(1, 2)).thenThrows('NOT_FOUND', 'report not found');
      given([requested, completed]).when(progress(1, 2)).thenThrows('RULE_VIOLATED', 'the report is already completed');
    });
  });

  describe('CompleteReport and FailReport', () => {
    it('completes with its formats and items', () => {
      const state = given([requested, progressed(1, 1, 100)])
        .when(complete)
        .then([completed]);
      expect(state).toMatchObject({ status: 'completed', formats: ['json', 'csv', 'html'], items: [{ item: 'flda-cg-ardeche' }] });
    });

    it('refuses an unknown or repeated format, or an item twice', () => {
      given([requested])
        .when({ type: 'CompleteReport', data: { ...(complete.data as never as object), formats: ['pdf'] } as never })
        .thenThrows('RULE_VIOLATED', 'unknown report format "pdf"');
      given([requested])
        .when({ type: 'CompleteReport', data: { ...(complete.data as never as object), formats: ['csv', 'csv'] } as never })
        .thenThrows('RULE_VIOLATED', 'format "csv" is listed twice');
      given([requested])
        .when({
          type: 'CompleteReport',
          data: {
            ...(complete.data as never as object),
            items: [
              { item: 'a', title: 'A' },
              { item: 'a', title: 'B' },
            ],
          } as never,
        })
        .thenThrows('RULE_VIOLATED', 'item "a" is listed twice');
    });

    it('fails with a reason, once', () => {
      const failed: ReportEvent = { type: 'ReportFailed', data: { reason: 'partenariat inconnu', failedAt: '2026-03-01T10:00:02.000Z' } };
      const state = given([requested])
        .when({ type: 'FailReport', data: failed.data as never })
        .then([failed]);
      expect(state).toMatchObject({ status: 'failed', reason: 'partenariat inconnu' });
      given([requested, failed]).when(complete).thenThrows('RULE_VIOLATED', 'the report is already failed');
      given([requested])
        .when({ type: 'FailReport', data: { reason: ' ', failedAt: '2026-03-01T10:00:02.000Z' } })
        .thenThrows('RULE_VIOLATED', 'a failed report needs a reason');
    });
  });
});
