import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, currentUser, requestIdOf, requireUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { PROJECT_TRANSITIONS, projectResource, reissueProblem } from '~/domain/project';
import { canTransition } from '~/domain/transitions';
import { contractOfProject } from '~/queries/contracts.server';
import { bidsOpened, cancelledBeforeOpening } from '~/domain/bid';
import {
  awardsOf,
  bidCount,
  bidderNotices,
  bidsAfterClose,
  evaluatorPool,
  getProject,
  ownBids,
  panelView,
  rankingView,
  reissueLinks,
} from '~/queries/projects.server';
import { regionPath } from '~/queries/regions.server';
import { PanelMemberSchema } from '~/schemas/evaluation';
import { ReasonOnlySchema } from '~/schemas/project';
import { addPanelMember } from '~/services/add-panel-member.server';
import { awardProject, declineAward } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { publishProject } from '~/services/publish-project.server';
import { reissueProject } from '~/services/reissue-project.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { badRequest, parseForm, readForm } from '~/lib/forms.server';
import { actionOf, loaderOf, type FormFailure } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { localizeFailure, ProjectView } from '~/components/project-view';
import { FormError, IntentButton, TextArea } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr, keyUnder } from '~/i18n/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? '' }];

const RANKED = ['ranked', 'publicNotice', 'awarded'];
const iso = (d: Date | null) => d?.toISOString() ?? null;

