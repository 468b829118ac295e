import { stringAt } from "../model/json.ts";
import type { DeploySnapshot, RelativeLine } from "../model/records.ts";
import type { ResolvedRepoProfile } from "../model/repos.ts";
import { error, info } from "./process.ts";

// The build phase of a deployment: what Railway's build log shows, and whether it fails.

export const BUILD_MS = 20_000;

export type BuildKind = "dockerfile" | "railpack" | "nixpacks" | "image";

export interface BuildPlan {
  kind: BuildKind;
  lines: RelativeLine[];
  /** Offset (from BUILDING) at which the build fails, or null when it succeeds. */
  failAt: number | null;
}

export function planBuild(snapshot: DeploySnapshot, profile: ResolvedRepoProfile | null): BuildPlan {
  const { repo, branch, image, rootDirectory, commitSha } = snapshot.source;
  if (image !== undefined || repo === undefined) {
    const name = image ?? "unknown";
    return {
      kind: "image",
      lines: [
        info(0, `Pulling image ${name}`),
        info(4000, `Image ${name} pulled`),
        info(BUILD_MS - 100, "Build time: 20.00 seconds"),
      ],
      failAt: null,
    };
  }
  const lines: RelativeLine[] = [
    info(0, "[Region: us-west2]"),
    info(100, `Cloning ${repo}@${branch ?? "main"}${commitSha ? ` (${commitSha.slice(0, 7)})` : ""}`),
  ];
  if (profile?.branches && branch !== undefined && !profile.branches.includes(branch)) {
    return {
      kind: "dockerfile",
      lines: [...lines, error(1000, `Branch not found: ${branch} does not exist in ${repo}`)],
      failAt: 1500,
    };
  }
  if (rootDirectory && rootDirectory !== "/") lines.push(info(200, `Using root directory ${rootDirectory}`));
  const builder = stringAt(snapshot.build, "builder");
  const dockerfilePath = stringAt(snapshot.build, "dockerfilePath");
  const buildCommand = stringAt(snapshot.build, "buildCommand");
  // A root Dockerfile is auto-detected unless another builder is forced (docs/railway-api-notes.md, "Service
  // settings").
  const explicitDockerfile = builder === "DOCKERFILE" || dockerfilePath !== undefined;
  const detected = (builder === undefined || builder === "RAILPACK") && profile?.dockerfile !== false;
  if (explicitDockerfile || detected) {
    if (!dockerfilePath && profile?.dockerfile === false) {
      return {
        kind: "dockerfile",
        lines: [...lines, error(1000, "Dockerfile `Dockerfile` does not exist")],
        failAt: 1500,
      };
    }
    lines.push(
      info(300, "=========================="),
      info(300, dockerfilePath ? `Using Dockerfile at ${dockerfilePath}` : "Using Detected Dockerfile"),
      info(300, "=========================="),
      info(1000, `load build definition from ${dockerfilePath ?? "Dockerfile"}`),
      info(2000, "[1/5] FROM docker.io/library/python:3.12-slim"),
      info(3000, "[2/5] WORKDIR /app"),
      info(4000, "[3/5] COPY requirements.txt ."),
      info(5000, "[4/5] RUN pip install --no-cache-dir -r requirements.txt"),
      info(15000, "[5/5] COPY . ."),
      info(17000, "exporting to image"),
    );
    lines.push(info(BUILD_MS - 100, "Build time: 20.00 seconds"));
    return { kind: "dockerfile", lines, failAt: null };
  }
  const kind: BuildKind = builder === "NIXPACKS" ? "nixpacks" : "railpack";
  lines.push(
    info(300, kind === "nixpacks" ? "Using Nixpacks" : "Using Railpack"),
    info(1000, "↳ Detected Python"),
    info(2000, "$ pip install -r requirements.txt"),
  );
  if (buildCommand) lines.push(info(12000, `$ ${buildCommand}`));
  lines.push(info(BUILD_MS - 100, "Build time: 20.00 seconds"));
  return { kind, lines, failAt: null };
}
