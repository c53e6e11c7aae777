import { beforeAll, describe, expect, it } from 'vitest';
import * as exportRoute from '~/routes/contracts.payments[.]csv';
import { setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

/** The payments register from the demo data: each person sees their own side's payments, in their language. */
const t = setupTestDb();
let bureau: string, hub: string, org: string, agency: string;

async function csvFor(cookie: string | undefined) {
  const request = new Request('http://localhost/contracts/payments.csv', { headers: cookie ? { Cookie: cookie } : {} });
  const res = (await exportRoute.loader({ request, params: {}, context: { requestId: 'export-test', clientIp: '127.0.0.1' } })) as Response;
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Decoded keeping the byte order mark, which Response.text() would drop.
  const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const lines = body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  return { res, body, lines, cells: lines.map(cellsOf) };
}

/** One line's cells (RFC 4180: quoted cells may hold commas and doubled quotes). */
function cellsOf(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!));
}

beforeAll(async () => {
  [bureau, hub, org, agency] = (await Promise.all(['bureau@demo.cn', 'hub@demo.cn', 'org@demo.cn', 'agency@demo.cn'].map((e) => cookieFor(t.db, e)))) as [
    string,
    string,
    string,
    string,
  ];
});

describe('GET /contracts/payments.csv', () => {
  it('gives the bureau its disbursements, as a UTF-8 CSV attachment Excel can open', async () => {
    const { res, body, lines, cells } = await csvFor(bureau);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="payments-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('支付日期,收支,合同,类型,付款方,收款方,第几笔,金额（元）,支付方式,凭证号,银行流水号或转账号,状态');
    const rows = cells.slice(1);
    expect(rows.map((c) => c[9])).toEqual(['雁财支-2027-0001', '雁财支-2027-0002']);
    expect(rows.every((c) => c[1] === '支出' && c[4] === '雁塔区民政局' && c[11] === '已支付')).toBe(true);
    // ¥88,000 × 50% and ¥96,000 × 50%, in yuan to the fen.
    expect(rows.map((c) => c[7])).toEqual(['44000.00', '48000.00']);
    // Subcontract payments are the hub's, not the bureau's.
    expect(body).not.toContain('小寨联合会-2027-01');
  });

  it('gives the hub what it received and what it paid on to its subcontractors', async () => {
    const { cells } = await csvFor(hub);
    const byVoucher = Object.fromEntries(cells.slice(1).map((c) => [c[9], c[1]]));
    expect(byVoucher).toEqual({ '雁财支-2027-0002': '收入', '小寨联合会-2027-01': '支出', '小寨联合会-2027-02': '支出' });
  });

  it('gives an organization its receipts, in English when chosen; others get only the header', async () => {
    const { lines, cells } = await csvFor(`${org}; lang=en`);
    expect(lines[0]).toBe('Payment date,In/out,Contract,Kind,Payer,Payee,Tranche,Amount (yuan),Payment rail,Voucher,Bank or transfer reference,Status');
    // The team's first tranche from the bureau, and the dance team's two from the hub.
    expect(
      cells
        .slice(1)
        .map((c) => `${c[1]} ${c[9]}`)
        .sort(),
    ).toEqual(['Received 小寨联合会-2027-01', 'Received 小寨联合会-2027-02', 'Received 雁财支-2027-0001']);
    expect((await csvFor(agency)).lines).toHaveLength(1);
  });

  it('is not for anonymous visitors', async () => {
    const r = await callRoute(exportRoute.loader, { url: '/contracts/payments.csv' });
    expect([302, 303]).toContain(r.status);
    expect(r.headers.get('Location')).toMatch(/^\/login/);
  });
});
