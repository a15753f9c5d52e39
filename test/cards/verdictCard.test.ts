import { CardRenderer, type AdaptiveCard } from '../../src/cards/renderer';
import { agreements } from '../../src/commands/agreements';
import type { PartnerCenterPort } from '../../src/commands/context';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import type { Agreement } from '../../src/partnerCenter/types';
import {
  acceptance,
  CURRENT_MCA_TEMPLATE,
  partnerCenterAnswering,
  requestContextFor,
} from '../helpers/replies';
import { SEED_TENANT } from '../helpers/seeds';

// The verdict card ("agreements for <customer>") as Teams gets it, for each state of the verdict: what a sales
// person reads at a glance, in the order they read it.

const renderer = new CardRenderer();
type Element = Record<string, unknown>;

/** A customer of each state, as Partner Center answers for it. */
const STATES: Record<
  string,
  { items: Agreement[]; directSigned?: boolean; port?: Partial<PartnerCenterPort> }
> = {
  canTransact: {
    items: [acceptance({ dateAgreed: '2024-02-12T00:00:00', templateId: CURRENT_MCA_TEMPLATE })],
  },
  canTransactDirect: { items: [], directSigned: true },
  reacceptanceNeeded: { items: [acceptance()] },
  notAccepted: { items: [] },
  unknown: {
    items: [acceptance()],
    port: {
      getDirectSignedMcaStatus: async () => {
        throw new PartnerCenterError({
          kind: 'noRelationship',
          status: 403,
          operation: 'x',
          correlationId: 'c',
        });
      },
    },
  },
};

async function verdictCard(state: keyof typeof STATES, locale = 'en-US'): Promise<AdaptiveCard> {
  const { items, directSigned, port } = STATES[state]!;
  const partnerCenter = { ...partnerCenterAnswering('Wingtip Toys', items, { directSigned }), ...port };
  const reply = await agreements({ id: SEED_TENANT }, 'mca', requestContextFor(partnerCenter, { locale }));
  return renderer.render(reply);
}

const bodyOf = (card: AdaptiveCard) => card.body as Element[];

/** Every TextBlock's text, in the order the card shows them. */
function textsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => textsOf(child, found));
  else if (typeof node === 'object' && node !== null) {
    const element = node as Element;
    if (element.type === 'TextBlock') found.push(String(element.text));
    Object.values(element).forEach((child) => textsOf(child, found));
  }
  return found;
}

function band(card: AdaptiveCard): { style: unknown; mark: string; verdict: string } {
  const element = bodyOf(card).find((e) => e.id === 'verdictBand')!;
  const [mark, ...rest] = textsOf(element.items);
  return { style: element.style, mark: mark!, verdict: rest.join(' ') };
}

describe('the verdict card', () => {
  it('opens with the company as its title, then what it is about and the tenant, then the verdict band', async () => {
    const body = bodyOf(await verdictCard('reacceptanceNeeded'));
    expect(body[0]).toMatchObject({ text: 'Wingtip Toys', style: 'heading' });
    expect(body[1]).toMatchObject({
      text: `Microsoft Customer Agreement · tenant ${SEED_TENANT}`,
      isSubtle: true,
    });
    expect(body[2]).toMatchObject({ id: 'verdictBand', style: 'attention' });
  });

  it('tells the four states apart without colour: a mark of its own and the first words of each', async () => {
    const seen = await Promise.all(
      (['canTransact', 'reacceptanceNeeded', 'notAccepted', 'unknown'] as const).map(async (state) => {
        const { mark, verdict } = band(await verdictCard(state));
        return [mark, verdict.split(':')[0]];
      }),
    );
    expect(seen).toEqual([
      ['✔', 'Can transact'],
      ['↻', 'Re-acceptance needed'],
      ['✖', 'Not accepted'],
      ['?', 'Unknown'],
    ]);
    // The customer's own acceptance is the same state, said in other words.
    expect(band(await verdictCard('canTransactDirect')).mark).toBe('✔');
  });

  it('gives the two states that block a sale different colours: re-acceptance attention, never accepted warning', async () => {
    const styles = await Promise.all(
      (['canTransact', 'reacceptanceNeeded', 'notAccepted', 'unknown'] as const).map(
        async (state) => band(await verdictCard(state)).style,
      ),
    );
    expect(styles).toEqual(['good', 'attention', 'warning', 'emphasis']);
  });

  it('shows each acceptance on one line, date first, and no fact table repeating the type', async () => {
    const card = await verdictCard('reacceptanceNeeded');
    const texts = textsOf(card.body);
    expect(texts).toContain(
      '**August 26, 2019** · Earlier version · Tania Carr · SomeEmail@example.com · 1234567890',
    );
    // The one FactSet left is the template ids, hidden until asked for.
    const json = JSON.stringify(card);
    expect(json.match(/"FactSet"/g)).toHaveLength(1);
    expect(bodyOf(card).find((e) => e.id === 'details')).toMatchObject({ isVisible: false });
    expect(json).not.toContain('"title":"Type"');
  });

  it('says the admin center path once, in the message to forward', async () => {
    for (const state of ['reacceptanceNeeded', 'notAccepted'] as const) {
      const json = JSON.stringify(await verdictCard(state));
      expect({
        state,
        times: json.split('Settings \\\\> Partner relationships \\\\> Accept agreement').length - 1,
      }).toEqual({ state, times: 1 });
      const french = JSON.stringify(await verdictCard(state, 'fr-FR'));
      expect(french.split('Paramètres \\\\> Relations avec les partenaires').length - 1).toBe(1);
    }
  });

  it('names the template ids toggle for what it holds, in English and French', async () => {
    const toggle = (card: AdaptiveCard) =>
      (card.actions as Element[]).find((action) => action.type === 'Action.ToggleVisibility')?.title;
    expect(toggle(await verdictCard('reacceptanceNeeded'))).toBe('Template IDs (for support)');
    expect(toggle(await verdictCard('reacceptanceNeeded', 'fr-FR'))).toBe('ID de modèle (pour le support)');
  });

  it('keeps what the card offered: the message to forward, the buttons, the invite when not the reseller', async () => {
    const reaccept = await verdictCard('reacceptanceNeeded');
    const titles = (card: AdaptiveCard) => (card.actions as Element[]).map((action) => action.title);
    expect(bodyOf(reaccept).some((e) => e.id === 'forward')).toBe(true);
    expect(titles(reaccept)).toEqual([
      'Open the acceptance page',
      'Read the agreement',
      'Show all agreement types',
      'Template IDs (for support)',
    ]);
    // Not the reseller: the invite first, the one thing to do.
    expect(titles(await verdictCard('unknown'))[0]).toBe('Get the invite link');
  });
});
