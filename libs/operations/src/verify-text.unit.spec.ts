import { verifyReportText } from './verify';

describe('ops verify, in words', () => {
  it('writes its counts as French does, as the rest of ops (« 3 642 événements », not « 3642 »)', () => {
    const text = verifyReportText({
      events: 3642,
      streams: 1084,
      versions: [{ category: 'partnership', type: 'ImpactAssessed', current: 2, stored: { '1': 1200, '2': 3 } }],
      unreadable: [],
      problems: [],
    } as unknown as Parameters<typeof verifyReportText>[0]);
    expect(text).toContain('Vérification du journal : 3\u202f642 événements dans 1\u202f084 flux.');
    expect(text).toContain('v1 : 1\u202f200, v2 : 3 — 1\u202f200 événements relus en v2');
    expect(text).not.toMatch(/\d{4}/);
  });
});
