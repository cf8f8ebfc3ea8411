export * from './token.service';
export * from './secret';
export * from './access-rules';
export * from './access-policy';
export * from './http-auth';
export * from './auth.module';
