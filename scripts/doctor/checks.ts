import {
  brokerConnection,
  brokerEndpoint,
  brokerUrlProblems,
  celeryWorkerCommand,
  knownErrors,
  logsBelowInfo,
  readyLine,
  runsCeleryWorker,
  withInfoLogLevel,
  workerLogLevel,
  workerLogLevelOption,
} from "../../components/celery/index.ts";
import { withoutCredentials } from "../../components/railway/index.ts";
import { type Explanation, explainDeployment } from "./explain.ts";
import type { DoctorFacts, ServiceFacts } from "./facts.ts";
import { brokerUrlDifferences, describeDifferences } from "./urlDiff.ts";

/** The ids, in the order a person would check them by hand (docs/troubleshooting-guide.md). */
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
  /**
   * True when the check could not be judged because an earlier one failed: the message says why and
   * names that check; `fix` is empty (the earlier check's fix is the one to apply). Not a failure.
   */
  skipped?: boolean;
  message: string;
  fix: string;
  /** The log lines that explain a failed deployment (redacted), shown with the finding. */
  lines?: string[];
}

export interface CheckOptions {
  celeryApp: string;
  concurrency: number;
  brokerVariable: string;
}

const pass = (id: CheckId, message: string): CheckResult => ({ id, ok: true, message, fix: "" });
const fail = (id: CheckId, message: string, fix: string, lines?: string[]): CheckResult => ({
  id,
  ok: false,
  message,
  fix,
  ...(lines && lines.length > 0 ? { lines } : {}),
});
/** Not judged: `reason` says why, `after` names the failed check that explains it. */
const skip = (id: CheckId, after: CheckId, reason: string): CheckResult => ({
  id,
  ok: false,
  skipped: true,
  message: `not checked: ${reason} (see ${after})`,
  fix: "",
});

const messages = (service: ServiceFacts) => service.logs.map((line) => line.message);

function host(url: string | undefined): string {
  if (!url) return "(none)";
  const endpoint = brokerEndpoint(url);
  return endpoint ? `${endpoint.host}:${endpoint.port}` : withoutCredentials(url);
}

/** What the checks share: the facts, the options, each deployment's explanation, and the results so far. */
interface Context {
  facts: DoctorFacts;
  options: CheckOptions;
  /** Why a service's latest deployment did not succeed; undefined when it did (or there is none). */
  explained: { api: Explanation | undefined; worker: Explanation | undefined };
  results: Map<CheckId, CheckResult>;
}

const failed = (context: Context, id: CheckId) => {
  const result = context.results.get(id);
  return result !== undefined && !result.ok && !result.skipped;
};

function explain(service: ServiceFacts): Explanation | undefined {
  const status = service.latestDeployment?.status;
  if (!service.exists || status === undefined || status === "SUCCESS") return undefined;
  return explainDeployment(status, service.buildLogs, service.logs);
}

function exists(id: CheckId, service: ServiceFacts, role: string, fix: string): CheckResult {
  return service.exists
    ? pass(id, `${service.name} exists`)
    : fail(id, `there is no ${role} service "${service.name}"`, fix);
}

function deployed(
  id: CheckId,
  after: CheckId,
  service: ServiceFacts,
  role: "api" | "worker",
  explanation: Explanation | undefined,
): CheckResult {
  if (!service.exists) return skip(id, after, `${service.name} does not exist`);
  const latest = service.latestDeployment;
  if (!latest) {
    return fail(
      id,
      `${service.name} has never been deployed`,
      "deploy it: `pulumi up`, or Deploy in the dashboard",
    );
  }
  if (!explanation) return pass(id, `${service.name}'s latest deployment is SUCCESS`);
  const again = "then deploy again (`pulumi up`, or Redeploy in the dashboard)";
  const fixes: Record<Explanation["phase"], string> = {
    build: `fix the build error in the lines shown, ${again}`,
    healthcheck:
      role === "worker"
        ? `a Celery worker serves no HTTP, so Railway's healthcheck can never pass: remove ${service.name}'s healthcheck path, ${again}`
        : `make ${service.name} answer HTTP 200 on ${explanation.healthcheckPath ?? "its healthcheck path"} on $PORT, listening on 0.0.0.0, within the retry window (or fix the path), ${again}`,
    crash: "read the lines shown; the checks below name the usual causes",
    "in-progress": "wait until it has finished, then run the doctor again",
    other: "read the lines shown; deploy again if it should be running",
  };
  return fail(
    id,
    `${service.name}'s latest deployment is ${latest.status}: ${explanation.summary}`,
    fixes[explanation.phase],
    explanation.lines,
  );
}

