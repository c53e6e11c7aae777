import { useLoaderData } from '@remix-run/react';
import { ProjectLibraryView } from '~/components/project-library-view';
import { constantLibrary } from '~/bench/fixtures';

/**
 * Benchmark baseline: the project library with the same layout and a table of 20 rows, from
 * constant data and no database, so /projects ÷ this measures the data layer's cost.
 */
export async function loader() {
  return constantLibrary();
}

export default function ProjectLibraryBaseline() {
  const data = useLoaderData<typeof loader>();
  return <ProjectLibraryView {...data} />;
}
