import type { IncomingMessage } from 'node:http';
import { systemClock } from '../clock';
import { faultReply, graphFault, malformed, oversized } from './faultReplies';
import type { EmulatorOperation, FaultRule } from './faults';
import { graphCaller } from './graphToken';
import { checkToken } from './partnerCenterToken';
import { routeOf } from './partnerCenterRoutes';
import { error, throttled, type EmulatorAnswer } from './replies';
import type { World } from './world';

/** A request's answer, the fault that shaped it (latency, or no answer), and the operation it counts under. */
export interface Handled {
  reply: EmulatorAnswer;
  fault?: FaultRule;
  operation?: EmulatorOperation;
}

/** A Partner Center request: its method, its token, its route, then throttling and faults. */
export function handle(request: IncomingMessage, world: World): Handled {
  if (request.method !== 'GET')
    return { reply: error(405, '405', `Method ${request.method} is not supported here.`) };
  const caller = checkToken(request.headers.authorization, world.options.tokenSecret);
  if (!('user' in caller)) return { reply: caller };
  const url = new URL(request.url ?? '/', 'http://emulator');
  const pageToken = request.headers['ms-continuationtoken'];
  const route = routeOf(url, typeof pageToken === 'string' ? pageToken : undefined, world);
  const operation = 'operation' in route ? route.operation : undefined;
  // Throttled before anything else is looked at, as the gateway in front of Partner Center does.
  const retryAfter = world.limiter?.take(caller.user);
  if (retryAfter !== undefined) return { reply: throttled(String(retryAfter)), operation };
  if (!('operation' in route)) return { reply: route };
  const fault = world.faults.take(route.operation, route.customerId);
  if (fault?.status) return { reply: faultReply(fault.status, fault), fault, operation };
  if (fault?.malformed) return { reply: malformed(route), fault, operation };
  if (fault?.oversized) return { reply: oversized(route), fault, operation };
  return { reply: route.answer(), fault, operation };
}

/** A Graph request: its token (for Graph's audience), then throttling and faults as for Partner Center. */
export function handleGraph(request: IncomingMessage, body: unknown, world: World): Handled {
  const clock = world.options.clock ?? systemClock;
  const caller = graphCaller(request.headers.authorization, world.options.tokenSecret, clock.now());
  if (!('user' in caller)) return { reply: caller };
  const url = new URL(request.url ?? '/', 'http://emulator');
  const origin = `http://${request.headers.host ?? 'emulator'}`;
  const route = world.gdap.route(request.method ?? '', url, body, origin);
  if (!('operation' in route)) return { reply: route };
  const { operation } = route;
  const retryAfter = world.limiter?.take(caller.user);
  if (retryAfter !== undefined)
    return { reply: graphFault(429, undefined, 'Too many requests.', String(retryAfter)), operation };
  const fault = world.faults.take(operation, undefined);
  if (fault?.status)
    return {
      reply: graphFault(fault.status, fault.code, fault.description, fault.retryAfter),
      fault,
      operation,
    };
  if (fault?.malformed) return { reply: malformed(route), fault, operation };
  if (fault?.oversized) return { reply: oversized(route), fault, operation };
  return { reply: route.answer(), fault, operation };
}