/**
 * Why the worker's own log cannot say whether it connected and is ready, or undefined when it can: each
 * reason names the failed check that explains it.
 */
function workerLogUnjudgeable(context: Context): { after: CheckId; reason: string } | undefined {
  const { worker } = context.facts;
  const explanation = context.explained.worker;
  if (!worker.exists) return { after: "worker-exists", reason: `${worker.name} does not exist` };
  if (!worker.latestDeployment) {
    return { after: "worker-deployed", reason: `${worker.name} has never been deployed` };
  }
  if (worker.logs.length === 0 && explanation) {
    return {
      after: "worker-deployed",
      reason: `${worker.name}'s latest deployment is ${worker.latestDeployment.status}: ${explanation.summary}`,
    };
  }
  if (!runsCeleryWorker(worker.startCommand, context.options.celeryApp)) {
    return { after: "worker-start-command", reason: `${worker.name} does not run a Celery worker` };
  }
  return undefined;
}

/** `true` when the worker's start command logs below INFO, so Celery never prints the line looked for. */
function hiddenByLogLevel(worker: ServiceFacts): boolean {
  return worker.startCommand !== undefined && logsBelowInfo(worker.startCommand);
}

type Check = (context: Context) => CheckResult;

/**
 * The checks, one per id, in order. Each reads the facts and the results before it, so a check that
 * cannot be judged after an earlier failure is skipped with that failure named instead of failing
 * again with a fix that does not apply.
 */
