import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import type { Role } from '~/domain/catalog';
import { contractView, getContract, milestonesOf, type ContractRecord } from '~/queries/contracts.server';
import { getOrganization } from '~/queries/organizations.server';
import {
  AcceptDeliverableSchema,
  amendmentSchema,
  CompleteContractSchema,
  ConsentSubcontractSchema,
  RefuseSubcontractSchema,
  DeclineAmendmentSchema,
  DeliverableSchema,
  ReturnDeliverableSchema,
  TerminateContractSchema,
  treasuryPaymentSchema,
} from '~/schemas/contract';
import { closeAmendment, confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { mayOf } from '~/domain/capabilities';
import {
  amendmentCapabilities,
  confirmedBy,
  consentCapabilities,
  consentPendingOf,
  contractCapabilities,
  milestoneCapabilities,
  payActionOf,
  subcontractCapability,
  trancheCapabilities,
} from '~/domain/contract-capabilities';
import { completeContract } from '~/services/complete-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { serviceStarted, subcontractRemainingFen } from '~/domain/contract-execution';
import { confirmContract } from '~/services/confirm-contract.server';
import { sideOf } from '~/domain/contract-side';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { disburseByStripe } from '~/services/disburse-by-stripe.server';
import { attachFile, attachmentProblem } from '~/services/attach-file.server';
import { attachmentsOfContract } from '~/queries/attachments.server';
import { contractDocumentPanel } from '~/queries/contract-documents.server';
import { todayInChina } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo, type FormReply } from '~/lib/forms.server';
import { idField } from '~/schemas/fields';
import { actionOf, loaderOf } from '~/lib/http.server';
import { ContractView } from '~/components/contract/contract-view';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.contract.title ?? '' }];

async function load(id: string) {
  const c = await getContract(db(), id);
  if (!c) throw new AppError('notFound');
  return c;
}

/**
 * The one check of this page, per side: the payer is the purchasing unit (project:manage) or, for
 * a subcontract, the subcontracting organization; the payee is its organization (both
 * contract:organization). 'either' lets in whichever side the person is on; anyone else gets 403.
 */
async function authorizeSide(request: Request, c: ContractRecord, need: 'payer' | 'payee' | 'either') {
  const signedIn = await requireUser(request);
  const side = need === 'either' ? (sideOf(signedIn.actor, c)?.side ?? 'payee') : need;
  if (side === 'payer' && !c.payerOrganizationId) {
    const resource = { purchaserRole: c.purchaserRole as Role, purchaserRegionCode: c.purchaserRegionCode!, regionCode: c.purchaserRegionCode! };
    return { ...(await authorize(request, 'project:manage', resource)), side };
  }
  const organizationId = side === 'payer' ? c.payerOrganizationId! : c.payeeOrganizationId;
  return { ...(await authorize(request, 'contract:organization', { organizationId })), side };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const c = await load(params.id!);
  const me = await authorizeSide(request, c, 'either');
  const [view, files, document] = await Promise.all([
    contractView(db(), c),
    attachmentsOfContract(db(), c.id),
    contractDocumentPanel(db(), c, me.side, todayInChina()),
  ]);
  const side = me.side;
  const open = view.amendments.find((a) => a.status === 'proposed');
  const contract = contractCapabilities(
    side,
    { status: c.status, confirmedBySide: confirmedBy(side, c), consentPending: consentPendingOf(c) },
    { ...view, amendmentOpen: !!open },
  );
  // Whether the payee may subcontract: only a main contract's payee asks for its organization; what is left of the share.
  const holder = side === 'payee' && !c.parentContractId ? await getOrganization(db(), c.payeeOrganizationId) : null;
  const usedFen = view.subcontracts.filter((s) => s.status !== 'terminated').reduce((sum, s) => sum + s.amountFen, 0);
  const remainingFen = subcontractRemainingFen(c.amountFen, c.subcontractMaxPercent, usedFen);
  const subcontract = holder && subcontractCapability(side, { status: c.status, isSubcontract: false }, holder.kind, remainingFen).allowed;
  const today = todayInChina();
  const started = serviceStarted(c.startDate, today);
  const milestoneIds = (action: 'submit' | 'accept' | 'return') =>
    view.milestones.filter((m) => milestoneCapabilities(side, c.status, m, started)[action].allowed).map((m) => m.id);
  const amendment = open ? amendmentCapabilities(side, c.status, open) : null;
  return {
    ...view,
    side,
    files,
    document,
    today,
    started,
    remainingShareFen: remainingFen,
    may: {
      ...mayOf(contract),
      submit: milestoneIds('submit'),
      // A round is reviewed (returned) at any time; accepted only once the service period has started.
      review: milestoneIds('return'),
      accept: milestoneIds('accept'),
      // A Stripe payment still waiting for its answer can be sent again: the stored key makes it pay once.
      pay: view.tranches
        .filter(
          (t) =>
            trancheCapabilities(side, c, { status: t.status, stripeAttempt: t.rail === 'stripe', advance: t.advance }, started)[payActionOf(c.paymentRail)]
              .allowed,
        )
        .map((t) => t.id),
      // The parent purchaser answers each draft subcontract waiting for its written consent.
      consent: view.subcontracts.filter((s) => consentCapabilities(side, c.status, s).consent.allowed).map((s) => s.id),
      subcontract: !!subcontract,
      answerAmendment: open && amendment!.confirm.allowed ? open.id : null,
      withdrawAmendment: open && amendment!.withdraw.allowed ? open.id : null,
    },
  };
});

