import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringAt } from "../model/json.ts";
import type { DeploymentRecord } from "../model/records.ts";
import { containerArgv } from "./container-command.ts";
import { parseDockerfile } from "./dockerfile.ts";

// What a real deployment runs, from its snapshot: the folder a repository maps to (or Debian's
// redis-server for a `redis` image), the argv by Railway's start-command rules, and the environment Railway
// would inject, plus the emulator's own plumbing (OMNIDOC_EMULATOR_*, PYTHONPATH) that maps the private
// network onto loopback. Nothing is cloned or built: the folder runs in place with this machine's packages.

/** The PATH of a Debian image (debian:bookworm's), so processes find Debian's python3, not a developer's. */
const IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/** Port of the redis image's server inside its container, as `${{Redis.REDIS_URL}}` uses it. */
export const REDIS_CONTAINER_PORT = 6379;

export type RealSource = { kind: "repo"; folder: string } | { kind: "redis" };

/** Which deployments run for real: a repository mapped to a folder, or a `redis` image. */
export function realSourceOf(
  repos: Readonly<Record<string, string>>,
  source: DeploymentRecord["snapshot"]["source"],
): RealSource | null {
  if (source.repo !== undefined) {
    const folder = repos[source.repo];
    return folder === undefined ? null : { kind: "repo", folder: resolve(folder) };
  }
  if (source.image !== undefined && /(^|\/)redis(:|@|$)/i.test(source.image)) return { kind: "redis" };
  return null;
}

export interface Plumbing {
  /** Loopback port assigned to this deployment ($PORT, or redis-server's --port). */
  listenPort: number;
  networkFile: string;
  dataDir: string;
  /** Folder holding the emulator's sitecustomize.py. */
  pythonDir: string;
  /** Folder whose redis-server binds loopback and the assigned port. */
  redisShimDir: string;
  redisServer: string;
}

export type LaunchPlan =
  | {
      ok: true;
      buildLines: string[];
      argv: string[];
      cwd: string;
      env: Record<string, string>;
      /** The private domain's port → this loopback port. */
      route: { port: number; target: number };
      /** When it counts as up without a healthcheck: its port accepts connections, or it is started. */
      readiness: "port" | "started";
    }
  | { ok: false; buildLines: string[] };

export function planLaunch(deployment: DeploymentRecord, source: RealSource, plumbing: Plumbing): LaunchPlan {
  const { snapshot } = deployment;
  const startCommand = stringAt(snapshot.deploy, "startCommand");
  const variables = snapshot.variables;
  const port = Number.parseInt(variables.PORT ?? "", 10) || plumbing.listenPort;
  const base: Record<string, string> = {
    PATH: IMAGE_PATH,
    HOME: plumbing.dataDir,
    HOSTNAME: deployment.containerId,
    PORT: String(port),
  };
  const railway = deploymentVariables(deployment);
  const emulatorOnly = {
    OMNIDOC_EMULATOR_NETWORK: plumbing.networkFile,
    PYTHONPYCACHEPREFIX: join(plumbing.dataDir, "pycache"),
  };

  if (source.kind === "redis") {
    const image = snapshot.source.image ?? "redis";
    const argv = containerArgv({
      startCommand,
      execForm: true,
      image: { entrypoint: [], cmd: ["redis-server"] },
    });
    return {
      ok: true,
      buildLines: [
        `Pulling image ${image}`,
        `[emulator] image ${image} runs as this machine's ${plumbing.redisServer}, on 127.0.0.1:${plumbing.listenPort}`,
      ],
      argv: argv ?? ["redis-server"],
      cwd: plumbing.dataDir,
      env: {
        ...base,
        ...variables,
        ...railway,
        ...emulatorOnly,
        PATH: `${plumbing.redisShimDir}:${IMAGE_PATH}`,
        OMNIDOC_EMULATOR_REDIS_SERVER: plumbing.redisServer,
        OMNIDOC_EMULATOR_LISTEN_PORT: String(plumbing.listenPort),
        OMNIDOC_EMULATOR_DATA_DIR: plumbing.dataDir,
      },
      route: { port: REDIS_CONTAINER_PORT, target: plumbing.listenPort },
      readiness: "port",
    };
  }

  const { repo, branch, commitSha, rootDirectory } = snapshot.source;
  const folder = join(source.folder, (rootDirectory ?? "/").replace(/^\/+/, ""));
  const dockerfilePath = stringAt(snapshot.build, "dockerfilePath");
  const dockerfile = join(folder, dockerfilePath ?? "Dockerfile");
  const lines = [
    `[emulator] ${repo}@${branch ?? "main"}${commitSha ? ` (${commitSha.slice(0, 7)})` : ""} runs from the local folder ${folder}: nothing is cloned or built`,
  ];
  if (!existsSync(folder))
    return {
      ok: false,
      buildLines: [...lines, `Root directory ${rootDirectory ?? "/"} does not exist (no folder ${folder})`],
    };
  if (!existsSync(dockerfile)) {
    return {
      ok: false,
      buildLines: [...lines, `Dockerfile \`${dockerfilePath ?? "Dockerfile"}\` does not exist`],
    };
  }
  const image = parseDockerfile(readFileSync(dockerfile, "utf8"));
  lines.push(
    "==========================",
    dockerfilePath ? `Using Dockerfile at ${dockerfilePath}` : "Using Detected Dockerfile",
    "==========================",
    ...image.instructions
      .filter((step) => step.keyword === "ENV" || step.keyword === "CMD" || step.keyword === "ENTRYPOINT")
      .map((step) => `[emulator] from the Dockerfile: ${step.keyword} ${step.text}`),
    "Build time: 0.00 seconds",
  );
  const argv = containerArgv({ startCommand, execForm: true, image });
  if (!argv) return { ok: false, buildLines: [...lines, "No start command was found"] };
  const pythonPath = [plumbing.pythonDir, image.env.PYTHONPATH ?? variables.PYTHONPATH ?? ""].filter(Boolean);
  return {
    ok: true,
    buildLines: lines,
    argv,
    cwd: folder,
    env: {
      ...base,
      ...image.env,
      ...variables,
      ...railway,
      ...emulatorOnly,
      PYTHONPATH: pythonPath.join(":"),
    },
    route: { port, target: port },
    readiness: "started",
  };
}

/** Railway-provided variables of one deployment (docs: variables reference), beyond the service's own. */
function deploymentVariables(deployment: DeploymentRecord): Record<string, string> {
  const { repo, branch, commitSha } = deployment.snapshot.source;
  const out: Record<string, string> = {
    RAILWAY_DEPLOYMENT_ID: deployment.id,
    RAILWAY_REPLICA_ID: `${deployment.containerId}-0`,
  };
  if (commitSha) out.RAILWAY_GIT_COMMIT_SHA = commitSha;
  if (branch) out.RAILWAY_GIT_BRANCH = branch;
  if (repo) {
    const [owner, name] = repo.split("/");
    out.RAILWAY_GIT_REPO_OWNER = owner ?? "";
    out.RAILWAY_GIT_REPO_NAME = name ?? "";
  }
  return out;
}
