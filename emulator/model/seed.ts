import type { RepoProfile } from "../types.ts";
import { newId } from "./ids.ts";
import { validateRepoName } from "./repos.ts";
import type { World } from "./world.ts";

// Fixtures a test or a person sets up out of band: users and tokens, workspaces, repos, Redis hosts.

export function seedUser(world: World, email?: string): { userId: string; accountToken: string } {
  const address =
    email ?? (world.users.size === 0 ? "dev@example.com" : `user${world.users.size + 1}@example.com`);
  const userId = newId();
  const accountToken = newId();
  world.users.set(userId, {
    id: userId,
    email: address,
    name: address.split("@")[0] ?? address,
    createdAt: world.now(),
  });
  world.bearerTokens.set(accountToken, { kind: "account", userId });
  return { userId, accountToken };
}

export function seedWorkspace(
  world: World,
  name: string,
  ownerUserId: string,
): { workspaceId: string; workspaceToken: string } {
  if (!world.users.has(ownerUserId)) throw new Error(`unknown user ${ownerUserId}`);
  const workspaceId = newId();
  const workspaceToken = newId();
  world.workspaces.set(workspaceId, {
    id: workspaceId,
    name,
    memberUserIds: [ownerUserId],
    createdAt: world.now(),
  });
  world.bearerTokens.set(workspaceToken, { kind: "workspace", workspaceId });
  return { workspaceId, workspaceToken };
}

export function seedProjectToken(world: World, projectId: string, environmentId: string): string {
  const environment = world.environments.get(environmentId);
  if (!world.projects.has(projectId)) throw new Error(`unknown project ${projectId}`);
  if (!environment || environment.projectId !== projectId)
    throw new Error(`environment ${environmentId} is not in project ${projectId}`);
  const token = newId();
  world.projectTokens.set(token, {
    id: newId(),
    token,
    name: "seeded",
    projectId,
    environmentId,
    createdAt: world.now(),
  });
  return token;
}

export function seedRepo(world: World, fullName: string, profile: RepoProfile = {}): void {
  validateRepoName(fullName);
  world.repos.set(fullName, { ...profile });
}

export function seedExternalRedis(
  world: World,
  host: string,
  options: { tls: boolean; password?: string },
): void {
  if (!host) throw new Error("host is required");
  world.externalRedis.set(host, {
    tls: options.tls === true,
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
}
