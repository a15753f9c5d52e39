import type { Reply } from '../cards/renderer';

/** What a notice card may carry beside its text: one submit button, or one link (see cards/notice.json). */
export interface NoticeExtras {
  submitTitle?: string;
  submitAction?: Record<string, unknown>;
  openTitle?: string;
  openUrl?: string;
}

/** A short card: a title, a sentence, and at most a button. */
export function notice(title: string, text: string, extras: NoticeExtras = {}): Reply {
  return { card: 'notice', data: { title, text, ...extras } };
}
