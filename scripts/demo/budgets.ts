import { eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { roleAssignments, users } from '#db/schema';
import type { FundingSource } from '~/domain/project';
import { todayInChina } from '~/lib/clock.server';
import { setAppropriation } from '~/services/set-appropriation.server';

/**
 * Appropriations (ADR 023) for every demo purchasing unit, recorded through the real use case before
 * any project is published: each source the unit may spend, for every year from the demo projects'
 * (2027) or this year, whichever is earlier, to four years ahead (the browser journeys move a demo
 * server's test clock more than a year forward, and each buys a service for the year after its own). Generous enough that the demo projects,
 * the tests built on the demo and the browser journeys publish with room left.
 */
const LINES: Record<string, [FundingSource, number][]> = {
  'province@demo.cn': [
    ['publicFinance', 50_000_000_00],
    ['welfareLottery', 10_000_000_00],
    ['socialDonations', 1_000_000_00],
  ],
  'city@demo.cn': [
    ['publicFinance', 50_000_000_00],
    ['welfareLottery', 10_000_000_00],
    ['socialDonations', 1_000_000_00],
  ],
  'bureau@demo.cn': [
    ['publicFinance', 30_000_000_00],
    ['welfareLottery', 5_000_000_00],
    ['socialDonations', 1_000_000_00],
    ['other', 500_000_00],
  ],
  'station@demo.cn': [
    ['publicFinance', 3_000_000_00],
    ['socialDonations', 300_000_00],
  ],
  'committee@demo.cn': [
    ['communityFunds', 500_000_00],
    ['publicFinance', 500_000_00],
    ['socialDonations', 100_000_00],
  ],
};

export async function seedDemoBudgets(db: Db) {
  const thisYear = Number(todayInChina().slice(0, 4));
  const years: number[] = [];
  for (let y = Math.min(2027, thisYear); y <= thisYear + 4; y++) years.push(y);
  for (const [email, lines] of Object.entries(LINES)) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    const assignments = await db
      .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
      .from(roleAssignments)
      .where(eq(roleAssignments.userId, u!.id));
    const ctx = { actor: { userId: u!.id, assignments }, requestId: 'seed' };
    for (const year of years) for (const [fundingSource, amount] of lines) await setAppropriation(db, ctx, { fundingSource, year, amount });
  }
}
