import type { RepoProfile } from "../types.ts";
import type { World } from "./world.ts";

export type ResolvedRepoProfile = Required<Omit<RepoProfile, "branches">> & { branches: string[] | null };

/** An unseeded repo behaves like the omnidoc app: a Dockerfile whose CMD runs the API with uvicorn. */
export const DEFAULT_REPO_PROFILE: ResolvedRepoProfile = {
  defaultBranch: "main",
  branches: null,
  dockerfile: true,
  defaultCommand: "uvicorn src.main:app --host 0.0.0.0 --port $PORT",
  servesPaths: ["/health", "/"],
  celeryApp: "src.tasks.celery_app",
  private: false,
};

export function repoProfile(world: World, fullName: string): ResolvedRepoProfile {
  const seeded = world.repos.get(fullName) ?? {};
  return {
    defaultBranch: seeded.defaultBranch ?? DEFAULT_REPO_PROFILE.defaultBranch,
    branches: seeded.branches ?? null,
    dockerfile: seeded.dockerfile ?? DEFAULT_REPO_PROFILE.dockerfile,
    defaultCommand: seeded.defaultCommand ?? DEFAULT_REPO_PROFILE.defaultCommand,
    servesPaths: seeded.servesPaths ?? DEFAULT_REPO_PROFILE.servesPaths,
    celeryApp: seeded.celeryApp ?? DEFAULT_REPO_PROFILE.celeryApp,
    private: seeded.private ?? DEFAULT_REPO_PROFILE.private,
  };
}

export function validateRepoName(fullName: string): void {
  if (!/^[\w.-]+\/[\w.-]+$/.test(fullName))
    throw new Error(`repo must look like "owner/name", got "${fullName}"`);
}
