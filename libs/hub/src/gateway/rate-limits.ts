import { AppError, type Principal } from '@catalyse/protocol';
import { ClientBudget, type Limiter, MemoryRateLimitStore, type RateLimitedClient, type RateLimitStore } from '@catalyse/rate-limits';
import type { ResolvedHubOptions } from '../hub.options';

/**
 * The hub's limits, checked before any work:
 * - per socket, in this node's memory: `requestsPerSecond` requests of any kind (a burst guard, no Redis round trip);
 * - per person (the token's subject), in the app's `RATE_LIMIT_STORE` (Redis when scaled out: every hub and api
 *   instance counts together): every request against the client's budget of `requestsPerMinute`, the one its HTTP
 *   requests count against too, and `postsPerSecond` posts, whatever the socket or node;
 * - per person, or per address without a valid token, in the same store: `connectionsPerMinute` handshakes.
 * A refusal is a RATE_LIMITED ack with `retryAfterMs`.
 * Built by `HubModule` (a factory: the store is its option or the root's).
 */
export class HubRateLimits {
  private readonly burst: Limiter;
  private readonly budget: ClientBudget;
  private readonly posts: Limiter;
  private readonly connections: ClientBudget;

  constructor(
    private readonly options: ResolvedHubOptions,
    store: RateLimitStore | undefined,
  ) {
    const shared = store ?? new MemoryRateLimitStore();
    this.burst = new MemoryRateLimitStore().limiter({ name: 'hub-socket-requests', points: options.requestsPerSecond, windowSeconds: 1 });
    this.budget = new ClientBudget(shared, { limit: options.requestsPerMinute });
    this.posts = shared.limiter({ name: 'hub-posts', points: options.postsPerSecond, windowSeconds: 1 });
    this.connections = new ClientBudget(shared, { name: 'connections', limit: options.connectionsPerMinute });
  }

  /** Throws RATE_LIMITED when the client (its person, or its address without a valid token) connects too often. */
  async connection(client: RateLimitedClient): Promise<void> {
    const verdict = await this.connections.consume(client);
    if (!verdict.allowed) throw refusal(`too many connections: ${this.connections.describe(client)}`, verdict.retryAfterMs);
  }

  /** Throws RATE_LIMITED when the socket sends requests too fast, or its person is over their budget. */
  async request(socketId: string, principal: Principal): Promise<void> {
    const burst = await this.burst.consume(socketId);
    if (!burst.allowed) {
      throw refusal(`too many requests on this connection: at most ${this.options.requestsPerSecond} per second`, burst.retryAfterMs);
    }
    const client = { principal };
    const budget = await this.budget.consume(client);
    if (!budget.allowed) throw refusal(`too many requests: ${this.budget.describe(client)}`, budget.retryAfterMs);
  }

  /** Throws RATE_LIMITED when the person posts too fast (all their sockets, every node). */
  async post(principal: Principal): Promise<void> {
    const verdict = await this.posts.consume(`sub:${principal.sub}`);
    if (!verdict.allowed) {
      throw refusal(`too many messages: at most ${this.options.postsPerSecond} per second (${principal.sub}, all connections)`, verdict.retryAfterMs);
    }
  }

  /** Forgets a socket that went away. */
  async forget(socketId: string): Promise<void> {
    await this.burst.forget(socketId);
  }
}

function refusal(message: string, retryAfterMs: number): AppError {
  const retry = retryAfterMs < 1000 ? `${retryAfterMs} ms` : `${Math.ceil(retryAfterMs / 1000)} s`;
  return new AppError('RATE_LIMITED', `${message}; retry in ${retry}`, { retryAfterMs });
}
