/**
 * The rules that keep a Railway app declared with pulumi-railway-app from drifting apart, as CrossGuard
 * policies (@pulumi/policy 1.21; https://www.pulumi.com/docs/iac/using-pulumi/crossguard/). Pure objects:
 * `index.ts` serves them as the pack; the tests call them directly on resources captured from real
 * programs.
 *
 * Resources are matched by their type tokens: `pulumi-nodejs:dynamic/railway:<Kind>` for the package's
 * dynamic resources (docs/pulumi-notes.md, "Serialization of a dynamic provider") and
 * `railway-app:index:RailwayService` / `railway-app:index:CeleryApp` for its components. Rules that look
 * at one resource are resource policies: the engine runs them before that resource is created or
 * updated, during `preview` and `up` alike, so a violation stops the write. Rules across resources are
 * stack policies, which the engine runs once at the end of a preview or an update (on each resource's
 * outputs, which for these resources hold the inputs too); `pulumi up` without a preview runs them after
 * the changes (the Automation API, and so pulumi/actions, skips the preview).
 *
 * What the analyzer sees (read from @pulumi/policy 1.21's server.js and pulumi/pulumi's
 * sdk/go/common/resource/plugin/analyzer_plugin.go): the engine sends secrets along, but the SDK
 * unwraps them for `validateResource` and `validateStack`, so there a Pulumi secret and a plain string
 * look the same. Only `remediateResource` receives them marked (as `Secret` objects). So "is this value a
 * Pulumi secret?" is a remediation here, and the mandatory secret rules check what a policy can see: a
 * password written into a property that Pulumi always stores in plain text. Values not known during a
 * preview make the SDK report a rule as "can't run during preview" (advisory) instead; the rule then
 * runs for real when the values are known.
 */
import {
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  Secret,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { CELERY_BROKER_ENV, celeryBroker } from "../components/celery/brokerUrl.ts";
import { runsCeleryWorker } from "../components/celery/celeryCommand.ts";
import { maskUrlCredentials } from "../components/railway/redact.ts";
import {
  containsUrlCredentials,
  holdsWrittenSecret,
  isPreviewEnvironmentName,
  soleReference,
} from "../components/railway/vocabulary.ts";

// ── Type tokens ──────────────────────────────────────────────────────────────────────────────────────

const DYNAMIC = "pulumi-nodejs:dynamic/railway:";
export const TYPES = {
  Project: `${DYNAMIC}Project`,
  Environment: `${DYNAMIC}Environment`,
  Service: `${DYNAMIC}Service`,
  ServiceSettings: `${DYNAMIC}ServiceSettings`,
  ServiceVariables: `${DYNAMIC}ServiceVariables`,
  SharedVariables: `${DYNAMIC}SharedVariables`,
  ServiceDomain: `${DYNAMIC}ServiceDomain`,
  Deployment: `${DYNAMIC}Deployment`,
  RailwayService: "railway-app:index:RailwayService",
  CeleryApp: "railway-app:index:CeleryApp",
  Stack: "pulumi:pulumi:Stack",
} as const;

/** Resources written to one environment: each must name an environment the stack owns. */
const PER_ENVIRONMENT: readonly string[] = [
  TYPES.ServiceSettings,
  TYPES.ServiceVariables,
  TYPES.SharedVariables,
  TYPES.ServiceDomain,
  TYPES.Deployment,
];

/** The variable a Celery app is given its broker in, unless the policy's config names another. */
const DEFAULT_BROKER_VARIABLE = "REDIS_URL";

/** A value not known yet during a preview, as the engine sends it (docs/pulumi-notes.md). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// ── Reading resources ────────────────────────────────────────────────────────────────────────────────

/**
 * A property's value, or undefined while it is not known (during a preview). The SDK's proxy throws its
 * UnknownValueError on reading such a value; every other error is a bug and goes on.
 */
function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as Error)?.constructor?.name === "UnknownValueError") return undefined;
    throw error;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function stringAt(record: Record<string, unknown>, key: string): string | undefined {
  const value = known(() => record[key]);
  return typeof value === "string" && value !== UNKNOWN ? value : undefined;
}

/** The stack of a URN: `urn:pulumi:<stack>::<project>::<types>::<name>`. */
export function stackOf(urn: string): string {
  return (urn.split("::")[0] ?? "").replace(/^urn:pulumi:/, "");
}

