import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
import { escapeMarkdown, safeUrl } from './escape';

type CardName =
  | 'inviteLink'
  | 'agreements'
  | 'customerInput'
  | 'customerChoice'
  | 'help'
  | 'welcome'
  | 'error'
  | 'notice'
  | 'mcaReport'
  | 'adminAccessConfirm'
  | 'adminAccessCreated'
  | 'adminRelationships'
  | 'inviteChoice';

/** What a command answers: which template, and the data to bind. All text in data is plain and untrusted. */
export interface Reply {
  card: CardName;
  data: Record<string, unknown>;
  /**
   * What the card whose button asked for this reply becomes, so that its button cannot be pressed again by mistake
   * (a confirmation once acted on). Best effort: a client that cannot update a card keeps the old one.
   */
  settles?: Reply;
}

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/**
 * Teams refuses bot messages over 40 KB, counted in UTF-16 (learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/format-your-bot-messages); the card must leave room for the activity around it.
 */
export const MAX_CARD_UTF16_BYTES = 36 * 1024;

export class CardTooLargeError extends Error {
  override name = 'CardTooLargeError';
}

const MAX_REMEMBERED = 256;
const MAX_REMEMBERED_KEY = 4096;

export const DEFAULT_CARDS_DIR = path.resolve(__dirname, '..', '..', 'cards');

/**
 * Binds reply data to the templates in cards/. Templates are read and parsed once, at construction.
 *
 * Data conventions: a key ending in `Url` holds a link (kept only if safe to open); a key ending in `Action` holds
 * Action.Submit data of our own making (bound as is); every other string is escaped Markdown.
 */
export class CardRenderer {
  private readonly templates = new Map<string, Template>();
  /**
   * Replies repeat (the help card, a partner's invite link): each is expanded once and the same card handed out
   * again, so a caller must not change a card it gets. Bounded in number (the least recently used goes), and in
   * size by skipping large data (a long agreements card is rarely asked for twice).
   */
  private readonly rendered = new LRUCache<string, AdaptiveCard>({ max: MAX_REMEMBERED });

  constructor(cardsDir: string = DEFAULT_CARDS_DIR) {
    for (const file of readdirSync(cardsDir).filter((name) => name.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(path.join(cardsDir, file), 'utf8')) as object;
      this.templates.set(path.basename(file, '.json'), new Template(json));
    }
  }

  render(reply: Reply): AdaptiveCard {
    const key = `${reply.card}\n${JSON.stringify(reply.data)}`;
    // Error cards carry a reference of their own: remembering them would only push the others out.
    const memorable = reply.card !== 'error' && key.length <= MAX_REMEMBERED_KEY;
    const known = memorable ? this.rendered.get(key) : undefined;
    if (known) return known;
    const card = this.expand(reply);
    if (memorable) {
      deepFreeze(card);
      this.rendered.set(key, card);
    }
    return card;
  }

  private expand(reply: Reply): AdaptiveCard {
    const template = this.templates.get(reply.card);
    if (!template) throw new Error(`No card template named ${reply.card}`);
    const card = template.expand({ $root: sanitize(reply.data) }) as AdaptiveCard;
    const size = JSON.stringify(card).length * 2;
    if (size > MAX_CARD_UTF16_BYTES) {
      throw new CardTooLargeError(
        `The ${reply.card} card is ${size} bytes; Teams accepts ${MAX_CARD_UTF16_BYTES}`,
      );
    }
    return card;
  }
}

// Runs over every string of every card, so plain loops: this was a third of expanding a long agreements card.
function sanitize(value: unknown, key = ''): unknown {
  if (key.endsWith('Action')) return value;
  if (typeof value === 'string') return key.endsWith('Url') ? safeUrl(value) : escapeMarkdown(value);
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = sanitize(value[i]);
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sanitized = sanitize(v, k);
      if (sanitized !== undefined) clean[k] = sanitized;
    }
    return clean;
  }
  return value;
}

/** A remembered card goes to many users: frozen, so that no caller can change what the next one gets. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}
