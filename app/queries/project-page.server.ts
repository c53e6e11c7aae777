import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Executor } from '#db/client';
import { awaitingOpening, bidsOpened, cancelledBeforeOpening } from '~/domain/bid';
import { bidCapabilities } from '~/domain/bid-capabilities';
import { clarificationCapabilities } from '~/domain/clarification';
import { mayOf } from '~/domain/capabilities';
import { evaluationCapabilities } from '~/domain/evaluation-capabilities';
import { can, type Actor } from '~/domain/permissions';
import { projectResource, rankingPublic, RANKED } from '~/domain/project';
import { projectCapabilities } from '~/domain/project-capabilities';
import { drawSizeProblem, LARGE_BUDGET_FEN, minimumPanel } from '~/domain/panel-draw';
import { largeBudgetFenOf } from './panel-settings.server';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { challengesView } from './challenges.server';
import { answeredQuestions, unansweredQuestions } from './clarifications.server';
import { panelDrawRecord, publicDraw } from './panel-draw.server';
import { contractOfProject } from './contracts.server';
import { awardsOf, bidCount, bidderNotices, bidsAfterClose, ownBids, panelView, rankingView, reissueLinks, type getProject } from './projects.server';
import { regionPath } from './regions.server';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The project page's read model: the public facts every visitor sees, then one part per person
 * who acts on the project (the purchaser, a bidder, an evaluator), each with what they may do from
 * the capabilities in app/domain. Its type is the page's: components take its parts
 * (`ProjectPage['purchaser']` …), so the shape is declared once, here. Dates are ISO strings.
 */
