import { useLoaderData } from '@remix-run/react';
import { ProjectView } from '~/components/project-view';
import { constantProject } from '~/bench/fixtures';

/**
 * Benchmark baseline: a project page in public notice (criteria, an amendment, a ranking of five
 * bids with explanations) from constant data and no database, to compare /projects/:id against.
 */
export async function loader() {
  return constantProject();
}

export default function ProjectBaseline() {
  const data = useLoaderData<typeof loader>();
  return <ProjectView {...data} />;
}
