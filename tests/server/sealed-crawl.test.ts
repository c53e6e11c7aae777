import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, removeDir, startApp, type AppProcess } from './support';

/**
 * A sealed price and plan appear on no page and in no `.data` answer for anyone but the bidder: every
 * person of the demo crawls the site from the places a curious one would start, following every
 * same-site link, and every page's single-fetch `.data` answer is read too. Then the purchaser
 * cancels the project during bidding, the deadline passes, and the purchaser crawls again.
 */
const PRICE = '54321.09';
const SECRETS = ['5432109', '54321.09', '54,321.09', '伍万肆仟叁佰贰拾壹元零玖分'];
const MARKER = '【启航密封方案标记】';
const PEOPLE = ['province', 'city', 'bureau', 'station', 'committee', 'org', 'hub', 'evaluator', 'leader', 'admin'];
const MAX_PAGES = 35;
// The bid's id is no secret of its own: the audit log lists it (tests/integration/sealed-bids.test.ts
// checks that its row names neither the bidder nor the project), and it opens nothing.

let app: AppProcess & { pgliteDir?: string };
let projectId = '';
let bidId = '';

const dataUrl = (path: string) => {
  const u = new URL(path, 'http://x');
  u.pathname = u.pathname === '/' ? '/_root.data' : `${u.pathname.replace(/\/$/, '')}.data`;
  return u.pathname + u.search;
};

/** Same-site links of a page, without the ones that sign out or change anything on GET. */
function linksOf(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
    const href = m[1]!.replace(/&amp;/g, '&');
    if (href.startsWith('/assets/') || href.startsWith('/logout') || href.endsWith('.css')) continue;
    out.add(href);
  }
  return [...out];
}

/** Crawls breadth-first from the start pages; returns what each answer that contains a secret was. */
async function crawl(client: Client, starts: string[], secrets: string[]) {
  const seen = new Set<string>();
  const queue = [...starts];
  const leaks: string[] = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const batch = queue.splice(0, 4).filter((p) => !seen.has(p));
    batch.forEach((p) => seen.add(p));
    await Promise.all(
      batch.map(async (path) => {
        pages++;
        for (const url of [path, dataUrl(path)]) {
          const r = await client.get(url);
          const body = await r.text();
          expect(r.status, `${url}: ${body.slice(0, 200)}`).toBeLessThan(500);
          // A page may repeat its own address (a sign-in link's `next`): only what the address did not carry counts.
          for (const s of secrets) if (body.includes(s) && !url.includes(s)) leaks.push(`${url} (${r.status}) shows ${s}`);
          if (url === path && (r.headers.get('content-type') ?? '').includes('text/html')) {
            for (const l of linksOf(body)) if (!seen.has(l) && !queue.includes(l)) queue.push(l);
          }
        }
      }),
    );
  }
  return { leaks, pages };
}

const startsFor = () => [
  '/',
  `/projects/${projectId}`,
  `/projects/${projectId}/bids/${bidId}`,
  `/projects/${projectId}/bid`,
  `/projects/${projectId}/score`,
  `/projects/${projectId}/notice`,
  `/projects/${projectId}/funds`,
  '/projects?status=published',
  '/workspace',
  '/audit',
  '/audit?verify=1',
  '/contracts',
  '/contracts/payments.csv',
  '/orgs',
];

beforeAll(async () => {
  app = await startApp();
  const agency = await new Client(app.url).signIn('agency@demo.cn');
  const library = await (await agency.get('/projects?status=published')).text();
  projectId = /href="\/projects\/([0-9a-f-]{36})"[^>]*>雁塔区社区文化活动季项目/.exec(library)?.[1] ?? '';
  expect(projectId, 'the demo’s published project').not.toBe('');
  const form = await (await agency.get(`/projects/${projectId}/bid`)).text();
  const organizationId = /name="organizationId" value="([0-9a-f-]{36})"/.exec(form)?.[1] ?? '';
  const r = await agency.post(`/projects/${projectId}/bid`, {
    organizationId,
    price: PRICE,
    servicePlan: `以社区文化骨干为主体，分片组织广场文艺、书画展览和读书分享。${MARKER}`,
    team: '社工2名，文化志愿者25名',
    expectedOutputs: '活动24场，参与居民3000人次',
  });
  expect(r.status).toBe(302);
  const mine = await (await agency.get(`/projects/${projectId}`)).text();
  bidId = new RegExp(`/projects/${projectId}/bids/([0-9a-f-]{36})`).exec(mine)?.[1] ?? '';
  expect(bidId).not.toBe('');
}, 180_000);

afterAll(async () => {
  await app?.stop();
  removeDir(app?.pgliteDir);
});

describe('a sealed price on every page and .data answer', () => {
  it('the bidder finds its own price and plan (so the search would find a leak)', async () => {
    const agency = await new Client(app.url).signIn('agency@demo.cn');
    const { leaks } = await crawl(agency, [`/projects/${projectId}/bids/${bidId}`], [...SECRETS, MARKER]);
    expect(leaks.join('\n')).toContain(MARKER);
    expect(leaks.join('\n')).toContain('54,321.09');
  });

  it('nobody else finds it anywhere before the deadline', async () => {
    const visitor = await crawl(new Client(app.url), startsFor(), [...SECRETS, MARKER]);
    expect(visitor.leaks).toEqual([]);
    let pages = visitor.pages;
    for (const who of PEOPLE) {
      const client = await new Client(app.url).signIn(`${who}@demo.cn`);
      const { leaks, pages: n } = await crawl(client, startsFor(), [...SECRETS, MARKER]);
      expect(leaks, who).toEqual([]);
      pages += n;
    }
    console.log(`sealed crawl: ${pages} pages and as many .data answers read by ${PEOPLE.length + 1} people, no leak`);
  });

  it('cancelled during bidding, then past its deadline, the purchaser still finds nothing', async () => {
    const bureau = await new Client(app.url).signIn('bureau@demo.cn');
    const r = await bureau.post(`/projects/${projectId}`, { intent: 'cancel', reason: '预算调整，本年度不再实施' });
    expect(r.status).toBeLessThan(400);
    const clock = await bureau.post('/test/clock', { advanceMinutes: String(60 * 24 * 30) });
    expect(clock.status).toBe(200);
    for (const who of ['bureau', 'city', 'admin']) {
      const client = who === 'bureau' ? bureau : await new Client(app.url).signIn(`${who}@demo.cn`);
      const { leaks } = await crawl(client, startsFor(), [...SECRETS, MARKER]);
      expect(leaks, who).toEqual([]);
    }
    const page = await (await bureau.get(`/projects/${projectId}`)).text();
    expect(page).toContain('未开标，投标文件永久密封');
  });
});