const CHECKS: Record<CheckId, Check> = {
  "api-exists": ({ facts }) =>
    exists("api-exists", facts.api, "API", "run `pulumi up` for this stack; it declares the API service"),

  "worker-exists": ({ facts }) =>
    exists(
      "worker-exists",
      facts.worker,
      "Celery worker",
      "run `pulumi up`; by hand: + New → GitHub Repo, the same repository, root /, Dockerfile `Dockerfile`",
    ),

  "api-deployed": (context) =>
    deployed("api-deployed", "api-exists", context.facts.api, "api", context.explained.api),

  "worker-deployed": (context) =>
    deployed("worker-deployed", "worker-exists", context.facts.worker, "worker", context.explained.worker),

  "worker-start-command": ({ facts: { worker }, options }) => {
    const id = "worker-start-command";
    const command = celeryWorkerCommand({ app: options.celeryApp, concurrency: options.concurrency });
    if (!worker.exists) return skip(id, "worker-exists", `${worker.name} does not exist`);
    if (!worker.startCommand) {
      return fail(
        id,
        `${worker.name} has no start command, so it runs the image's default command (the API)`,
        `set its start command to: ${command}`,
      );
    }
    if (!runsCeleryWorker(worker.startCommand, options.celeryApp)) {
      return fail(
        id,
        `${worker.name}'s start command does not run a Celery worker for ${options.celeryApp}: ${worker.startCommand}`,
        `set its start command to: ${command}`,
      );
    }
    if (logsBelowInfo(worker.startCommand)) {
      const given =
        workerLogLevelOption(worker.startCommand) === undefined
          ? "no --loglevel, so Celery's default, WARNING"
          : `--loglevel ${workerLogLevel(worker.startCommand)}`;
      return fail(
        id,
        `${worker.name} runs a Celery worker with ${given}: below INFO Celery never logs "Connected to redis://…" or "celery@… ready.", so neither \`pulumi up\` nor the doctor can see it work`,
        `add --loglevel=info: ${withInfoLogLevel(worker.startCommand)}`,
      );
    }
    return pass(id, `${worker.name} runs: ${worker.startCommand}`);
  },

  "variables-match": ({ facts: { api, worker } }) => {
    const id = "variables-match";
    if (!api.exists) return skip(id, "api-exists", `${api.name} does not exist`);
    if (!worker.exists) return skip(id, "worker-exists", `${worker.name} does not exist`);
    const missing = api.variableNames.filter((name) => !worker.variableNames.includes(name));
    return missing.length === 0
      ? pass(id, `${worker.name} has every variable ${api.name} has (${api.variableNames.length})`)
      : fail(
          id,
          `${worker.name} lacks ${missing.join(", ")}, which ${api.name} has`,
          "give the worker the same variables as the API (declare them once: CeleryApp's variables reach both)",
        );
  },

  "redis-url-same": ({ facts: { api, worker }, options: { brokerVariable: variable } }) => {
    const id = "redis-url-same";
    if (!api.exists) return skip(id, "api-exists", `${api.name} does not exist`);
    if (!worker.exists) return skip(id, "worker-exists", `${worker.name} does not exist`);
    if (!api.brokerUrl || !worker.brokerUrl) {
      const without = [api, worker].filter((service) => !service.brokerUrl).map((service) => service.name);
      return fail(
        id,
        `${without.join(" and ")} ${without.length > 1 ? "have" : "has"} no ${variable}`,
        `set ${variable} on both services to the same broker (e.g. \${{shared.${variable}}} or \${{Redis.REDIS_URL}})`,
      );
    }
    if (api.brokerUrl === worker.brokerUrl) return pass(id, `both use ${host(api.brokerUrl)}`);
    const differences = brokerUrlDifferences(api.brokerUrl, worker.brokerUrl);
    if (differences?.length === 0) {
      return pass(id, `both use ${host(api.brokerUrl)} (written differently, the same broker and database)`);
    }
    const how = differences
      ? describeDifferences(differences)
      : `${api.name} uses ${host(api.brokerUrl)}, ${worker.name} uses ${host(worker.brokerUrl)}`;
    // A service that sets CELERY_BROKER_URL connects there, whatever its REDIS_URL says.
    const overriding = [api, worker].filter((service) => service.brokerVariable !== variable);
    if (overriding.length > 0) {
      const which = overriding.map((service) => `${service.name}'s ${service.brokerVariable}`).join(" and ");
      return fail(
        id,
        `the broker differs between ${api.name} and ${worker.name}: ${how} (${which}, which Celery reads before ${variable})`,
        `remove ${overriding[0]?.brokerVariable} from ${overriding.map((service) => service.name).join(" and ")}, or set it to the same broker, then redeploy`,
      );
    }
    return fail(
      id,
      `${variable} differs between ${api.name} and ${worker.name}: ${how}`,
      `make both services use the same ${variable}, then redeploy the worker`,
    );
  },

  "redis-url-form": (context) => {
    const id = "redis-url-form";
    const { api, worker } = context.facts;
    const variable = context.options.brokerVariable;
    const urls = [api, worker].filter((service) => service.brokerUrl);
    if (urls.length === 0) {
      const after: CheckId = !api.exists ? "api-exists" : !worker.exists ? "worker-exists" : "redis-url-same";
      return skip(id, after, `neither service has a ${variable}`);
    }
    const problems = urls.flatMap((service) =>
      brokerUrlProblems(service.brokerUrl ?? "").map(
        (problem) => `${service.name}'s ${service.brokerVariable} ${problem}`,
      ),
    );
    return problems.length > 0
      ? fail(
          id,
          problems.join("; "),
          "use rediss://default:<password>@<host>:6379?ssl_cert_reqs=none for Upstash and other TLS brokers",
        )
      : pass(id, `${variable} is a well-formed Redis URL on ${urls.map((s) => s.name).join(" and ")}`);
  },

  "worker-connected": (context) => {
    const id = "worker-connected";
    const unjudgeable = workerLogUnjudgeable(context);
    if (unjudgeable) return skip(id, unjudgeable.after, unjudgeable.reason);
    const { api, worker } = context.facts;
    const variable = context.options.brokerVariable;
    const connection = brokerConnection(messages(worker));
    if (!connection && hiddenByLogLevel(worker)) {
      return skip(
        id,
        "worker-start-command",
        `${worker.name} logs below INFO, where Celery does not print it`,
      );
    }
    if (!connection) {
      const cause = (["redis-url-same", "redis-url-form"] as const).filter((check) => failed(context, check));
      return fail(
        id,
        `${worker.name}'s log has no "Connected to redis://…" line: its Celery worker did not reach a broker`,
        cause.length > 0
          ? `fix the worker's ${variable} as ${cause.join(" and ")} says, then redeploy the worker`
          : `read ${worker.name}'s log lines (worker-deployed, known-errors) for why it did not reach its broker`,
      );
    }
    const expected = api.brokerUrl ? brokerEndpoint(api.brokerUrl)?.host : undefined;
    if (expected && connection.host !== expected) {
      return fail(
        id,
        `${worker.name} is connected to ${connection.host}, but ${api.name}'s ${variable} points at ${expected}`,
        `make the worker use the API's ${variable}: tasks go to one Redis and the worker listens on another`,
      );
    }
    return pass(id, `${worker.name} is connected to ${connection.host}:${connection.port}`);
  },

  "worker-ready": (context) => {
    const id = "worker-ready";
    const unjudgeable = workerLogUnjudgeable(context);
    if (unjudgeable) return skip(id, unjudgeable.after, unjudgeable.reason);
    const { worker } = context.facts;
    const ready = readyLine(messages(worker));
    if (ready) return pass(id, ready.trim());
    if (hiddenByLogLevel(worker)) {
      return skip(
        id,
        "worker-start-command",
        `${worker.name} logs below INFO, where Celery does not print it`,
      );
    }
    return fail(
      id,
      `${worker.name}'s log has no "celery@… ready." line`,
      "see worker-connected and known-errors",
    );
  },

  "known-errors": (context) => {
    const id = "known-errors";
    const { api, worker } = context.facts;
    const lines = [api.logs, worker.logs, api.buildLogs, worker.buildLogs].flat().map((line) => line.message);
    const errors = knownErrors(lines);
    // Below INFO a worker logs no "received" line, so a task it did receive cannot be told from one it did not.
    const unreceived = hiddenByLogLevel(worker) ? [] : tasksNeverReceived(messages(api), messages(worker));
    if (errors.length === 0 && unreceived.length === 0)
      return pass(id, "no known error lines in recent logs");
    const found = errors.map((entry) => `"${entry.line.trim()}": ${entry.error.cause}`);
    const fixes = errors.map((entry) => entry.error.fix);
    if (unreceived.length > 0) {
      found.push(
        `${unreceived.length} task(s) submitted by ${api.name} were never received by ${worker.name}: ${unreceived.join(", ")}`,
      );
      fixes.push(unreceivedFix(context));
    }
    return fail(id, found.join("; "), [...new Set(fixes)].join("; "));
  },
};

