import type { Actor } from '~/domain/permissions';

/**
 * What every use case is called with besides its db handle and input: who acts, and the request
 * id that ties the audit row to the log line. Time is not in here: use cases read the app clock
 * (`now()` from app/lib/clock.server.ts, ADR 006).
 */
export interface UseCaseContext {
  actor: Actor;
  requestId?: string;
}
