import { performance } from 'node:perf_hooks';
import { CardRenderer } from '../src/cards/renderer';
import { replyFixtures } from '../test/helpers/replies';
import { mean, percentile } from './stats';

export interface CardTiming {
  card: string;
  meanMs: number;
  p99Ms: number;
}

/** Template expansion per card, the templates parsed once beforehand as the bot does at start-up. */
export async function timeCardRendering(iterations = 400): Promise<CardTiming[]> {
  const renderer = new CardRenderer();
  const fixtures = await replyFixtures('en-US');
  return fixtures.map(([card, reply]) => {
    for (let i = 0; i < 50; i++) renderer.render(reply);
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      renderer.render(reply);
      times.push(performance.now() - started);
    }
    return { card, meanMs: mean(times), p99Ms: percentile(times, 99) };
  });
}
