import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { Customer } from '../partnerCenter/types';
import type { AgreementScope } from '../recognizer/recognizer';
import { MAX_CHOICES, type CustomerCommand } from './customerResolution';
import { clip } from '../checks';
import { customerInputCard } from './customerInput';

/**
 * Customers that may be the one the user meant: one choice each, none preselected (a hasty click must not answer
 * about another company), then the check button keeps the agreement type.
 */
export function customerChoice(
  searched: string,
  found: { customers: Customer[]; more: boolean; byFirstLabel: boolean; close?: boolean },
  scope: AgreementScope,
  l10n: Localizer,
  submitAction: CustomerCommand = { command: 'agreements', scope },
): Reply {
  const { t } = l10n;
  const { customers, more } = found;
  const text = clip(searched, 80);
  return {
    card: 'customerChoice',
    data: {
      title: found.close
        ? t('customerSearch.closeTitle', { text })
        : t(customers.length === 1 ? 'customerSearch.oneTitle' : 'customerSearch.manyTitle', { text }),
      text: t('customerSearch.manyText'),
      // How Partner Center knows customers: a custom domain is not among them.
      hint: found.byFirstLabel ? t('customerSearch.byFirstLabel', { text }) : undefined,
      choices: customers.map((c) => ({
        title: clip(c.domain ? `${c.companyName} · ${c.domain}` : c.companyName, 120),
        value: c.id,
      })),
      moreText: more ? t('customerSearch.more', { count: MAX_CHOICES }) : undefined,
      check: t(submitAction.command === 'agreements' ? 'customerSearch.check' : 'customerSearch.continue'),
      cancel: t('customerSearch.cancel'),
      submitAction,
    },
  };
}

/** "Not this one?" and no other customer matches: say so, and give the box to type another. */
export function noOtherCustomer(searched: string, scope: AgreementScope, l10n: Localizer): Reply {
  const { t } = l10n;
  return customerInputCard(l10n, {
    title: t('customerSearch.noOtherTitle', { text: clip(searched, 80) }),
    text: t('customerSearch.noOtherText'),
    scope,
  });
}

/** Nothing matches: say so, suggest the domain or tenant id, and give the box to try again. */
export function noCustomerMatch(
  searched: string,
  scope: AgreementScope,
  l10n: Localizer,
  submitAction?: CustomerCommand,
): Reply {
  const { t } = l10n;
  return customerInputCard(l10n, {
    title: t('customerSearch.noneTitle', { text: clip(searched, 80) }),
    text: t('customerSearch.noneText'),
    scope,
    submitAction,
  });
}
