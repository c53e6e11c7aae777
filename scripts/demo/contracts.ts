import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { milestones, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { todayInChina } from '~/lib/clock.server';
import { draftContract, draftSubcontract, type ContractTerms } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { saveContractTemplate } from '~/services/save-contract-template.server';
import { DEFAULT_TEMPLATE } from '~/domain/contract-document';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { addCalendarDays } from '~/domain/working-days';

/**
 * Contracts in the states every screen needs: tranches paid and pending, deliverables accepted and
 * returned, subcontracts (one consented by the bureau and signed, one waiting for its consent). The
 * service periods have started (nothing is accepted or paid before the first day, ADR 022): they
 * began ten days before the seed runs, after the awards; the team's first tranche is an advance (预付款).
 */
export async function seedDemoContracts(
  db: Db,
  p: { bureau: Actor; orgAdmin: Actor; hubAdmin: Actor; awardedToTeam: string; awardedToHub: string; dance: string; afterSchool: string },
) {
  const ctx = (a: Actor) => ({ actor: a, requestId: 'seed' });
  // The awarded projects' service began ten days ago, after their awards (scripts/demo/projects.ts).
  const start = addCalendarDays(todayInChina(), -10);
  const end = addCalendarDays(start, 364);
  const schedule = (amountFen: number, percents: number[]): ContractTerms => ({
    amountFen,
    startDate: start,
    endDate: end,
    paymentRail: 'treasury',
    milestones: [
      { title: '中期报告', kind: 'reporting', dueDate: addCalendarDays(start, 181) },
      { title: '终期验收', kind: 'delivery', dueDate: end },
    ],
    tranches: percents.map((percent, i) => ({ percent, milestoneIndex: i === 0 ? null : i - 1 })),
  });
  const pay = async (who: Actor, contractId: string, position: number, voucher: string) => {
    const [t] = await db
      .select()
      .from(tranches)
      .where(and(eq(tranches.contractId, contractId), eq(tranches.position, position)));
    await disburseByTreasury(db, ctx(who), t!.id, { voucherNumber: voucher, paymentDate: todayInChina(), bankReference: `ICBC${voucher.slice(-4)}` });
  };
  const milestone = async (contractId: string, position: number) =>
    (
      await db
        .select()
        .from(milestones)
        .where(and(eq(milestones.contractId, contractId), eq(milestones.position, position)))
    )[0]!.id;

  // The bureau's own contract template (its disputes go to the district court); the contracts below copy it,
  // get the bureau's numbers for the year and are published on their projects' pages as they are signed.
  await saveContractTemplate(db, ctx(p.bureau), {
    sections: {
      ...DEFAULT_TEMPLATE,
      disputes:
        '履行本合同发生争议的，双方应协商解决；协商不成的，可向西安市雁塔区人民调解委员会申请调解，或向西安市雁塔区人民法院提起诉讼。本合同一式四份，甲乙双方各执两份，自双方确认之日起生效。',
    },
    revision: 0,
  });

  // The awarded elderly-care project: signed, first tranche paid, the mid-term report returned once and waiting again.
  const teamTerms = schedule(88_000_00, [50, 30, 20]);
  teamTerms.tranches[0]!.advance = true;
  const { id: team } = await draftContract(db, ctx(p.bureau), p.awardedToTeam, teamTerms);
  await confirmContract(db, ctx(p.orgAdmin), team);
  await confirmContract(db, ctx(p.bureau), team);
  await pay(p.bureau, team, 0, '雁财支-2027-0001');
  const mid = await milestone(team, 0);
  await submitDeliverable(db, ctx(p.orgAdmin), mid, {
    report: '上半年完成入户探访120人次，健康讲座6场。',
    beneficiaries: { emptyNestElderly: 120 },
    activityCount: 18,
  });
  await reviewDeliverable(db, ctx(p.bureau), mid, 'return', '请补充探访签到表和活动照片。');
  await submitDeliverable(db, ctx(p.orgAdmin), mid, {
    report: '上半年完成入户探访120人次，健康讲座6场；已补充签到表和照片。',
    beneficiaries: { emptyNestElderly: 120 },
    activityCount: 18,
  });
  // The team asks to move the final acceptance into January; the bureau has still to answer.
  await proposeAmendment(
    db,
    ctx(p.orgAdmin),
    team,
    { endDate: addCalendarDays(end, 31), dueDates: { [await milestone(team, 1)]: addCalendarDays(end, 31) } },
    '春节前后集中开展慰问活动，终期验收顺延一个月。',
  );

  // The hub's contract: signed and half paid; up to 70% may be subcontracted (政府采购法 §48), the main
  // work kept; two subcontracts to filed community organizations of its street.
  const { id: hub } = await draftContract(db, ctx(p.bureau), p.awardedToHub, {
    ...schedule(96_000_00, [50, 30, 20]),
    subcontracting: { maxPercent: 70, excludedWork: '个案关爱服务、项目统筹与督导、服务质量评估' },
  });
  await confirmContract(db, ctx(p.hubAdmin), hub);
  await confirmContract(db, ctx(p.bureau), hub);
  await pay(p.bureau, hub, 0, '雁财支-2027-0002');
  // The hub moved its mid-term report by a month; the bureau agreed (amendment No. 1, in force).
  const { id: hubAmendment } = await proposeAmendment(
    db,
    ctx(p.hubAdmin),
    hub,
    { dueDates: { [await milestone(hub, 0)]: addCalendarDays(start, 212) } },
    '街道活动中心六月装修，中期活动顺延一个月。',
  );
  await confirmAmendment(db, ctx(p.bureau), hubAmendment);
  const { id: danceSub } = await draftSubcontract(db, ctx(p.hubAdmin), hub, p.dance, '永松社区文体助老活动', schedule(20_000_00, [40, 30, 30]));
  await decideSubcontractConsent(
    db,
    ctx(p.bureau),
    hub,
    danceSub,
    'given',
    '同意将社区文体助老活动分包给永松社区夕阳红舞蹈队实施；个案关爱服务和项目统筹由联合会自行履行。',
  );
  await confirmContract(db, ctx(p.hubAdmin), danceSub);
  await confirmContract(db, ctx(p.orgAdmin), danceSub);
  await pay(p.hubAdmin, danceSub, 0, '小寨联合会-2027-01');
  const danceMid = await milestone(danceSub, 0);
  await submitDeliverable(db, ctx(p.orgAdmin), danceMid, {
    report: '组织广场舞、合唱活动12场，服务老人260人次。',
    beneficiaries: { emptyNestElderly: 260 },
    activityCount: 12,
  });
  await reviewDeliverable(db, ctx(p.hubAdmin), danceMid, 'accept', '活动场次和服务人次符合分包合同约定，签到表齐全。');
  await pay(p.hubAdmin, danceSub, 1, '小寨联合会-2027-02');
  // The second subcontract waits for the bureau's written consent: it cannot be signed before.
  await draftSubcontract(db, ctx(p.hubAdmin), hub, p.afterSchool, '小寨东路社区四点半课堂', schedule(15_000_00, [50, 50]));
}
