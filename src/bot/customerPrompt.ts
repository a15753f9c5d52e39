import type { TurnContext } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import { readSubmit } from '../commands/runCommand';
import { readCustomerReply, type CustomerAnswer } from '../recognizer/customerAnswer';

/**
 * "Which customer?": the answer is typed text, or the box of the card the question came with. TextPrompt reads
 * text only, so a card answer would be lost. The answer is read once, here; the validator and the next step use
 * what it means.
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
    const answer =
      context.activity.type === 'message' ? readCustomerReply(context.activity, readSubmit) : undefined;
    return answer ? { succeeded: true, value: answer } : { succeeded: false };
  }
}
