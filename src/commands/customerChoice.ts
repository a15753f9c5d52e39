import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { Customer } from '../partnerCenter/types';
import type { AgreementScope } from '../recognizer/recognizer';
import { MAX_CHOICES } from './customerResolution';
import { clip } from '../checks';
import { customerInputCard } from './help';

/** Several customers match what the user typed: one choice each, then the check button keeps the agreement type. */
export function customerChoice(
  searched: string,
  customers: Customer[],
  more: boolean,
  scope: AgreementScope,
  l10n: Localizer,
): Reply {
  const { t } = l10n;
  return {
    card: 'customerChoice',
    data: {
      title: t('customerSearch.manyTitle', { text: clip(searched, 80) }),
      text: t('customerSearch.manyText'),
      choices: customers.map((c) => ({
        title: clip(c.domain ? `${c.companyName} · ${c.domain}` : c.companyName, 120),
        value: c.id,
      })),
      firstChoice: customers[0]?.id,
      moreText: more ? t('customerSearch.more', { count: MAX_CHOICES }) : undefined,
      check: t('customerSearch.check'),
      submitAction: { command: 'agreements', scope },
    },
  };
}

/** Nothing matches: say so, suggest the domain or tenant id, and give the box to try again. */
export function noCustomerMatch(searched: string, scope: AgreementScope, l10n: Localizer): Reply {
  const { t } = l10n;
  return customerInputCard(l10n, {
    title: t('customerSearch.noneTitle', { text: clip(searched, 80) }),
    text: t('customerSearch.noneText'),
    scope,
  });
}
