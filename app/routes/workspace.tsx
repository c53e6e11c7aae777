import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { db } from '~/lib/db.server';
import { now } from '~/lib/clock.server';
import { loaderOf } from '~/lib/http.server';
import { workspaceOf } from '~/queries/workspace/index.server';
import { WorkspaceView } from '~/components/workspace-view';
import { translator } from '~/i18n/i18n';

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('nav.workspace') }];
};

/** What waits for the signed-in person, by role (app/queries/workspace/); the landing page after sign-in. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const at = now();
  const w = await workspaceOf(db(), me.actor, at);
  return {
    user: { id: me.user.id, displayName: me.user.displayName },
    now: at.toISOString(),
    ...w,
    reviews: can(me.actor, 'filing:queue'),
  };
});

export default function Workspace() {
  const data = useLoaderData<typeof loader>();
  return <WorkspaceView {...data} />;
}
