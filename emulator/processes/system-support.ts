import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { join } from "node:path";

// Whether this machine can run the real deployments: Debian's redis-server, its `celery` command and the
// Python 3 modules the omnidoc sample app imports (scripts/system-packages.sh installs them).

const SYSTEM_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

export function findExecutable(name: string): string | null {
  for (const dir of SYSTEM_PATH) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not here.
    }
  }
  return null;
}

export interface SystemSupport {
  ok: boolean;
  /** What is missing and how to get it, in one line; empty when ok. */
  reason: string;
  versions: Record<string, string>;
}

export function realProcessSupport(): SystemSupport {
  // A way to run the fast suite only, and to see what a machine without the packages reports.
  if (process.env.OMNIDOC_REAL_PROCESSES === "off")
    return { ok: false, reason: "OMNIDOC_REAL_PROCESSES=off", versions: {} };
  const missing: string[] = [];
  const versions: Record<string, string> = {};
  const redis = findExecutable("redis-server");
  if (!redis) missing.push("redis-server");
  else versions.redis = /v=(\S+)/.exec(run(redis, ["--version"]))?.[1] ?? "unknown";
  if (!findExecutable("celery")) missing.push("the celery command (package celery)");
  const python = findExecutable("python3");
  const modules = python
    ? run(python, [
        "-c",
        "import celery, kombu, redis; print(celery.__version__, kombu.__version__, redis.__version__)",
      ])
    : "";
  const [celery, kombu, redisPy] = modules.trim().split(" ");
  if (!celery || !kombu || !redisPy)
    missing.push("python3 with celery, kombu and redis (python3-celery, python3-kombu, python3-redis)");
  else Object.assign(versions, { celery, kombu, "redis-py": redisPy });
  if (missing.length === 0) return { ok: true, reason: "", versions };
  return {
    ok: false,
    reason: `missing ${missing.join(", ")}: run \`sudo bash scripts/system-packages.sh\` (Debian, needs root and apt-get)`,
    versions,
  };
}

function run(file: string, args: string[]): string {
  const result = spawnSync(file, args, {
    encoding: "utf8",
    timeout: 20_000,
    env: { PATH: SYSTEM_PATH.join(":") },
  });
  return result.status === 0 ? result.stdout : "";
}
