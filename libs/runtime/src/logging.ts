import { randomUUID } from 'node:crypto';
import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { CatalyseConfig } from './config';

/**
 * Structured JSON logs (pino), one line per request, tagged with the request's
 * correlation id (set from `X-Correlation-Id` by the api's first middleware).
 */
export function loggingModule(config: CatalyseConfig, service: string): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      base: { service },
      genReqId: (req) => {
        const id = req.headers['x-correlation-id'];
        return typeof id === 'string' ? id : randomUUID();
      },
      // Probes and scrapes come every few seconds: not worth a line each.
      autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/api/metrics' },
      redact: ['req.headers.authorization'],
    },
  });
}
