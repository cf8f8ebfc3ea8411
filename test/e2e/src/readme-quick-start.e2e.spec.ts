/**
 * The README's quick start, run as a new user would type it: the shell blocks
 * that mint tokens and send the first command are taken from README.md as they
 * are written, and run with bash against the all-in-one (on a free port
 * instead of 3000, on a fresh data folder). If the README drifts from the
 * product, this fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { codeBlocks, HttpClient, mintToken, readMarkdown, REPO_ROOT, type RunningService, startService, tempDataDir } from '@catalyse/testing';

const shell = codeBlocks('README.md', readMarkdown(REPO_ROOT, 'README.md')).filter((block) => block.lang === 'bash');

/** The README's shell block that `holds`; a README without it fails the suite, naming what is missing. */
function blockWith(what: string, holds: (body: string) => boolean): string {
  const found = shell.find((block) => holds(block.code));
  if (!found) throw new Error(`README.md has no bash block that ${what}`);
  return found.code;
}
const tokenLines = blockWith('mints tokens with npm run ops -- token', (body) => body.includes('npm run ops -- token --sub'))
  .split('\n')
  .filter((line) => line.startsWith('npm run ops -- token'));
const firstCommand = blockWith('sends a first command to /api/partnerships', (body) => body.includes('TOKEN=$(') && body.includes('/api/partnerships'));

describe("the README's quick start, as written", () => {
  const data = tempDataDir('catalyse-readme-');
  let service: RunningService;

  beforeAll(async () => {
    service = await startService('all-in-one', { dataDir: data.dir });
  });

  afterAll(async () => {
    await service?.stop();
    data.remove();
  });

  const bash = (script: string) =>
    promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script.replaceAll('http://localhost:3000', service.url)], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: data.dir },
    });

  it('mints the tokens it shows, each accepted by the running service with the role it names', async () => {
    const answers: [string, number, number][] = [];
    for (const line of tokenLines) {
      const { stdout } = await bash(line);
      const http = new HttpClient(service.url, stdout.trim().split('\n').at(-1));
      answers.push([line, (await http.get('/api/catalyseurs')).status, (await http.get('/api/feeds/ops')).status]);
    }
    // Every token is accepted; only the operator's reads the ops feed.
    expect(answers).toEqual(tokenLines.map((line) => [line, 200, line.includes('--role operator') ? 200 : 403]));
  });

  it('sends its first command: a partnership proposed by a catalyseur, 201 with its id, revision and position', async () => {
    const { stdout } = await bash(firstCommand);
    // The catalyseur joins the network first (a catalyseur proposes as a member), then proposes: two answers, in order.
    const [joined, proposed] = stdout.split(/(?<=\})(?=\{)/).map((body) => JSON.parse(body) as { id?: string; revision?: number; position?: number });
    expect(joined).toEqual({ id: 'cat-1', revision: 0, position: expect.any(Number) });
    const answer = proposed ?? {};
    // Revision 1: the proposal, and its catalyseur assigned to it (docs/adr/0025-who-accompanies-a-partnership.md).
    expect(answer).toEqual({ id: expect.any(String), revision: 1, position: expect.any(Number) });
    const operator = new HttpClient(service.url, await mintToken(data.dir, { sub: 'op-1', role: 'operator' }));
    const board = await operator.get<{ title?: string; phase?: string; partners?: { orgId: string }[]; catalyseurs?: string[] }>(
      `/api/partnerships/${answer.id ?? ''}?minRevision=1`,
    );
    expect(board.status).toBe(200);
    expect([board.body.title, board.body.phase, board.body.partners?.map((p) => p.orgId), board.body.catalyseurs]).toEqual([
      'Silver Geek',
      'cadrage',
      ['silver-geek', 'fondation-x'],
      ['cat-1'],
    ]);
  });
});
