import { z } from 'zod';
import { agreementMetadataSchema } from '../partnerCenter/schemas';
import type { AgreementMetadata } from '../partnerCenter/types';
import type { EmulatorCustomer } from './data';
import defaultData from './defaultData.json';
import type { FaultRule } from './faults';
import { companyName, contactFor, mulberry32, pick, slugOf, type Random } from './names';

/**
 * A large, deterministic customer list for the MCA report and its benchmark: what a partner with thousands of
 * customers sees since the updated MCA (1 April 2023) is enforced. Per hundred customers, in a shuffled order:
 * 55 with a current partner attestation, 15 who accepted directly in the admin center, 15 on an earlier
 * acceptance (re-acceptance needed), 11 with none (or a Microsoft Cloud Agreement only) and 4 whose calls keep
 * failing (fault rules scoped to them), so every verdict is there in realistic shares.
 */
export interface GeneratedPopulation {
  customers: EmulatorCustomer[];
  /** Persistent failures for the "unknown" customers; the emulator keeps them through clearFaults(). */
  faults: FaultRule[];
  /**
   * The verdict each customer gets (lower-case id → state) with MCA_CURRENT_SINCE at 2023-04-01 and the
   * templates readable. For tests and benchmarks only: never served.
   */
  expectedStates: Map<string, ExpectedState>;
}

/**
 * The states the tests expect, written here rather than taken from src/mca/: the emulator is the tests' oracle and
 * shares nothing with the code it checks (a renamed state fails the tests' type-check instead).
 */
type ExpectedState = 'canTransact' | 'reacceptanceNeeded' | 'notAccepted' | 'unknown';

type Kind = 'current' | 'direct' | 'earlier' | 'none' | 'failing';
const PER_HUNDRED: Array<[Kind, number]> = [
  ['current', 55],
  ['direct', 15],
  ['earlier', 15],
  ['none', 11],
  ['failing', 4],
];
const STATE_OF: Record<Kind, ExpectedState> = {
  current: 'canTransact',
  direct: 'canTransact',
  earlier: 'reacceptanceNeeded',
  none: 'notAccepted',
  failing: 'unknown',
};

const MCA = 'MicrosoftCustomerAgreement';
const MCLOUDA = 'MicrosoftCloudAgreement';
const FALLBACK_MCLOUDA_TEMPLATE = '998b88de-aa99-4388-a42c-1b3517d49490';

/**
 * `count` customers, the same for the same seed. Attestations use the MCA templates of `metadata` (the built-in
 * data's by default): the highest versionRank is current, the next one is "earlier".
 */
export function generateCustomers(
  count: number,
  seed = 1,
  metadata: readonly unknown[] = defaultData.agreementMetadata,
): GeneratedPopulation {
  const random = mulberry32(seed);
  const templates = templatesOf(metadata);
  const population: GeneratedPopulation = { customers: [], faults: [], expectedStates: new Map() };
  const ids = new Set<string>();
  const domains = new Set<string>();
  let deck: Kind[] = [];
  let failing = 0;
  for (let index = 0; index < count; index += 1) {
    if (deck.length === 0) deck = shuffledDeck(random);
    const kind = deck.pop() as Kind;
    const id = uniqueGuid(random, ids);
    const name = companyName(random, index + 1);
    const slug = uniqueSlug(slugOf(name, 27), domains);
    const customer: EmulatorCustomer = {
      id,
      companyName: name,
      domain: `${slug}.onmicrosoft.com`,
      agreements: [],
    };
    const make = new AgreementMaker(random, templates, slug);
    if (kind === 'current') {
      if (random() < 0.25) customer.agreements.push(make.cloudAgreement());
      if (random() < 0.3) customer.agreements.push(make.earlierMca());
      customer.agreements.push(make.currentMca());
    } else if (kind === 'direct') {
      customer.directSignedMca = true;
      const roll = random();
      if (roll < 0.5) customer.agreements.push(make.earlierMca());
      else if (roll < 0.7) customer.agreements.push(make.cloudAgreement());
    } else if (kind === 'earlier') {
      if (random() < 0.3) customer.agreements.push(make.cloudAgreement());
      customer.agreements.push(make.earlierMca());
      if (random() < 0.2) customer.agreements.push(make.earlierMca());
    } else if (kind === 'none') {
      if (random() < 0.5) customer.agreements.push(make.cloudAgreement());
    } else {
      if (random() < 0.5) customer.agreements.push(make.earlierMca());
      population.faults.push(failureFor(id, failing));
      failing += 1;
    }
    population.customers.push(customer);
    population.expectedStates.set(id, STATE_OF[kind]);
  }
  return population;
}

