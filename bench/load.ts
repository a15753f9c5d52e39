import autocannon from 'autocannon';
import { teamsMessage } from './activities';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  text: string;
  /** A reply must contain this, or the run fails: a fast wrong answer is not a fast answer. */
  expect: string;
  conversations: number;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  /** Where to number messages from, so batches of one run keep counting. */
  firstSequence?: number;
}

/** Loads POST /api/messages with autocannon, every message different, every reply checked. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let sequence = options.firstSequence ?? 0;
  let wrong = 0;
  let firstWrong = '';
  const result = await autocannon({
    url: `${options.url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 8 }),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify(teamsMessage(options.text, sequence++, options.conversations)),
        }),
        onResponse: (status, body) => {
          if (status !== 200 || !body.includes(options.expect)) {
            wrong += 1;
            firstWrong ||= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  const failed = wrong + result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `"${options.text}": ${failed} of ${result.requests.sent} requests failed or answered wrongly; first: ${firstWrong}`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}
