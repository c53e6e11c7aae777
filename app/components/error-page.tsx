import { isRouteErrorResponse, Link } from '@remix-run/react';
import { messageKeyOr, type MessageKey } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';

/** A clear page for every error: what happened in the person's language, and where to go next. */
export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useT();
  let status = 500;
  let messageKey: MessageKey = 'errors.server';
  let params: Record<string, string | number> | undefined;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const body = error.data as { messageKey?: string; params?: Record<string, string | number> } | string | null;
    if (body && typeof body === 'object' && body.messageKey) {
      messageKey = messageKeyOr(body.messageKey, 'errors.server');
      params = body.params;
    } else {
      messageKey =
        status === 404
          ? 'errors.notFound'
          : status === 403
            ? 'errors.forbidden'
            : status === 400
              ? 'errors.invalidInput'
              : status === 503
                ? 'errors.unavailable'
                : 'errors.server';
    }
  }
  return (
    <div className="card" role="alert">
      <h1>{t('errors.title', { status })}</h1>
      <p>{t(messageKey, params)}</p>
      <p className="actions">
        <Link to="/" className="btn secondary">
          {t('errors.home')}
        </Link>
      </p>
    </div>
  );
}
