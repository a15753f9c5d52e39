// The MCA verdict from plain data: no I/O, no client, no words (the cards layer says it in the user's language).

/** What the verdict reads of an agreement: Partner Center's agreements carry these fields, and more. */
export interface AgreementFacts {
  type: string;
  templateId: string;
  /** ISO 8601; Partner Center omits the zone designator (UTC). */
  dateAgreed: string;
  primaryContact: { firstName: string; lastName: string; email?: string };
}

/** What the verdict reads of an agreement template (agreement metadata). */
export interface TemplateFacts {
  templateId: string;
  agreementType: string;
  versionRank?: number;
}

export const MCA = 'MicrosoftCustomerAgreement';

/** What a Partner Center call told, or, when it failed, the kind of failure. */
export type Signal<T> = { ok: true; value: T } | { ok: false; failure: string };

/**
 * Can the partner sell to this customer today? Since 7 October 2025 Partner Center blocks purchases and changes
 * for customers whose MCA acceptance predates the updated agreement, until they accept it again.
 */
export const MCA_STATES = ['canTransact', 'reacceptanceNeeded', 'notAccepted', 'unknown'] as const;
export type McaState = (typeof MCA_STATES)[number];

export interface McaVerdict<A extends AgreementFacts = AgreementFacts> {
  state: McaState;
  /** How the customer can transact: the partner's attestation of a current acceptance, or the customer's own. */
  by?: 'attestation' | 'direct';
  /**
   * The attestation the verdict names: the current one it rests on, else the newest one. None for a direct
   * acceptance: Partner Center says only that the customer accepted, not when nor which version.
   */
  acceptance?: A;
  /** The current MCA template, when the templates could be read. */
  currentTemplateId?: string;
  /** Today is on or after 7 October 2025: purchases are blocked until re-acceptance, not about to be. */
  enforced: boolean;
  /** The signals that could not be read and that the answer needed, with the kind of failure. */
  unchecked: Array<{ signal: UncheckedSignal; failure: string }>;
}

/**
 * A signal a verdict can lack: the partner's attestations, the customer's own acceptance, or the MCA's versions
 * (needed to judge an acceptance made since the updated agreement came in).
 */
type UncheckedSignal = 'attestations' | 'directSigned' | 'templates';

/**
 * The verdict from every signal Partner Center gives: the partner's attestations (current when on the current
 * template, the highest `versionRank`, and dated on or after `currentSince`), the customer's own acceptance
 * through Microsoft (`isSigned`, how customers accept the updated agreement today, current by nature), and the
 * MCA templates. "Can transact" is said only from signals that were read and prove it; a missing signal that
 * could change the answer makes it "unknown", never a guess.
 */
export function mcaVerdict<A extends AgreementFacts>(signals: {
  attestations: Signal<A[]>;
  templates: Signal<TemplateFacts[]>;
  directSigned: Signal<boolean>;
  /** YYYY-MM-DD, UTC. */
  currentSince: string;
  today: Date;
}): McaVerdict<A> {
  const attestations = signals.attestations.ok ? newestFirst(signals.attestations.value.filter(isMca)) : [];
  const currentTemplate = signals.templates.ok ? latestTemplate(signals.templates.value) : undefined;
  const since = Date.parse(`${signals.currentSince}T00:00:00Z`);
  // An unreadable date is never taken as recent (NaN compares false).
  const recent = (agreement: A) => timeOf(agreement) >= since;
  const isCurrent = (agreement: A) =>
    currentTemplate !== undefined &&
    recent(agreement) &&
    agreement.templateId.toLowerCase() === currentTemplate.templateId.toLowerCase();
  const unchecked: McaVerdict<A>['unchecked'] = [];
  if (!signals.attestations.ok)
    unchecked.push({ signal: 'attestations', failure: signals.attestations.failure });
  if (!signals.directSigned.ok)
    unchecked.push({ signal: 'directSigned', failure: signals.directSigned.failure });

  const enforced = signals.today.getTime() >= ENFORCED_FROM;
  const verdict = { enforced, unchecked, currentTemplateId: currentTemplate?.templateId };
  const current = attestations.find(isCurrent);
  if (current) return { ...verdict, state: 'canTransact', by: 'attestation', acceptance: current };
  if (signals.directSigned.ok && signals.directSigned.value) {
    return { ...verdict, state: 'canTransact', by: 'direct' };
  }
  // An acceptance made since the cutoff is current or not by its template: without the versions, nobody can say.
  // One made before it needs re-accepting whatever its template.
  if (currentTemplate === undefined && attestations.some(recent)) {
    const failure = signals.templates.ok ? 'noTemplates' : signals.templates.failure;
    unchecked.push({ signal: 'templates', failure });
  }
  const newest = attestations[0];
  if (unchecked.length > 0) return { ...verdict, state: 'unknown', acceptance: newest };
  return newest
    ? { ...verdict, state: 'reacceptanceNeeded', acceptance: newest }
    : { ...verdict, state: 'notAccepted' };
}

const isMca = (agreement: AgreementFacts) => agreement.type === MCA;

/** The day Partner Center began to block purchases for customers on an earlier MCA version. */
export const MCA_ENFORCED_FROM = '2025-10-07';
const ENFORCED_FROM = Date.parse(`${MCA_ENFORCED_FROM}T00:00:00Z`);

/** The template enforcement checks against: the MCA's highest `versionRank`; none when no MCA template is listed. */
export function latestTemplate<T extends TemplateFacts>(templates: T[]): T | undefined {
  return templates
    .filter((template) => template.agreementType === MCA)
    .reduce<T | undefined>(
      (latest, template) =>
        !latest || (template.versionRank ?? 0) > (latest.versionRank ?? 0) ? template : latest,
      undefined,
    );
}

export function newestFirst<A extends Pick<AgreementFacts, 'dateAgreed'>>(agreements: A[]): A[] {
  return [...agreements].sort((a, b) => timeOf(b) - timeOf(a));
}

/** Partner Center writes `dateAgreed` without a zone ("2019-08-27T00:00:00"): UTC. NaN when unreadable. */
export function timeOf(agreement: Pick<AgreementFacts, 'dateAgreed'>): number {
  const iso = agreement.dateAgreed;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
}
