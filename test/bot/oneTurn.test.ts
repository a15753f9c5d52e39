import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { DIALOG_MEMORY_CONFIGURATION_KEY } from '../../src/bot/mainDialog';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();

describe('the dialog memory configuration', () => {
  it('is where botbuilder keeps it for the turn (a botbuilder upgrade that moves it fails here)', async () => {
    const adapter = new TestAdapter(async (context: TurnContext) => {
      const dialogs = new DialogSet(
        new ConversationState(new MemoryStorage()).createProperty<DialogState>('d'),
      );
      const dialogContext = await dialogs.createContext(context);
      expect(context.turnState.get(DIALOG_MEMORY_CONFIGURATION_KEY)).toBe(dialogContext.state.configuration);
      await context.sendActivity('checked');
    });
    await adapter.send('hi').assertReply('checked').startTest();
  });

  it('is built once and serves every turn, a question and its answer included', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    const seen: unknown[] = [];
    adapter.use({
      onTurn: async (context, next) => {
        await next();
        seen.push(context.turnState.get(DIALOG_MEMORY_CONFIGURATION_KEY));
      },
    });
    await adapter
      .send({ type: 'message', text: 'agreements', locale: 'en-US' })
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send({ type: 'message', text: 'Wingtip Toys', locale: 'en-US' })
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .send({ type: 'message', text: 'help', locale: 'en-US' })
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .startTest();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeDefined();
    expect(new Set(seen).size).toBe(1);
  });
});
