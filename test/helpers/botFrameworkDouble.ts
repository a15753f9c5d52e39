import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';
import { closeServer } from '../../src/emulator/listen';
import { readBody } from './servers';

/**
 * A local stand-in for the Bot Framework services a Teams bot talks to, over HTTPS on localhost:
 * - the channel's OpenID metadata and signing keys (to validate what "Teams" posts to the bot),
 * - an Entra ID token endpoint (where MSAL gets the bot's own token),
 * - the Bot Framework token service (user tokens, exchange, sign-out, sign-in resource),
 * - the Teams connector (where the bot posts its replies).
 * Its certificate is self-signed; the bot process trusts it through NODE_EXTRA_CA_CERTS.
 */
const CHANNEL_ISSUER = 'https://api.botframework.com';
/** The Teams-mode bot the tests run: its Entra app id, secret and OAuth connection. */
export const TEAMS_BOT_ID = '0b5c8f6e-1d2a-4e3f-9a8b-7c6d5e4f3a2b';
export const TEAMS_BOT_SECRET = 'bot-client-secret-for-the-double';
export const TEAMS_CONNECTION = 'PartnerCenter';
export const BOT_ACCESS_TOKEN = 'bot-access-token-from-the-double';

export interface ConnectorPost {
  /** POST sends a message; PUT updates one the bot sent before. */
  method?: string;
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

export interface BotFrameworkDouble {
  url: string;
  /** A PEM file the bot process must trust (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Settings under ConfigurationBotFrameworkAuthentication's names, pointing the bot here. */
  settings: Record<string, string>;
  /** The user's current token per userId/connection, as the token service stores it after a sign-in. */
  userTokens: Map<string, string>;
  /** SSO tokens from Teams that the token service can exchange, and for which Partner Center token. */
  exchangeable: Map<string, string>;
  connectorPosts: ConnectorPost[];
  tokenServiceCalls: string[];
  /** How many client-credential tokens the bot asked for with the right secret. */
  botTokensIssued: () => number;
  /** A channel token for a request to the bot, signed with the double's key. */
  channelToken(audience: string, serviceUrl: string, options?: { key?: 'wrong' }): string;
  /** The first `count` messages the bot posted (typing indicators aside). */
  waitForConnectorPosts(count: number, timeoutMs?: number): Promise<ConnectorPost[]>;
  close(): Promise<void>;
}

export async function startBotFrameworkDouble(options: {
  botId: string;
  botSecret: string;
  workDir: string;
}): Promise<BotFrameworkDouble> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const caFile = path.join(options.workDir, 'bot-framework-double.pem');
  writeFileSync(caFile, pems.cert);

  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'double-signing-key';
  const userTokens = new Map<string, string>();
  const exchangeable = new Map<string, string>();
  const connectorPosts: ConnectorPost[] = [];
  const tokenServiceCalls: string[] = [];
  const waiters: Array<() => void> = [];
  let botTokens = 0;
  let url = '';

  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    void readBody(request).then((body) => {
      const at = new URL(request.url ?? '/', 'https://localhost');
      const send = (status: number, json?: unknown) => {
        const text = json === undefined ? '' : JSON.stringify(json);
        response.writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
        });
        response.end(text);
      };
      const q = (name: string) => at.searchParams.get(name) ?? '';
      const userKey = () => `${q('userId')}/${q('connectionName')}`;
      const route = `${request.method} ${at.pathname}`;

