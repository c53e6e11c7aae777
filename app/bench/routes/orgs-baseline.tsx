import { useLoaderData } from '@remix-run/react';
import { DirectoryView } from '~/components/directory-view';
import { constantDirectory } from '~/bench/fixtures';

/**
 * Benchmark baseline (npm run bench): the directory page with the same layout and a table of the
 * same size, from constant data and no database, so /orgs ÷ this measures the data layer's cost.
 */
export async function loader() {
  return constantDirectory();
}

export default function DirectoryBaseline() {
  const data = useLoaderData<typeof loader>();
  return <DirectoryView {...data} />;
}