async function load(id: string) {
  const found = await getProject(db(), id);
  if (!found) throw new AppError('notFound');
  // Bidding closes "whoever looks first": this page may be the first look after the deadline.
  return (await closeBiddingIfDue(db(), id, found.project)) ? (await getProject(db(), id))! : found;
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const [{ project, criteria, amendments, purchaserRegionName }, me] = await Promise.all([load(params.id!), currentUser(request)]);
  const actor = me?.actor ?? null;
  const resource = projectResource(project);
  const isPurchaser = can(actor, 'project:manage', resource);
  // A draft is the purchaser's until it is published.
  if (project.status === 'draft' && !isPurchaser) throw new AppError('notFound');
  const status = project.status;
  // Until the opening nobody but a bidder learns anything of the bids, not even how many there are.
  const afterClose = bidsOpened(project);
  const ranked = RANKED.includes(status);
  const [counted, awards, path, panel, ranking, own, notices, links] = await Promise.all([
    // A ranked project's ranking has one row per live bid: no need to count them separately.
    ranked || !afterClose ? null : bidCount(db(), project.id),
    status === 'awarded' || status === 'publicNotice' ? awardsOf(db(), project.id) : [],
    regionPath(db(), project.regionCode),
    actor && afterClose ? panelView(db(), project.id) : [],
    ranked ? rankingView(db(), project.id) : [],
    actor ? ownBids(db(), actor, project.id) : [],
    actor ? bidderNotices(db(), actor, project.id) : [],
    reissueLinks(db(), project),
  ]);
  const count = afterClose ? (counted ?? ranking.length) : null;
  const seat = actor ? panel.find((m) => m.userId === actor.userId) : undefined;
  const onPanel = seat?.status === 'active';
  const rankingVisible = status === 'publicNotice' || status === 'awarded' || isPurchaser || onPanel;
  const panelManaged = isPurchaser && (status === 'biddingClosed' || status === 'evaluating');
  const [bids, pool] = await Promise.all([isPurchaser && afterClose ? bidsAfterClose(db(), project.id) : [], panelManaged ? evaluatorPool(db()) : []]);
  const live = awards.find((a) => a.award.status === 'awarded');
  const activePanel = panel.filter((m) => m.status === 'active');
  const orgAdmin = actor?.assignments.some((a) => a.role === 'orgAdmin') ?? false;
  // The contract, for its two sides: the purchaser drafts it from the award, the winner reads it.
  const contractSide = !!live && (isPurchaser || can(actor, 'contract:organization', { organizationId: live.award.organizationId }));
  const contract = contractSide ? await contractOfProject(db(), project.id) : null;
  return {
    project: {
      id: project.id,
      title: project.title,
      description: project.description,
      status,
      statusReason: project.statusReason,
      purchaserRole: project.purchaserRole,
      purchaserRegionCode: project.purchaserRegionCode,
      purchaserRegionName,
      regionName: path.at(-1)?.name ?? '',
      regionPath: path.map((r) => r.name).join(' / '),
      serviceCategories: project.serviceCategories,
      beneficiaryGroups: project.beneficiaryGroups,
      budgetFen: project.budgetFen,
      fundingSource: project.fundingSource,
      serviceStart: project.serviceStart,
      serviceEnd: project.serviceEnd,
      allowedLegalStatuses: project.allowedLegalStatuses,
      allowedKinds: project.allowedKinds,
      regionRestricted: project.regionRestricted,
      bidDeadline: project.bidDeadline.toISOString(),
      noticeDays: project.noticeDays,
      scoringMethod: project.scoringMethod,
      toleranceHundredths: project.toleranceHundredths,
      publishedAt: iso(project.publishedAt),
      noticeEndsAt: iso(project.noticeEndsAt),
    },
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, kind: c.kind })),
    amendments: amendments.map((a) => ({
      number: a.number,
      at: a.at.toISOString(),
      material: a.material,
      fields: Object.keys(a.changes as Record<string, unknown>),
      previousDeadline: a.previousDeadline.toISOString(),
      newDeadline: a.newDeadline.toISOString(),
    })),
    bidCount: count,
    sealedForGood: cancelledBeforeOpening(project),
    // A repeat in draft is its purchaser's until published, like any draft.
    reissue: {
      of: links.reissueOf,
      as: links.reissuedAs && (links.reissuedAs.status !== 'draft' || isPurchaser) ? links.reissuedAs : null,
    },
    ranking: rankingVisible && ranking.length ? ranking.map(({ organizationId: _o, ...r }) => r) : null,
    award: live ? { orgName: live.orgName, amountFen: live.award.amountFen, awardedAt: live.award.awardedAt.toISOString() } : null,
    contractLink: contractSide ? { id: contract?.id ?? null, mayDraft: isPurchaser } : null,
    declined: awards
      .filter((a) => a.award.status === 'declined')
      .map((a) => ({ id: a.award.id, orgName: a.orgName, reason: isPurchaser ? a.award.declineReason : null })),
    purchaser: isPurchaser
      ? {
          may: {
            publish: status === 'draft',
            edit: status === 'draft' || status === 'published',
            cancel: canTransition(PROJECT_TRANSITIONS, status, 'cancel'),
            panel: panelManaged,
            startEvaluation: status === 'biddingClosed',
            startNotice: status === 'ranked',
            award: status === 'publicNotice',
            reissue: reissueProblem(status, !!links.reissuedAs) === null,
          },
          panel: panel.map((m) => ({ ...m, submittedAt: iso(m.submittedAt) })),
          activeCount: activePanel.length,
          submittedCount: activePanel.filter((m) => m.submittedAt).length,
          pool: pool.filter((e) => !panel.some((m) => m.userId === e.id)),
          bids: bids.map((b) => ({
            id: b.bid.id,
            orgName: b.orgName,
            priceFen: b.bid.priceFen,
            submittedAt: b.bid.submittedAt.toISOString(),
            eligible: b.bid.eligible,
            ineligibleReason: b.bid.ineligibleReason,
          })),
        }
      : null,
    bidder:
      orgAdmin || own.length
        ? {
            mayBid: orgAdmin && status === 'published',
            own: own.map((b) => ({
              id: b.bid.id,
              organizationId: b.bid.organizationId,
              orgName: b.orgName,
              priceFen: b.bid.priceFen,
              submittedAt: b.bid.submittedAt.toISOString(),
            })),
            notices,
            mayDecline: !!live && can(actor, 'bid:submit', { organizationId: live.award.organizationId }),
          }
        : null,
    evaluator: seat
      ? {
          status: seat.status,
          recusalReason: seat.recusalReason,
          submittedAt: iso(seat.submittedAt),
          mayScore: onPanel && (status === 'evaluating' || !!seat.submittedAt),
          mayDeclare: onPanel && !seat.submittedAt && (status === 'biddingClosed' || status === 'evaluating'),
          activeCount: activePanel.length,
          submittedCount: activePanel.filter((m) => m.submittedAt).length,
        }
      : null,
  };
});

type Intent = 'publish' | 'cancel' | 'addPanel' | 'startEvaluation' | 'startNotice' | 'award' | 'decline' | 'conflict' | 'reissue';

