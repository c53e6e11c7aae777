/**
 * Read models of contracts (policy §3.4), one module per reader: the contract page
 * (contracts/page.server.ts), the lists of a scope (contracts/lists.server.ts) and the public fund
 * trace (contracts/funds.server.ts).
 */
export * from './contracts/rows.server';
export * from './contracts/page.server';
export * from './contracts/lists.server';
export * from './contracts/funds.server';
export * from './contracts/record.server';
