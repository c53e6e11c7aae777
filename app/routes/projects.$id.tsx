import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, currentUser, requestIdOf, requireUser } from '~/auth/guard.server';
import { projectResource } from '~/domain/project';
import { awardsOf, getProject, panelView } from '~/queries/projects.server';
import { projectPage } from '~/queries/project-page.server';
import { projectContractNotice } from '~/queries/contract-documents.server';
import { todayInChina } from '~/lib/clock.server';
import { PanelDrawSchema } from '~/schemas/evaluation';
import { ReasonOnlySchema } from '~/schemas/project';
import { AnswerQuestionSchema, AskQuestionSchema } from '~/schemas/clarification';
import { AnswerChallengeSchema, FileChallengeSchema } from '~/schemas/challenge';
import { answerChallenge } from '~/services/answer-challenge.server';
import { answerQuestion } from '~/services/answer-question.server';
import { askQuestion } from '~/services/ask-question.server';
import { awardProject, declineAward } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { fileChallenge } from '~/services/file-challenge.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { publishProject } from '~/services/publish-project.server';
import { reissueProject } from '~/services/reissue-project.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { BidderPanel } from '~/components/project/bidder-panel';
import { ChallengesSection } from '~/components/project/challenges';
import { ClarificationsSection } from '~/components/project/clarifications';
import { ProjectContractSection } from '~/components/contract-document';
import { DeclinedAwards } from '~/components/project/declined-awards';
import { EvaluatorPanel } from '~/components/project/evaluator-panel';
import { BidsTable, PanelCard, PurchaserPanel } from '~/components/project/purchaser-panel';
import { BudgetRoom } from '~/components/budget-room';
import { remainingForProject } from '~/queries/budgets.server';
import { localizeFailure, ProjectView } from '~/components/project-view';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? '' }];

// Reading writes nothing: bidding closes at the deadline by the deadlines sweep (ADR 025); until it
// has run, the page shows the project closed and awaiting the opening, its bids still sealed.
async function load(id: string) {
  const found = await getProject(db(), id);
  if (!found) throw new AppError('notFound');
  return found;
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const [found, me] = await Promise.all([load(params.id!), currentUser(request)]);
  const page = await projectPage(db(), me?.actor ?? null, found);
  return {
    ...page,
    // The published contract, or the day an awarded project's contract must be signed by (ADR 020).
    contractNotice: await projectContractNotice(db(), found.project.id, page.award?.awardedAt ?? null, todayInChina()),
    // The purchaser of a draft sees what remains on its budget line (ADR 023).
    budgetRoom: page.purchaser && found.project.status === 'draft' ? await remainingForProject(db(), found.project) : null,
  };
});

const INTENTS = [
  'publish',
  'cancel',
  'drawPanel',
  'startEvaluation',
  'startNotice',
  'award',
  'decline',
  'conflict',
  'reissue',
  'ask',
  'answer',
  'fileChallenge',
  'answerChallenge',
] as const;
type Intent = (typeof INTENTS)[number];

/**
 * Who may post each intent: checked before anything in the form is read, so outsiders learn nothing.
 * Whether the step is allowed now is the use case's to refuse, with the capability the page showed.
 */
