import type { TurnContext } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';

/**
 * "Which customer?": the answer is typed text, or the box of the card the question came with (an Action.Submit
 * whose value holds `customer`). TextPrompt reads text only, so a card answer would be lost.
 */
export class CustomerPrompt extends Prompt<string> {
  constructor(dialogId: string, validator: PromptValidator<string>) {
    super(dialogId, validator);
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (prompt) await context.sendActivity(prompt);
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    const { type, text, value } = context.activity;
    if (type !== 'message') return { succeeded: false };
    const typed = typeof text === 'string' && text.trim() ? text : undefined;
    const boxed =
      typeof (value as { customer?: unknown } | undefined)?.customer === 'string'
        ? (value as { customer: string }).customer
        : undefined;
    const answer = typed ?? boxed;
    return answer === undefined ? { succeeded: false } : { succeeded: true, value: answer };
  }
}