/** The name in a URN (its last part). */
function nameInUrn(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function isSecret(value: unknown): boolean {
  // `instanceof` for the SDK that serves the pack; the class name for a second copy of it (tests).
  return value instanceof Secret || (value as object | null)?.constructor?.name === "Secret";
}

/**
 * Whether a property holds a Pulumi secret, in the view `remediateResource` gets: the SDK keeps secrets
 * there as `Secret` objects behind a proxy that unwraps them on read, and a property's descriptor shows
 * the value the proxy holds.
 */
function holdsSecret(holder: object, key: string): boolean {
  return isSecret(Object.getOwnPropertyDescriptor(holder, key)?.value);
}

/** Every string in a value with its path (`settings.startCommand`, `verify.expect[0].pattern`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  const current = known(() => value);
  if (typeof current === "string") {
    if (current !== UNKNOWN) yield [path, current];
  } else if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index += 1)
      yield* strings(
        known(() => current[index]),
        `${path}[${index}]`,
      );
  } else if (current !== null && typeof current === "object") {
    for (const key of Object.keys(current))
      yield* strings(
        known(() => (current as Record<string, unknown>)[key]),
        path ? `${path}.${key}` : key,
      );
  }
}

/**
 * The properties Pulumi stores in plain text for a resource of this package: everything but its
 * serialized provider, the variable sets (secret in the state, and judged by their own rule), and a
 * Deployment's `declared` (the copy of its service's settings and variables it writes in the commit,
 * which RailwayService always passes as a secret).
 */
function* plainStrings(type: string, props: Record<string, unknown>): Generator<[string, string]> {
  for (const key of Object.keys(props)) {
    if (key === "__provider") continue;
    if (key === "variables" && (type === TYPES.ServiceVariables || type === TYPES.SharedVariables)) continue;
    if (key === "declared" && type === TYPES.Deployment) continue;
    yield* strings(
      known(() => props[key]),
      key,
    );
  }
}

/** One Railway service in one environment, as the stack declares it. */
interface ServiceView {
  key: string;
  name: string;
  environment: string;
  component: PolicyResource | undefined;
  settings: PolicyResource | undefined;
  variables: PolicyResource | undefined;
  domain: PolicyResource | undefined;
  deployment: PolicyResource | undefined;
}

function dependencyOfType(
  resource: PolicyResource,
  property: string,
  type: string,
): PolicyResource | undefined {
  return (resource.propertyDependencies[property] ?? []).find((dependency) => dependency.type === type);
}

/** The environment a resource writes: its Environment resource when it takes that one's id, else the id. */
function environmentKey(resource: PolicyResource): string {
  const environment = dependencyOfType(resource, "environmentId", TYPES.Environment);
  if (environment) return environment.urn;
  return stringAt(resource.props, "environmentId") ?? "";
}

function environmentLabel(key: string, resources: readonly PolicyResource[]): string {
  const environment = resources.find((resource) => resource.urn === key);
  return environment ? (stringAt(environment.props, "name") ?? environment.name) : key || "(unknown)";
}

/** Which service a per-service resource belongs to: its RailwayService, else its Service, else its id. */
function serviceKey(resource: PolicyResource): string {
  if (resource.parent?.type === TYPES.RailwayService) return resource.parent.urn;
  const service = dependencyOfType(resource, "serviceId", TYPES.Service);
  if (service) return service.parent?.type === TYPES.RailwayService ? service.parent.urn : service.urn;
  const id = stringAt(resource.props, "serviceId");
  return id ? `${environmentKey(resource)}/${id}` : resource.urn;
}

function serviceViews(resources: readonly PolicyResource[]): ServiceView[] {
  const views = new Map<string, ServiceView>();
  const slot = {
    [TYPES.ServiceSettings]: "settings",
    [TYPES.ServiceVariables]: "variables",
    [TYPES.ServiceDomain]: "domain",
    [TYPES.Deployment]: "deployment",
  } as const;
  for (const resource of resources) {
    const field = slot[resource.type as keyof typeof slot];
    if (!field) continue;
    const key = serviceKey(resource);
    const component = resource.parent?.type === TYPES.RailwayService ? resource.parent : undefined;
    const view = views.get(key) ?? {
      key,
      name: component?.name ?? resource.name,
      environment: environmentKey(resource),
      component,
      settings: undefined,
      variables: undefined,
      domain: undefined,
      deployment: undefined,
    };
    view[field] = resource;
    if (!component && field === "deployment")
      view.name = stringAt(resource.props, "serviceName") ?? view.name;
    views.set(key, view);
  }
  return [...views.values()];
}

function settingsOf(view: ServiceView): Record<string, unknown> {
  return asRecord(view.settings ? known(() => view.settings?.props.settings) : undefined);
}

/** The environment and the source a service is built from (`acme/shop` at `/`), when it has a repository. */
function sameSourceKey(view: ServiceView): string | undefined {
  const settings = settingsOf(view);
  const repo = stringAt(settings, "repo");
  if (!repo) return undefined;
  const root = (stringAt(settings, "rootDirectory") ?? "/").replace(/^\/*/, "/").replace(/(.)\/+$/, "$1");
  return `${view.environment}\u0000${repo.toLowerCase()}\u0000${root}`;
}

function isCeleryWorker(settings: Record<string, unknown>): boolean {
  return runsCeleryWorker(stringAt(settings, "startCommand"));
}

function underCeleryApp(view: ServiceView): boolean {
  for (let ancestor = view.component?.parent; ancestor; ancestor = ancestor.parent)
    if (ancestor.type === TYPES.CeleryApp) return true;
  return false;
}

function verifiesByLogs(view: ServiceView): boolean {
  const verify = asRecord(view.deployment ? known(() => view.deployment?.props.verify) : undefined);
  return stringAt(verify, "kind") === "logs";
}

/** A broker URL fit for a message: references as written, any password masked. */
function shown(value: string): string {
  return maskUrlCredentials(value);
}

// ── (a) One broker for every Celery service ──────────────────────────────────────────────────────────

export const celerySameBroker: StackValidationPolicy = {
  name: "celery-same-broker",
  description:
    "Every Celery worker, every service of a CeleryApp, and every service built from the same repository and folder as a Celery worker that names a broker (the API that queues tasks) uses the same broker: the same REDIS_URL, or CELERY_BROKER_URL where one is set (Celery reads it first).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { brokerVariable: { type: "string", default: DEFAULT_BROKER_VARIABLE } },
  },
  validateStack: (args, reportViolation) => {
    const broker = args.getConfig<{ brokerVariable?: string }>().brokerVariable ?? DEFAULT_BROKER_VARIABLE;
    const shared = new Map<string, Record<string, unknown>>();
    for (const resource of args.resources)
      if (resource.type === TYPES.SharedVariables)
        shared.set(environmentKey(resource), asRecord(known(() => resource.props.variables)));
    const views = serviceViews(args.resources);
    const celery = new Set(views.filter((view) => isCeleryWorker(settingsOf(view)) || underCeleryApp(view)));
    // A service built from the same source as a Celery worker is that app's API or another of its
    // processes (what a CeleryApp declares): when it names a broker, it must be the workers' one.
    const workerSources = new Set(
      [...celery]
        .filter((view) => isCeleryWorker(settingsOf(view)))
        .map((view) => sameSourceKey(view))
        .filter((key) => key !== undefined),
    );
    const client = (view: ServiceView) => {
      const key = sameSourceKey(view);
      if (key === undefined || !workerSources.has(key) || !view.variables) return false;
      const variables = asRecord(known(() => view.variables?.props.variables));
      return known(() => celeryBroker(variables, broker)) !== undefined;
    };
    const byEnvironment = new Map<string, ServiceView[]>();
    for (const view of views) {
      if (!celery.has(view) && !client(view)) continue;
      byEnvironment.set(view.environment, [...(byEnvironment.get(view.environment) ?? []), view]);
    }
    for (const [environment, views] of byEnvironment) {
      const where = environmentLabel(environment, args.resources);
      // `${{shared.KEY}}` stands for the shared value itself; any other reference is compared as written.
      const resolve = (value: string) => {
        const reference = soleReference(value);
        if (reference?.namespace !== "shared") return value;
        return stringAt(shared.get(environment) ?? {}, reference.key) ?? value;
      };
      const uses: Array<{ view: ServiceView; value: string; variable: string }> = [];
      for (const view of views) {
        const variables = asRecord(view.variables ? known(() => view.variables?.props.variables) : undefined);
        // Read as is: a broker not known during a preview makes the SDK report this rule as not runnable yet.
        const given = view.variables ? celeryBroker(variables, broker) : undefined;
        if (given === undefined) {
          reportViolation(
            `${view.name} runs Celery but declares neither ${broker} nor ${CELERY_BROKER_ENV} in environment ` +
              `${where}, so it would use Celery's default broker and never see the tasks. Fix: give it the same ` +
              `${broker} as the other Celery services (declare them in one CeleryApp, or set ${broker} to the ` +
              "same reference, e.g. ${{Redis.REDIS_URL}}).",
            (view.variables ?? view.settings ?? view.deployment)?.urn,
          );
          continue;
        }
        uses.push({ view, value: resolve(given.url), variable: given.variable });
      }
      const distinct = new Set(uses.map((use) => use.value));
      if (distinct.size <= 1) continue;
      // The broker to align on: the one most services use; on a tie, the one a CeleryApp declares.
      const weight = (value: string) =>
        uses.filter((use) => use.value === value).length * 2 +
        (uses.some((use) => use.value === value && underCeleryApp(use.view)) ? 1 : 0);
      const expected = [...distinct].sort((a, b) => weight(b) - weight(a))[0] ?? "";
      const aligned = uses.filter((use) => use.value === expected);
      // Named in the fix: a service of the same source as the one to fix, else a CeleryApp's, else any.
      const referenceFor = (view: ServiceView) =>
        (
          aligned.find((use) => sameSourceKey(use.view) === sameSourceKey(view) && sameSourceKey(view)) ??
          aligned.find((use) => underCeleryApp(use.view)) ??
          aligned[0]
        )?.view.name;
      const summary = uses
        .map((use) => `${use.view.name} uses ${shown(use.value)} (${use.variable})`)
        .join(", ");
      for (const use of uses) {
        if (use.value === expected) continue;
        const precedence =
          use.variable === CELERY_BROKER_ENV
            ? ` (Celery reads ${CELERY_BROKER_ENV} before the app's own setting: remove it, or set it to the same)`
            : "";
        reportViolation(
          `Celery services in environment ${where} use different brokers: ${summary}. Tasks queued on one ` +
            `broker are never received by a worker on another. Fix: set ${use.view.name}'s ${use.variable} to ` +
            `exactly what ${referenceFor(use.view)} uses (${shown(expected)})${precedence}; one CeleryApp declares it once for all of them.`,
          use.view.variables?.urn,
        );
      }
    }
  },
};

// ── (b) Workers serve no HTTP ────────────────────────────────────────────────────────────────────────

function componentName(args: ResourceValidationArgs): string {
  return args.opts.parent ? nameInUrn(args.opts.parent) : args.name;
}

function workerSettingProblems(settings: Record<string, unknown>, what: string): string[] {
  const problems: string[] = [];
  if (stringAt(settings, "healthcheckPath"))
    problems.push(
      `${what} serves no HTTP, so Railway's healthcheck never passes and every deployment fails after ` +
        "healthcheckTimeout. Fix: remove settings.healthcheckPath (readiness comes from its log lines).",
    );
  if (known(() => settings.sleepApplication) === true)
    problems.push(
      `${what} sleeps when idle and only an inbound request wakes it, which a worker never gets, so queued ` +
        "work would wait forever. Fix: remove settings.sleepApplication (or set it to false).",
    );
  return problems;
}

export const celeryWorkerSettings: ResourceValidationPolicy = {
  name: "celery-worker-no-healthcheck-or-sleep",
  description:
    "A service whose start command runs a Celery worker has no healthcheck path and does not sleep.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.ServiceSettings) return;
    const settings = asRecord(known(() => args.props.settings));
    if (!isCeleryWorker(settings)) return;
    for (const problem of workerSettingProblems(
      settings,
      `${componentName(args)} runs a Celery worker, which`,
    ))
      reportViolation(problem);
  },
};

export const workersServeNoHttp: StackValidationPolicy = {
  name: "workers-serve-no-http",
  description:
    "Workers (Celery workers, and services whose deployment is verified from their logs) have no domain, no healthcheck path and do not sleep.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const view of serviceViews(args.resources)) {
      const settings = settingsOf(view);
      const celery = isCeleryWorker(settings);
      if (!celery && !verifiesByLogs(view)) continue;
      const what = celery
        ? `${view.name} runs a Celery worker, which`
        : `${view.name} is a worker (its readiness is read from its logs), which`;
      if (view.domain)
        reportViolation(
          `${what} serves no HTTP, so a public domain for it only answers errors. Fix: remove its domain ` +
            "(the `domain` argument of its RailwayService, or its ServiceDomain).",
          view.domain.urn,
        );
      // A Celery worker's settings are judged before they are written (celery-worker-no-healthcheck-or-sleep).
      if (!celery)
        for (const problem of workerSettingProblems(settings, what))
          reportViolation(problem, view.settings?.urn);
    }
  },
};

