import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { fundTrace, fundTraceProject } from '~/queries/contracts.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { loaderOf } from '~/lib/http.server';
import { FundTraceView } from '~/components/fund-trace-view';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? '' }];

/** Public: where a project's money went, contract by contract and payment by payment (no reports, no bank details). */
export const loader = loaderOf(async ({ params }: LoaderFunctionArgs) => {
  // Read together: a draft (answered 404 below) has no signed contract to trace anyway.
  const [project, trace] = await Promise.all([fundTraceProject(db(), params.id!), fundTrace(db(), params.id!)]);
  if (!project || project.status === 'draft') throw new AppError('notFound');
  return { project, trace };
});

export default function FundTrace() {
  const data = useLoaderData<typeof loader>();
  return <FundTraceView {...data} />;
}
