import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AccessPolicy } from './access-policy';
import { JwtAuthGuard } from './http-auth';
import { TokenService } from './token.service';

/** Provides `TokenService`, `AccessPolicy` and `JwtAuthGuard` (needs `PROJECTION_STORE`). */
@Global()
@Module({})
export class AuthModule {
  static forSecret(secret: string): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenService, useValue: new TokenService(secret) },
        { provide: AccessPolicy, inject: [PROJECTION_STORE], useFactory: (store: ProjectionStore) => new AccessPolicy(store) },
        JwtAuthGuard,
      ],
      exports: [TokenService, AccessPolicy, JwtAuthGuard],
    };
  }
}
