import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock';
import type { FaultRule } from './faults';
import { isGraphPath } from './gdapRelationships';
import { readJsonBody } from './graphBody';
import { handle, handleGraph, type Handled } from './handle';
import { closeServer, listen } from './listen';
import type { EmulatorOptions } from './options';
import { generateCustomers, type GeneratedPopulation } from './population';
import { graphIds, writeReply } from './replies';
import { count, type EmulatorStats } from './stats';
import { worldOf } from './world';

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** A POST's body, parsed as JSON (or the text when it is not JSON), once it has been read. */
  body?: unknown;
  /** When it arrived, on the emulator's clock: a test reads off it how long a client waited before trying again. */
  at: number;
}

export interface RunningEmulator {
  url: string;
  /** The requests received, oldest first, so tests can check what the client sent (the latest 10,000 at least). */
  requests: RecordedRequest[];
  /** The generated customers, with the state each should get; undefined when none were generated. */
  population?: GeneratedPopulation;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests and 429s since the start, in all and per operation. */
  stats(): EmulatorStats;
  close(): Promise<void>;
}

/** A long report sends tens of thousands of requests: the record keeps the latest, not all. */
const KEPT_REQUESTS = 10_000;

/**
 * A Partner Center stand-in over real HTTP, for local mode and tests. It serves the operations the bot uses with
 * Partner Center's conventions: a bearer token with an MFA claim required, MS-RequestId / MS-CorrelationId
 * echoed, errors as {code, description, data, source}, 429 as {statusCode, message} with Retry-After.
 */
export async function startEmulator(
  options: EmulatorOptions,
  host = '127.0.0.1',
  port = 0,
): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const population = options.generatedCustomers
    ? generateCustomers(options.generatedCustomers, 1, options.data.agreementMetadata)
    : undefined;
  const world = worldOf(options, population);
  const stats: EmulatorStats = { requests: 0, throttled: 0, operations: {} };
  const delayed = new Set<NodeJS.Timeout>();
  const latencyMs = options.latencyMs ?? options.data.latencyMs ?? 0;
  const sleep = (ms: number): Promise<void> => {
    if (options.clock) return options.clock.sleep(ms);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delayed.delete(timer);
        resolve();
      }, ms);
      delayed.add(timer);
    });
  };

  const server = createServer((request, response) => {
    if (requests.length >= 2 * KEPT_REQUESTS) requests.splice(0, KEPT_REQUESTS);
    const record: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: { ...request.headers },
      at: (options.clock ?? systemClock).now(),
    };
    requests.push(record);
    const answer = ({ reply, fault, operation }: Handled, ids?: Record<string, string>) => {
      count(stats, operation, reply.status === 429);
      if (fault?.hang) return; // the socket stays open; close() ends it
      const wait = latencyMs + (fault?.latencyMs ?? 0);
      if (wait <= 0) return writeReply(request, response, reply, ids);
      void sleep(wait).then(() => writeReply(request, response, reply, ids));
    };
    // Graph's paths (/v1.0/…) are served beside Partner Center's (/v1/…), on the same port.
    if (!isGraphPath(record.path)) return answer(handle(request, world));
    void readJsonBody(request).then((body) => {
      if (body.ok) record.body = body.value;
      answer(body.ok ? handleGraph(request, body.value, world) : { reply: body.reply }, graphIds(request));
    });
  });
  await listen(server, host, port);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    population,
    addFault: (rule) => world.faults.add(rule),
    clearFaults: () => world.faults.clear(),
    stats: () => structuredClone(stats),
    close: () => {
      delayed.forEach(clearTimeout);
      return closeServer(server);
    },
  };
}
