import { specFor } from '../testing';
import { experimentationDecider } from './decider';
import type { ExperimentationCommand, ExperimentationEvent, LaunchExperimentation } from './types';

/*
 * An experimentation is animated by members of the network: it is not launched before one of the catalyseurs it
 * names joined the network, each compared with its own joining day when the edge gives it (a decider sees no other
 * aggregate). A catalyseur without a day (a loading script, a test, one the edge does not know) is not compared.
 */

const { given } = specFor(experimentationDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const launchData: LaunchExperimentation['data'] = {
  experimentationId: 'agir-ensemble-charenton',
  title: 'Agir ensemble à Charenton-Saint-Maurice',
  territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
  conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes de Charenton', sphere: 'collectivite' }],
  catalyseurs: ['cat-val-de-marne', 'cat-paris'],
  launchedOn: '2012-01-16',
};
const launch = (data: Partial<LaunchExperimentation['data']>): ExperimentationCommand => ({ type: 'LaunchExperimentation', data: { ...launchData, ...data } });
const { catalyseursJoinedOn: _none, catalyseurs = [], ...rest } = launchData;
const launchedData = { ...rest, catalyseurs };
const launched: ExperimentationEvent = { type: 'ExperimentationLaunched', data: launchedData };

describe('LaunchExperimentation: not before its catalyseurs joined the network', () => {
  it('refuses a launch dated before one of its catalyseurs joined, naming that one and its day', () => {
    given([])
      .when(launch({ catalyseursJoinedOn: { 'cat-val-de-marne': '2011-05-02', 'cat-paris': '2024-02-01' } }))
      .thenThrows(
        'RULE_VIOLATED',
        'the launch of the experimentation (2012-01-16) cannot be earlier than the day catalyseur "cat-paris" joined the network (2024-02-01)',
      );
    given([])
      .when(launch({ catalyseurs: ['cat-val-de-marne'], catalyseursJoinedOn: { 'cat-val-de-marne': '2012-01-17' } }))
      .thenThrows(
        'RULE_VIOLATED',
        'the launch of the experimentation (2012-01-16) cannot be earlier than the day catalyseur "cat-val-de-marne" joined the network (2012-01-17)',
      );
  });

  it('accepts a launch on the day its last catalyseur joined', () => {
    given([])
      .when(launch({ catalyseursJoinedOn: { 'cat-val-de-marne': '2011-05-02', 'cat-paris': '2012-01-16' } }))
      .then([launched]);
  });

  it('compares the ids as the decider reads them (trimmed), and none it is not given a day for', () => {
    given([])
      .when(launch({ catalyseurs: [' cat-paris '], catalyseursJoinedOn: { 'cat-paris': '2024-02-01' } }))
      .thenThrows('RULE_VIOLATED', 'joined the network (2024-02-01)');
    given([])
      .when(launch({ catalyseursJoinedOn: { 'cat-val-de-marne': '2011-05-02' } }))
      .then([launched]);
    // A day for a catalyseur it does not name is not compared, nor a key the prototype has.
    given([])
      .when(launch({ catalyseurs: ['constructor'], catalyseursJoinedOn: { 'cat-absent': '2024-02-01' } }))
      .then([{ type: 'ExperimentationLaunched', data: { ...launchedData, catalyseurs: ['constructor'] } }]);
  });

  it('refuses joining days that are not dates by catalyseur id', () => {
    given([])
      .when(launch({ catalyseursJoinedOn: { 'cat-paris': 'hier' } }))
      .thenThrows('RULE_VIOLATED', 'the day the catalyseur joined the network must be a real date');
    given([])
      .when(launch({ catalyseursJoinedOn: ['2011-05-02'] as unknown as Record<string, string> }))
      .thenThrows('RULE_VIOLATED', 'the days the catalyseurs joined the network must be given by catalyseur id');
  });
});
