/**
 * A path the api serves, asked with a method it does not take: 405 METHOD_NOT_ALLOWED with `Allow`, not a 404
 * that says the path does not exist; `OPTIONS` answers `Allow` alone. A path it does not serve stays a 404, and
 * nothing is written either way (real SQLite, real HTTP).
 */
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { type ApiHarness, startApi } from '../test-support/api-harness';

/**
 * A middleware on every path and method, as the services' request logging registers it (nestjs-pino's
 * `forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }]`): Express keeps it as a route of every method,
 * which is not a method the api takes.
 */
@Module({})
class EveryPathMiddlewareModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

describe('HTTP api: methods a path does not take', () => {
  let api: ApiHarness;
  let token: string;

  beforeAll(async () => {
    api = await startApi({ imports: [EveryPathMiddlewareModule] });
    token = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['PUT', '/api/partnerships/p-1/plan-milestone', 'OPTIONS, POST'],
    ['DELETE', '/api/partnerships/p-1', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/api/rooms', 'GET, HEAD, OPTIONS, POST'],
  ])('%s %s: 405 METHOD_NOT_ALLOWED, Allow: %s', async (method, path, allow) => {
    const answer = await api.request<{ code: string; message: string }>(method, path, { token, body: { title: 'x' } });
    expect([answer.status, answer.body.code, answer.headers.get('allow')]).toEqual([405, 'METHOD_NOT_ALLOWED', allow]);
    expect(answer.body.message).toBe(`${method} is not a method of ${path}: ${allow}`);
  });

  it('answers OPTIONS with the methods of the path, 204 and no body', async () => {
    const answer = await api.request('OPTIONS', '/api/partnerships/p-1/events', { token });
    expect([answer.status, answer.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
  });

  it('keeps a 404 for a path the api does not serve, whatever the method, and writes nothing', async () => {
    for (const method of ['GET', 'PUT', 'POST', 'OPTIONS']) {
      for (const path of ['/api/partnerships/p-1/no-such-command', '/api/nope', '/api/partnerships/p-1/events/x/y']) {
        const answer = await api.request<{ code: string }>(method, path, { token });
        expect([method, path, answer.status, answer.body.code, answer.headers.get('allow')]).toEqual([method, path, 404, 'NOT_FOUND', null]);
      }
    }
    const list = await api.request<{ items: unknown[] }>('GET', '/api/partnerships', { token });
    expect(list.body.items).toEqual([]);
  });
});
