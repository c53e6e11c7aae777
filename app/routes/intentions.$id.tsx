import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, currentUser, requestIdOf, requireUser } from '~/auth/guard.server';
import { mayOf } from '~/domain/capabilities';
import { earliestProjectDay, PUBLIC_INTENTION_STATUSES, intentionResource } from '~/domain/intention';
import { intentionCapabilities } from '~/domain/intention-capabilities';
import { getIntention } from '~/queries/intentions.server';
import { WithdrawIntentionSchema } from '~/schemas/intention';
import { publishIntention } from '~/services/publish-intention.server';
import { withdrawIntention } from '~/services/withdraw-intention.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { IntentionBadge, localizeIntentionFailure, monthOfYear } from '~/components/intention-view';
import { Breadcrumbs } from '~/components/layout';
import { purchaserName } from '~/components/project-view';
import { FormError, IntentButton } from '~/components/ui/form';
import { ReasonForm } from '~/components/ui/reason-form';
import { keyUnder } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.intention.title ?? '' }];

async function load(id: string) {
  const found = await getIntention(db(), id);
  if (!found) throw new AppError('notFound');
  return found;
}

/** Public once published (withdrawn ones too, with the reason); a draft only for its purchasing unit (404 to anyone else). */
export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const [{ intention: i, purchaserRegionName }, me] = await Promise.all([load(params.id!), currentUser(request)]);
  const caps = intentionCapabilities(me?.actor ?? null, i);
  if (!PUBLIC_INTENTION_STATUSES.includes(i.status) && !caps.edit.allowed) throw new AppError('notFound');
  return {
    intention: {
      id: i.id,
      title: i.title,
      description: i.description,
      status: i.status,
      statusReason: i.statusReason,
      serviceCategories: i.serviceCategories,
      budgetFen: i.budgetFen,
      fundingSource: i.fundingSource,
      year: i.year,
      expectedMonth: i.expectedMonth,
      purchaserRole: i.purchaserRole,
      purchaserRegionCode: i.purchaserRegionCode,
      purchaserRegionName,
      publishedAt: i.publishedAt?.toISOString() ?? null,
      withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
      revisionCount: i.revisionCount,
      revisedAt: i.revisedAt?.toISOString() ?? null,
      earliestProjectDay: i.publishedAt && i.status === 'published' ? earliestProjectDay(i.publishedAt) : null,
    },
    may: mayOf(caps),
  };
});

const INTENTS = ['publish', 'withdraw'] as const;

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { intention } = await load(params.id!);
  const form = await readForm(request);
  const intent = INTENTS.find((i) => i === form.get('intent'));
  if (!intent) {
    await requireUser(request);
    throw new AppError('invalidInput');
  }
  const me = await authorize(request, 'intention:manage', intentionResource(intention));
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  if (intent === 'withdraw') {
    const submission = parseSubmission(form, WithdrawIntentionSchema);
    if (submission.status !== 'success') return replyTo(submission);
    await withdrawIntention(db(), ctx, intention.id, submission.value.reason);
  } else {
    await publishIntention(db(), ctx, intention.id);
  }
  return { done: intent };
});

export default function IntentionPage() {
  const { intention: i, may } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, fen, list, date, dateTime, locale } = useT();
  const done = answer && 'done' in answer ? answer.done : undefined;
  const saved = answer ? undefined : ['created', 'draft', 'published', 'none'].find((s) => s === search.get('saved'));
  const failure = answer && 'formError' in answer && answer.formError ? answer.formError : null;
  const manages = may.edit || may.publish || may.withdraw;
  return (
    <>
      <Breadcrumbs items={[{ to: '/intentions', label: t('intentions.title') }, { label: i.title }]} />
      <div className="title-row">
        <h1>{i.title}</h1>
        <IntentionBadge status={i.status} />
      </div>
      {saved ? (
        <p className="notice" role="status">
          {t(keyUnder('intention.saved', saved))}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(`intention.done.${done}`)}
        </p>
      ) : null}
      <FormError failure={localizeIntentionFailure(failure, t)} />
      {i.status === 'withdrawn' && i.withdrawnAt ? (
        <p className="warning" role="note">
          {t('intention.withdrawnBecause', { at: dateTime(i.withdrawnAt), reason: i.statusReason ?? '' })}
        </p>
      ) : null}
      <div className={manages ? 'two-col' : undefined}>
        <div>
          <section className="card" aria-label={t('intention.facts')}>
            <dl className="facts">
              <dt>{t('intention.purchaser')}</dt>
              <dd>{purchaserName(t, i.purchaserRole, i.purchaserRegionCode, i.purchaserRegionName)}</dd>
              <dt>{t('intention.budget')}</dt>
              <dd>
                <strong>{fen(i.budgetFen)}</strong>
              </dd>
              <dt>{t('project.fundingSource')}</dt>
              <dd>{t(keyUnder('project.funding', i.fundingSource))}</dd>
              <dt>{t('intention.expectedMonth')}</dt>
              <dd>{monthOfYear(locale, i.year, i.expectedMonth)}</dd>
              <dt>{t('intention.categories')}</dt>
              <dd>{list(i.serviceCategories.map((c) => t(keyUnder('category', c))))}</dd>
              {i.publishedAt ? (
                <>
                  <dt>{t('intention.publishedAt')}</dt>
                  <dd>{dateTime(i.publishedAt)}</dd>
                </>
              ) : null}
            </dl>
            {i.earliestProjectDay ? <p className="small muted">{t('intention.earliestProject', { date: date(i.earliestProjectDay) })}</p> : null}
            {i.revisionCount && i.revisedAt ? <p className="small muted">{t('intention.revised', { n: i.revisionCount, at: dateTime(i.revisedAt) })}</p> : null}
          </section>
          <section className="card">
            <h2>{t('intention.description')}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{i.description}</p>
          </section>
        </div>
        {manages ? (
          <aside>
            <section className="card stack" aria-labelledby="manage-title">
              <h2 id="manage-title">{t('intention.manage.title')}</h2>
              {may.edit ? (
                <p>
                  <Link className="btn secondary" to={`/intentions/${i.id}/edit`}>
                    {t('intention.action.edit')}
                  </Link>
                  {i.status === 'published' ? <span className="small muted"> {t('intention.manage.editHint')}</span> : null}
                </p>
              ) : null}
              {may.publish ? <IntentButton intent="publish" hint={t('intention.manage.publishHint')} label={t('intention.action.publish')} /> : null}
              {may.withdraw ? (
                <ReasonForm
                  schema={WithdrawIntentionSchema}
                  intent="withdraw"
                  answer={answer}
                  label={t('intention.withdrawReason')}
                  hint={t('intention.withdrawReason.hint')}
                  submitLabel={t('intention.action.withdraw')}
                  tone="danger"
                />
              ) : null}
            </section>
          </aside>
        ) : null}
      </div>
    </>
  );
}
