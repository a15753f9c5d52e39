import { MemoryStorage } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();

/** Memory storage that remembers which keys were written: conversation state is written only when it changes. */
function recordingStorage(): { storage: MemoryStorage; written: string[] } {
  const storage = new MemoryStorage();
  const written: string[] = [];
  const write = storage.write.bind(storage);
  storage.write = async (changes) => {
    written.push(...Object.keys(changes));
    return write(changes);
  };
  return { storage, written };
}

describe('requests answered in one turn', () => {
  it('leave no conversation state behind; a question and its answer do', async () => {
    const { storage, written } = recordingStorage();
    const { adapter } = botOnTestAdapter(suite.client, localSignIn(), { storage });
    const message = (text: string) => ({ type: 'message', text, locale: 'en-US' });
    await adapter
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Reseller relationship invitation'))
      .send(message('agreements for Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
    // Answered without the dialog stack: nothing to keep between turns, no storage write.
    expect(written).toEqual([]);

    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
    // The question is kept for its answer, in the asker's own state in this conversation.
    expect(new Set(written)).toEqual(new Set(['msteams/conversations/a:personal-chat/users/29:tania/']));
    const before = written.length;
    await adapter
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .startTest();
    // No question pending any more: one turn again.
    expect(written).toHaveLength(before);
  });
});
