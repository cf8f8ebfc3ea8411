/**
 * The README's quick start, run as a new user would type it: the shell blocks
 * that mint tokens and send the first command are taken from README.md as they
 * are written, and run with bash against the all-in-one (on a free port
 * instead of 3000, on a fresh data folder). If the README drifts from the
 * product, this fails.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HttpClient, mintToken, REPO_ROOT, type RunningService, startService, tempDataDir } from '@catalyse/testing';

/** The fenced blocks of a markdown text, with their info string. */
function blocks(markdown: string): { info: string; body: string }[] {
  const found: { info: string; body: string }[] = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) found.push({ info: (match[1] ?? '').trim(), body: match[2] ?? '' });
  return found;
}

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const shell = blocks(readme).filter((block) => block.info === 'bash');
const tokens = shell.find((block) => block.body.includes('npm run ops -- token --sub op-1 --role operator'));
const firstCommand = shell.find((block) => block.body.includes('TOKEN=$(') && block.body.includes('/api/partnerships'));

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

  it('mints the three tokens it shows, each accepted by the running service', async () => {
    expect(tokens).toBeDefined();
    const lines = (tokens?.body ?? '').split('\n').filter((line) => line.startsWith('npm run ops -- token'));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const { stdout } = await bash(line);
      const token = stdout.trim().split('\n').at(-1) ?? '';
      const answer = await new HttpClient(service.url, token).get('/api/catalyseurs');
      expect([line, answer.status]).toEqual([line, 200]);
    }
  });

  it('sends its first command: a partnership proposed by a catalyseur, 201 with its id, revision and position', async () => {
    expect(firstCommand).toBeDefined();
    const { stdout } = await bash(firstCommand?.body ?? 'false');
    const answer = JSON.parse(stdout) as { id?: string; revision?: number; position?: number };
    expect(answer).toEqual({ id: expect.any(String), revision: 0, position: expect.any(Number) });
    const operator = new HttpClient(service.url, await mintToken(data.dir, { sub: 'op-1', role: 'operator' }));
    const board = await operator.get<{ title?: string; phase?: string; partners?: { orgId: string }[] }>(`/api/partnerships/${answer.id ?? ''}?minRevision=0`);
    expect(board.status).toBe(200);
    expect([board.body.title, board.body.phase, board.body.partners?.map((p) => p.orgId)]).toEqual(['Silver Geek', 'cadrage', ['silver-geek', 'fondation-x']]);
  });
});
