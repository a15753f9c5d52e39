import {
  conversationKind,
  personalChatLink,
  setUserLocale,
  tenantOf,
  threadIntoChannelReply,
  userKeyOf,
  userLocale,
  userTimeZone,
  type TeamsActivity,
} from '../../src/teams/activity';

const TENANT = '0b8c2e4a-1d3f-4c5b-9a7e-6f1e2d3c4b5a';
const clientInfo = (fields: Record<string, unknown>) => ({ entities: [{ type: 'clientInfo', ...fields }] });

describe("reading Teams' activities", () => {
  it.each<[string | undefined, string]>([
    ['personal', 'personal'],
    ['groupChat', 'groupChat'],
    ['channel', 'channel'],
    [undefined, 'personal'],
    ['something new', 'personal'],
  ])('conversation type %s is a %s conversation', (conversationType, kind) => {
    expect(conversationKind({ conversation: { id: 'c', conversationType } })).toBe(kind);
  });

  it('threads a reply to a new channel post under that post, and leaves a thread reply as it is', () => {
    const post: TeamsActivity = {
      id: '1700',
      conversation: { id: '19:general', conversationType: 'channel' },
    };
    threadIntoChannelReply(post);
    expect(post.conversation?.id).toBe('19:general;messageid=1700');
    const inThread: TeamsActivity = {
      id: '1800',
      conversation: { id: '19:general;messageid=1700', conversationType: 'channel' },
    };
    threadIntoChannelReply(inThread);
    expect(inThread.conversation?.id).toBe('19:general;messageid=1700');
    const chat: TeamsActivity = {
      id: '1900',
      conversation: { id: '19:chat', conversationType: 'groupChat' },
    };
    threadIntoChannelReply(chat);
    expect(chat.conversation?.id).toBe('19:chat');
  });

  it("takes the locale from the activity, else from the client's info; the time zone from the client's info", () => {
    expect(userLocale({ locale: 'fr-FR', ...clientInfo({ locale: 'en-US' }) })).toBe('fr-FR');
    expect(userLocale(clientInfo({ locale: 'fr-CA' }))).toBe('fr-CA');
    expect(userLocale(clientInfo({ locale: 42 }))).toBeUndefined();
    expect(userLocale({ locale: '', ...clientInfo({ locale: 'fr-CA' }) })).toBe('fr-CA');
    expect(userTimeZone(clientInfo({ timezone: 'Europe/Paris' }))).toBe('Europe/Paris');
    expect(userTimeZone({ entities: [{ type: 'mention', timezone: 'Europe/Paris' }] })).toBeUndefined();
  });

  it('knows the user by their Entra object id, else by their Teams id', () => {
    expect(userKeyOf({ from: { id: '29:a', aadObjectId: 'oid' } })).toBe('oid');
    expect(userKeyOf({ from: { id: '29:a' } })).toBe('29:a');
    expect(userKeyOf({})).toBe('anonymous');
  });

  it('reads the tenant from channelData or from the conversation, lower-cased', () => {
    const upper = TENANT.toUpperCase();
    expect(tenantOf({ channelData: { tenant: { id: upper } } })).toBe(TENANT);
    expect(tenantOf({ conversation: { id: 'c', tenantId: upper } })).toBe(TENANT);
    // Both, in different cases: the same tenant.
    expect(
      tenantOf({ channelData: { tenant: { id: upper } }, conversation: { id: 'c', tenantId: TENANT } }),
    ).toBe(TENANT);
    expect(tenantOf({ channelData: { tenant: { id: 7 } } })).toBeUndefined();
    expect(tenantOf({})).toBeUndefined();
  });

  it('reads no tenant when channelData and the conversation name different ones, or one is not text', () => {
    const other = '22222222-2222-4222-8222-222222222222';
    expect(
      tenantOf({ channelData: { tenant: { id: TENANT } }, conversation: { id: 'c', tenantId: other } }),
    ).toBeUndefined();
    expect(
      tenantOf({ channelData: { tenant: { id: other } }, conversation: { id: 'c', tenantId: TENANT } }),
    ).toBeUndefined();
    expect(
      tenantOf({ channelData: { tenant: { id: 7 } }, conversation: { id: 'c', tenantId: TENANT } }),
    ).toBeUndefined();
  });

  it('links to a personal chat with the bot', () => {
    expect(personalChatLink('28:a b')).toBe('https://teams.microsoft.com/l/chat/0/0?users=28%3Aa%20b');
  });
});

describe('setUserLocale', () => {
  it("sets the activity's locale and the client's, so that every reader sees it", () => {
    const activity: TeamsActivity = { locale: 'en-US', ...clientInfo({ locale: 'en-US', timezone: 'UTC' }) };
    setUserLocale(activity, 'fr-FR');
    expect(userLocale(activity)).toBe('fr-FR');
    expect(userLocale({ ...activity, locale: undefined })).toBe('fr-FR');
    expect(userTimeZone(activity)).toBe('UTC');
  });
});
