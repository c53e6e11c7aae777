import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { TERM_SECTIONS, type ContractTermsText, type SigningDeadlineState } from '~/domain/contract-document';
import { keyUnder } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import { payerName } from './contract-bits';
import { TextArea, type FieldMeta } from './ui/form';

/**
 * The contract as a document (ADR 020): its number, terms, signing deadline and publication, on the
 * contract page, the lists, the print page and the project's public page.
 */

export interface SigningView {
  due: string;
  daysLeft: number;
  state: SigningDeadlineState;
}

/** The signing deadline as a sentence: a note while open, a warning in its last 7 days, an alert once passed. */
export function SigningNotice({ signing }: { signing: SigningView | null }) {
  const { t, date } = useT();
  if (!signing) return null;
  const text = t(`contractDoc.signing.${signing.state}`, { due: date(signing.due), n: Math.abs(signing.daysLeft) });
  // Only an overdue contract interrupts (an alert); the page's own note (role=note) stays the one note.
  return signing.state === 'overdue' ? (
    <p className="form-error" role="alert">
      {text}
    </p>
  ) : (
    <p className={signing.state === 'dueSoon' ? 'warning' : 'small muted'}>{text}</p>
  );
}

/** The number and, while a draft waits past its warning day, a badge: for lists of contracts. */
export function DocBadges({ doc }: { doc?: { number: string | null; signing: SigningView | null } }) {
  const { t } = useT();
  if (!doc) return null;
  return (
    <>
      {doc.number ? <span className="small muted contract-number">{doc.number}</span> : null}
      {doc.signing?.state === 'overdue' ? <span className="badge danger">{t('contractDoc.signing.badgeOverdue')}</span> : null}
      {doc.signing?.state === 'dueSoon' ? <span className="badge warn">{t('contractDoc.signing.badgeDueSoon', { n: doc.signing.daysLeft })}</span> : null}
    </>
  );
}