/** What to do about tasks the worker never received, from the check that explains why. */
function unreceivedFix(context: Context): string {
  const { api, worker } = context.facts;
  const queued = "tasks wait in Redis until a worker takes them";
  if (failed(context, "worker-exists")) return `create ${worker.name} (see worker-exists); ${queued}`;
  // A crashed worker did start: what made it crash (its broker, usually) is the fix, below.
  const phase = context.explained.worker?.phase;
  if (failed(context, "worker-deployed") && phase !== "crash") {
    return `get ${worker.name} deployed and running (see worker-deployed); ${queued}`;
  }
  if (failed(context, "worker-start-command")) {
    return `give ${worker.name} a Celery start command (see worker-start-command); ${queued}`;
  }
  return `make ${worker.name} use the same ${context.options.brokerVariable} as ${api.name}, and keep it running`;
}

/** Runs every check over the facts, in CHECK_IDS order; pure, so each rule is testable on its own. */
export function runChecks(facts: DoctorFacts, options: CheckOptions): CheckResult[] {
  const context: Context = {
    facts,
    options,
    explained: { api: explain(facts.api), worker: explain(facts.worker) },
    results: new Map(),
  };
  for (const id of CHECK_IDS) context.results.set(id, CHECKS[id](context));
  return [...context.results.values()];
}

/** Task ids the API logged as submitted that no worker line mentions ("task received but not processed"). */
export function tasksNeverReceived(apiLogs: readonly string[], workerLogs: readonly string[]): string[] {
  const submitted = apiLogs.flatMap((line) => /Submitted generation task (\S+)/.exec(line)?.[1] ?? []);
  const worker = workerLogs.join("\n");
  return submitted.filter((taskId) => !worker.includes(taskId));
}
