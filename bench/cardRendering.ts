import { performance } from 'node:perf_hooks';
import { CardRenderer } from '../src/cards/renderer';
import { replyFixtures } from '../test/helpers/replies';
import { mean, percentile } from './stats';

export interface CardTiming {
  card: string;
  meanMs: number;
  p99Ms: number;
}

/**
 * Template expansion per card, the templates parsed once beforehand as the bot does at start-up. Each round's
 * reply differs by a field no template reads, so the renderer's memory of replies it has seen never answers.
 */
export async function timeCardRendering(iterations = 400): Promise<CardTiming[]> {
  const renderer = new CardRenderer();
  const fixtures = await replyFixtures('en-US');
  return fixtures.map(([card, reply]) => {
    const unseen = (round: number) => ({ ...reply, data: { ...reply.data, benchRound: round } });
    for (let i = 0; i < 50; i++) renderer.render(unseen(-i - 1));
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const next = unseen(i);
      const started = performance.now();
      renderer.render(next);
      times.push(performance.now() - started);
    }
    return { card, meanMs: mean(times), p99Ms: percentile(times, 99) };
  });
}
