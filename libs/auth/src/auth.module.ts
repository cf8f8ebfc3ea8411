import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AccessPolicy } from './access/access-policy';
import { ReadModelFacts } from './access/read-model-facts';
import { JwtAuthGuard } from './http-auth';
import { type TokenSources, TokenService } from './token.service';

/**
 * Provides `TokenService`, `JwtAuthGuard` and the `AccessPolicy` over the read
 * models (the hub's; needs `PROJECTION_STORE`). The api builds its own policy
 * over the write side (`AccessGuard`).
 */
@Global()
@Module({})
export class AuthModule {
  /** Tokens of `secret` (which signs), and of the former secrets and the OpenID Connect issuer of `sources` (a `CatalyseConfig`). */
  static forSecret(secret: string, sources: TokenSources = {}): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenService, useValue: new TokenService(secret, sources) },
        { provide: AccessPolicy, inject: [PROJECTION_STORE], useFactory: (store: ProjectionStore) => new AccessPolicy(new ReadModelFacts(store)) },
        JwtAuthGuard,
      ],
      exports: [TokenService, AccessPolicy, JwtAuthGuard],
    };
  }
}
