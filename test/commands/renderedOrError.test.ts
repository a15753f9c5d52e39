import { CardRenderer } from '../../src/cards/renderer';
import { renderedOrError } from '../../src/commands/errorReply';
import { helpReply } from '../../src/commands/table';
import { localizer } from '../../src/i18n/localizer';
import { createLogger } from '../../src/log';

describe('renderedOrError', () => {
  const renderer = new CardRenderer();
  const request = (lines: string[]) => ({
    l10n: localizer('en-US'),
    correlationId: '6f1e2d3c-4b5a-4c5b-9a7e-0b8c2e4a1d3f',
    logger: createLogger('debug', (line) => lines.push(line)),
  });

  it('is the reply card when it renders', () => {
    const lines: string[] = [];
    const reply = helpReply(localizer('en-US'), { signIn: 'local', graphSignIn: false });
    expect(renderedOrError(reply, renderer, request(lines))).toEqual(renderer.render(reply));
    expect(lines).toEqual([]);
  });

  it('is the error card, with the reference, when the reply cannot be rendered; the failure is logged', () => {
    const lines: string[] = [];
    const broken = { card: 'no such card' as never, data: {} };
    const card = JSON.stringify(renderedOrError(broken, renderer, request(lines)));
    expect(card).toContain('6f1e2d3c-4b5a-4c5b-9a7e-0b8c2e4a1d3f');
    expect(lines.join('\n')).toMatch(/error +card rendering failed .*card="?no such card/);
  });
});
