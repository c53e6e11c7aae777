/**
 * The audit HMAC key of test runs (vitest's workers, global set-up, and the servers tests start):
 * a fixed key, so a database seeded by one process verifies in another. Never a production key.
 */
export const TEST_AUDIT_KEY = 'a11d1700000000000000000000000000000000000000000000000000000e5701';
