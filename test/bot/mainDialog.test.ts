import type { Activity } from 'botbuilder';
import { localTokenSource } from '../../src/localTokens/source';
import type { PartnerCenterPort } from '../../src/commands/context';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { BOT, botOnTestAdapter, cardText, USER } from '../helpers/bot';
import type { SignIn } from '../../src/bot/signIn';
import {
  DIRECT_SIGNED_TENANT,
  MCLOUDA_ONLY_TENANT,
  SEED_TENANT,
  TOKEN_SECRET,
  UNKNOWN_TENANT,
} from '../helpers/seeds';
import { unusedPort } from '../helpers/servers';

const suite = useSeedEmulator();

/** Local tokens for the turn's user, as local mode makes them; every one issued is kept for the log checks. */
const issued: string[] = [];
const tokensFor = (mfa: boolean): SignIn => {
  const source = localTokenSource({ secret: TOKEN_SECRET, mfa });
  return {
    kind: 'local',
    tokenFor: async (context) => {
      const token = await source(context);
      issued.push(token);
      return token;
    },
    graphTokenFor: localTokenSource({ secret: TOKEN_SECRET, mfa, audience: 'graph' }),
  };
};
const withToken = tokensFor(true);

/**
 * The client, counting its calls and how many were under way at once: parallel calls overlap however fast the
 * machine is, and calls in sequence never do.
 */
function countingOverlap(client: PartnerCenterClient): {
  port: PartnerCenterPort;
  calls: { started: number; mostAtOnce: number };
} {
  const calls = { started: 0, mostAtOnce: 0 };
  let underWay = 0;
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.started += 1;
      calls.mostAtOnce = Math.max(calls.mostAtOnce, ++underWay);
      try {
        return await call(...args);
      } finally {
        underWay -= 1;
      }
    };
  return {
    calls,
    port: {
      newRequestContext: (input) => client.newRequestContext(input),
      getRelationshipRequestUrl: counted(client.getRelationshipRequestUrl.bind(client)),
      getCustomer: counted(client.getCustomer.bind(client)),
      getMcaTemplates: counted(client.getMcaTemplates.bind(client)),
      getCustomerAgreements: counted(client.getCustomerAgreements.bind(client)),
      getDirectSignedMcaStatus: counted(client.getDirectSignedMcaStatus.bind(client)),
      searchCustomers: counted(client.searchCustomers.bind(client)),
      getPartnerRelationships: counted(client.getPartnerRelationships.bind(client)),
    },
  };
}

function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: 'message', text, locale: 'en-US', ...extra };
}

