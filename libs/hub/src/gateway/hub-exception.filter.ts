import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ackError, asAck } from './ack';

/**
 * Safety net of the gateway: anything that escapes a handler (a guard, a pipe
 * or an interceptor the composition root added) becomes an error ack instead of
 * Nest's `exception` event. The handlers themselves answer their own errors.
 */
@Catch()
export class HubExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'ws') throw exception;
    // ws handler arguments: [socket, data, ack?, pattern]
    const pattern = host.getArgByIndex<unknown>(3);
    ackError(asAck(host.getArgByIndex<unknown>(2)), exception, typeof pattern === 'string' ? pattern : '?');
  }
}