/** Who may act on each intent: checked before anything in the form is read, so outsiders learn nothing. */
async function authorizeIntent(request: Request, intent: Intent, project: { id: string }, resource: ReturnType<typeof projectResource>) {
  switch (intent) {
    case 'publish':
    case 'cancel':
    case 'startEvaluation':
    case 'startNotice':
    case 'award':
    case 'addPanel':
    case 'reissue':
      return authorize(request, 'project:manage', resource);
    case 'decline': {
      await requireUser(request);
      const live = (await awardsOf(db(), project.id)).find((a) => a.award.status === 'awarded');
      if (!live) throw new AppError('invalidTransition', 'award.errors.none');
      return authorize(request, 'bid:submit', { organizationId: live.award.organizationId });
    }
    case 'conflict': {
      const me = await authorize(request, 'evaluation:score');
      // Only a member of this project's panel may recuse; any other evaluator is an outsider here.
      if (!(await panelView(db(), project.id)).some((m) => m.userId === me.user.id)) throw new AppError('forbidden');
      return me;
    }
    default:
      await requireUser(request);
      throw new AppError('invalidInput');
  }
}

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { project } = await load(params.id!);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '') as Intent;
  const me = await authorizeIntent(request, intent, project, projectResource(project));
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  let reason = '';
  if (intent === 'cancel' || intent === 'decline' || intent === 'conflict') {
    const parsed = parseForm(form, ReasonOnlySchema);
    if (!parsed.ok) return badRequest({ ...parsed, values: { ...parsed.values, intent } });
    reason = parsed.data.reason;
  }
  switch (intent) {
    case 'publish':
      await publishProject(db(), ctx, project.id);
      break;
    case 'cancel':
      await cancelProject(db(), ctx, project.id, reason);
      break;
    case 'startEvaluation':
      await startEvaluation(db(), ctx, project.id);
      break;
    case 'startNotice':
      await startNotice(db(), ctx, project.id);
      break;
    case 'award':
      await awardProject(db(), ctx, project.id);
      break;
    case 'reissue': {
      const { id } = await reissueProject(db(), ctx, project.id);
      return redirect(`/projects/${id}/edit?reissued=1`);
    }
    case 'addPanel': {
      const parsed = parseForm(form, PanelMemberSchema);
      if (!parsed.ok) return badRequest({ ...parsed, values: { ...parsed.values, intent } });
      const { recused } = await addPanelMember(db(), ctx, project.id, parsed.data.evaluatorUserId);
      return { done: recused ? 'addPanelRecused' : 'addPanel' };
    }
    case 'decline':
      await declineAward(db(), ctx, project.id, reason);
      break;
    case 'conflict':
      await declareConflict(db(), ctx, project.id, reason);
      break;
  }
  return { done: intent };
});

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const { project, purchaser, bidder, evaluator, declined } = data;
  const result = useActionData<typeof action>() as (FormFailure & { fieldErrors?: Record<string, string>; done?: string }) | undefined;
  const [search] = useSearchParams();
  const { t, fen, dateTime } = useT();
  // Forms post to the bare project path, so a notice from the address (?saved=) belongs to the last save only.
  const saved = result ? undefined : ['created', 'draft', 'minor', 'material', 'none'].find((s) => s === search.get('saved'));
  const errorsFor = (intent: string) => (result?.values?.intent === intent ? result.fieldErrors : undefined);
  const failure = localizeFailure(result?.formError, t, dateTime);

  const notices = (
    <>
      {saved ? (
        <p className="notice" role="status">
          {t(keyUnder('project.saved', saved))}
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice" role="status">
          {t(result.done === 'addPanelRecused' ? 'panel.addRecused' : keyUnder('project.done', result.done))}
        </p>
      ) : null}
      <FormError failure={failure} />
    </>
  );

  const aside = (purchaser || bidder || evaluator || declined.length > 0) && (
    <>
      {purchaser ? (
        <section className="card" aria-labelledby="purchaser-title">
          <h2 id="purchaser-title">{t('project.manage.title')}</h2>
          <div className="stack-sm">
            {purchaser.may.publish ? (
              <IntentButton action={`/projects/${project.id}`} intent="publish" hint={t('project.manage.publishHint')} label={t('project.action.publish')} />
            ) : null}
            {purchaser.may.edit ? (
              <p>
                <Link className="btn secondary" to={`/projects/${project.id}/edit`}>
                  {t(project.status === 'draft' ? 'project.edit' : 'project.amend')}
                </Link>
              </p>
            ) : null}
            {purchaser.may.startEvaluation ? (
              <IntentButton
                action={`/projects/${project.id}`}
                intent="startEvaluation"
                hint={t('project.manage.startEvaluationHint', { n: purchaser.activeCount })}
                label={t('project.action.startEvaluation')}
              />
            ) : null}
            {project.status === 'evaluating' ? <p>{t('project.manage.progress', { done: purchaser.submittedCount, total: purchaser.activeCount })}</p> : null}
            {purchaser.may.startNotice ? (
              <IntentButton
                action={`/projects/${project.id}`}
                intent="startNotice"
                hint={t('project.manage.startNoticeHint', { n: project.noticeDays })}
                label={t('project.action.startNotice')}
              />
            ) : null}
            {purchaser.may.award ? (
              <IntentButton
                action={`/projects/${project.id}`}
                intent="award"
                hint={project.noticeEndsAt ? t('project.manage.noticeEnds', { at: dateTime(project.noticeEndsAt) }) : null}
                label={t('project.action.award')}
              />
            ) : null}
            {project.status === 'awarded' ? (
              <p>
                <Link to={`/projects/${project.id}/notice`}>{t('project.award.noticeLink')}</Link>
              </p>
            ) : null}
            {purchaser.may.reissue ? (
              <IntentButton
                action={`/projects/${project.id}`}
                intent="reissue"
                hint={t('project.manage.reissueHint')}
                label={t('project.action.reissue')}
                secondary
              />
            ) : null}
          </div>
          {purchaser.may.cancel ? (
            <>
              <hr />
              <Form method="post" action={`/projects/${project.id}`} className="stack start" noValidate>
                <input type="hidden" name="intent" value="cancel" />
                <TextArea name="reason" label={t('project.cancelReason')} hint={t('project.cancelReason.hint')} errors={errorsFor('cancel')} rows={3} />
                <button type="submit" className="btn danger">
                  {t('project.action.cancel')}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
      {purchaser && (purchaser.may.panel || purchaser.panel.length) ? (
        <section className="card" aria-labelledby="panel-title">
          <h2 id="panel-title">{t('panel.title')}</h2>
          {purchaser.panel.length ? (
            <table className="data compact">
              <caption className="visually-hidden">{t('panel.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('panel.member')}</th>
                  <th scope="col">{t('panel.status')}</th>
                </tr>
              </thead>
              <tbody>
                {purchaser.panel.map((m) => (
                  <tr key={m.userId}>
                    <th scope="row">{m.name}</th>
                    <td>
                      <span className={`badge ${m.status === 'active' ? 'ok' : 'warn'}`}>{t(`panel.status.${m.status}`)}</span>
                      {m.recusalReason ? <div className="small">{recusalText(t, m.recusalReason)}</div> : null}
                      {m.submittedAt ? <div className="small muted">{t('panel.submittedAt', { at: dateTime(m.submittedAt) })}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('panel.empty')}</p>
          )}
          {purchaser.may.panel ? (
            <Form method="post" action={`/projects/${project.id}`} className="stack start" noValidate style={{ marginTop: '1rem' }}>
              <input type="hidden" name="intent" value="addPanel" />
              <div className="field">
                <label htmlFor="f-evaluatorUserId">{t('panel.add')}</label>
                <span className="hint" id="f-evaluatorUserId-hint">
                  {t('panel.add.hint')}
                </span>
                <select id="f-evaluatorUserId" name="evaluatorUserId" aria-describedby="f-evaluatorUserId-hint" defaultValue="">
                  <option value="">{t('common.choose')}</option>
                  {purchaser.pool.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </select>
                {errorsFor('addPanel')?.evaluatorUserId ? <span className="error">{t(messageKeyOr(errorsFor('addPanel')!.evaluatorUserId))}</span> : null}
              </div>
              <button type="submit" className="btn secondary">
                {t('panel.add.submit')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {bidder ? (
        <section className="card" aria-labelledby="bidder-title">
          <h2 id="bidder-title">{t('project.bidder.title')}</h2>
          {bidder.notices.map((n) =>
            n.kind === 'cancelledSealed' ? (
              <div key={n.bidId} className="warning" role="note">
                <p>{t('bid.notice.cancelledSealed', { org: n.orgName })}</p>
                <Form method="post" action={`/projects/${project.id}/bid`}>
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="bidId" value={n.bidId} />
                  <button type="submit" className="btn secondary">
                    {t('bid.withdraw')}
                  </button>
                </Form>
              </div>
            ) : (
              <div key={n.bidId} className="warning" role="note">
                <p>{t('bid.notice.amended', { org: n.orgName, n: n.amendment, at: dateTime(n.bidDeadline) })}</p>
                <Link to={`/projects/${project.id}/bid?org=${n.organizationId}`}>{t('bid.notice.review')}</Link>
              </div>
            ),
          )}
          {bidder.own.length ? (
            <ul className="plain">
              {bidder.own.map((b) => (
                <li key={b.id}>
                  <strong>{b.orgName}</strong>: {fen(b.priceFen)} <span className="small muted">{t('bid.submittedAt', { at: dateTime(b.submittedAt) })}</span>{' '}
                  <Link to={`/projects/${project.id}/bids/${b.id}`}>{t('bid.read')}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('project.bidder.none')}</p>
          )}
          {bidder.mayBid ? (
            <p>
              <Link className="btn" to={`/projects/${project.id}/bid`}>
                {t(bidder.own.length ? 'project.bidder.change' : 'project.bidder.bid')}
              </Link>
            </p>
          ) : null}
          {bidder.mayDecline ? (
            <Form method="post" action={`/projects/${project.id}`} className="stack start" noValidate>
              <input type="hidden" name="intent" value="decline" />
              <TextArea name="reason" label={t('award.declineReason')} hint={t('award.declineReason.hint')} errors={errorsFor('decline')} rows={3} />
              <button type="submit" className="btn danger">
                {t('award.decline')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {evaluator ? (
        <section className="card" aria-labelledby="evaluator-title">
          <h2 id="evaluator-title">{t('panel.mine.title')}</h2>
          <p>
            <span className={`badge ${evaluator.status === 'active' ? 'ok' : 'warn'}`}>{t(`panel.status.${evaluator.status}`)}</span>{' '}
            {evaluator.recusalReason ? recusalText(t, evaluator.recusalReason) : null}
          </p>
          {evaluator.submittedAt ? <p className="small">{t('panel.submittedAt', { at: dateTime(evaluator.submittedAt) })}</p> : null}
          {project.status === 'evaluating' ? (
            <p className="small">{t('project.manage.progress', { done: evaluator.submittedCount, total: evaluator.activeCount })}</p>
          ) : null}
          {evaluator.mayScore ? (
            <p>
              <Link className="btn" to={`/projects/${project.id}/score`}>
                {t(evaluator.submittedAt ? 'score.view' : 'score.go')}
              </Link>
            </p>
          ) : null}
          {evaluator.mayDeclare ? (
            <Form method="post" action={`/projects/${project.id}`} className="stack start" noValidate>
              <input type="hidden" name="intent" value="conflict" />
              <TextArea name="reason" label={t('panel.conflictReason')} hint={t('panel.conflictReason.hint')} errors={errorsFor('conflict')} rows={3} />
              <button type="submit" className="btn secondary">
                {t('panel.declareConflict')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {declined.length ? (
        <section className="card">
          <h2>{t('award.declined.title')}</h2>
          <ul className="plain">
            {declined.map((d) => (
              <li key={d.id}>
                {t('award.declined.line', { org: d.orgName })}
                {d.reason ? <div className="small muted">{d.reason}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );

  const below = purchaser?.bids.length ? (
    <section className="card" aria-labelledby="bids-title">
      <h2 id="bids-title">{t('project.bids.title')}</h2>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{t('project.bids.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bid.org')}</th>
              <th scope="col" className="num">
                {t('bid.price')}
              </th>
              <th scope="col">{t('bid.submittedAtLabel')}</th>
              <th scope="col">{t('bid.eligibility')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('bid.read')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {purchaser.bids.map((b) => (
              <tr key={b.id}>
                <th scope="row">{b.orgName}</th>
                <td className="num">{fen(b.priceFen)}</td>
                <td>{dateTime(b.submittedAt)}</td>
                <td>
                  {b.eligible ? (
                    <span className="badge ok">{t('bid.eligible')}</span>
                  ) : (
                    <>
                      <span className="badge danger">{t('bid.ineligible')}</span>{' '}
                      <span className="small">{b.ineligibleReason ? t(messageKeyOr(b.ineligibleReason)) : null}</span>
                    </>
                  )}
                </td>
                <td>
                  <Link to={`/projects/${project.id}/bids/${b.id}`}>{t('bid.read')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  ) : null;

  return (
    <>
      <Breadcrumbs items={[{ to: '/projects', label: t('projects.title') }, { label: project.title }]} />
      <ProjectView
        {...data}
        notices={notices}
        aside={aside || null}
        below={below}
        awardLinks={
          data.contractLink?.id ? (
            <p className="actions">
              <Link className="btn secondary" to={`/contracts/${data.contractLink.id}`}>
                {t('contract.view')}
              </Link>
            </p>
          ) : data.contractLink?.mayDraft ? (
            <p className="actions">
              <Link className="btn" to={`/projects/${project.id}/contract/new`}>
                {t('contract.draft')}
              </Link>
            </p>
          ) : null
        }
      />
    </>
  );
}

/** The system's recusal reason is a code; an evaluator's own declaration is their words. */
function recusalText(t: ReturnType<typeof useT>['t'], reason: string) {
  return reason === 'memberOfBidder' ? t('panel.recusal.memberOfBidder') : t('panel.recusal.declared', { reason });
}
