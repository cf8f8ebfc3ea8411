import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { CatalyseConfig } from './config';

/** Structured JSON logs (pino), one line per request with its correlation id. */
export function loggingModule(config: CatalyseConfig, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      base: { service },
      genReqId: (req, res) => {
        const given = req.headers['x-correlation-id'];
        const id = typeof given === 'string' && given.length <= 100 ? given : crypto.randomUUID();
        res.setHeader('x-correlation-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      redact: ['req.headers.authorization'],
    },
  });
}
