import type { LinksFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { FundTraceView } from '~/components/fund-trace-view';
import { constantFundTrace } from '~/bench/fixtures';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

/**
 * Benchmark baseline: a project's public fund trace (a hub contract, 3 subcontracts, 6 payments)
 * from constant data and no database, to compare /projects/:id/funds against.
 */
export async function loader() {
  return constantFundTrace();
}

export default function FundsBaseline() {
  const data = useLoaderData<typeof loader>();
  return <FundTraceView {...data} />;
}