      // Channel OpenID metadata and keys.
      if (route === 'GET /channel/.well-known/openidconfiguration') {
        return send(200, {
          issuer: CHANNEL_ISSUER,
          authorization_endpoint: `${url}/channel/authorize`,
          jwks_uri: `${url}/channel/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (route === 'GET /channel/keys') {
        const jwk = (signing.publicKey as KeyObject).export({ format: 'jwk' });
        return send(200, { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
      }

      // Entra ID, as MSAL sees it.
      const tenant = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(
        at.pathname,
      );
      if (tenant && request.method === 'GET') {
        const base = `${url}/${tenant[1]}`;
        return send(200, {
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (tenant && request.method === 'POST') {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== options.botId || form.get('client_secret') !== options.botSecret) {
          return send(401, { error: 'invalid_client', error_description: 'unknown client or secret' });
        }
        botTokens += 1;
        return send(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: BOT_ACCESS_TOKEN,
        });
      }

      // The Bot Framework token service.
      if (at.pathname.startsWith('/api/')) {
        tokenServiceCalls.push(`${request.method} ${at.pathname}`);
        if (request.headers.authorization !== `Bearer ${BOT_ACCESS_TOKEN}`)
          return send(401, { message: 'bot token required' });
      }
      if (route === 'GET /api/usertoken/GetToken') {
        const token = userTokens.get(userKey());
        if (!token) return send(404);
        return send(200, {
          channelId: q('channelId'),
          connectionName: q('connectionName'),
          token,
          expiration: '',
        });
      }
      if (route === 'POST /api/usertoken/exchange') {
        const ssoToken = (JSON.parse(body || '{}') as { token?: string }).token ?? '';
        const token = exchangeable.get(ssoToken);
        if (!token)
          return send(404, { error: { code: 'NotFound', message: 'The token cannot be exchanged.' } });
        userTokens.set(userKey(), token);
        return send(200, {
          channelId: q('channelId'),
          connectionName: q('connectionName'),
          token,
          expiration: '',
        });
      }
      if (route === 'DELETE /api/usertoken/SignOut') {
        userTokens.delete(userKey());
        return send(200, {});
      }
      if (route === 'GET /api/botsignin/GetSignInResource') {
        return send(200, {
          signInLink: `${url}/signin?state=${encodeURIComponent(q('state'))}`,
          tokenExchangeResource: { id: randomUUID(), uri: `api://botid-${options.botId}`, providerId: 'aad' },
        });
      }

      // The Teams connector: the bot's replies.
      if (
        (request.method === 'POST' || request.method === 'PUT') &&
        at.pathname.startsWith('/v3/conversations/')
      ) {
        connectorPosts.push({
          method: request.method,
          path: decodeURIComponent(at.pathname),
          authorization: request.headers.authorization,
          body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
        });
        waiters.splice(0).forEach((wake) => wake());
        return send(200, { id: randomUUID() });
      }
      return send(404, { message: `no route ${route}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}`;

  const sign = (claims: object, key: KeyObject) => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key).toString('base64url');
    return `${header}.${payload}.${signature}`;
  };

  return {
    url,
    caFile,
    settings: {
      ToBotFromChannelOpenIdMetadataUrl: `${url}/channel/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: `${url}/emulator/.well-known/openidconfiguration`,
      ToChannelFromBotLoginUrl: `${url}/botframework.com`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: url,
      CallerId: 'urn:botframework:azure',
    },
    userTokens,
    exchangeable,
    connectorPosts,
    tokenServiceCalls,
    botTokensIssued: () => botTokens,
    channelToken(audience, serviceUrl, tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: CHANNEL_ISSUER,
        aud: audience,
        serviceurl: serviceUrl,
        nbf: now - 60,
        iat: now,
        exp: now + 3600,
      };
      return sign(claims, (tokenOptions.key === 'wrong' ? wrongKey : signing).privateKey);
    },
    waitForConnectorPosts(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`the connector received ${connectorPosts.length} posts, not ${count} messages`)),
          timeoutMs,
        );
        const messages = () => connectorPosts.filter((p) => p.body.type === 'message' && p.method === 'POST');
        const check = () => {
          if (messages().length < count) return waiters.push(check);
          clearTimeout(timer);
          resolve(messages().slice(0, count));
          return 0;
        };
        check();
      });
    },
    close: () => closeServer(server as unknown as HttpServer),
  };
}

/** Everything a Teams-mode bot needs from the environment, its Bot Framework endpoints pointing at the double. */
export function teamsModeEnv(double: BotFrameworkDouble, partnerCenterUrl: string): Record<string, string> {
  return {
    ...double.settings,
    BOT_ID: TEAMS_BOT_ID,
    SECRET_BOT_PASSWORD: TEAMS_BOT_SECRET,
    BOT_TYPE: 'MultiTenant',
    OAUTH_CONNECTION_NAME: TEAMS_CONNECTION,
    PARTNER_CENTER_BASE_URL: partnerCenterUrl,
    NODE_EXTRA_CA_CERTS: double.caFile,
  };
}
