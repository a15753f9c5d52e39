import { ENTRA_ROLES, holdsGlobalAdministrator, type EntraRole, type GdapRoleSet } from './roles';

/** What an admin-access request will ask the customer for, decided before anything is created. */
export interface AdminAccessPlan {
  displayName: string;
  roles: readonly EntraRole[];
  roleIds: string[];
  durationDays: number;
  /** 180 days unless Global Administrator is asked for: Microsoft advises against auto-extending that role. */
  autoExtendDays: 0 | 180;
  /** Global Administrator is among the roles: the card warns, and the relationship is not auto-extended. */
  globalAdministrator: boolean;
  /**
   * The same plan, written short, with its day: a confirmation made for other settings, or on another day, is shown
   * again, not acted on. A card stays in the chat for ever, but its press is remembered for a day only (the claim
   * store): a press of last week's card would otherwise create a second relationship.
   */
  key: string;
}

/** Graph refuses a displayName longer than this; it must also be unique among the partner's relationships. */
const DISPLAY_NAME_MAX = 50;

export function adminAccessPlan(input: {
  roles: GdapRoleSet;
  durationDays: number;
  /** The customer's company name; absent for a generic invitation. */
  customerName?: string;
  /** The day it is asked (YYYY-MM-DD), which keeps names apart from a request made another day. */
  day: string;
  /** Added to the name when Graph said the first one was taken. */
  suffix?: string;
}): AdminAccessPlan {
  const roleIds = input.roles.roles.map((role) => ENTRA_ROLES[role]);
  const globalAdministrator = holdsGlobalAdministrator(roleIds);
  return {
    displayName: displayName(input.customerName, input.day, input.suffix),
    roles: input.roles.roles,
    roleIds,
    durationDays: input.durationDays,
    autoExtendDays: globalAdministrator ? 0 : 180,
    globalAdministrator,
    key: `${input.roles.roles.join('+')}/${input.durationDays}/${input.day}`,
  };
}

/**
 * "Wingtip Toys admin 2026-12-06": the customer's name (cut to fit), what it is for and the day, at most 50
 * characters. Graph shows it to the customer's admin, who should recognise it at a glance.
 */
function displayName(customerName: string | undefined, day: string, suffix?: string): string {
  const tail = ` admin ${day}${suffix ? ` ${suffix}` : ''}`;
  const name =
    (customerName ?? 'Generic')
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .replace(/\s+/g, ' ')
      .trim() || 'Generic';
  const room = DISPLAY_NAME_MAX - tail.length;
  const cut =
    [...name].length > room
      ? `${[...name]
          .slice(0, room - 1)
          .join('')
          .trimEnd()}…`
      : name;
  return `${cut}${tail}`;
}