/** How many customers of the population should end in each state. */
export function countByState(
  population: Pick<GeneratedPopulation, 'expectedStates'>,
): Record<ExpectedState, number> {
  const counts: Record<ExpectedState, number> = {
    canTransact: 0,
    reacceptanceNeeded: 0,
    notAccepted: 0,
    unknown: 0,
  };
  population.expectedStates.forEach((state) => (counts[state] += 1));
  return counts;
}

/** Three of four failing customers get 500 on their agreements; the fourth 403/20002 on its own acceptance. */
function failureFor(customerId: string, nth: number): FaultRule {
  return nth % 4 === 3
    ? {
        operation: 'directSignedStatus',
        customerId,
        status: 403,
        code: '20002',
        description: 'The partner does not have a commerce relationship with this customer.',
      }
    : {
        operation: 'agreements',
        customerId,
        status: 500,
        code: '500',
        description: 'Internal server error.',
      };
}

interface Templates {
  current: AgreementMetadata;
  /** Absent when there is a single MCA template: an earlier acceptance is then told by its date alone. */
  earlier?: AgreementMetadata;
  cloud?: AgreementMetadata;
}

function templatesOf(metadata: readonly unknown[]): Templates {
  const all = z.array(agreementMetadataSchema).parse(metadata);
  const mca = all
    .filter((t) => t.agreementType === MCA)
    .sort((a, b) => (b.versionRank ?? 0) - (a.versionRank ?? 0));
  if (!mca[0]) throw new Error('the emulator data lists no MicrosoftCustomerAgreement template to attest to');
  return { current: mca[0], earlier: mca[1], cloud: all.find((t) => t.agreementType === MCLOUDA) };
}

class AgreementMaker {
  constructor(
    private readonly random: Random,
    private readonly templates: Templates,
    private readonly slug: string,
  ) {}

  currentMca(): Record<string, unknown> {
    return this.agreement(MCA, this.templates.current, dateBetween(this.random, '2023-04-15', '2025-12-31'));
  }

  /** On the earlier template, mostly before 1 April 2023; sometimes later (partners kept using the old one). */
  earlierMca(): Record<string, unknown> {
    const earlier = this.templates.earlier;
    const late = earlier !== undefined && this.random() < 0.2;
    const date = late
      ? dateBetween(this.random, '2023-05-01', '2024-06-30')
      : dateBetween(this.random, '2019-01-01', '2023-02-28');
    return this.agreement(MCA, earlier ?? this.templates.current, date, this.random() < 0.7);
  }

  cloudAgreement(): Record<string, unknown> {
    const template = this.templates.cloud ?? {
      templateId: FALLBACK_MCLOUDA_TEMPLATE,
      agreementType: MCLOUDA,
      agreementLink: 'https://aka.ms/microsoftcloudagreement',
    };
    return this.agreement(MCLOUDA, template, dateBetween(this.random, '2015-01-01', '2020-12-31'), false);
  }

  private agreement(type: string, template: AgreementMetadata, dateAgreed: string, withPhone = true) {
    return {
      primaryContact: contactFor(this.random, this.slug, withPhone),
      templateId: template.templateId,
      dateAgreed,
      type,
      ...(template.agreementLink ? { agreementLink: template.agreementLink } : {}),
    };
  }
}

const DAY_MS = 86_400_000;

/** A day in [from, to], as Partner Center writes it: UTC without a zone designator. */
function dateBetween(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.floor(random() * ((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS + 1));
  const hour = random() < 0.5 ? 0 : 8 + Math.floor(random() * 10);
  return new Date(start + days * DAY_MS + hour * 3_600_000).toISOString().slice(0, 19);
}

function shuffledDeck(random: Random): Kind[] {
  const deck = PER_HUNDRED.flatMap(([kind, n]) => Array.from({ length: n }, () => kind));
  for (let i = deck.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [deck[i], deck[j]] = [deck[j] as Kind, deck[i] as Kind];
  }
  return deck;
}

/** A version 4 GUID, lower case, never one already given. */
function uniqueGuid(random: Random, seen: Set<string>): string {
  for (;;) {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    const variant = pick(random, ['8', '9', 'a', 'b']);
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
  }
}

/** onmicrosoft.com prefixes are unique: a taken one gets a number. */
function uniqueSlug(base: string, taken: Set<string>): string {
  const root = base || 'customer';
  let slug = root;
  for (let n = 2; taken.has(slug); n += 1) slug = `${root.slice(0, 22)}${n}`;
  taken.add(slug);
  return slug;
}
