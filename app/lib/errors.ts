import type { Capability } from '~/domain/capabilities';
import type { MessageKey } from '~/i18n/catalog';
/** Errors a use case can raise; routes map them to HTTP statuses in one place (http.server.ts). */
export type AppErrorCode =
  | 'notFound'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalidTransition'
  | 'conflict'
  | 'invalidInput'
  | 'unsupportedMediaType'
  | 'throttled'
  /** The database is slow, locked, refusing or down (lib/db-faults.ts): try again shortly. */
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** An i18n message key shown to the user. */
    readonly messageKey: MessageKey = `errors.${code}`,
    readonly params: Record<string, string | number> = {},
    /** For bad input: a message key per offending field, shown beside it. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
  }
}

export const STATUS_OF: Record<AppErrorCode, number> = {
  notFound: 404,
  forbidden: 403,
  unauthenticated: 401,
  invalidTransition: 409,
  conflict: 409,
  invalidInput: 400,
  unsupportedMediaType: 415,
  throttled: 429,
  unavailable: 503,
};

/** Refuses with the capability's reason when it is not allowed (the use case's side of app/domain/capabilities.ts). */
export function enforce(capability: Capability): void {
  if (!capability.allowed) throw new AppError(capability.code, capability.reason, capability.params ?? {});
}