// ── (c) No secret as plain text ──────────────────────────────────────────────────────────────────────

export const noPlainTextCredentials: ResourceValidationPolicy = {
  name: "no-plain-text-credentials",
  description:
    "No password is written into a property Pulumi stores in plain text (settings, start commands, log patterns, names).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!args.type.startsWith(DYNAMIC)) return;
    for (const [path, text] of plainStrings(args.type, args.props)) {
      if (!containsUrlCredentials(text)) continue;
      reportViolation(
        `${args.name}: ${path} holds a URL with a password written in it; Pulumi keeps this property in plain ` +
          "text in the state and shows it in every diff. Fix: put the credential in a service variable read " +
          'with config.requireSecret("…") and use it from there ($NAME in a start command, ${{NAME}} in a variable).',
      );
    }
  },
};

export const secretVariablesAreSecrets: ResourceValidationPolicy = {
  name: "secret-variables-are-secrets",
  description:
    'A variable whose name or value marks a credential (GEMINI_API_KEY, a URL with a password) is a Pulumi secret; this policy makes a plain one secret before it is stored. Fix in the program: read it with config.requireSecret("…").',
  enforcementLevel: "remediate",
  remediateResource: (args) => {
    if (args.type !== TYPES.ServiceVariables && args.type !== TYPES.SharedVariables) return undefined;
    if (holdsSecret(args.props, "variables")) return undefined;
    const variables = known(() => args.props.variables) as Record<string, unknown> | undefined;
    if (!variables || typeof variables !== "object") return undefined;
    let changed = false;
    for (const name of Object.keys(variables)) {
      if (holdsSecret(variables, name)) continue;
      const value = known(() => variables[name]);
      if (typeof value !== "string" || value === UNKNOWN || !holdsWrittenSecret(name, value)) continue;
      variables[name] = new Secret(value);
      changed = true;
    }
    return changed ? args.props : undefined;
  },
};

