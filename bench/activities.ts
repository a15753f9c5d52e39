/** Messages as Teams sends them, from many users in many personal chats, asking for the replies in the response. */

const TENANT = '6f1a5c2e-8b1d-4c7e-9a31-2d5f0e7b9c44';

export function teamsMessage(text: string, sequence: number, conversations: number): Record<string, unknown> {
  const n = sequence % conversations;
  const user = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    type: 'message',
    id: `bench-${sequence}`,
    timestamp: new Date().toISOString(),
    text,
    textFormat: 'plain',
    locale: 'en-US',
    channelId: 'msteams',
    deliveryMode: 'expectReplies',
    // expectReplies returns the replies in the HTTP response; nothing is posted here (a closed port).
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `29:bench-user-${n}`, name: `Bench User ${n}`, aadObjectId: user },
    recipient: { id: '28:bench-bot', name: 'Partner Center Assistant' },
    conversation: { id: `a:bench-chat-${n}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    entities: [
      { type: 'clientInfo', locale: 'en-US', country: 'FR', platform: 'Web', timezone: 'Europe/Paris' },
    ],
  };
}
