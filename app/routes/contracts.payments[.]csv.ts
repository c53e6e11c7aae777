import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guard.server';
import { payerName } from '~/components/contract-bits';
import { fenAsYuan, toCsv } from '~/domain/csv';
import { translator, keyUnder } from '~/i18n/i18n';
import { localeOf } from '~/i18n/locale.server';
import { todayInChina } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { contractScopeOf, paymentsOf } from '~/queries/contracts.server';

/**
 * GET /contracts/payments.csv: every payment the person's units and organizations made or received,
 * for the finance office to reconcile with treasury vouchers and bank statements. Amounts in yuan
 * to the fen, in the person's language; only their own scope, like the workspace.
 */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const t = translator(localeOf(request));
  const rows = await paymentsOf(db(), contractScopeOf(me.actor));
  const csv = toCsv([
    ['date', 'direction', 'contract', 'kind', 'payer', 'payee', 'tranche', 'amount', 'rail', 'voucher', 'reference', 'status'].map((k) =>
      t(keyUnder('contracts.export.col', k)),
    ),
    ...rows.map((r) => [
      r.paymentDate ?? '',
      t(`contracts.export.direction.${r.direction}`),
      r.contractTitle,
      t(r.parentContractId ? 'contract.kind.subcontract' : 'contract.kind.main'),
      payerName(t, r.payer),
      r.payeeOrgName,
      r.position + 1,
      fenAsYuan(r.amountFen),
      r.rail ? t(`contract.rail.${r.rail}`) : '',
      r.voucherNumber ?? '',
      r.bankReference ?? r.stripeTransferId ?? '',
      t(`tranche.status.${r.status}`),
    ]),
  ]);
  const today = todayInChina();
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="payments-${today}.csv"; filename*=UTF-8''${encodeURIComponent(`${t('contracts.export.fileName')}-${today}.csv`)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
