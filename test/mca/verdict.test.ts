import { mcaVerdict, type McaVerdict, type Signal } from '../../src/mca/verdict';
import type { Agreement, AgreementMetadata } from '../../src/partnerCenter/types';
import { acceptance, CURRENT_MCA_TEMPLATE, EARLIER_MCA_TEMPLATE, MCA_TEMPLATES } from '../helpers/replies';
import { TODAY } from '../helpers/seeds';

const ok = <T>(value: T): Signal<T> => ({ ok: true, value });
const failed = (failure: string): Signal<never> => ({ ok: false, failure });

const earlier2019 = acceptance({ dateAgreed: '2019-08-27T00:00:00', templateId: EARLIER_MCA_TEMPLATE });
const current2024 = acceptance({ dateAgreed: '2024-02-12T00:00:00', templateId: CURRENT_MCA_TEMPLATE });
/** On the current template's id, but dated before the cutoff: not current. */
const currentTemplateBeforeCutoff = acceptance({
  dateAgreed: '2023-03-31T23:59:59',
  templateId: CURRENT_MCA_TEMPLATE,
});
/** Dated after the cutoff, on the earlier template: not current either. */
const earlierTemplateAfterCutoff = acceptance({
  dateAgreed: '2024-05-01T00:00:00',
  templateId: EARLIER_MCA_TEMPLATE,
});
const cloudAgreement = acceptance({ type: 'MicrosoftCloudAgreement', dateAgreed: '2024-05-01T00:00:00' });

function verdict(
  attestations: Signal<Agreement[]>,
  directSigned: Signal<boolean> = ok(false),
  templates: Signal<AgreementMetadata[]> = ok(MCA_TEMPLATES),
): McaVerdict {
  return mcaVerdict({ attestations, directSigned, templates, currentSince: '2023-04-01', today: TODAY });
}

describe('the MCA verdict from every signal', () => {
  it.each<[string, Signal<Agreement[]>, Signal<boolean>, Partial<McaVerdict>]>([
    [
      'a current attestation',
      ok([earlier2019, current2024]),
      ok(false),
      { state: 'canTransact', by: 'attestation', acceptance: current2024 },
    ],
    [
      'only earlier versions (the seed customer)',
      ok([earlier2019]),
      ok(false),
      { state: 'reacceptanceNeeded', acceptance: earlier2019 },
    ],
    [
      'the current template before the cutoff',
      ok([currentTemplateBeforeCutoff]),
      ok(false),
      { state: 'reacceptanceNeeded' },
    ],
    [
      'the earlier template after the cutoff',
      ok([earlierTemplateAfterCutoff]),
      ok(false),
      { state: 'reacceptanceNeeded' },
    ],
    [
      'a direct acceptance after a 2019 attestation',
      ok([earlier2019]),
      ok(true),
      { state: 'canTransact', by: 'direct' },
    ],
    ['a direct acceptance alone', ok([]), ok(true), { state: 'canTransact', by: 'direct' }],
    ['nothing', ok([]), ok(false), { state: 'notAccepted' }],
    ['only a Cloud Agreement', ok([cloudAgreement]), ok(false), { state: 'notAccepted' }],
    [
      'earlier versions, direct status unreadable',
      ok([earlier2019]),
      failed('noRelationship'),
      { state: 'unknown', acceptance: earlier2019 },
    ],
    ['nothing, direct status unreadable', ok([]), failed('timeout'), { state: 'unknown' }],
    ['attestations unreadable, no direct acceptance', failed('unavailable'), ok(false), { state: 'unknown' }],
    [
      'attestations unreadable, a direct acceptance',
      failed('unavailable'),
      ok(true),
      { state: 'canTransact', by: 'direct' },
    ],
    [
      'a current attestation, direct status unreadable',
      ok([current2024]),
      failed('noRelationship'),
      { state: 'canTransact', by: 'attestation' },
    ],
  ])('%s', (_case, attestations, directSigned, expected) => {
    expect(verdict(attestations, directSigned)).toMatchObject(expected);
  });

  it('says which signals could not be read, and why', () => {
    expect(verdict(failed('forbidden'), failed('noRelationship')).unchecked).toEqual([
      { signal: 'attestations', failure: 'forbidden' },
      { signal: 'directSigned', failure: 'noRelationship' },
    ]);
  });

  it('never says "can transact" for an acceptance since the cutoff when the versions cannot be read', () => {
    for (const templates of [failed('timeout'), ok([])]) {
      for (const recent of [earlierTemplateAfterCutoff, current2024]) {
        expect(verdict(ok([earlier2019, recent]), ok(false), templates)).toMatchObject({
          state: 'unknown',
          acceptance: recent,
          unchecked: [{ signal: 'templates', failure: templates.ok ? 'noTemplates' : 'timeout' }],
        });
      }
    }
  });

  it('judges by date alone what the date alone decides when the versions cannot be read', () => {
    const templates = failed('unavailable');
    expect(verdict(ok([earlier2019]), ok(false), templates)).toMatchObject({
      state: 'reacceptanceNeeded',
      unchecked: [],
    });
    expect(verdict(ok([]), ok(false), templates)).toMatchObject({ state: 'notAccepted', unchecked: [] });
    expect(verdict(ok([current2024]), ok(true), templates)).toMatchObject({
      state: 'canTransact',
      by: 'direct',
    });
  });

  it('names no attestation for a direct acceptance: Partner Center gives it no date nor version', () => {
    expect(verdict(ok([earlier2019]), ok(true)).acceptance).toBeUndefined();
  });

  it('takes the highest versionRank as current, whatever the order, and ids in any case', () => {
    const reversed = [...MCA_TEMPLATES].reverse();
    const upper = acceptance({
      dateAgreed: '2024-02-12T00:00:00',
      templateId: CURRENT_MCA_TEMPLATE.toUpperCase(),
    });
    expect(verdict(ok([upper]), ok(false), ok(reversed)).state).toBe('canTransact');
  });

  it('counts the cutoff day itself as current, in UTC', () => {
    const onTheDay = acceptance({ dateAgreed: '2023-04-01T00:00:00', templateId: CURRENT_MCA_TEMPLATE });
    expect(verdict(ok([onTheDay])).state).toBe('canTransact');
  });

  it('never takes an unreadable date as current', () => {
    const undated = acceptance({ dateAgreed: 'soon', templateId: CURRENT_MCA_TEMPLATE });
    expect(verdict(ok([undated])).state).toBe('reacceptanceNeeded');
  });
});

describe('the day the verdict is made', () => {
  it('says purchases are blocked from 7 October 2025 on, and will be before it', () => {
    const earlier = acceptance({ dateAgreed: '2019-08-27T00:00:00' });
    const on = (day: string) =>
      mcaVerdict({
        attestations: ok([earlier]),
        directSigned: ok(false),
        templates: ok(MCA_TEMPLATES),
        currentSince: '2023-04-01',
        today: new Date(day),
      });
    expect(on('2025-10-06T23:59:59Z')).toMatchObject({ state: 'reacceptanceNeeded', enforced: false });
    expect(on('2025-10-07T00:00:00Z')).toMatchObject({ state: 'reacceptanceNeeded', enforced: true });
    expect(on(TODAY.toISOString())).toMatchObject({ enforced: true });
  });
});
