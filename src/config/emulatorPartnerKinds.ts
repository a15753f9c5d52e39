/**
 * Which partner the emulator plays (PARTNER_CENTER_EMULATOR_PARTNER_KIND): a direct-bill partner (the default), an
 * indirect reseller with one or two indirect providers, an indirect provider with resellers, or a dual-role partner
 * (direct-bill, and an indirect reseller through a provider). No imports: the settings read it too.
 */
export const EMULATOR_PARTNER_KINDS = [
  'direct',
  'indirectReseller',
  'indirectResellerTwoProviders',
  'indirectProvider',
  'dualRole',
] as const;
export type EmulatorPartnerKind = (typeof EMULATOR_PARTNER_KINDS)[number];
