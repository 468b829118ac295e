import { brokerEndpoint, brokerUrlProblems, withoutCredentials } from "../../components/celery/brokerUrl.ts";
import { brokerConnection, knownErrors, readyLine } from "../../components/celery/workerLogs.ts";
import { celeryWorkerCommand, runsCeleryWorker } from "../../components/startCommand.ts";
import type { DoctorFacts, ServiceFacts } from "./facts.ts";

/** The ids, in the order a person would check them by hand (SCENARIO.md). */
export const CHECK_IDS = [
  "api-exists",
  "worker-exists",
  "api-deployed",
  "worker-deployed",
  "worker-start-command",
  "variables-match",
  "redis-url-same",
  "redis-url-form",
  "worker-connected",
  "worker-ready",
  "known-errors",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  id: CheckId;
  ok: boolean;
  /** True when the check could not be evaluated because an earlier one failed (named in the message). */
  skipped?: boolean;
  message: string;
  fix: string;
}

export interface CheckOptions {
  celeryApp: string;
  concurrency: number;
  brokerVariable: string;
}

const pass = (id: CheckId, message: string): CheckResult => ({ id, ok: true, message, fix: "" });
const fail = (id: CheckId, message: string, fix: string): CheckResult => ({ id, ok: false, message, fix });
const skip = (id: CheckId, because: string): CheckResult => ({
  id,
  ok: false,
  skipped: true,
  message: `not checked: ${because}`,
  fix: "",
});

function host(url: string | undefined): string {
  if (!url) return "(none)";
  const endpoint = brokerEndpoint(url);
  return endpoint ? `${endpoint.host}:${endpoint.port}` : withoutCredentials(url);
}

function lastLines(service: ServiceFacts, count = 5): string {
  const lines = [...service.buildLogs.slice(-2), ...service.logs].slice(-count);
  return lines.length > 0 ? ` Last log lines:\n${lines.map((line) => `      ${line}`).join("\n")}` : "";
}

function exists(id: CheckId, service: ServiceFacts, role: string, fix: string): CheckResult {
  return service.exists
    ? pass(id, `${service.name} exists`)
    : fail(id, `there is no ${role} service "${service.name}"`, fix);
}

function deployed(id: CheckId, service: ServiceFacts): CheckResult {
  if (!service.exists) return skip(id, `${service.name} does not exist`);
  const latest = service.latestDeployment;
  if (!latest) {
    return fail(
      id,
      `${service.name} has never been deployed`,
      "deploy it: `pulumi up`, or Deploy in the dashboard",
    );
  }
  if (latest.status === "SUCCESS") return pass(id, `${service.name}'s latest deployment is SUCCESS`);
  return fail(
    id,
    `${service.name}'s latest deployment is ${latest.status}.${lastLines(service)}`,
    "read the lines above; the checks below name the usual causes",
  );
}

