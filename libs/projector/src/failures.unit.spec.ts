import { Failures } from './failures';

describe('Failures: the projector’s failures since its last committed batch', () => {
  it('says the last error and since when failures keep coming, until a batch commits', () => {
    const failures = new Failures(1000);
    failures.failed(new Error('disk full'), 10_000);
    failures.failed(new Error('disk still full'), 10_800);
    expect(failures.status(11_000)).toEqual({ lastError: 'disk still full', failingSince: new Date(10_000).toISOString() });
    failures.cleared();
    expect(failures.status(11_000)).toEqual({});
  });

  it('ends an episode once no failure came for its gap, and starts a new one with the next failure', () => {
    const failures = new Failures(1000);
    failures.failed(new Error('connection reset'), 10_000);
    expect(failures.status(12_000)).toEqual({ lastError: 'connection reset' });
    failures.failed(new Error('disk full'), 50_000);
    expect(failures.status(50_500)).toEqual({ lastError: 'disk full', failingSince: new Date(50_000).toISOString() });
  });
});