/** Values of the stack's variables that are credentials written in them, and where each is. */
function credentialValues(resources: readonly PolicyResource[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== TYPES.ServiceVariables && resource.type !== TYPES.SharedVariables) continue;
    const variables = asRecord(known(() => resource.props.variables));
    for (const name of Object.keys(variables)) {
      const value = stringAt(variables, name);
      // Short values ("1", "on") would match everywhere and are no credential.
      if (value && value.length >= 8 && holdsWrittenSecret(name, value))
        found.set(value, `${resource.name}.${name}`);
    }
  }
  return found;
}

export const noSecretCopiedToPlainText: StackValidationPolicy = {
  name: "no-secret-copied-to-plain-text",
  description:
    "A credential held in a variable does not appear again in a property stored in plain text or in a stack output.",
  // Advisory: the analyzer receives secrets unwrapped, so a stack output made secret with pulumi.secret
  // looks the same as a plain one here.
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const credentials = credentialValues(args.resources);
    if (credentials.size === 0) return;
    for (const resource of args.resources) {
      const railway = resource.type.startsWith(DYNAMIC);
      if (!railway && resource.type !== TYPES.Stack) continue;
      const texts = railway ? plainStrings(resource.type, resource.props) : strings(resource.props, "");
      for (const [path, text] of texts) {
        for (const [value, source] of credentials) {
          if (!text.includes(value)) continue;
          reportViolation(
            railway
              ? `${resource.name}: ${path} contains the value of ${source}, a credential, and Pulumi keeps this ` +
                  "property in plain text in the state. Fix: refer to the variable instead ($NAME in a start " +
                  "command, ${{NAME}} in another variable) of copying its value."
              : `The stack output ${path} contains the value of ${source}, a credential. Fix: do not export it ` +
                  "(export names or ids); if another stack needs it, export it wrapped in pulumi.secret(…) — this " +
                  "check cannot see that wrapping, the analyzer receives secrets unwrapped.",
            resource.urn,
          );
        }
      }
    }
  },
};

