import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { AgreementScope, CustomerReference } from '../recognizer/recognizer';
import type { CustomerCommand } from './customerResolution';
import { echoed } from './help';

type UnresolvedCustomer = Extract<CustomerReference, { kind: 'missing' | 'invalid' }>;

/**
 * "agreements for …" without a usable customer: what to type, where to find a tenant id, a box to type it in.
 * As the question of a multi-turn prompt it also says how to cancel.
 */
export function customerInput(
  reference: UnresolvedCustomer,
  l10n: Localizer,
  options: { scope?: AgreementScope; asking?: boolean; submitAction?: CustomerCommand } = {},
): Reply {
  const { t } = l10n;
  const missing = reference.kind === 'missing';
  return customerInputCard(l10n, {
    title: missing ? t('customerInput.missingTitle') : t('customerInput.invalidTitle'),
    text: missing
      ? t('customerInput.missingText')
      : t('customerInput.invalidText', { text: echoed(reference.text) }),
    scope: options.scope,
    hint: options.asking ? t('customerInput.cancelHint') : undefined,
    submitAction: options.submitAction,
  });
}

/** The card with a box to type a customer in: what went wrong above, where to find a tenant id below. */
export function customerInputCard(
  l10n: Localizer,
  content: {
    title: string;
    text: string;
    scope?: AgreementScope;
    hint?: string;
    submitAction?: CustomerCommand;
  },
): Reply {
  const { t } = l10n;
  return {
    card: 'customerInput',
    data: {
      title: content.title,
      text: content.text,
      whereToFind: t('customerInput.whereToFind'),
      example: t('customerInput.example'),
      placeholder: t('customerInput.placeholder'),
      hint: content.hint,
      check: t(
        (content.submitAction?.command ?? 'agreements') === 'agreements'
          ? 'customerInput.check'
          : 'customerSearch.continue',
      ),
      submitAction: content.submitAction ?? { command: 'agreements', scope: content.scope ?? 'mca' },
    },
  };
}
