/**
 * The territory view and the organisation's page list partnerships by a few fields of each board (real SQLite files,
 * real HTTP): they read those fields only (`DocsPage.fields`), never the boards whole, which may weigh megabytes each
 * (ADR 0028). Their answers are the same as before the boards grew; what the store hands the process for them stays
 * a few hundred characters a board, counted on what `findDocs` returns.
 */
import { COLLECTIONS, type PartnershipBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

jest.setTimeout(60_000);

const MB = 1_000_000;
/** Megabytes of committees each board is given (ADR 0028's worst board is about 6): 0 leaves it as proposed. */
const BOARDS: readonly [string, number][] = [
  ['p1', 2],
  ['p2', 0],
  ['p3', 2],
  ['p4', 2],
];

/** A committee as the decider lets one through: 20 decisions of 1,000 characters (about 20,000 characters). */
const committee = (i: number) => ({
  committeeId: `copil-${i}`,
  heldOn: '2024-03-01',
  attendees: ['asso-1', 'ent-1'],
  decisions: Array.from({ length: 20 }, (_, d) => `Décision ${d} du comité ${i} : ${'x'.repeat(980)}`),
});

interface Line {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  readonly modes: readonly string[];
}

describe('the territory view and the organisation page read a few fields of each board, not the whole boards (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let readModels: ProjectionStore;
  let catalyseur: string;
  let operator: string;
  const steps = httpSteps(() => api);
  /** The answers before the boards grew. */
  let before: { territory: unknown; organisation: unknown };

  const views = async () => ({
    territory: await steps.get<{ partnerships: Line[] }>(operator, '/api/territories/grand-lyon'),
    organisation: await steps.get<{ partnerships: Line[] }>(operator, '/api/organisations/asso-1'),
  });

  /** Characters of the partnership boards `findDocs` handed the process while `work` ran (as JSON text). */
  const boardCharsRead = async (work: () => Promise<unknown>): Promise<number> => {
    const spy = jest.spyOn(readModels, 'findDocs');
    try {
      await work();
      let chars = 0;
      for (const [index, [collection]] of spy.mock.calls.entries()) {
        const result = spy.mock.results[index];
        if (collection === COLLECTIONS.partnerships && result?.type === 'return') chars += JSON.stringify(await result.value).length;
      }
      return chars;
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    api = await startApi();
    readModels = api.app.get<ProjectionStore>(PROJECTION_STORE);
    await joinCatalyseurs(api, ['cata-1']);
    catalyseur = api.token({ sub: 'cata-1', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await steps.send(operator, '/api/territories', { id: 'grand-lyon', name: 'Grand Lyon', typology: 'urbain', level: 'local' }, 201);
    await steps.send(operator, '/api/organisations', { id: 'asso-1', name: 'Asso 1', kind: 'association', size: 'tpe', territory: 'grand-lyon' }, 201);
    let last = 0;
    for (const [id] of BOARDS) {
      last = (
        await steps.send(
          catalyseur,
          '/api/partnerships',
          {
            id,
            title: `Partenariat ${id} — « aînés & numérique »`,
            territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
            partners: [
              { orgId: 'asso-1', name: 'Asso 1', sphere: 'association' },
              { orgId: 'ent-1', name: 'Entreprise 1', sphere: 'entreprise' },
            ],
            modes: id === 'p2' ? ['mecenat', 'innovation_societale'] : ['mecenat'],
          },
          201,
        )
      ).position;
    }
    await api.projected(last);
    before = await views();
    // The committees go straight into the boards (the read model), as 100 commands each would make them, only faster.
    await readModels.transaction(async (tx) => {
      for (const [id, megabytes] of BOARDS) {
        const board = await tx.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, id);
        if (!board) throw new Error(`${id} is not projected`);
        const committees = Array.from({ length: Math.round((megabytes * MB) / 20_000) }, (_, i) => committee(i));
        await tx.putDoc(COLLECTIONS.partnerships, id, { ...board, committees }, { territory: 'grand-lyon', org: ['asso-1', 'ent-1'] });
      }
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers the same partnerships, by the same fields, as before the boards grew, and as the boards say', async () => {
    const whole = await readModels.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, { territory: 'grand-lyon' });
    expect(JSON.stringify(whole).length).toBeGreaterThan(6 * MB);
    const lines = whole.map((board) => ({ id: board.id, title: board.title, phase: board.phase, modes: board.modes }));
    const after = await views();
    expect(after).toEqual(before);
    expect(after.territory.partnerships).toEqual(lines);
    expect(after.organisation.partnerships).toEqual(lines);
    expect(lines.map((line) => line.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(lines[1]).toEqual({ id: 'p2', title: 'Partenariat p2 — « aînés & numérique »', phase: 'cadrage', modes: ['mecenat', 'innovation_societale'] });
  });

  it('reads a few hundred characters of each board, not the megabytes of its committees', async () => {
    const territory = await boardCharsRead(() => steps.get(operator, '/api/territories/grand-lyon'));
    const organisation = await boardCharsRead(() => steps.get(operator, '/api/organisations/asso-1'));
    // The store counted something (the spy sees the reads), and no more than the four lines.
    expect(territory).toBeGreaterThan(4 * 50);
    expect(territory).toBeLessThan(4 * 300);
    expect(organisation).toBeGreaterThan(4 * 50);
    expect(organisation).toBeLessThan(4 * 300);
  });
});
