import type { TurnContext } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import { readCustomerAnswer, type CustomerAnswer } from '../recognizer/customerAnswer';
import { recognizeSubmit, type SubmitValue } from '../recognizer/recognizer';

/**
 * "Which customer?": the answer is typed text, or the box of the card the question came with (an Action.Submit
 * whose value holds `customer`). TextPrompt reads text only, so a card answer would be lost. The answer is read
 * once, here; the validator and the next step use what it means.
 */
export class CustomerPrompt extends Prompt<CustomerAnswer> {
  constructor(dialogId: string, validator: PromptValidator<CustomerAnswer>) {
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

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<CustomerAnswer>> {
    const { type, text, value } = context.activity;
    if (type !== 'message') return { succeeded: false };
    const typed = typeof text === 'string' && text.trim() ? text : undefined;
    const submitted = value as SubmitValue | undefined;
    // Another card's button (invite link, a suggestion) while the question is open: that request instead.
    if (!typed && typeof submitted?.command === 'string' && submitted.command !== 'agreements') {
      return { succeeded: true, value: { kind: 'otherRequest', recognized: recognizeSubmit(submitted) } };
    }
    const boxed = submitted?.customer;
    const answer = typed ?? (typeof boxed === 'string' ? boxed : undefined);
    return answer === undefined
      ? { succeeded: false }
      : { succeeded: true, value: readCustomerAnswer(answer) };
  }
}
