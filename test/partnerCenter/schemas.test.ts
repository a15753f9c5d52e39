import { z } from 'zod';
import {
  agreementCollectionSchema,
  agreementMetadataListOf,
  collectionOf,
  customerSchema,
  errorBodySchema,
  read,
  relationshipRequestSchema,
} from '../../src/partnerCenter/schemas';

const agreement = {
  type: 'MicrosoftCustomerAgreement',
  dateAgreed: '2019-08-26T00:00:00',
  templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
  primaryContact: { firstName: 'Tania', lastName: 'Carr' },
};

describe('Partner Center response schemas', () => {
  it('reads null as absent, and drops fields the bot does not read, whatever they hold', () => {
    const body = {
      items: [{ ...agreement, agreementLink: null, userId: 42, attributes: { objectType: 'Agreement' } }],
    };
    expect(read(agreementCollectionSchema, body)).toEqual({
      ok: true,
      value: { totalCount: 1, items: [agreement] },
    });
    const customer = { id: 'c', companyProfile: { companyName: 'Wingtip Toys', domain: null, tenantId: 7 } };
    expect(read(customerSchema, customer)).toEqual({
      ok: true,
      value: { id: 'c', companyName: 'Wingtip Toys' },
    });
  });

  it.each([
    ['$.items[0].dateAgreed: expected an ISO 8601 date', { dateAgreed: 'yesterday' }],
    ['$.items[0].agreementLink: expected an https URL', { agreementLink: 'http://aka.ms/x' }],
    ['$.items[0].agreementLink: expected an absolute URL', { agreementLink: 'aka.ms' }],
    [
      '$.items[0].primaryContact.email: expected a string',
      { primaryContact: { firstName: 'T', lastName: 'C', email: 5 } },
    ],
    ['$.items[0].templateId: expected a string', { templateId: undefined }],
  ])('refuses an agreement, saying where and what: %s', (problem, change) => {
    const body = { items: [{ ...agreement, ...change }] };
    expect(read(agreementCollectionSchema, body)).toEqual({ ok: false, problem });
  });

  it.each([
    ['$.totalCount: expected a whole number', { totalCount: 1.5, items: [] }],
    ['$.totalCount: expected a whole number', { totalCount: '2', items: [] }],
    ['$.items: expected an array', { items: {} }],
    ['$: expected an object', []],
  ])('refuses a list, saying where and what: %s', (problem, body) => {
    expect(read(agreementCollectionSchema, body)).toEqual({ ok: false, problem });
  });

  it('counts a list before reading any item of it', () => {
    let itemsRead = 0;
    const counted = collectionOf(
      z.unknown().refine(() => ++itemsRead > 0),
      3,
    );
    expect(read(counted, { items: [1, 2, 3, 4] })).toEqual({
      ok: false,
      problem: '$.items[3]: expected the end of the list (3 items at most)',
    });
    expect(itemsRead).toBe(0);
    expect(read(counted, { items: [1, 2, 3] })).toMatchObject({ ok: true });
    expect(itemsRead).toBe(3);
  });

  it('reads agreement metadata items, and https links normalized', () => {
    const metadata = { templateId: 't', agreementType: 'MicrosoftCustomerAgreement', versionRank: null };
    expect(read(agreementMetadataListOf(), { totalCount: 'n/a', items: [metadata] })).toEqual({
      ok: true,
      value: [{ templateId: 't', agreementType: 'MicrosoftCustomerAgreement' }],
    });
    expect(read(relationshipRequestSchema, { url: 'https://Admin.Microsoft.com/a b' })).toEqual({
      ok: true,
      value: { url: 'https://admin.microsoft.com/a%20b' },
    });
  });

  it.each([
    [
      { code: 1000, description: 'Customer not found' },
      { code: '1000', description: 'Customer not found' },
    ],
    [
      { errorCode: '600', message: 'Busy' },
      { code: '600', description: 'Busy' },
    ],
    [{ statusCode: 429, message: 'Rate limit is exceeded.' }, { description: 'Rate limit is exceeded.' }],
    [{ code: ['x'], description: { text: 'x' } }, {}],
    ['<html>', {}],
    [undefined, {}],
  ])('reads the error body %j as well as it can, never failing', (body, expected) => {
    expect(errorBodySchema.parse(body)).toEqual(expected);
  });

  it('cuts an error description at 1,024 characters', () => {
    expect(errorBodySchema.parse({ description: 'x'.repeat(5000) }).description).toHaveLength(1024);
  });
});
