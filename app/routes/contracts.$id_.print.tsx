import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { authorize, currentUser, requireUser } from '~/auth/guard.server';
import type { Role } from '~/domain/catalog';
import { sideOf } from '~/domain/contract-side';
import { getContract, type ContractRecord } from '~/queries/contracts.server';
import { printableContract } from '~/queries/contract-documents.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { loaderOf } from '~/lib/http.server';
import { ContractParticulars, TermsText } from '~/components/contract-document';
import { payerName } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import printCss from '~/styles/contract-print.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.contract.number ?? ''} ${data.contract.title}` : '' }];

/** The contract page's check: its payer (the purchasing unit, or the subcontracting organization) or its payee. */
async function authorizeSide(request: Request, c: ContractRecord) {
  const me = await requireUser(request);
  const side = sideOf(me.actor, c)?.side ?? 'payee';
  if (side === 'payer' && !c.payerOrganizationId) {
    return authorize(request, 'project:manage', {
      purchaserRole: c.purchaserRole as Role,
      purchaserRegionCode: c.purchaserRegionCode!,
      regionCode: c.purchaserRegionCode!,
    });
  }
  return authorize(request, 'contract:organization', { organizationId: side === 'payer' ? c.payerOrganizationId! : c.payeeOrganizationId });
}

/**
 * The printable contract (A4, no navigation): the two sides at any stage; anyone once it is signed
 * and published (the same version as the project's public page: nothing private is in it).
 */
export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const c = await getContract(db(), params.id!);
  if (!c) throw new AppError('notFound');
  const contract = await printableContract(db(), c.id);
  if (!contract) throw new AppError('notFound');
  const published = !!contract.publishedAt && contract.status !== 'draft';
  const me = await currentUser(request);
  const isSide = !!me && !!sideOf(me.actor, c);
  if (!published || isSide) await authorizeSide(request, c);
  return { contract, back: isSide ? `/contracts/${c.id}` : `/projects/${c.projectId}` };
});

export default function PrintContract() {
  const { contract: c, back } = useLoaderData<typeof loader>();
  const { t, date } = useT();
  const blocks = [
    { label: t(c.payer.kind === 'unit' ? 'contractDoc.payer' : 'contractDoc.payerOrg'), name: payerName(t, c.payer), at: c.payerConfirmedAt },
    { label: t('contractDoc.payee'), name: c.payee.name, at: c.payeeConfirmedAt },
  ];
  return (
    <>
      <p className="no-print actions">
        <Link to={back}>← {t('contractDoc.print.back')}</Link>
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('contractDoc.print.print')}
        </button>
      </p>
      <article className="printed-contract" aria-labelledby="contract-title">
        {c.status === 'draft' ? <p className="draft-mark">{t('contractDoc.print.draft')}</p> : null}
        <h1 id="contract-title">{t(c.isSubcontract ? 'contractDoc.print.headingSub' : 'contractDoc.print.heading')}</h1>
        <p className="contract-title">{c.title}</p>
        <ContractParticulars c={c} />
        <h2>{t('contractDoc.print.articles')}</h2>
        <TermsText terms={c.terms} heading="h4" />
        {c.signedAt ? <p>{t('contractDoc.print.signedOn', { date: date(c.signedAt) })}</p> : null}
        <div className="signature-blocks">
          {blocks.map((b) => (
            <div key={b.label} className="signature-block">
              <p>
                <strong>{b.label}</strong> {t('contractDoc.print.seal')}
              </p>
              <p>{b.name}</p>
              <p>{t('contractDoc.print.representative')}</p>
              <p>{b.at ? t('contractDoc.print.confirmedOn', { date: date(b.at) }) : t('contractDoc.print.dateBlank')}</p>
            </div>
          ))}
        </div>
      </article>
    </>
  );
}
