import { localizer } from '../../src/i18n/localizer';
import { reportCsv } from '../../src/cards/reportCsv';
import type { ReportRow } from '../../src/mca/reportRow';

const row = (overrides: Partial<ReportRow>): ReportRow => ({
  id: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
  companyName: 'Wingtip Toys',
  domain: 'wingtiptoys.onmicrosoft.com',
  state: 'reacceptanceNeeded',
  dateAgreed: '2019-08-27T00:00:00',
  templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
  contact: { name: 'Tania Carr', email: 'tania@wingtiptoys.example' },
  ...overrides,
});

describe('the report as CSV', () => {
  it('has a header, one line per customer, dates as days, the basis, the template, and the link in its own column', () => {
    const csv = reportCsv(
      [
        row({}),
        row({
          id: 'x',
          state: 'canTransact',
          by: 'direct',
          contact: undefined,
          dateAgreed: undefined,
          templateId: undefined,
        }),
      ],
      localizer('en-US'),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'Tenant id,Company,Domain,State,Basis of the verdict,Date accepted,MCA version (template id),Contact,Contact email,What to do,Action link',
      '14876998-c0dc-46e6-9d0c-65a57a6c32ec,Wingtip Toys,wingtiptoys.onmicrosoft.com,Re-acceptance needed,Partner attestation of an earlier version,2019-08-27,117a77b0-9360-443b-8795-c6dedc750cf9,Tania Carr,tania@wingtiptoys.example,Their admin accepts the updated MCA in the Microsoft 365 admin center.,https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement',
      'x,Wingtip Toys,wingtiptoys.onmicrosoft.com,Can transact,Accepted by the customer directly (Partner Center gives no date or version),,,,,Nothing to do.,',
    ]);
  });

  it('says what each verdict rests on, and why a customer is unknown', () => {
    const csv = reportCsv(
      [
        row({ id: 'current', state: 'canTransact', by: 'attestation', dateAgreed: '2024-02-12T00:00:00' }),
        row({
          id: 'never',
          state: 'notAccepted',
          contact: undefined,
          dateAgreed: undefined,
          templateId: undefined,
        }),
        row({
          id: 'unjudged',
          state: 'unknown',
          failure: 'versionsUnreadable',
          dateAgreed: '2024-02-12T00:00:00',
        }),
        row({ id: 'stranger', state: 'unknown', failure: 'noRelationship', contact: undefined }),
      ],
      localizer('en-US'),
    );
    const basisOf = (id: string) =>
      csv
        .split('\r\n')
        .find((line) => line.startsWith(`${id},`))!
        .split(',')[4];
    expect(basisOf('current')).toBe('Partner attestation of the current version');
    expect(basisOf('never')).toBe('No acceptance on record');
    expect(basisOf('unjudged')).toBe('Partner attestation whose version could not be judged');
    expect(basisOf('stranger')).toBe('Not read: no active reselling relationship');
    // No acceptance to make for a customer that is not yours: no link, the invite is the step.
    expect(csv).toMatch(
      /\r\nstranger,.*,Send them your reseller invite link: you are not their reseller yet\.,\r\n/,
    );
  });

  it('lists the most urgent first, as the summary card does, whatever order the rows came in', () => {
    const rows = [
      row({ id: 'can', companyName: 'Aaa', state: 'canTransact', by: 'direct', dateAgreed: undefined }),
      row({ id: 'unknown', companyName: 'Bbb', state: 'unknown', failure: 'unavailable' }),
      row({ id: 'never-b', companyName: 'Northwind', state: 'notAccepted', dateAgreed: undefined }),
      row({ id: 'never-a', companyName: 'Fabrikam', state: 'notAccepted', dateAgreed: undefined }),
      row({ id: 'newer', dateAgreed: '2021-05-18T00:00:00' }),
      row({ id: 'older', dateAgreed: '2019-08-27T00:00:00' }),
    ];
    const order = (csv: string) =>
      csv
        .slice(1)
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
    const expected = ['older', 'newer', 'never-a', 'never-b', 'unknown', 'can'];
    expect(order(reportCsv(rows, localizer('en-US')))).toEqual(expected);
    expect(order(reportCsv([...rows].reverse(), localizer('en-US')))).toEqual(expected);
    expect(order(reportCsv(rows, localizer('fr-FR')).replace(/;/g, ','))).toEqual(expected);
  });

  it('quotes commas, quotes and line breaks, and never lets a spreadsheet run a name as a formula', () => {
    const csv = reportCsv(
      [
        row({ companyName: 'Fabrikam, Inc. "the best"\nline two' }),
        row({ companyName: '=HYPERLINK("http://evil.example","click")' }),
        row({ companyName: '+1-555', contact: { name: '@SUM(A1)', email: '-x@example.com' } }),
      ],
      localizer('en-US'),
    );
    expect(csv).toContain('"Fabrikam, Inc. ""the best""\nline two"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(",'+1-555,");
    expect(csv).toContain(",'@SUM(A1),'-x@example.com,");
  });

  it('quotes a field holding a lone line break, which would otherwise start a new row', () => {
    const csv = reportCsv(
      [row({ companyName: 'line one\nline two', contact: { name: '\r', email: 'a\r\nb' } })],
      localizer('en-US'),
    );
    expect(csv).toContain(',"line one\nline two",');
    expect(csv).toContain(`,"'\r","a\r\nb",`);
  });

  it('is in the user’s language; in French, separated by semicolons as a French Excel reads it', () => {
    const csv = reportCsv(
      [row({ state: 'unknown', failure: 'unavailable', companyName: 'Contoso; Fabrikam, SA' })],
      localizer('fr-FR'),
    );
    const [header, line] = csv.slice(1).split('\r\n');
    expect(header).toBe(
      'ID de locataire;Société;Domaine;État;Fondement du verdict;Date d’acceptation;Version du MCA (ID de modèle);Contact;E-mail du contact;Action à mener;Lien de l’action',
    );
    expect(line).toMatch(
      /^14876998-c0dc-46e6-9d0c-65a57a6c32ec;"Contoso; Fabrikam, SA";wingtiptoys\.onmicrosoft\.com;Inconnu;/,
    );
    expect(line).toContain(';Inconnu;Non vérifié : l’Espace partenaires est indisponible;2019-08-27;');
    expect(line).toContain('Vérifier à nouveau');
  });
});