async function authorizeIntent(request: Request, form: FormData, intent: Intent | undefined, project: Parameters<typeof projectResource>[0] & { id: string }) {
  switch (intent) {
    case 'ask':
    case 'fileChallenge': {
      // For the organization named on the form, or the first one this person administers.
      const me = await requireUser(request);
      const named = form.get('organizationId');
      const organizationId = typeof named === 'string' && named ? named : me.actor.assignments.find((a) => a.role === 'orgAdmin')?.organizationId;
      if (!organizationId) throw new AppError('forbidden');
      return authorize(request, 'bid:submit', { organizationId });
    }
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
    case undefined:
      await requireUser(request);
      throw new AppError('invalidInput');
    default:
      return authorize(request, 'project:manage', projectResource(project));
  }
}

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { project } = await load(params.id!);
  const form = await readForm(request);
  const intent = INTENTS.find((i) => i === form.get('intent'));
  const me = await authorizeIntent(request, form, intent, project);
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  switch (intent) {
    case 'cancel':
    case 'decline':
    case 'conflict': {
      const submission = parseSubmission(form, ReasonOnlySchema);
      if (submission.status !== 'success') return replyTo(submission);
      const { reason } = submission.value;
      if (intent === 'cancel') await cancelProject(db(), ctx, project.id, reason);
      else if (intent === 'decline') await declineAward(db(), ctx, project.id, reason);
      else await declareConflict(db(), ctx, project.id, reason);
      break;
    }
    case 'drawPanel': {
      const submission = parseSubmission(form, PanelDrawSchema);
      if (submission.status !== 'success') return replyTo(submission);
      return orRefusal(submission, async () => {
        await drawProjectPanel(db(), ctx, project.id, submission.value.size);
        return { done: intent };
      });
    }
    case 'publish':
      await publishProject(db(), ctx, project.id);
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
    case 'ask': {
      const submission = parseSubmission(form, AskQuestionSchema);
      if (submission.status !== 'success') return replyTo(submission);
      const { question, organizationId } = submission.value;
      const org = organizationId ?? me.actor.assignments.find((a) => a.role === 'orgAdmin')!.organizationId!;
      return orRefusal(submission, async () => {
        await askQuestion(db(), ctx, project.id, { organizationId: org, question });
        return { done: intent };
      });
    }
    case 'answer': {
      const submission = parseSubmission(form, AnswerQuestionSchema);
      if (submission.status !== 'success') return replyTo(submission);
      return orRefusal(submission, async () => {
        await answerQuestion(db(), ctx, project.id, submission.value);
        return { done: intent };
      });
    }
    case 'fileChallenge': {
      const submission = parseSubmission(form, FileChallengeSchema);
      if (submission.status !== 'success') return replyTo(submission);
      const { organizationId, ...challenge } = submission.value;
      const org = organizationId ?? me.actor.assignments.find((a) => a.role === 'orgAdmin')!.organizationId!;
      return orRefusal(submission, async () => {
        await fileChallenge(db(), ctx, project.id, { organizationId: org, ...challenge });
        return { done: intent };
      });
    }
    case 'answerChallenge': {
      const submission = parseSubmission(form, AnswerChallengeSchema);
      if (submission.status !== 'success') return replyTo(submission);
      return orRefusal(submission, async () => {
        await answerChallenge(db(), ctx, project.id, submission.value);
        return { done: intent };
      });
    }
    case 'reissue': {
      const { id } = await reissueProject(db(), ctx, project.id);
      return redirect(`/projects/${id}/edit?reissued=1`);
    }
  }
  return { done: intent };
});

/** The public facts for everyone; beside them one panel per part this person plays (purchaser, bidder, evaluator). */
export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const { project, purchaser, bidder, evaluator, declined, contractLink } = data;
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, dateTime } = useT();
  const done = answer && 'done' in answer ? answer.done : undefined;
  // Forms post to the bare project path, so a notice from the address (?saved=) belongs to the last save only.
  const saved = answer ? undefined : ['created', 'draft', 'minor', 'material', 'none'].find((s) => s === search.get('saved'));
  const aside = purchaser || bidder || evaluator || declined.length > 0;
  return (
    <>
      <Breadcrumbs items={[{ to: '/projects', label: t('projects.title') }, { label: project.title }]} />
      <ProjectView
        {...data}
        notices={
          <>
            {saved ? (
              <p className="notice" role="status">
                {t(keyUnder('project.saved', saved))}
              </p>
            ) : null}
            {done ? (
              <p className="notice" role="status">
                {t(keyUnder('project.done', done))}
              </p>
            ) : null}
            <FormError failure={localizeFailure(answer && 'formError' in answer ? answer.formError : null, t, dateTime)} />
          </>
        }
        aside={
          aside ? (
            <>
              <BudgetRoom room={data.budgetRoom} />
              {purchaser ? <PurchaserPanel project={project} purchaser={purchaser} answer={answer} /> : null}
              {purchaser ? <PanelCard project={project} purchaser={purchaser} answer={answer} /> : null}
              {bidder ? <BidderPanel project={project} bidder={bidder} answer={answer} /> : null}
              {evaluator ? <EvaluatorPanel project={project} evaluator={evaluator} answer={answer} /> : null}
              <DeclinedAwards declined={declined} />
            </>
          ) : null
        }
        below={
          <>
            <ProjectContractSection notice={data.contractNotice} />
            <ChallengesSection project={project} challenges={data.challenges} answer={answer} />
            <ClarificationsSection project={project} clarifications={data.clarifications} answer={answer} />
            {purchaser ? <BidsTable project={project} purchaser={purchaser} /> : null}
          </>
        }
        awardLinks={
          contractLink?.id ? (
            <p className="actions">
              <Link className="btn secondary" to={`/contracts/${contractLink.id}`}>
                {t('contract.view')}
              </Link>
            </p>
          ) : contractLink?.mayDraft ? (
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
