import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { botOnTestAdapter, CHANNEL, GROUP_CHAT, localSignIn, PERSONAL } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { hostileText } from './inputs';

const suite = useSeedEmulator();

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Every request the bot may send Partner Center; anything else was built from text it did not validate. */
const ROUTES = [
  /^\/v1\/customers\/relationshiprequests$/,
  // Typed text never reaches the link's query: ids come from card buttons, checked as tenant ids.
  /^\/v1\/relationships\?relationship_type=(IsIndirectResellerOf|IsIndirectCloudSolutionProviderOf)$/,
  /^\/v1\/agreements\?agreementType=MicrosoftCustomerAgreement$/,
  new RegExp(`^/v1/customers/${GUID}$`),
  new RegExp(
    `^/v1/customers/${GUID}/agreements\\?agreementType=(MicrosoftCustomerAgreement|MicrosoftCloudAgreement|\\*|%2A)$`,
  ),
  new RegExp(`^/v1/customers/${GUID}/directSignedMicrosoftCustomerAgreementStatus$`),
];

function isAllowedCall(path: string): boolean {
  if (ROUTES.some((route) => route.test(path))) return true;
  const search = /^\/v1\/customers\?size=(\d+)&filter=([^&#]*)$/.exec(path);
  if (!search) return false;
  const filter = JSON.parse(decodeURIComponent(search[2]!)) as Record<string, unknown>;
  return (
    ['Domain', 'CompanyName'].includes(String(filter.Field)) &&
    filter.Operator === 'starts_with' &&
    typeof filter.Value === 'string' &&
    filter.Value.length <= 256 &&
    Object.keys(filter).length === 3
  );
}

const PER_TURN_MS = 1500;

/** Teams refuses messages over 40 KB, counted in UTF-16. */
const utf16Bytes = (activity: Partial<Activity>) => JSON.stringify(activity).length * 2;

describe('a whole turn, on any text', () => {
  it('answers every message with a card under 40 KB, no exception escapes, and only well-formed calls go out', async () => {
    const conversations = [PERSONAL, GROUP_CHAT, CHANNEL];
    let turns = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, fc.nat(2), fc.nat(2), async (text, where, how) => {
        const { adapter, logLines } = botOnTestAdapter(suite.client, localSignIn(), {
          conversation: conversations[where],
        });
        suite.emulator.requests.splice(0);
        // The text is typed, or answers "Which customer?" (read as a customer reference), or comes as the
        // customer box of a card, which any client can fill with anything.
        if (how === 1)
          await adapter.send({ type: 'message', text: 'agreements', locale: 'en-US' }).startTest();
        adapter.activeQueue.splice(0);
        const cpuBefore = process.cpuUsage();
        await adapter.processActivity(
          how === 2
            ? { type: 'message', value: { command: 'agreements', customer: text }, locale: 'en-US' }
            : { type: 'message', text, locale: 'en-US' },
        );
        // Far above a turn's work, far below what one backtracking pattern costs on these inputs. CPU time, not the
        // time on the wall: the turn's cost, which a busy machine does not inflate by running others first.
        const { user, system } = process.cpuUsage(cpuBefore);
        expect((user + system) / 1000).toBeLessThan(PER_TURN_MS);
        turns += 1;
        const replies = adapter.activeQueue.splice(0);
        expect(replies.length).toBeGreaterThanOrEqual(1);
        for (const reply of replies) {
          expect(reply.type).toBe('message');
          expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
          expect(utf16Bytes(reply)).toBeLessThan(40 * 1024);
        }
        const log = logLines.join('\n');
        expect(log).not.toMatch(/turn failed|command failed|card rendering failed/);
        // Never a token, a contact's email or phone number, whatever the input made the bot do.
        expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+|Bearer|SomeEmail@example\.com|1234567890/);
        for (const request of suite.emulator.requests) {
          expect({ path: request.path, allowed: isAllowedCall(request.path) }).toEqual({
            path: request.path,
            allowed: true,
          });
        }
      }),
      { numRuns: 150 },
    );
    expect(turns).toBe(150);
  }, 120_000);
});
