/**
 * The Microsoft Entra built-in roles a GDAP relationship may ask for, by the template ids Graph takes as
 * `roleDefinitionId` (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference). Their
 * names in words are in the i18n files (`gdap.roles.<key>`); a role Graph lists that is not here is shown by id.
 */
export const ENTRA_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  directoryWriters: '9360feb5-f418-4baa-8175-e2a00bac4301',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  serviceSupportAdministrator: 'f023fd81-a637-4b56-95fd-791ac0226033',
  licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
} as const;

export type EntraRole = keyof typeof ENTRA_ROLES;

const ROLE_BY_ID = new Map<string, EntraRole>(
  Object.entries(ENTRA_ROLES).map(([key, id]) => [id, key as EntraRole]),
);

/** The role a Graph role definition id names, when it is one of ours. */
export function roleOfId(id: string): EntraRole | undefined {
  return ROLE_BY_ID.get(id.toLowerCase());
}

/** What a sales or account manager needs to look at a customer's tenant, its licences and its support cases. */
const ACCOUNT_STAFF = [
  'directoryReaders',
  'globalReader',
  'serviceSupportAdministrator',
  'licenseAdministrator',
] as const satisfies readonly EntraRole[];
/** Account staff's roles, and managing users' passwords and licences. */
const HELPDESK = [...ACCOUNT_STAFF, 'helpdeskAdministrator', 'userAdministrator'] as const;

/**
 * Named role sets for GDAP_ROLES. `account-staff`, the default, is what a sales or account manager needs to look at
 * a customer's tenant, its licences and its support cases, and nothing that changes users or security: Microsoft's
 * least-privilege advice for GDAP. None holds Global Administrator; asking for it is spelled out, role by role.
 */
export const ROLE_TEMPLATES = {
  'account-staff': ACCOUNT_STAFF,
  helpdesk: HELPDESK,
  administration: [
    ...HELPDESK,
    'exchangeAdministrator',
    'sharePointAdministrator',
    'teamsAdministrator',
    'intuneAdministrator',
    'securityAdministrator',
    'cloudApplicationAdministrator',
    'authenticationAdministrator',
  ],
} as const satisfies Record<string, readonly EntraRole[]>;

type RoleTemplateName = keyof typeof ROLE_TEMPLATES;

/** The role set GDAP_ROLES names: its template's name, or the roles themselves. */
export interface GdapRoleSet {
  /** The template's name; undefined for a list of roles. */
  template?: RoleTemplateName;
  roles: readonly EntraRole[];
}

/** "Global Reader", "global-reader", "globalReader" all name the same role. */
const squash = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');
const ROLE_BY_NAME = new Map<string, EntraRole>(
  (Object.keys(ENTRA_ROLES) as EntraRole[]).map((role) => [squash(role), role]),
);

/**
 * GDAP_ROLES as written: a template's name, or role names separated by commas. Unknown names are returned, for
 * the setting's error message, never dropped.
 */
export function readRoleSet(text: string): { ok: true; set: GdapRoleSet } | { ok: false; unknown: string[] } {
  const trimmed = text.trim();
  const template = (Object.keys(ROLE_TEMPLATES) as RoleTemplateName[]).find(
    (name) => name === trimmed.toLowerCase(),
  );
  if (template) return { ok: true, set: { template, roles: ROLE_TEMPLATES[template] } };
  const names = trimmed
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const roles = names.map((name) => ROLE_BY_NAME.get(squash(name)));
  const unknown = names.filter((_, index) => roles[index] === undefined);
  if (names.length === 0 || unknown.length > 0)
    return { ok: false, unknown: unknown.length ? unknown : [text] };
  return { ok: true, set: { roles: [...new Set(roles as EntraRole[])] } };
}

export const DEFAULT_ROLE_SET: GdapRoleSet = {
  template: 'account-staff',
  roles: ROLE_TEMPLATES['account-staff'],
};

export function holdsGlobalAdministrator(roleIds: readonly string[]): boolean {
  return roleIds.some((id) => id.toLowerCase() === ENTRA_ROLES.globalAdministrator);
}
