import { afterEach, describe, expect, it, vi } from 'vitest';
import { Gate, POOL_TIMEOUT } from './guarded-pool';

afterEach(() => {
  vi.useRealTimers();
});

describe('the pool gate', () => {
  it('grants as many permits as connections, then queues in arrival order', async () => {
    const gate = new Gate(2);
    const a = await gate.acquire(1_000);
    const b = await gate.acquire(1_000);
    const order: string[] = [];
    const c = gate.acquire(1_000).then((r) => (order.push('c'), r));
    const d = gate.acquire(1_000).then((r) => (order.push('d'), r));
    expect(gate.waiting).toBe(2);
    b();
    a();
    (await c)();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(gate.available).toBe(2);
    expect(gate.waiting).toBe(0);
  });

  it('a waiter that timed out gets DB_POOL_TIMEOUT and is never granted afterwards', async () => {
    vi.useFakeTimers();
    const gate = new Gate(1);
    const held = await gate.acquire(100);
    let granted = false;
    const late = gate.acquire(100).then(
      () => (granted = true),
      (e: { code?: string }) => e.code,
    );
    await vi.advanceTimersByTimeAsync(101);
    expect(await late).toBe(POOL_TIMEOUT);
    held();
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toBe(false);
    // The permit went back to the pool, not to the waiter that gave up.
    expect(gate.available).toBe(1);
  });

  it('releasing twice frees one permit only', async () => {
    const gate = new Gate(1);
    const release = await gate.acquire(100);
    release();
    release();
    expect(gate.available).toBe(1);
  });

  it('a permit freed before the deadline goes to the waiter, which then keeps it', async () => {
    vi.useFakeTimers();
    const gate = new Gate(1);
    const held = await gate.acquire(100);
    const next = gate.acquire(100);
    await vi.advanceTimersByTimeAsync(50);
    held();
    const release = await next;
    await vi.advanceTimersByTimeAsync(200);
    expect(gate.available).toBe(0);
    release();
    expect(gate.available).toBe(1);
  });
});