// ── (d) A preview stack owns only its own environment ────────────────────────────────────────────────

/** `pr-<n>` → n. */
function pullRequestOf(name: string | undefined): string | undefined {
  return name !== undefined && isPreviewEnvironmentName(name) ? name.slice(3) : undefined;
}

const PREVIEW_FIX =
  "A preview stack finds production's project and services through a StackReference to the production " +
  "stack and passes their ids (projectId, existingServiceId), so that `pulumi destroy` of the preview never " +
  "touches production.";

/**
 * What is wrong with one resource of a preview stack. `who` names the stack in messages; `expected` is
 * the one environment name it may declare (`pr-<n>`), when known.
 */
function previewProblems(
  resource: { type: string; props: Record<string, unknown>; name: string },
  who: string,
  expected: string | undefined,
): string[] {
  if (resource.type === TYPES.Project)
    return [
      `${who} declares the Railway project ${resource.name}: it would create, change or delete a project, ` +
        `production's included. Fix: pass production's projectId instead. ${PREVIEW_FIX}`,
    ];
  if (resource.type === TYPES.Service)
    return [
      `${who} declares the Railway service ${resource.name}: services are project-wide, so it would create, ` +
        `rename or delete production's. Fix: give the RailwayService existingServiceId. ${PREVIEW_FIX}`,
    ];
  if (resource.type !== TYPES.Environment) return [];
  const problems: string[] = [];
  const name = stringAt(resource.props, "name");
  const wrongName = expected === undefined ? pullRequestOf(name) === undefined : name !== expected;
  if (name !== undefined && wrongName)
    problems.push(
      `${who} declares environment "${name}": a preview stack owns exactly one environment, pr-<n> for its ` +
        `pull request. Fix: name it "${expected ?? "pr-<n>"}" (npm run preview-stack writes that config).`,
    );
  if (known(() => resource.props.ephemeral) !== true)
    problems.push(
      `${who} declares environment "${name ?? resource.name}" without ephemeral: true, so Railway treats it ` +
        "as a lasting environment. Fix: set ephemeral: true on it.",
    );
  return problems;
}

