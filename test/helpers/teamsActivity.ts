/** The bot and a user as Teams names them in activities. */
export const BOT = { id: '28:partner-center-assistant', name: 'Partner Center Assistant' };
export const USER = {
  id: '29:tania',
  name: 'Tania Carr',
  aadObjectId: '7d2e1c3b-0000-4000-8000-000000000001',
};
export const TENANT = '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a';

/** An activity as Teams posts it to the messaging endpoint: a message in a personal chat unless `overrides` say. */
export function teamsActivity(
  serviceUrl: string,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'message',
    id: '1732190000001',
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    locale: 'en-US',
    textFormat: 'plain',
    entities: [
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Paris' },
    ],
    channelData: { tenant: { id: TENANT } },
    conversation: { id: 'a:1personal-chat-id', conversationType: 'personal', tenantId: TENANT },
    ...overrides,
  };
}
