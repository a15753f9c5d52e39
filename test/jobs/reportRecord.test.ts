import { reportPageSchema } from '../../src/jobs/reportRecord';

// What a report saves is read back by whichever version of the bot runs next: new fields are optional.

describe('a report page as stored', () => {
  const row = {
    id: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
    companyName: 'Wingtip Toys',
    state: 'reacceptanceNeeded',
    dateAgreed: '2019-08-27T00:00:00',
    contact: { name: 'Tania Carr' },
  };
  const page = (rows: Record<string, object>) => ({ customers: [], next: null, rows });

  it('reads a row saved before the acceptance’s template was kept, and keeps it when there', () => {
    expect(reportPageSchema.parse(page({ a: row })).rows.a).toEqual(row);
    const withTemplate = { ...row, templateId: '117a77b0-9360-443b-8795-c6dedc750cf9' };
    expect(reportPageSchema.parse(page({ a: withTemplate })).rows.a).toEqual(withTemplate);
    expect(() => reportPageSchema.parse(page({ a: { ...row, templateId: 7 } }))).toThrow();
  });
});
