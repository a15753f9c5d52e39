import { invalidIdRow, reportRow, type ReportRow } from '../../src/mca/reportRow';
import { mcaVerdict } from '../../src/mca/verdict';
import { ADMIN_CENTER_ACCEPTANCE_URL, reportCsvFields, verdictBasis, whatToDo } from '../../src/mca/whatToDo';

// The report's row, what to do and the CSV fields, as plain data: the words are the cards layer's (reportCsv.test.ts).

const customer = {
  id: '11111111-1111-1111-1111-111111111111',
  companyName: 'Contoso',
  domain: 'contoso.com',
};
const today = new Date('2026-12-06T00:00:00Z');

describe('the MCA core: a report row', () => {
  it('takes the acceptance the verdict names, without the phone number', () => {
    const agreement = {
      type: 'MicrosoftCustomerAgreement',
      templateId: 'old',
      dateAgreed: '2019-08-27T00:00:00',
      primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.com', phoneNumber: '1' },
    };
    const verdict = mcaVerdict({
      attestations: { ok: true, value: [agreement] },
      templates: { ok: true, value: [{ templateId: 'new', agreementType: 'MicrosoftCustomerAgreement' }] },
      directSigned: { ok: true, value: false },
      currentSince: '2025-10-07',
      today,
    });
    const row = reportRow(customer, verdict);
    expect(row).toEqual({
      ...customer,
      state: 'reacceptanceNeeded',
      by: undefined,
      dateAgreed: '2019-08-27T00:00:00',
      templateId: 'old',
      contact: { name: 'Ada Lovelace', email: 'ada@contoso.com' },
      failure: undefined,
    });
    expect(whatToDo(row)).toEqual({ next: 'reacceptanceNeeded' });
    expect(reportCsvFields(row)).toMatchObject({
      date: '2019-08-27',
      templateId: 'old',
      basis: { on: 'attestedEarlier' },
      contactName: 'Ada Lovelace',
      actionUrl: ADMIN_CENTER_ACCEPTANCE_URL,
    });
  });

  it('names the first signal it could not read; the versions as "versionsUnreadable"', () => {
    const verdict = mcaVerdict({
      attestations: { ok: false, failure: 'noRelationship' },
      templates: { ok: true, value: [] },
      directSigned: { ok: false, failure: 'timeout' },
      currentSince: '2025-10-07',
      today,
    });
    const row = reportRow(customer, verdict);
    expect(row).toMatchObject({ state: 'unknown', failure: 'noRelationship' });
    expect(whatToDo(row)).toEqual({ next: 'noRelationship' });
    expect(whatToDo(invalidIdRow(customer))).toEqual({ next: 'unknown', failure: 'invalidId' });
    expect(reportCsvFields(invalidIdRow(customer)).actionUrl).toBeUndefined();
  });

  it('says what each verdict rests on, from the state, how it was accepted and what could not be read', () => {
    const basis = (overrides: Partial<ReportRow>) =>
      verdictBasis({ ...customer, state: 'canTransact', ...overrides });
    expect(basis({ by: 'attestation', dateAgreed: '2024-02-12T00:00:00' })).toEqual({
      on: 'attestedCurrent',
    });
    expect(basis({ by: 'direct' })).toEqual({ on: 'direct' });
    // Rows saved before `by` was kept: a date means an attestation.
    expect(basis({ dateAgreed: '2024-02-12T00:00:00' })).toEqual({ on: 'attestedCurrent' });
    expect(basis({})).toEqual({ on: 'direct' });
    expect(basis({ state: 'reacceptanceNeeded' })).toEqual({ on: 'attestedEarlier' });
    expect(basis({ state: 'notAccepted' })).toEqual({ on: 'none' });
    expect(basis({ state: 'unknown', failure: 'versionsUnreadable' })).toEqual({ on: 'attestedUnjudged' });
    expect(basis({ state: 'unknown', failure: 'noRelationship' })).toEqual({
      on: 'unread',
      failure: 'noRelationship',
    });
    // Only an acceptance to make has its link; a direct acceptance has no template to name.
    expect(reportCsvFields({ ...customer, state: 'canTransact', by: 'direct' })).toMatchObject({
      templateId: '',
      actionUrl: undefined,
    });
    expect(reportCsvFields({ ...customer, state: 'notAccepted' }).actionUrl).toBe(
      ADMIN_CENTER_ACCEPTANCE_URL,
    );
  });
});