export async function projectPage(db: Executor, actor: Actor | null, found: NonNullable<Awaited<ReturnType<typeof getProject>>>) {
  const { project, criteria, amendments, purchaserRegionName } = found;
  const isPurchaser = can(actor, 'project:manage', projectResource(project));
  // A draft is the purchaser's until it is published.
  if (project.status === 'draft' && !isPurchaser) throw new AppError('notFound');
  const status = project.status;
  // Until the opening nobody but a bidder learns anything of the bids, not even how many there are.
  const afterClose = bidsOpened(project);
  const ranked = RANKED.includes(status);
  const [counted, awards, path, panel, ranking, own, notices, links, intention] = await Promise.all([
    // A ranked project's ranking has one row per live bid: no need to count them separately.
    ranked || !afterClose ? null : bidCount(db, project.id),
    rankingPublic(status) ? awardsOf(db, project.id) : [],
    regionPath(db, project.regionCode),
    actor && afterClose ? panelView(db, project.id) : [],
    ranked ? rankingView(db, project.id) : [],
    actor ? ownBids(db, actor, project.id) : [],
    actor ? bidderNotices(db, actor, project.id) : [],
    reissueLinks(db, project),
    project.intentionId
      ? db
          .select({ id: purchaseIntentions.id, title: purchaseIntentions.title })
          .from(purchaseIntentions)
          .where(eq(purchaseIntentions.id, project.intentionId))
          .then((r) => r[0] ?? null)
      : null,
  ]);
  const caps = projectCapabilities(actor, project, { reissued: !!links.reissuedAs });
  const seat = actor ? panel.find((m) => m.userId === actor.userId) : undefined;
  const seatCaps = evaluationCapabilities(actor, project, seat);
  const onPanel = seat?.status === 'active';
  const [bids, drawRecord, drawn, large] = await Promise.all([
    isPurchaser && afterClose ? bidsAfterClose(db, project.id) : [],
    isPurchaser && afterClose ? panelDrawRecord(db, project.id) : null,
    rankingPublic(status) ? publicDraw(db, project.id) : null,
    isPurchaser ? largeBudgetFenOf(db).then((l) => l.fen) : LARGE_BUDGET_FEN,
  ]);
  // The panel's names are published with the result (公示), never before: only then does a visitor's page load them.
  const publicPanel = rankingPublic(status) ? (await panelView(db, project.id)).filter((m) => m.status === 'active').map((m) => m.name) : null;
  const live = awards.find((a) => a.award.status === 'awarded');
  const activePanel = panel.filter((m) => m.status === 'active');
  const progress = { activeCount: activePanel.length, submittedCount: activePanel.filter((m) => m.submittedAt).length };
  const adminOf = actor?.assignments.filter((a) => a.role === 'orgAdmin').map((a) => a.organizationId) ?? [];
  // The contract, for its two sides: the purchaser drafts it from the award, the winner reads it.
  const contractSide = !!live && (isPurchaser || can(actor, 'contract:organization', { organizationId: live.award.organizationId }));
  const contract = contractSide ? await contractOfProject(db, project.id) : null;
  // Clarifications: the answers are public; who asked is never read here (clarifications.server.ts).
  const at = now();
  const mayAsk = clarificationCapabilities(actor, project, { organizationId: adminOf[0] ?? null }, at).ask.allowed;
  const mayAnswer = clarificationCapabilities(actor, project, { organizationId: null }, at).answer.allowed;
  const [answered, pending, ownPending, challenges] = await Promise.all([
    answeredQuestions(db, project.id),
    isPurchaser ? unansweredQuestions(db, project.id) : [],
    adminOf.length
      ? unansweredQuestions(
          db,
          project.id,
          adminOf.filter((o): o is string => !!o),
        )
      : [],
    // Challenges (质疑): the answers are public; who challenged is never read (challenges.server.ts).
    challengesView(db, actor, project, { isPurchaser, adminOf: adminOf.filter((o): o is string => !!o), at }),
  ]);
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
      procurementMethod: project.procurementMethod,
      singleSource:
        found.singleSource && project.singleSourceGround
          ? {
              orgId: found.singleSource.id,
              orgName: found.singleSource.name,
              ground: project.singleSourceGround,
              justification: project.singleSourceJustification ?? '',
            }
          : null,
      intention,
      noIntentionReason: project.noIntentionReason,
      serviceStart: project.serviceStart,
      serviceEnd: project.serviceEnd,
      longPeriodReason: project.longPeriodReason,
      allowedLegalStatuses: project.allowedLegalStatuses,
      allowedKinds: project.allowedKinds,
      regionRestricted: project.regionRestricted,
      bidDeadline: project.bidDeadline.toISOString(),
      /** Past the deadline, not yet closed by the sweep (ADR 025): shown as closed; nothing is opened until it is. */
      awaitingOpening: awaitingOpening(project, at),
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
    /** Null until the opening: nobody learns how many bids there are before it. */
    bidCount: afterClose ? (counted ?? ranking.length) : null,
    /** Cancelled before the opening: the bids stay sealed for good. */
    sealedForGood: cancelledBeforeOpening(project),
    // A repeat in draft is its purchaser's until published, like any draft.
    reissue: {
      of: links.reissueOf,
      as: links.reissuedAs && (links.reissuedAs.status !== 'draft' || isPurchaser) ? links.reissuedAs : null,
    },
    /** From the public notice on: who evaluated, and the draw's seed and candidates to re-run it. */
    panel: publicPanel ? { names: publicPanel, draw: drawn } : null,
    ranking: (rankingPublic(status) || isPurchaser || onPanel) && ranking.length ? ranking.map(({ organizationId: _o, ...r }) => r) : null,
    award: live
      ? {
          orgName: live.orgName,
          amountFen: live.award.amountFen,
          awardedAt: live.award.awardedAt.toISOString(),
          // The recorded drawing of lots (ties at award, ADR 017), public with the award so anyone can re-run it.
          lots: live.award.lots
            ? {
                seed: live.award.lots.seed,
                rank: live.award.lots.rank,
                index: live.award.lots.index,
                candidates: live.award.lots.candidates.map((bidId) => ({ bidId, orgName: ranking.find((r) => r.bidId === bidId)?.orgName ?? '' })),
              }
            : null,
          /** Better-ranked bids passed over at award because their organization no longer qualified, and why. */
          skipped: live.award.skipped.map((k) => ({ orgName: k.organizationName, rank: k.rank, reason: k.reason })),
        }
      : null,
    contractLink: contractSide ? { id: contract?.id ?? null, mayDraft: isPurchaser } : null,
    declined: awards
      .filter((a) => a.award.status === 'declined')
      .map((a) => ({ id: a.award.id, orgName: a.orgName, reason: isPurchaser ? a.award.declineReason : null })),
    clarifications: {
      answered,
      /** The purchaser's: every unanswered question, nobody named. */
      pending: isPurchaser ? { mayAnswer, questions: pending } : null,
      /** An organization's administrator: asking for its organization, and its own questions still unanswered. */
      asker: adminOf.length ? { mayAsk, organizationId: adminOf[0]!, questions: ownPending } : null,
    },
    challenges,
    purchaser: isPurchaser
      ? {
          may: mayOf(caps),
          panel: panel.map((m) => ({ ...m, submittedAt: iso(m.submittedAt) })),
          ...progress,
          draw: {
            minSize: minimumPanel(project.procurementMethod, project.budgetFen, large),
            // A first draw, or a top-up of a panel that recusals left short (ADR 024).
            mayDraw: caps.managePanel.allowed && (!panel.length || !!drawSizeProblem(activePanel.length, project.procurementMethod, project.budgetFen, large)),
            record: drawRecord,
          },
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
      adminOf.length || own.length
        ? {
            mayBid: bidCapabilities(actor, project, { organizationId: adminOf[0] ?? null }, now()).bid.allowed,
            own: own.map((b) => ({
              id: b.bid.id,
              organizationId: b.bid.organizationId,
              orgName: b.orgName,
              priceFen: b.bid.priceFen,
              submittedAt: b.bid.submittedAt.toISOString(),
            })),
            notices,
            mayDecline: bidCapabilities(actor, project, { organizationId: live?.award.organizationId ?? null, award: live?.award }, now()).declineAward.allowed,
          }
        : null,
    evaluator: seat
      ? {
          status: seat.status,
          recusalReason: seat.recusalReason,
          submittedAt: iso(seat.submittedAt),
          mayScore: seatCaps.readScores.allowed,
          mayDeclare: seatCaps.declareConflict.allowed,
          ...progress,
        }
      : null,
  };
}

export type ProjectPage = Awaited<ReturnType<typeof projectPage>>;
export type ProjectPublic = ProjectPage['project'];
export type RankingRow = NonNullable<ProjectPage['ranking']>[number];
