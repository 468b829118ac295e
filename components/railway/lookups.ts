import type { RailwayClient } from "./client.ts";
import { projects } from "./operations/projects.ts";

/** Every project the token can see (in one workspace when given), across all pages. */
export async function allProjects(client: RailwayClient, workspaceId?: string) {
  const found: Array<{ id: string; name: string; createdAt: string }> = [];
  let after: string | undefined;
  do {
    const page = await client.run(projects, {
      ...(workspaceId ? { workspaceId } : {}),
      first: 100,
      ...(after ? { after } : {}),
    });
    found.push(...page.items);
    after = page.nextCursor;
  } while (after);
  return found;
}

/** Every project of that name the token can see (in one workspace when given). */
export async function projectsNamed(client: RailwayClient, name: string, workspaceId?: string) {
  return (await allProjects(client, workspaceId)).filter((project) => project.name === name);
}
