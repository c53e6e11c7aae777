import type { LinksFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ContractView } from '~/components/contract/contract-view';
import { constantContract } from '~/bench/fixtures';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

/**
 * Benchmark baseline: a contract page for the purchasing unit (2 milestones with 3 rounds, 3
 * tranches, 2 subcontracts, a review and a payment form) from constant data and no database, to
 * compare /contracts/:id against.
 */
export async function loader() {
  return constantContract();
}

export default function ContractBaseline() {
  const data = useLoaderData<typeof loader>();
  return <ContractView {...data} />;
}
