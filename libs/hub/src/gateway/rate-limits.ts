import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@catalyse/protocol';
import { HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';

/**
 * Per-socket limits: posts per second, and requests of any kind per
 * second. In memory: a socket lives on one node.
 */
@Injectable()
export class HubRateLimits {
  private readonly posts: RateLimiterMemory;
  private readonly requests: RateLimiterMemory;

  constructor(@Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions) {
    this.posts = new RateLimiterMemory({ keyPrefix: 'hub-post', points: options.postsPerSecond, duration: 1 });
    this.requests = new RateLimiterMemory({ keyPrefix: 'hub-request', points: options.requestsPerSecond, duration: 1 });
  }

  /** Throws RATE_LIMITED when the socket sends requests too fast. */
  async request(socketId: string): Promise<void> {
    await consume(this.requests, socketId, `too many requests: at most ${this.options.requestsPerSecond} per second`);
  }

  /** Throws RATE_LIMITED when the socket posts too fast. */
  async post(socketId: string): Promise<void> {
    await consume(this.posts, socketId, `too many messages: at most ${this.options.postsPerSecond} per second`);
  }

  /** Forgets a socket that went away. */
  async forget(socketId: string): Promise<void> {
    await Promise.all([this.posts.delete(socketId), this.requests.delete(socketId)]);
  }
}

async function consume(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new AppError('RATE_LIMITED', `${message}; retry in ${Math.max(1, Math.ceil(rejection.msBeforeNext))} ms`);
    }
    throw rejection;
  }
}
