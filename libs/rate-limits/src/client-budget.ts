import type { Principal, Role } from '@catalyse/protocol';
import type { Limiter, RateLimitStore, Verdict } from './limiter';

/** Who a request is counted for: the verified token's subject, or the client's address when it has none (or an invalid one). */
export type RateLimitedClient = { readonly principal: Principal } | { readonly address: string };

export type BudgetTier = Role | 'anonymous';

/**
 * Each tier's share of the base budget (`HTTP_RATE_LIMIT_PER_MINUTE`): a caller
 * without a valid token, counted by address, gets a quarter (it can only reach
 * public routes or be refused); partners and catalyseurs the base; operators
 * twice (exports, rebuilds, reports and the Opérations page poll more).
 */
export const TIER_SHARES: Readonly<Record<BudgetTier, number>> = { anonymous: 0.25, partner: 1, catalyseur: 1, operator: 2 };

export interface ClientBudgetOptions {
  /** What is counted, in the counters' names and refusal messages (default `requests`). */
  readonly name?: string;
  /** Requests of a partner or a catalyseur per window (the base; other tiers by `TIER_SHARES`). */
  readonly limit: number;
  /** Default 60 (a minute). */
  readonly windowSeconds?: number;
}

/**
 * One budget of requests per client, whatever it asks: every HTTP route and
 * every hub request (join, sync, post, leave, typing) count against it, on
 * every api and hub instance sharing the store. Limits per tier
 * (`TIER_SHARES`), counts per client.
 */
export class ClientBudget {
  private readonly limiters: Readonly<Record<BudgetTier, Limiter>>;
  readonly windowSeconds: number;
  readonly name: string;

  constructor(store: RateLimitStore, options: ClientBudgetOptions) {
    this.windowSeconds = options.windowSeconds ?? 60;
    this.name = options.name ?? 'requests';
    const limiterOf = (tier: BudgetTier): Limiter =>
      store.limiter({ name: `${this.name}-${tier}`, points: tierLimit(options.limit, tier), windowSeconds: this.windowSeconds });
    this.limiters = { anonymous: limiterOf('anonymous'), partner: limiterOf('partner'), catalyseur: limiterOf('catalyseur'), operator: limiterOf('operator') };
  }

  /** The budget of a client's tier, per window. */
  limitOf(client: RateLimitedClient): number {
    return this.limiters[tierOf(client)].limit.points;
  }

  /** Counts one request of the client. */
  consume(client: RateLimitedClient): Promise<Verdict> {
    return this.limiters[tierOf(client)].consume(clientKey(client));
  }

  /** `at most N requests a minute (catalyseur cat-1)`, for refusal messages. */
  describe(client: RateLimitedClient): string {
    const per = this.windowSeconds === 60 ? 'a minute' : `per ${this.windowSeconds} s`;
    const who = 'principal' in client ? `${client.principal.role} ${client.principal.sub}` : `address ${client.address}`;
    return `at most ${this.limitOf(client)} ${this.name} ${per} (${who})`;
  }
}

export function tierOf(client: RateLimitedClient): BudgetTier {
  return 'principal' in client ? client.principal.role : 'anonymous';
}

export function tierLimit(base: number, tier: BudgetTier): number {
  return Math.max(1, Math.ceil(base * TIER_SHARES[tier]));
}

/** The counter's key: the subject, or the address (tiers have their own counters, so the two never mix). */
export function clientKey(client: RateLimitedClient): string {
  return 'principal' in client ? `sub:${client.principal.sub}` : `ip:${client.address}`;
}
