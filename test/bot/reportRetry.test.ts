import { PartnerCenterError } from '../../src/partnerCenter/errors';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { noReports } from '../helpers/reports';

const suite = useSeedEmulator();

describe('a report that Partner Center throttles', () => {
  it('offers to ask for the report again, not something else', async () => {
    const throttled = new PartnerCenterError({
      operation: 'listCustomers',
      kind: 'throttled',
      correlationId: 'c',
    });
    const reports = { ...noReports, request: () => Promise.reject(throttled) };
    const { adapter } = botOnTestAdapter(suite.client, localSignIn(), { reports });
    await adapter
      .send({ type: 'message', text: 'mca report', locale: 'en-US' })
      .assertReply((reply) => {
        const card = JSON.parse(cardText(reply)) as { actions?: Array<{ title: string; data?: unknown }> };
        expect(card.actions?.find((a) => a.title === 'Try again')?.data).toEqual({ command: 'mcaReport' });
      })
      .startTest();
  });
});
