import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AccessPolicy } from './access/access-policy';
import { ReadModelFacts } from './access/read-model-facts';
import { JwtAuthGuard } from './http-auth';
import { TokenService } from './token.service';

/**
 * Provides `TokenService`, `JwtAuthGuard` and the `AccessPolicy` over the read
 * models (the hub's; needs `PROJECTION_STORE`). The api builds its own policy
 * over the write side (`AccessGuard`).
 */
@Global()
@Module({})
export class AuthModule {
  static forSecret(secret: string): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenService, useValue: new TokenService(secret) },
        { provide: AccessPolicy, inject: [PROJECTION_STORE], useFactory: (store: ProjectionStore) => new AccessPolicy(new ReadModelFacts(store)) },
        JwtAuthGuard,
      ],
      exports: [TokenService, AccessPolicy, JwtAuthGuard],
    };
  }
}