/** Runs every check over the facts; pure, so each rule is testable on its own. */
export function runChecks(facts: DoctorFacts, options: CheckOptions): CheckResult[] {
  const { api, worker } = facts;
  const variable = options.brokerVariable;
  const workerCommand = celeryWorkerCommand({ app: options.celeryApp, concurrency: options.concurrency });
  const results: CheckResult[] = [];

  results.push(
    exists("api-exists", api, "API", "run `pulumi up` for this stack; it declares the API service"),
    exists(
      "worker-exists",
      worker,
      "Celery worker",
      "run `pulumi up`; by hand: + New → GitHub Repo, the same repository, root /, Dockerfile `Dockerfile`",
    ),
    deployed("api-deployed", api),
    deployed("worker-deployed", worker),
  );

  if (!worker.exists) {
    results.push(skip("worker-start-command", `${worker.name} does not exist`));
  } else if (!worker.startCommand) {
    results.push(
      fail(
        "worker-start-command",
        `${worker.name} has no start command, so it runs the image's default command (the API)`,
        `set its start command to: ${workerCommand}`,
      ),
    );
  } else if (!runsCeleryWorker(worker.startCommand, options.celeryApp)) {
    results.push(
      fail(
        "worker-start-command",
        `${worker.name}'s start command does not run a Celery worker for ${options.celeryApp}: ${worker.startCommand}`,
        `set its start command to: ${workerCommand}`,
      ),
    );
  } else {
    results.push(pass("worker-start-command", `${worker.name} runs: ${worker.startCommand}`));
  }

  if (!api.exists || !worker.exists) {
    results.push(
      skip("variables-match", "both services must exist"),
      skip("redis-url-same", "both services must exist"),
    );
  } else {
    const missing = api.variableNames.filter((name) => !worker.variableNames.includes(name));
    results.push(
      missing.length === 0
        ? pass(
            "variables-match",
            `${worker.name} has every variable ${api.name} has (${api.variableNames.length})`,
          )
        : fail(
            "variables-match",
            `${worker.name} lacks ${missing.join(", ")}, which ${api.name} has`,
            `give the worker the same variables as the API (declare them once: CeleryApp's variables reach both)`,
          ),
    );
    if (!api.brokerUrl || !worker.brokerUrl) {
      const without = [api, worker].filter((service) => !service.brokerUrl).map((service) => service.name);
      results.push(
        fail(
          "redis-url-same",
          `${without.join(" and ")} ${without.length > 1 ? "have" : "has"} no ${variable}`,
          `set ${variable} on both services to the same broker (e.g. \${{shared.${variable}}} or \${{Redis.REDIS_URL}})`,
        ),
      );
    } else if (api.brokerUrl !== worker.brokerUrl) {
      results.push(
        fail(
          "redis-url-same",
          `${variable} differs: ${api.name} uses ${host(api.brokerUrl)}, ${worker.name} uses ${host(worker.brokerUrl)}`,
          `make both services use the same ${variable}, then redeploy the worker`,
        ),
      );
    } else {
      results.push(pass("redis-url-same", `both use ${host(api.brokerUrl)}`));
    }
  }

  const urls = [api, worker].filter((service) => service.brokerUrl);
  const formProblems = urls.flatMap((service) =>
    brokerUrlProblems(service.brokerUrl ?? "").map((problem) => `${service.name}'s ${variable} ${problem}`),
  );
  if (urls.length === 0) results.push(skip("redis-url-form", `neither service has a ${variable}`));
  else if (formProblems.length > 0) {
    results.push(
      fail(
        "redis-url-form",
        formProblems.join("; "),
        "use rediss://default:<password>@<host>:6379?ssl_cert_reqs=none for Upstash and other TLS brokers",
      ),
    );
  } else
    results.push(
      pass(
        "redis-url-form",
        `${variable} is a well-formed Redis URL on ${urls.map((s) => s.name).join(" and ")}`,
      ),
    );

  if (!worker.exists || !worker.latestDeployment) {
    const because = worker.exists ? `${worker.name} has no deployment` : `${worker.name} does not exist`;
    results.push(skip("worker-connected", because), skip("worker-ready", because));
  } else {
    const connection = brokerConnection(worker.logs);
    const expected = api.brokerUrl ? brokerEndpoint(api.brokerUrl)?.host : undefined;
    if (!connection) {
      results.push(
        fail(
          "worker-connected",
          `${worker.name}'s log has no "Connected to redis://…" line`,
          `give the worker the API's ${variable} and a Celery start command, then redeploy it`,
        ),
      );
    } else if (expected && connection.host !== expected) {
      results.push(
        fail(
          "worker-connected",
          `${worker.name} is connected to ${connection.host}, but ${api.name}'s ${variable} points at ${expected}`,
          `make the worker use the API's ${variable}: tasks go to one Redis and the worker listens on another`,
        ),
      );
    } else {
      results.push(
        pass("worker-connected", `${worker.name} is connected to ${connection.host}:${connection.port}`),
      );
    }
    const ready = readyLine(worker.logs);
    results.push(
      ready
        ? pass("worker-ready", ready.trim())
        : fail(
            "worker-ready",
            `${worker.name}'s log has no "celery@… ready." line`,
            "see worker-connected and known-errors",
          ),
    );
  }

  const errors = knownErrors([...api.logs, ...worker.logs, ...api.buildLogs, ...worker.buildLogs]);
  const unreceived = tasksNeverReceived(api.logs, worker.logs);
  if (errors.length === 0 && unreceived.length === 0) {
    results.push(pass("known-errors", "no known error lines in recent logs"));
  } else {
    const found = errors.map((entry) => `"${entry.line.trim()}": ${entry.error.cause}`);
    const fixes = errors.map((entry) => entry.error.fix);
    if (unreceived.length > 0) {
      found.push(
        `${unreceived.length} task(s) submitted by ${api.name} were never received by ${worker.name}: ${unreceived.join(", ")}`,
      );
      fixes.push(`make ${worker.name} use the same ${variable} as ${api.name}, and keep it running`);
    }
    results.push(fail("known-errors", found.join("; "), [...new Set(fixes)].join("; ")));
  }
  return results;
}

/** Task ids the API logged as submitted that no worker line mentions ("task received but not processed"). */
export function tasksNeverReceived(apiLogs: readonly string[], workerLogs: readonly string[]): string[] {
  const submitted = apiLogs.flatMap((line) => /Submitted generation task (\S+)/.exec(line)?.[1] ?? []);
  const worker = workerLogs.join("\n");
  return submitted.filter((taskId) => !worker.includes(taskId));
}