describe('MainDialog, as a conversation', () => {
  it('answers "invite link" with the link and an Open button', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Reseller relationship invitation');
        expect(card).toContain('invType=ResellerRelationship');
        expect(card).toContain('"type":"Action.OpenUrl","title":"Open the link"');
        expect(card).toContain('Data from the local Partner Center emulator');
      })
      .startTest();
  });

  it('answers "agreements for" the seeds\' customer with Tania Carr\'s two acceptances', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain(
          `"text":"Wingtip Toys","style":"heading","size":"Large","weight":"Bolder","wrap":true},{"type":"TextBlock","id":"subtitle","text":"Microsoft Customer Agreement · tenant ${SEED_TENANT}"`,
        );
        expect(card).toContain(
          'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
        );
        expect(card).toContain('"text":"**August 27, 2019** · Earlier version · Tania Carr');
        expect(card).toContain('"text":"**August 26, 2019** · Earlier version · Tania Carr');
        expect(card).toContain('117a77b0-9360-443b-8795-c6dedc750cf9');
        expect(card).toContain('"url":"https://aka.ms/customeragreement"');
      })
      .startTest();
    expect(suite.emulator.requests.map((r) => r.path)).toContain(
      `/v1/customers/${SEED_TENANT}/agreements?agreementType=*`,
    );
  });

  it('says a customer with only a Cloud Agreement has not accepted the MCA, and where its admin accepts it', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`agreements for ${MCLOUDA_ONLY_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Not accepted: no Microsoft Customer Agreement acceptance on record');
        expect(card).toContain(
          '"type":"Action.OpenUrl","title":"Open the acceptance page","url":"https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement"',
        );
        expect(card).not.toContain('"command":"inviteLink"');
      })
      .startTest();
  });

  it('answers in French to a French user', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`contrats pour ${SEED_TENANT}`, { locale: 'fr-FR' }))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain(
          'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 27 août 2019 (Tania Carr)',
        ),
      )
      .startTest();
  });

  it('explains what a tenant id looks like when it is malformed, and calls nothing', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message('agreements for 1234-abcd'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('That is not a tenant id');
        expect(card).toContain('You typed “1234-abcd”');
        expect(card).toContain('For example: agreements for 14876998-c0dc-46e6-9d0c-65a57a6c32ec');
        expect(card).toContain('"type":"Input.Text","id":"customer"');
      })
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .startTest();
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it('answers anything else with the help card, naming what it did not understand', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message('what is the weather'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('I did not understand “what is the weather”.');
        expect(card).toContain('"data":{"command":"inviteLink"}');
        expect(card).toContain('"data":{"command":"agreements"}');
      })
      .startTest();
  });

  it('understands the card buttons', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send({ type: 'message', value: { command: 'agreements', customer: SEED_TENANT.toUpperCase() } })
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .send({ type: 'message', value: { command: 'inviteLink' } })
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
  });

  it('says a customer is not found, with the correlation id Partner Center received', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    let card = '';
    await adapter
      .send(message(`agreements for ${UNKNOWN_TENANT}`))
      .assertReply((reply) => {
        card = cardText(reply);
      })
      .startTest();
    expect(card).toContain('Customer not found');
    expect(card).toContain(`No customer with tenant id ${UNKNOWN_TENANT}`);
    const correlationId = suite.emulator.requests[0]?.headers['ms-correlationid'];
    expect(card).toContain(`Support reference: ${correlationId}`);
    expect(card).not.toContain('Try again"');
  });

  it('says Partner Center cannot be reached, offers to try again, and shows no stack trace', async () => {
    // Its retries wait a millisecond: what is tested here is the card, not the backoff (client.test.ts tests it).
    const unreachable = new PartnerCenterClient({
      baseUrl: `http://127.0.0.1:${await unusedPort()}`,
      applicationName: 'test',
      retryBaseMs: 1,
    });
    const { adapter, logLines } = botOnTestAdapter(unreachable, withToken);
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('I could not reach Partner Center');
        expect(card).toContain(
          `"title":"Try again","data":{"command":"agreements","customer":"${SEED_TENANT}","scope":"mca"}`,
        );
        expect(card).not.toMatch(/ECONNREFUSED|TypeError|at .*\.ts/);
      })
      .startTest();
    expect(logLines.join('\n')).toMatch(
      /Partner Center request failed correlationId=\S+ operation=\S+ kind=network/,
    );
  });

  it('strips the @mention in a channel', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(
        message('<at>Partner Center Assistant</at> invite link', {
          conversation: { id: '19:abc@thread.tacv2', conversationType: 'channel', isGroup: true, name: '' },
          entities: [
            {
              type: 'mention',
              mentioned: { id: 'bot', name: 'Partner Center Assistant' },
              text: '<at>Partner Center Assistant</at>',
            },
          ],
          recipient: { id: 'bot', name: 'Partner Center Assistant' },
        }),
      )
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
  });

  it('welcomes the user with the help card when the bot is added', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send({ type: 'conversationUpdate', membersAdded: [BOT, USER] })
      .assertReply((reply) => expect(cardText(reply)).toContain('Hello! I am Partner Center Assistant.'))
      .startTest();
  });

  it('never writes the token into the logs', async () => {
    const { adapter, logLines } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message('invite link'))
      .assertReply(() => undefined)
      .send(message(`agreements for ${UNKNOWN_TENANT}`))
      .assertReply(() => undefined)
      .startTest();
    expect(logLines.length).toBeGreaterThan(1);
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) expect(logLines.join('\n')).not.toContain(token);
  });

  it('says a customer accepted the MCA directly when only the direct-signed status says so', async () => {
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`agreements for ${DIRECT_SIGNED_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Litware, Inc.');
        expect(card).toContain(
          'Can transact: accepted by the customer directly through Microsoft (Microsoft 365 admin center)',
        );
        expect(card).toContain('"id":"verdictBand","style":"good"');
        expect(card).not.toContain('Get the invite link');
      })
      .startTest();
    // Only this test's calls: a failed request's other parallel calls may still land after it.
    const mine = suite.emulator.requests.map((r) => r.path).filter((p) => p.includes(DIRECT_SIGNED_TENANT));
    expect(mine.sort()).toEqual([
      `/v1/customers/${DIRECT_SIGNED_TENANT}`,
      `/v1/customers/${DIRECT_SIGNED_TENANT}/agreements?agreementType=*`,
      `/v1/customers/${DIRECT_SIGNED_TENANT}/directSignedMicrosoftCustomerAgreementStatus`,
    ]);
  });

  it('runs the agreements calls in parallel (the MCA templates too), under one correlation id', async () => {
    const { port, calls } = countingOverlap(suite.client);
    const { adapter } = botOnTestAdapter(port, withToken);
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply(() => undefined)
      .startTest();
    // All four under way at once: in sequence, no call would start before the one before it ended.
    expect(calls).toEqual({ started: 4, mostAtOnce: 4 });
    const mine = suite.emulator.requests.filter(
      (r) => r.path.includes(SEED_TENANT) || r.path.startsWith('/v1/agreements'),
    );
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.map((r) => r.headers['ms-correlationid'])).size).toBe(1);
  });

  it.each([
    ['usgov', 'Partner Center for Microsoft Cloud for US Government'],
    ['china', 'Partner Center operated by 21Vianet'],
  ] as const)(
    'says up front that agreements do not exist in the %s cloud, and calls nothing',
    async (cloud, name) => {
      const { adapter } = botOnTestAdapter(suite.clientWith({ cloud }), withToken, { cloud });
      await adapter
        .send(message(`agreements for ${SEED_TENANT}`))
        .assertReply((reply) => {
          const card = cardText(reply);
          expect(card).toContain('Agreements are not available in this Partner Center');
          expect(card).toContain(`this bot works with ${name}. The invite link works everywhere.`);
        })
        .send(message('invite link'))
        .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
        .startTest();
      // The invite link's calls only: the partner's kind (two lists, in parallel), then its link.
      expect(suite.emulator.requests.map((r) => r.path).sort()).toEqual([
        '/v1/customers/relationshiprequests',
        '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf',
        '/v1/relationships?relationship_type=IsIndirectResellerOf',
      ]);
    },
  );

  it('tells a user whose sign-in lacks MFA what to do', async () => {
    const { adapter } = botOnTestAdapter(suite.client, tokensFor(false));
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Partner Center needs multi-factor authentication');
        expect(card).toContain('Set it to true to try the bot with MFA.');
      })
      .startTest();
  });

  it('says when to try again when Partner Center throttles beyond the time budget', async () => {
    suite.emulator.addFault({ operation: 'agreements', status: 429, retryAfter: '150' });
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Partner Center is busy');
        expect(card).toContain('Try again in 3 minutes.');
        expect(card).toContain('"title":"Try again"');
      })
      .startTest();
  });

  it("says Partner Center's answer could not be read, and shows none of it", async () => {
    suite.emulator.addFault({ operation: 'agreements', malformed: true });
    const { adapter } = botOnTestAdapter(suite.client, withToken);
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Partner Center sent a response we could not read');
        expect(card).not.toContain('Tania');
        expect(card).toMatch(/Support reference: [0-9a-f-]{36}/);
      })
      .startTest();
  });
});
