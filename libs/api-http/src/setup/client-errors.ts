import { randomUUID } from 'node:crypto';
import { maxHeaderSize as defaultMaxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import type { ErrorCode } from '@catalyse/protocol';
import { CORRELATION_HEADER } from '../commands/command-request';

/** An error of Node's HTTP parser (`HPE_…`) or of the server (`ERR_HTTP_REQUEST_TIMEOUT`), as `clientError` gives it. */
interface ClientError extends Error {
  readonly code?: string;
}

/** The server as `clientError` needs it: Node's `http.Server` (its `maxHeaderSize` option, when given). */
export interface ClientErrorServer {
  on(event: 'clientError', listener: (error: ClientError, socket: Duplex) => void): unknown;
  readonly maxHeaderSize?: number;
}

/** Node's socket, with the response it is writing (Node's own default answer checks it too). */
interface HttpSocket extends Duplex {
  readonly _httpMessage?: { readonly headersSent?: boolean } | null;
}

const log = new Logger('HttpClientError');

/** The answer to a request Node refused before any route saw it, or `undefined` for Node's own (a timeout). */
function answerTo(error: ClientError, maxHeaderSize: number): { status: number; code: ErrorCode; message: string } | undefined {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'VALIDATION',
        message: `request headers too large: the request line (its URL) and the headers together must stay under ${Math.floor(maxHeaderSize / 1024)} KB`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'chunk extensions too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return undefined;
    default:
      return { status: 400, code: 'VALIDATION', message: 'malformed HTTP request' };
  }
}

/**
 * Node answers a request it cannot parse itself, before Express and the error filter: a URL or headers over
 * `maxHeaderSize` (16 KB) got `431` with an empty body, a malformed request `400` with none. With a `clientError`
 * listener the server answers them as every error of the api, a complete HTTP/1.1 response with the JSON body
 * `{code, message, requestId}` (`requestId` in `X-Correlation-Id` too, and in a log line), then closes the
 * connection, as Node does: 431 `VALIDATION` "request headers too large…", 413 `PAYLOAD_TOO_LARGE` for chunk
 * extensions, 400 `VALIDATION` "malformed HTTP request"; a request timeout keeps Node's own 408. Nothing is written
 * on a socket already gone, or in the middle of a response whose headers were sent (a pipelined request).
 */
export function answerClientErrors(server: ClientErrorServer): void {
  server.on('clientError', (error, socket) => {
    const http = socket as HttpSocket;
    if (error.code === 'ECONNRESET' || !socket.writable || http._httpMessage?.headersSent === true) {
      socket.destroy();
      return;
    }
    const answer = answerTo(error, server.maxHeaderSize ?? defaultMaxHeaderSize);
    if (answer === undefined) {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const body = JSON.stringify({ code: answer.code, message: answer.message, requestId });
    log.log(`refused before any route: ${answer.status} ${answer.code} ${answer.message} (${error.code ?? error.message}) (request ${requestId})`);
    socket.end(
      [
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `${CORRELATION_HEADER}: ${requestId}`,
        'X-Content-Type-Options: nosniff',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
    socket.destroy();
  });
}
