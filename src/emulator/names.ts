/**
 * Word lists for the generated population: company names a CSP's customer list really holds (small firms,
 * clinics, shops, French-speaking ones with accents and ampersands), so that search, sorting, CSV export and
 * cards are exercised with more than ASCII.
 */
export type Random = () => number;

/** mulberry32: a tiny seeded PRNG, good enough for test data and the same on every machine. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

// prettier-ignore
const BRANDS = [
  'Adatum', 'Proseware', 'Lamna', 'Coho', 'Fourth Coffee', 'Humongous', 'Lucerne', 'Relecloud', 'Trey',
  'Wide World', 'VanArsdel', 'Blue Yonder', 'Consolidated', 'Graphic Design', 'Margie', 'Southridge', 'Bellows',
  'First Up', 'Fincher', 'Nod', 'Boulder', 'Tasmanian', 'City Power', 'Munson', 'Liberty', 'Olympic', 'Datum',
];
// prettier-ignore
const SECTORS = [
  'Dental', 'Logistics', 'Pharmacy', 'Consulting', 'Legal', 'Accounting', 'Engineering', 'Bakery', 'Clinic',
  'Motors', 'Realty', 'Studios', 'Foods', 'Insurance', 'Printing', 'Architects', 'Veterinary', 'Travel',
];
// prettier-ignore
const LEGAL_SUFFIXES = ['Ltd', 'LLC', 'Inc.', 'GmbH', 'B.V.', 'Pty Ltd', 'S.A.S.', 'SARL', 'AG', 'Oy'];
// prettier-ignore
const FRENCH_KINDS = [
  'Boulangerie', 'Cabinet', 'Atelier', 'Pharmacie', 'Clinique', 'Éditions', 'Société', 'Menuiserie',
  'Fromagerie', 'Librairie', 'Garage', 'Études', 'Hôtel', 'Café',
];
// prettier-ignore
const FRENCH_PLACES = [
  'du Château', 'de Lévis', 'de Montréal', 'de Québec', 'de Genève', 'de Liège', 'de Nîmes', 'd’Orléans',
  'de Trois-Rivières', 'du Vieux-Port', 'de l’Estrie', 'des Halles',
];
// prettier-ignore
const FIRST_NAMES = [
  'Tania', 'Omar', 'Nancy', 'Andrew', 'Aisha', 'Anna', 'Mark', 'Ryan', 'Élodie', 'François', 'Hélène', 'Jérôme',
  'Zoë', 'Chloé', 'Noémie', 'Søren', 'Mateo', 'Priya', 'Kenji', 'Amara', 'Lucía', 'Björn', 'Fatima', 'Liam',
];
// prettier-ignore
const LAST_NAMES = [
  'Carr', 'Bennani', 'Davolio', 'Fuller', 'Witt', 'Lidman', 'Hanson', 'Ihrig', 'Lefèvre', 'Côté', 'Bélanger',
  'Dupré', 'Gagné', 'Nguyen', 'García', 'Müller', 'Smith', 'Okafor', 'Tanaka', 'Kowalski', 'O’Brien', 'Rossi',
];

/** One company name; `serial` makes the "Contoso Dental 0042" kind distinct. */
export function companyName(random: Random, serial: number): string {
  const roll = random();
  if (roll < 0.35)
    return `${pick(random, BRANDS)} ${pick(random, SECTORS)} ${String(serial).padStart(4, '0')}`;
  if (roll < 0.6) return `${pick(random, BRANDS)} ${pick(random, SECTORS)} ${pick(random, LEGAL_SUFFIXES)}`;
  if (roll < 0.75) return `${pick(random, FRENCH_KINDS)} ${pick(random, LAST_NAMES)}`;
  if (roll < 0.85) return `${pick(random, FRENCH_KINDS)} ${pick(random, FRENCH_PLACES)}`;
  if (roll < 0.93) return `${pick(random, LAST_NAMES)} & ${pick(random, LAST_NAMES)} Associés`;
  return `${pick(random, LAST_NAMES)} ${pick(random, SECTORS)}`;
}

/** ASCII letters and digits only, as an onmicrosoft.com prefix must be; accents are folded, not dropped. */
export function slugOf(text: string, maxLength = 24): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, maxLength);
}

export interface Contact {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
}

/** A primary contact at the customer's own (example) mail domain, with a phone number unless `withPhone` is false. */
export function contactFor(random: Random, slug: string, withPhone = true): Contact {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const email = `${slugOf(firstName)}.${slugOf(lastName)}@${slug}.example`;
  if (!withPhone) return { firstName, lastName, email };
  const digits = () => String(Math.floor(random() * 100)).padStart(2, '0');
  const phoneNumber =
    random() < 0.5 ? `+33 1 ${digits()} ${digits()} ${digits()} ${digits()}` : `+1 425 555 01${digits()}`;
  return { firstName, lastName, email, phoneNumber };
}
