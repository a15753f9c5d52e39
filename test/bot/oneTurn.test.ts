import { DialogSet } from 'botbuilder-dialogs';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();

describe('requests answered in one turn', () => {
  afterEach(() => jest.restoreAllMocks());

  it('do not run the dialog stack; a question and its answer do', async () => {
    const dialogTurns = jest.spyOn(DialogSet.prototype, 'createContext');
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    const message = (text: string) => ({ type: 'message', text, locale: 'en-US' });
    await adapter
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Reseller relationship invitation'))
      .send(message('agreements for Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
    expect(dialogTurns).not.toHaveBeenCalled();

    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      // No question pending any more: one turn again.
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .startTest();
    expect(dialogTurns).toHaveBeenCalledTimes(2);
  });
});
