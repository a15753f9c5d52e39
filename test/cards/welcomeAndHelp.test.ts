import { CardRenderer, type AdaptiveCard } from '../../src/cards/renderer';
import { welcome } from '../../src/commands/notices';
import { readSubmit } from '../../src/commands/runCommand';
import { helpReply } from '../../src/commands/table';
import { localizer } from '../../src/i18n/localizer';

// The MCA report is what most partners came for this season: the first card offers it, and the help card says what
// it does, how long it takes and where its CSV goes.

const renderer = new CardRenderer();
type Action = { type: string; title: string; data?: Record<string, unknown> };
const actionsOf = (card: AdaptiveCard) => card.actions as Action[];

describe('the welcome card', () => {
  it.each([
    ['en-US', 'Run the MCA report', 'all of them at once with the MCA report'],
    ['fr-FR', 'Lancer le rapport MCA', 'tous d’un coup avec le rapport MCA'],
  ])('offers the MCA report, in %s', (locale, button, said) => {
    const card = renderer.render(welcome(localizer(locale)));
    const report = actionsOf(card).find((action) => action.title === button);
    expect(report?.data).toEqual({ command: 'mcaReport' });
    // The button is the report's own: the dialog reads it as "mca report".
    expect(readSubmit(report!.data!)).toMatchObject({ intent: 'mcaReport' });
    expect(JSON.stringify(card)).toContain(said);
  });
});

describe("the help card's MCA report line", () => {
  const reportLine = (locale: string, signIn: 'teams' | 'local') => {
    const commands = helpReply(localizer(locale), { signIn, graphSignIn: false }).data.commands as Array<{
      name: string;
      description: string;
    }>;
    return commands.find((command) => /rapport MCA|mca report/.test(command.name))?.description ?? '';
  };

  it('says what the report does, how long it takes and that the CSV goes to OneDrive, in Teams', () => {
    const line = reportLine('en-US', 'teams');
    expect(line).toMatch(/^Checks every customer’s MCA and lists those who must act, most urgent first/);
    expect(line).toContain('about a minute per 2,000 customers, longer when Partner Center slows it down');
    expect(line).toContain('a CSV file saved to your OneDrive (from our personal chat)');
    const french = reportLine('fr-FR', 'teams');
    expect(french).toContain('environ une minute pour 2\u202f000 clients');
    expect(french).toContain('un fichier CSV enregistré dans votre OneDrive');
  });

  it('says the CSV is a download in the local Playground, where there is no OneDrive', () => {
    expect(reportLine('en-US', 'local')).toMatch(/a CSV file to download\.$/);
    expect(reportLine('en-US', 'local')).not.toContain('OneDrive');
    expect(reportLine('fr-FR', 'local')).toMatch(/un fichier CSV à télécharger\.$/);
  });

  it('keeps the button that runs it', () => {
    const card = renderer.render(helpReply(localizer('en-US'), { signIn: 'teams', graphSignIn: false }));
    expect(actionsOf(card).find((action) => action.title === 'Run the MCA report')?.data).toEqual({
      command: 'mcaReport',
    });
  });
});
