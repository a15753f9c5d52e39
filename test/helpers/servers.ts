import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listen } from '../../src/emulator/listen';

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

/** A loopback HTTP server answering every request with the same status and body text. */
export async function startRawServer(
  status: number,
  body: string,
  contentType = 'application/json',
): Promise<RawServer> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'Content-Type': contentType });
    response.end(body);
  });
  return started(server);
}

interface ConnectorRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** What the double answered. */
  status: number;
}

export interface ConnectorDouble extends RawServer {
  /** Everything the bot posted, "typing" included. */
  requests: ConnectorRequest[];
  /** Resolves with the first `count` messages the bot posted and the double accepted (typing aside). */
  waitFor(count: number, timeoutMs?: number): Promise<ConnectorRequest[]>;
  /** The next `times` posts are answered with `status` (and Retry-After when given), as Teams does under load. */
  failNext(status: number, times: number, retryAfter?: string): void;
}

/** Stands where Teams' connector would (the activity's serviceUrl) and keeps what the bot posts. */
export async function startConnectorDouble(): Promise<ConnectorDouble> {
  const requests: ConnectorRequest[] = [];
  const waiters: Array<() => void> = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const failure = failures.shift();
      const status = failure?.status ?? 200;
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        body: text ? JSON.parse(text) : {},
        status,
      });
      response.writeHead(status, {
        'Content-Type': 'application/json',
        ...(failure?.retryAfter ? { 'Retry-After': failure.retryAfter } : {}),
      });
      response.end(
        JSON.stringify(
          failure
            ? { error: { code: 'Throttled', message: 'try later' } }
            : { id: `reply-${requests.length}` },
        ),
      );
      waiters.forEach((wake) => wake());
    });
  });
  const running = await started(server);
  return {
    ...running,
    requests,
    failNext: (status, times, retryAfter) => {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter });
    },
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const messages = () => requests.filter((r) => r.body.type === 'message' && r.status === 200);
        const check = (): boolean => {
          if (messages().length < count) return false;
          clearTimeout(timer);
          resolve(messages().slice(0, count));
          return true;
        };
        const timer = setTimeout(
          () => reject(new Error(`connector received ${messages().length} of ${count} messages`)),
          timeoutMs,
        );
        if (!check()) waiters.push(() => void check());
      }),
  };
}

/**
 * A port nothing listens on, for a process to listen on next. Taken below Linux's ephemeral range (32768 and up):
 * a port the system handed out would be handed out again, as the local end of some outgoing connection, before
 * the process got to listen on it. Checked free by binding it, then released.
 */
export async function unusedPort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await listen(server, '127.0.0.1', port).then(
      () => true,
      (error: unknown) => {
        if (attempt >= 50) throw error;
        return false;
      },
    );
    if (free) {
      await closeServer(server);
      return port;
    }
  }
}

async function started(server: Server): Promise<RawServer> {
  await listen(server, '127.0.0.1', 0);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** The whole body of a request, as text. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
