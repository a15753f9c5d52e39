import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import restify from 'restify';
import { within } from '../deadline';
import type { Logger } from '../log';
import type { HttpAnswer, TurnEndpoint } from '../bot/turnEndpoint';
import { isAllowedHost, readActivity, type IntakeRules } from './intake';

/** What the server answers a request with, once its turn is done. */
export interface HttpServerOptions {
  host: string;
  port: number;
  endpoint: TurnEndpoint;
  /** Teams mode: Bearer tokens and the msteams channel are required before anything else is done. */
  inboundAuthentication: boolean;
  /** Larger request bodies are refused with 413. */
  maxBodyBytes: number;
  /**
   * The messaging endpoint answers within this even when the turn takes longer (Bot Framework gives up on a
   * request after 15 s, and Teams may send the message again): the turn goes on and answers when it is done.
   */
  answerDeadlineMs: number;
  /** A request body still arriving after this is refused (408). */
  bodyTimeoutMs: number;
  /** Local mode: files the bot serves itself at /downloads/<name> (a report's CSV), under the same Host check. */
  downloads?: (name: string) => Promise<{ fileName: string; contentType: string; body: string } | undefined>;
  /** Readiness: the conversation store answers. */
  storage: { kind: string; probe(): Promise<void> };
  logger: Logger;
}

export interface RunningHttpServer {
  /** http://host:port, with /api/messages the messaging endpoint. */
  url: string;
  /**
   * Stops taking requests (new ones get 503, readiness turns 503), lets the turns under way finish for up to
   * `graceMs`, then closes. Resolves with how many turns were still running when it gave up waiting.
   */
  close(graceMs?: number): Promise<number>;
}

/** Readiness is asked often by load balancers; the store is asked at most this often, and waited for this long. */
const READINESS_CACHE_MS = 5000;
const READINESS_TIMEOUT_MS = 3000;

/** restify at POST /api/messages, GET /healthz and /readyz for operators. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { logger, endpoint } = options;
  const intakeRules: IntakeRules = {
    maxBodyBytes: options.maxBodyBytes,
    bodyTimeoutMs: options.bodyTimeoutMs,
    requireBearer: options.inboundAuthentication,
    channelId: options.inboundAuthentication ? 'msteams' : undefined,
    // Without authentication only this machine may talk to the bot: a web page that makes its browser post
    // here under another host name (DNS rebinding) is refused. Nothing passes until the port is known.
    allowedHosts: options.inboundAuthentication ? undefined : new Set<string>(),
  };

  const turnsUnderWay = new Set<Promise<unknown>>();
  let stopping = false;
  let readiness: { at: number; problem?: string } | undefined;
  const notReady = async (): Promise<string | undefined> => {
    if (stopping) return 'shutting down';
    if (!readiness || Date.now() - readiness.at > READINESS_CACHE_MS) {
      const problem = await within(options.storage.probe(), READINESS_TIMEOUT_MS, () => {
        throw new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`);
      }).then(
        () => undefined,
        (error: unknown) =>
          `${options.storage.kind} storage does not answer: ${error instanceof Error ? error.message : typeof error}`,
      );
      readiness = { at: Date.now(), problem };
    }
    return readiness.problem;
  };

  const server = restify.createServer({ name: 'partner-center-assistant' });
  // No body parser: the intake reads the body itself (restify's would inflate gzip without a limit, write
  // multipart uploads to disk, and crash the process on a corrupt gzip stream).
  server.post('/api/messages', async (req, res) => {
    if (stopping) {
      // Behind a load balancer, another instance takes it; Bot Framework retries 503s.
      res.header('Retry-After', '1');
      res.header('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return;
    }
    const intake = await readActivity(req, intakeRules);
    if (!intake.ok) {
      logger.debug('request refused', { status: intake.status, reason: intake.reason });
      // The body was not read: close the connection rather than read what may be megabytes to throw away.
      if (intake.unreadBody) res.header('Connection', 'close');
      res.send(intake.status, { error: intake.reason });
      return;
    }
    const turn = endpoint.process(intake.authorization, intake.activity);
    turnsUnderWay.add(turn.answer);
    void turn.answer.finally(() => turnsUnderWay.delete(turn.answer));

    const answered = await within<HttpAnswer | undefined>(
      turn.answer,
      options.answerDeadlineMs,
      () => undefined,
    );
    if (answered) {
      res.send(answered.status, answered.body);
    } else if (turn.mayAnswerEarly()) {
      logger.info('turn still under way: request answered, the reply follows', {
        activityType: String(intake.activity.type),
      });
      res.send(200);
    } else {
      const late = await turn.answer;
      res.send(late.status, late.body);
    }
  });
  const { downloads } = options;
  if (downloads) {
    // A wildcard: a named parameter stops matching past 100 characters, and a signed name is longer.
    server.get('/downloads/*', async (req, res) => {
      if (!isAllowedHost(req, intakeRules)) {
        logger.debug('request refused', { status: 421, reason: 'unexpected Host' });
        return void res.send(421, { error: 'unexpected Host' });
      }
      const file = await downloads(String((req.params as Record<string, unknown>)['*'] ?? '')).catch(
        () => undefined,
      );
      if (!file) return void res.send(404, { error: 'no such file' });
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.fileName}"`,
        'Content-Length': Buffer.byteLength(file.body),
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(file.body);
    });
  }
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'alive' });
  });
  server.get('/readyz', async (_req, res) => {
    const problem = await notReady();
    if (problem) res.send(503, { status: 'not ready', reason: problem });
    else res.send(200, { status: 'ready', storage: options.storage.kind });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (intakeRules.allowedHosts) intakeRules.allowedHosts = localHostNames(options.host, port);
  return {
    url: `http://${options.host}:${port}`,
    close: async (graceMs = 0) => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (turnsUnderWay.size > 0 && Date.now() < deadline) await sleep(50);
      const abandoned = turnsUnderWay.size;
      server.server.closeAllConnections();
      await closed;
      return abandoned;
    },
  };
}

function localHostNames(host: string, port: number): ReadonlySet<string> {
  return new Set([host, '127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`.toLowerCase()));
}