type Intent =
  | 'confirm'
  | 'submit'
  | 'accept'
  | 'return'
  | 'pay'
  | 'complete'
  | 'payStripe'
  | 'amend'
  | 'confirmAmendment'
  | 'declineAmendment'
  | 'withdrawAmendment'
  | 'consentSubcontract'
  | 'refuseSubcontract'
  | 'terminate';
const AmendmentOnly = z.object({ amendmentId: idField() });
const MilestoneOrTranche = z.object({ trancheId: idField() });

/** Which side of the contract each intent belongs to. */
const SIDE_OF: Record<Intent, 'payer' | 'payee' | 'either'> = {
  confirm: 'either',
  submit: 'payee',
  accept: 'payer',
  return: 'payer',
  pay: 'payer',
  payStripe: 'payer',
  complete: 'payer',
  amend: 'either',
  confirmAmendment: 'either',
  declineAmendment: 'either',
  withdrawAmendment: 'either',
  // The purchaser of this (parent) contract answers its subcontracts.
  consentSubcontract: 'payer',
  refuseSubcontract: 'payer',
  terminate: 'payer',
};

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const c = await load(params.id!);
  // Only the two sides may make the server read a body (an upload may be 21 MB): checked first.
  await authorizeSide(request, c, 'either');
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '') as Intent;
  // The side is checked before the form's fields: someone else learns nothing from their validation.
  const side = Object.hasOwn(SIDE_OF, intent) ? SIDE_OF[intent] : null;
  const me = await authorizeSide(request, c, side ?? 'either');
  if (!side) throw new AppError('invalidInput');
  const requestId = requestIdOf(context);
  // Every form of the page is read with its schema (ADR 015); a reply carries what was sent, intent included,
  // so the page puts the errors beside the form (and the row) they belong to.
  switch (intent) {
    case 'confirm': {
      const { signed } = await confirmContract(db(), { actor: me.actor, requestId }, c.id);
      return { done: signed ? 'signed' : 'confirmed' };
    }
    case 'submit': {
      const parsed = parseSubmission(form, DeliverableSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      // Files are checked before anything is written: a refused file refuses the whole submission.
      const files = await Promise.all(
        form
          .getAll('files')
          .filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f && (f as File).size > 0)
          .map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      for (const f of files) {
        const problem = attachmentProblem(f);
        if (problem)
          return data<FormReply>({ ...parsed.reply({ fieldErrors: { files: [problem.key] } }), fieldErrors: { files: problem.key } }, { status: 400 });
      }
      const ctx = { actor: me.actor, requestId };
      const { id, late } = await submitDeliverable(db(), ctx, parsed.value.milestoneId, parsed.value.input);
      for (const f of files) await attachFile(db(), ctx, id, f);
      return { done: late ? 'submittedLate' : 'submitted' };
    }
    case 'accept': {
      const parsed = parseSubmission(form, AcceptDeliverableSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      await reviewDeliverable(db(), { actor: me.actor, requestId }, parsed.value.milestoneId, 'accept', parsed.value.reason);
      return { done: 'accepted' };
    }
    case 'return': {
      const parsed = parseSubmission(form, ReturnDeliverableSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      await reviewDeliverable(db(), { actor: me.actor, requestId }, parsed.value.milestoneId, 'return', parsed.value.reason);
      return { done: 'returned' };
    }
    case 'pay': {
      const parsed = parseSubmission(form, treasuryPaymentSchema(todayInChina()));
      if (parsed.status !== 'success') return replyTo(parsed);
      const { trancheId, ...transfer } = parsed.value;
      // The Stripe rail (disburse-by-stripe.server.ts) gets its own intent; this one records a treasury transfer.
      await disburseByTreasury(db(), { actor: me.actor, requestId }, trancheId, transfer);
      return { done: 'paid' };
    }
    case 'payStripe': {
      const parsed = parseSubmission(form, MilestoneOrTranche);
      if (parsed.status !== 'success') return replyTo(parsed);
      const result = await disburseByStripe(db(), { actor: me.actor, requestId }, parsed.value.trancheId);
      return { done: result.outcome === 'sent' ? 'stripeSent' : result.outcome === 'reversed' ? 'stripeReversed' : 'stripePending' };
    }
    case 'complete': {
      const parsed = parseSubmission(form, CompleteContractSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      await completeContract(db(), { actor: me.actor, requestId }, c.id, parsed.value);
      return { done: 'completed' };
    }
    case 'amend': {
      const parsed = parseSubmission(form, amendmentSchema({ startDate: c.startDate, endDate: c.endDate, milestones: await milestonesOf(db(), c.id) }));
      if (parsed.status !== 'success') return replyTo(parsed);
      const { number } = await proposeAmendment(db(), { actor: me.actor, requestId }, c.id, parsed.value.changes, parsed.value.reason);
      return { done: 'amendmentProposed', n: number };
    }
    case 'confirmAmendment': {
      const parsed = parseSubmission(form, AmendmentOnly);
      if (parsed.status !== 'success') return replyTo(parsed);
      await confirmAmendment(db(), { actor: me.actor, requestId }, parsed.value.amendmentId);
      return { done: 'amendmentInForce' };
    }
    case 'declineAmendment': {
      const parsed = parseSubmission(form, DeclineAmendmentSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      await closeAmendment(db(), { actor: me.actor, requestId }, parsed.value.amendmentId, 'decline', parsed.value.reason);
      return { done: 'amendmentDeclined' };
    }
    case 'withdrawAmendment': {
      const parsed = parseSubmission(form, AmendmentOnly);
      if (parsed.status !== 'success') return replyTo(parsed);
      await closeAmendment(db(), { actor: me.actor, requestId }, parsed.value.amendmentId, 'withdraw', '');
      return { done: 'amendmentWithdrawn' };
    }
    case 'consentSubcontract':
    case 'refuseSubcontract': {
      const parsed = parseSubmission(form, intent === 'consentSubcontract' ? ConsentSubcontractSchema : RefuseSubcontractSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      const decision = intent === 'consentSubcontract' ? 'given' : 'refused';
      await decideSubcontractConsent(db(), { actor: me.actor, requestId }, c.id, parsed.value.subcontractId, decision, parsed.value.reason);
      return { done: decision === 'given' ? 'consented' : 'consentRefused' };
    }
    case 'terminate': {
      const parsed = parseSubmission(form, TerminateContractSchema);
      if (parsed.status !== 'success') return replyTo(parsed);
      await terminateContract(db(), { actor: me.actor, requestId }, c.id, parsed.value.reason);
      return { done: 'terminated' };
    }
    default:
      throw new AppError('invalidInput');
  }
});

export default function ContractPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  return <ContractView {...data} result={result} drafted={!result && search.get('done') === 'drafted'} />;
}
