import type { TurnContext } from 'botbuilder';
import { botEndpoint, turnAdapter } from '../../src/bot/adapter';
import { CardRenderer } from '../../src/cards/renderer';
import { createLogger } from '../../src/log';

describe('botEndpoint', () => {
  it('hands the turn an activity whose dates are Dates, their text kept, as CloudAdapter.process would', async () => {
    const seen: Array<TurnContext['activity']> = [];
    const endpoint = botEndpoint(
      { middleware: [], run: async (context) => void seen.push(context.activity) },
      {
        adapter: turnAdapter({ bot: { type: 'MultiTenant' }, botFramework: {} }),
        renderer: new CardRenderer(),
        logger: createLogger('error', () => undefined),
      },
    );
    const timestamp = '2026-11-22T06:00:00.123Z';
    const { answer } = endpoint.process('', {
      type: 'conversationUpdate',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'a:1' },
      timestamp,
      localTimestamp: '2026-11-22T07:00:00.123+01:00',
    });
    expect(await answer).toEqual({ status: 200 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.timestamp).toEqual(new Date(timestamp));
    expect(seen[0]).toMatchObject({ rawTimestamp: timestamp });
    expect(seen[0]?.localTimestamp).toBeInstanceOf(Date);
  });
});