export const previewStackResources: ResourceValidationPolicy = {
  name: "preview-stack-owns-only-its-environment",
  description:
    "A preview stack (pr-<n>) declares no Project and no Service, and its one Environment is ephemeral and named pr-<n>.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const stack = stackOf(args.urn);
    if (pullRequestOf(stack) === undefined) return;
    for (const problem of previewProblems(args, `Preview stack ${stack}`, stack)) reportViolation(problem);
  },
};

export const previewStackWritesOnlyItsEnvironment: StackValidationPolicy = {
  name: "preview-stack-writes-only-its-environment",
  description:
    "A preview stack (stack pr-<n>, or one that declares an ephemeral or pr-<n> environment, as config pullRequest makes omnidoc do) declares no Project or Service, and writes only the environment it declares, ephemeral and named pr-<n>.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const [first] = args.resources;
    if (!first) return;
    const stack = stackOf(first.urn);
    const environments = args.resources.filter((resource) => resource.type === TYPES.Environment);
    const names = environments.map((environment) => stringAt(environment.props, "name"));
    const namedAfterStack = pullRequestOf(stack) !== undefined;
    const previewByConfig =
      names.some((name) => pullRequestOf(name) !== undefined) ||
      environments.some((environment) => known(() => environment.props.ephemeral) === true);
    if (!namedAfterStack && !previewByConfig) return;
    // A stack named pr-<n> has each resource judged before it is written (preview-stack-owns-only-its-environment).
    if (!namedAfterStack) {
      const expected = names.find((name) => pullRequestOf(name) !== undefined);
      const who = `Stack ${stack}, a preview stack (it declares ${expected ? `environment ${expected}` : "an ephemeral environment"}),`;
      for (const resource of args.resources)
        for (const problem of previewProblems(resource, who, expected))
          reportViolation(problem, resource.urn);
    }
    for (const resource of args.resources) {
      if (!PER_ENVIRONMENT.includes(resource.type)) continue;
      // The engine says which resources each input came from; a resource with no such list says nothing.
      const hasDependencyInfo =
        Object.keys(resource.propertyDependencies).length > 0 || resource.dependencies.length > 0;
      if (!hasDependencyInfo || dependencyOfType(resource, "environmentId", TYPES.Environment)) continue;
      const sources = (resource.propertyDependencies.environmentId ?? []).map(
        (dependency) => dependency.name,
      );
      reportViolation(
        `${resource.name} writes an environment this preview stack does not declare (its environmentId comes ` +
          `${sources.length > 0 ? `from ${sources.join(", ")}` : "from a literal or from config"}), such as ` +
          "production's. Fix: pass the id of the stack's own pr-<n> Environment (environment.id).",
        resource.urn,
      );
    }
  },
};

export const policies = [
  celerySameBroker,
  celeryWorkerSettings,
  workersServeNoHttp,
  noPlainTextCredentials,
  secretVariablesAreSecrets,
  noSecretCopiedToPlainText,
  previewStackResources,
  previewStackWritesOnlyItsEnvironment,
];
