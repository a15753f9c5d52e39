import { localizer } from '../../src/i18n/localizer';
import { reportCsv } from '../../src/cards/reportCsv';
import type { ReportRow } from '../../src/mca/reportRow';

const row = (overrides: Partial<ReportRow>): ReportRow => ({
  id: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
  companyName: 'Wingtip Toys',
  domain: 'wingtiptoys.onmicrosoft.com',
  state: 'reacceptanceNeeded',
  dateAgreed: '2019-08-27T00:00:00',
  contact: { name: 'Tania Carr', email: 'tania@wingtiptoys.example' },
  ...overrides,
});

describe('the report as CSV', () => {
  it('has a header, one line per customer, dates as days, and what to do with the admin-center link', () => {
    const csv = reportCsv(
      [row({}), row({ id: 'x', state: 'canTransact', contact: undefined, dateAgreed: undefined })],
      localizer('en-US'),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'Tenant id,Company,Domain,State,Date accepted,Contact,Contact email,What to do',
      '14876998-c0dc-46e6-9d0c-65a57a6c32ec,Wingtip Toys,wingtiptoys.onmicrosoft.com,Re-acceptance needed,2019-08-27,Tania Carr,tania@wingtiptoys.example,Their admin accepts the updated MCA in the Microsoft 365 admin center. https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement',
      'x,Wingtip Toys,wingtiptoys.onmicrosoft.com,Can transact,,,,Nothing to do.',
    ]);
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
      'ID de locataire;Société;Domaine;État;Date d’acceptation;Contact;E-mail du contact;Que faire',
    );
    expect(line).toMatch(
      /^14876998-c0dc-46e6-9d0c-65a57a6c32ec;"Contoso; Fabrikam, SA";wingtiptoys\.onmicrosoft\.com;Inconnu;/,
    );
    expect(line).toContain('Vérifier à nouveau');
  });
});