/** The six sections as read (the page, the print, the public notice). */
export function TermsText({ terms, heading = 'h3' }: { terms: ContractTermsText | null; heading?: 'h3' | 'h4' }) {
  const { t } = useT();
  if (!terms) return <p className="small muted">{t('contractDoc.noTerms')}</p>;
  const H = heading;
  return (
    <ol className="contract-terms">
      {TERM_SECTIONS.map((s) => (
        <li key={s}>
          <H>{t(`contractDoc.section.${s}`)}</H>
          {terms[s].split(/\n+/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </li>
      ))}
    </ol>
  );
}

/** The six sections as a form's textareas (the unit's template, a draft's terms). */
export function TermsFields({ fields }: { fields: Record<(typeof TERM_SECTIONS)[number], FieldMeta> }) {
  const { t } = useT();
  return (
    <>
      {TERM_SECTIONS.map((s) => (
        <TextArea key={s} field={fields[s]} label={t(`contractDoc.section.${s}`)} rows={6} />
      ))}
    </>
  );
}

export interface ContractDocumentPanel {
  number: string | null;
  terms: ContractTermsText | null;
  publishedAt: string | null;
  publicationDue: string | null;
  signing: SigningView | null;
  mayEditTerms: boolean;
}

/** On the contract page: number, signing deadline, publication, the terms, and the links to print and to edit them. */
export function ContractDocumentCard({
  contractId,
  status,
  isSubcontract,
  doc,
}: {
  contractId: string;
  status: string;
  isSubcontract: boolean;
  doc?: ContractDocumentPanel;
}) {
  const { t, date } = useT();
  if (!doc) return null;
  return (
    <section className="card" aria-labelledby="doc-title">
      <h2 id="doc-title">
        {t('contractDoc.card')} {doc.number ? <span className="contract-number">{doc.number}</span> : null}
      </h2>
      <SigningNotice signing={doc.signing} />
      <p className="small muted">
        {doc.publishedAt
          ? t('contractDoc.published', { at: date(doc.publishedAt), due: doc.publicationDue ? date(doc.publicationDue) : '' })
          : isSubcontract
            ? t('contractDoc.notPublished.sub')
            : status === 'draft'
              ? t('contractDoc.notPublished.draft')
              : null}
      </p>
      {status === 'draft' ? <p className="small">{t('contractDoc.draftTerms')}</p> : null}
      <details>
        <summary>{t('contractDoc.print.articles')}</summary>
        <TermsText terms={doc.terms} />
      </details>
      <p className="actions">
        <Link className="btn secondary" to={`/contracts/${contractId}/print`}>
          {t('contractDoc.printLink')}
        </Link>
        {doc.mayEditTerms ? (
          <Link className="btn secondary" to={`/contracts/${contractId}/terms`}>
            {t('contractDoc.editTerms')}
          </Link>
        ) : null}
      </p>
    </section>
  );
}

export interface PrintedContract {
  id: string;
  projectId: string;
  number: string | null;
  title: string;
  status: string;
  isSubcontract: boolean;
  parentNumber: string | null;
  amountFen: number;
  amountInCapitals: string;
  fundingSource: string;
  startDate: string;
  endDate: string;
  payer: { kind: 'organization'; name: string; uscc: string | null } | { kind: 'unit'; role: string; regionCode: string; regionName: string };
  payee: { name: string; uscc: string | null };
  milestones: { title: string; kind: string; dueDate: string }[];
  tranches: { percent: number; amountFen: number; milestone: number | null }[];
  terms: ContractTermsText | null;
  payerConfirmedAt: string | null;
  payeeConfirmedAt: string | null;
  signedAt: string | null;
  publishedAt: string | null;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The facts every version states: number, parties, amount in figures and capitals, period, schedule. */
export function ContractParticulars({ c }: { c: PrintedContract }) {
  const { t, fen, date } = useT();
  return (
    <>
      <dl className="facts">
        {c.number ? <Fact label={t('contractDoc.number')}>{c.number}</Fact> : null}
        {c.parentNumber ? <Fact label={t('contractDoc.parent')}>{c.parentNumber}</Fact> : null}
        <Fact label={t(c.payer.kind === 'unit' ? 'contractDoc.payer' : 'contractDoc.payerOrg')}>
          {payerName(t, c.payer)}
          {c.payer.kind === 'organization' && c.payer.uscc ? <div className="small">{t('contractDoc.uscc', { code: c.payer.uscc })}</div> : null}
        </Fact>
        <Fact label={t('contractDoc.payee')}>
          {c.payee.name}
          {c.payee.uscc ? <div className="small">{t('contractDoc.uscc', { code: c.payee.uscc })}</div> : null}
        </Fact>
        <Fact label={t('contractDoc.amount')}>
          <strong>{fen(c.amountFen)}</strong>
          <div className="small">{t('contractDoc.amountCapitals', { capitals: c.amountInCapitals })}</div>
        </Fact>
        <Fact label={t('contractDoc.period')}>{t('project.periodValue', { start: date(c.startDate), end: date(c.endDate) })}</Fact>
        <Fact label={t('contractDoc.fundingSource')}>{t(keyUnder('project.funding', c.fundingSource))}</Fact>
      </dl>
      <h3>{t('contractDoc.schedule')}</h3>
      <ol className="contract-schedule">
        {c.milestones.map((m, i) => (
          <li key={`m${i}`}>{t('contractDoc.milestoneLine', { title: m.title, date: date(m.dueDate) })}</li>
        ))}
      </ol>
      <ul className="contract-schedule">
        {c.tranches.map((x, i) => (
          <li key={`t${i}`}>
            {x.milestone === null
              ? t('contractDoc.tranche.atSigning', { percent: x.percent, amount: fen(x.amountFen) })
              : t('contractDoc.tranche.onMilestone', { percent: x.percent, amount: fen(x.amountFen), milestone: c.milestones[x.milestone]?.title ?? '' })}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * On the project's public page: the published contract (number, parties, amount, period, terms), or
 * while the award waits for one, the day by which it must be signed. Never a draft.
 */
export function ProjectContractSection({ notice }: { notice: { contract: PrintedContract | null; signing: SigningView | null } | null }) {
  const { t, date } = useT();
  if (!notice || (!notice.contract && !notice.signing)) return null;
  const c = notice.contract;
  if (!c)
    return (
      <section className="card" aria-labelledby="signing-title">
        <h2 id="signing-title">{t('contractDoc.signing.title')}</h2>
        <p>{t('contractDoc.signing.project', { due: date(notice.signing!.due) })}</p>
        <SigningNotice signing={notice.signing} />
      </section>
    );
  return (
    <section className="card" aria-labelledby="contract-notice-title">
      <h2 id="contract-notice-title">{t('contractDoc.public.title')}</h2>
      <p className="small muted">{t('contractDoc.public.lead')}</p>
      <ContractParticulars c={c} />
      <dl className="facts">
        {c.signedAt ? <Fact label={t('contractDoc.public.signedAt')}>{date(c.signedAt)}</Fact> : null}
        {c.publishedAt ? <Fact label={t('contractDoc.public.publishedAt')}>{date(c.publishedAt)}</Fact> : null}
      </dl>
      <details>
        <summary>{t('contractDoc.print.articles')}</summary>
        <TermsText terms={c.terms} />
      </details>
      <p className="actions">
        <Link to={`/contracts/${c.id}/print`}>{t('contractDoc.public.fullText')}</Link>
      </p>
    </section>
  );
}
