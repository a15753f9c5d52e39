import type * as AdaptiveCardsModule from 'adaptivecards';
import { CardRenderer } from '../../src/cards/renderer';
import { readSubmit } from '../../src/commands/runCommand';
import { replyFixtures } from '../helpers/replies';

// The package's main entry needs a bundler; its prebuilt UMD file runs in Node as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;
const renderer = new CardRenderer();

/** Every problem the Adaptive Cards library reports for a card: unknown elements or actions, bad ids, … */
function problemsOf(card: object): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

/** Every Action.Submit's data, wherever it sits in the card. */
function submitData(node: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((child) => submitData(child, found));
  else if (typeof node === 'object' && node !== null) {
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Submit') found.push(element.data);
    Object.values(element).forEach((child) => submitData(child, found));
  }
  return found;
}

describe.each(['en-US', 'fr-FR'])('every card, in %s', (locale) => {
  it('parses with the Adaptive Cards library: no unknown elements or actions, version 1.5 at most', async () => {
    for (const [name, reply] of await replyFixtures(locale)) {
      const card = renderer.render(reply);
      expect({ name, problems: problemsOf(card) }).toEqual({ name, problems: [] });
      expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    }
  });

  it('has buttons whose data the dialog understands', async () => {
    for (const [name, reply] of await replyFixtures(locale)) {
      for (const data of submitData(renderer.render(reply))) {
        const recognized = readSubmit(data as Record<string, unknown>);
        // "help" is what unknown data reads as: only the help button itself may mean it.
        const isHelpButton = (data as { command?: string }).command === 'help';
        expect({ name, data, understood: recognized.intent !== 'help' || isHelpButton }).toEqual({
          name,
          data,
          understood: true,
        });
      }
    }
  });
});
