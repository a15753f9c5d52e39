import { createLocalToken } from '../../src/localTokens/issuer';

export const SEED_TENANT = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
export const MCLOUDA_ONLY_TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const BOTH_TYPES_TENANT = '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b';
export const NO_AGREEMENT_TENANT = '0d8f3e2a-1b4c-4d5e-8f6a-7b8c9d0e1f2a';
export const DIRECT_SIGNED_TENANT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const UNKNOWN_TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** The day the tests live in: the bot's "today", fixed so that verdicts do not move with the clock. */
export const TODAY = new Date('2026-11-22T09:00:00Z');

/** The secret the test emulators check local tokens with. */
export const TOKEN_SECRET = 'test-secret';

/** A token the emulator accepts (or, with mfa false, refuses as Partner Center refuses tokens without MFA). */
export function tokenFor(userId = 'tania', mfa = true): string {
  return createLocalToken({ secret: TOKEN_SECRET, userId, mfa });
}

export const TOKEN = tokenFor();
