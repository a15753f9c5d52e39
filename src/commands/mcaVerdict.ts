import type { Agreement, AgreementMetadata } from '../partnerCenter/types';

export const MCA = 'MicrosoftCustomerAgreement';

/** What a Partner Center call told, or, when it failed, the kind of failure. */
export type Signal<T> = { ok: true; value: T } | { ok: false; failure: string };

/**
 * Can the partner sell to this customer today? Since 7 October 2025 Partner Center blocks purchases and changes
 * for customers whose MCA acceptance predates the updated agreement, until they accept it again.
 */
export type McaState = 'canTransact' | 'reacceptanceNeeded' | 'notAccepted' | 'unknown';

export interface McaVerdict {
  state: McaState;
  /** How the customer can transact: the partner's attestation of a current acceptance, or the customer's own. */
  by?: 'attestation' | 'direct';
  /** The acceptance the verdict names: the newest current one, else the newest earlier one. */
  acceptance?: Agreement;
  /** The templates could not be read: the acceptance date alone decided what is current. */
  datedOnly: boolean;
  /** The current MCA template, when the templates could be read. */
  currentTemplateId?: string;
  /** Today is on or after 7 October 2025: purchases are blocked until re-acceptance, not about to be. */
  enforced: boolean;
  /** The signals that could not be read, with the kind of failure. */
  unchecked: Array<{ signal: 'attestations' | 'directSigned'; failure: string }>;
}

/**
 * The verdict from every signal Partner Center gives: the partner's attestations (current when on the current
 * template, the highest `versionRank`, and dated on or after `currentSince`), the customer's own acceptance
 * through Microsoft (`isSigned`, how customers accept the updated agreement today, current by nature), and the
 * MCA templates. A missing signal makes the answer "unknown" unless another one already says "can transact".
 */
export function mcaVerdict(signals: {
  attestations: Signal<Agreement[]>;
  templates: Signal<AgreementMetadata[]>;
  directSigned: Signal<boolean>;
  /** YYYY-MM-DD, UTC. */
  currentSince: string;
  today: Date;
}): McaVerdict {
  const attestations = signals.attestations.ok ? newestFirst(signals.attestations.value.filter(isMca)) : [];
  const currentTemplate = signals.templates.ok ? latestTemplate(signals.templates.value) : undefined;
  const datedOnly = currentTemplate === undefined;
  const since = Date.parse(`${signals.currentSince}T00:00:00Z`);
  const isCurrent = (agreement: Agreement) =>
    timeOf(agreement) >= since &&
    (datedOnly || agreement.templateId.toLowerCase() === currentTemplate.templateId.toLowerCase());
  const unchecked: McaVerdict['unchecked'] = [];
  if (!signals.attestations.ok)
    unchecked.push({ signal: 'attestations', failure: signals.attestations.failure });
  if (!signals.directSigned.ok)
    unchecked.push({ signal: 'directSigned', failure: signals.directSigned.failure });

  const enforced = signals.today.getTime() >= ENFORCED_FROM;
  const verdict = { datedOnly, enforced, unchecked, currentTemplateId: currentTemplate?.templateId };
  const current = attestations.find(isCurrent);
  if (current) return { ...verdict, state: 'canTransact', by: 'attestation', acceptance: current };
  if (signals.directSigned.ok && signals.directSigned.value) {
    return { ...verdict, state: 'canTransact', by: 'direct', acceptance: attestations[0] };
  }
  const earlier = attestations[0];
  if (unchecked.length > 0) return { ...verdict, state: 'unknown', acceptance: earlier };
  return earlier
    ? { ...verdict, state: 'reacceptanceNeeded', acceptance: earlier }
    : { ...verdict, state: 'notAccepted' };
}

const isMca = (agreement: Agreement) => agreement.type === MCA;

/** The day Partner Center began to block purchases for customers on an earlier MCA version. */
const ENFORCED_FROM = Date.parse('2025-10-07T00:00:00Z');

/** The template enforcement checks against: the MCA's highest `versionRank`. */
function latestTemplate(templates: AgreementMetadata[]): AgreementMetadata | undefined {
  return templates
    .filter((template) => template.agreementType === MCA)
    .reduce<AgreementMetadata | undefined>(
      (latest, template) =>
        !latest || (template.versionRank ?? 0) > (latest.versionRank ?? 0) ? template : latest,
      undefined,
    );
}

export function newestFirst(agreements: Agreement[]): Agreement[] {
  return [...agreements].sort((a, b) => timeOf(b) - timeOf(a));
}

/** Partner Center writes `dateAgreed` without a zone ("2019-08-27T00:00:00"): UTC. */
export function timeOf(agreement: Agreement): number {
  const iso = agreement.dateAgreed;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
}
