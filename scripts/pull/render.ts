/**
 * `npm run pull`'s renderer: a pure function from an environment snapshot (read.ts) to the text of a
 * Pulumi program on the package's components. Everything in it is adopted, so its first `up` takes the
 * objects over as they are. Settings are written only where they differ from Railway's defaults
 * (`SERVICE_SETTING_FIELDS`), variables stay shared or per service as they are, references stay
 * references, and secret values become `config.requireSecret(...)` (never the value). What the
 * components cannot express is named in the header, service and path, instead of being dropped silently.
 */

import { brokerHostOf, celeryBroker, runsCeleryWorker } from "../../components/celery/index.ts";
import {
  environmentNameProblems,
  normalizeSetting,
  projectNameProblems,
  SERVICE_SETTING_FIELDS,
  SETTING_KEYS,
  type SettingKey,
  serviceNameProblems,
  settingEquals,
  settingsFromConfig,
  soleReference,
  validateSettings,
  variableProblems,
} from "../../components/railway/index.ts";
import type { EnvironmentSnapshot, PulledService } from "./read.ts";
import {
  camelCase,
  configSetCommand,
  type SecretPlaceholder,
  SecretPlan,
  type VariableScope,
} from "./secrets.ts";

export type { EnvironmentSnapshot };

/** A setting the components do not manage, left as Railway has it. */
export interface UnexpressedSetting {
  /** The service's name, or undefined for the environment itself. */
  service: string | undefined;
  /** Its path in Railway's config document (`deploy.multiRegionConfig`). */
  path: string;
  reason: string;
}

export interface RenderedProgram {
  text: string;
  /**
   * What the components' own checks refuse in what Railway holds (a service name that is no DNS label, a
   * half-written reference): the program stops at preview, before any write, until each is fixed.
   */
  refused: string[];
  secrets: SecretPlaceholder[];
  unexpressed: UnexpressedSetting[];
  /** `pulumi config set --secret …` commands, a `<value>` placeholder in each. */
  commands: string[];
}

const LINE_WIDTH = 110;
const INDENT = "  ";

// ── What a service declares ──────────────────────────────────────────────────────────────────────────

/** Fields of the config document the components manage, per section (`source.repo`, `deploy.startCommand`…). */
const MANAGED_PATHS = new Set(SETTING_KEYS.map((key) => SERVICE_SETTING_FIELDS[key].path.join(".")));
/** Keys of a service's entry the components handle as a whole (settings sections, variables, domains). */
const ENTRY_KEYS = new Set([
  "source",
  "build",
  "deploy",
  "variables",
  "networking",
  "isDeleted",
  "isCreated",
]);

const REASONS: Record<string, string> = {
  "deploy.multiRegionConfig": "the region placement is not managed (a declared numReplicas is the total)",
  "deploy.registryCredentials": "registry credentials are not managed; keep them in the dashboard",
  "networking.customDomains": "custom domains are not managed",
  "networking.tcpProxies": "TCP proxies are not managed",
  volumeMounts: "volumes are not managed",
};

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "object" && Object.keys(value as object).length === 0)
  );
}

function describe(path: string, value: unknown): string {
  const reason = REASONS[path] ?? "not managed by the components";
  if (path === "deploy.multiRegionConfig" && value && typeof value === "object")
    return `${reason}; regions ${Object.keys(value).join(", ")}`;
  return reason;
}

/** The settings that differ from Railway's defaults, and what of the entry cannot be declared. */
function serviceSettings(service: PulledService): {
  settings: Partial<Record<SettingKey, unknown>>;
  unexpressed: UnexpressedSetting[];
} {
  const unexpressed: UnexpressedSetting[] = [];
  const note = (path: string, reason: string) => unexpressed.push({ service: service.name, path, reason });
  const live = settingsFromConfig(service.config);
  const settings: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const value = live[key];
    if (value === undefined || settingEquals(key, value, undefined)) continue;
    const parsed = SERVICE_SETTING_FIELDS[key].schema.safeParse(value);
    if (!parsed.success) {
      note(
        SERVICE_SETTING_FIELDS[key].path.join("."),
        `its value ${parsed.error.issues[0]?.message ?? "is not one the components accept"}; kept as Railway has it`,
      );
      continue;
    }
    settings[key] = normalizeSetting(key, value);
  }
  // Combinations the components refuse (a build command on a Dockerfile build): the named field is left out.
  for (
    let problems = validateSettings(settings);
    problems.length > 0;
    problems = validateSettings(settings)
  ) {
    const [problem = ""] = problems;
    const key = /^settings\.(\w+)/.exec(problem)?.[1] as SettingKey | undefined;
    if (!key || !(key in settings)) break;
    delete settings[key];
    note(SERVICE_SETTING_FIELDS[key].path.join("."), `${problem.replace(/^settings\.\w+ /, "")}; left out`);
  }
  for (const [entryKey, block] of Object.entries(service.config)) {
    if (!ENTRY_KEYS.has(entryKey)) {
      if (!isEmpty(block)) note(entryKey, describe(entryKey, block));
      continue;
    }
    if (!["source", "build", "deploy"].includes(entryKey) || !block || typeof block !== "object") continue;
    for (const [field, value] of Object.entries(block as Record<string, unknown>)) {
      const path = `${entryKey}.${field}`;
      if (!MANAGED_PATHS.has(path) && !isEmpty(value)) note(path, describe(path, value));
    }
  }
  return { settings, unexpressed };
}

/** The service's generated domain, and every other kind of networking it has. */
function serviceDomain(service: PulledService): {
  domain: { targetPort?: number } | undefined;
  unexpressed: UnexpressedSetting[];
} {
  const unexpressed: UnexpressedSetting[] = [];
  let domain: { targetPort?: number } | undefined;
  for (const [key, value] of Object.entries(service.config.networking ?? {})) {
    if (isEmpty(value)) continue;
    if (key !== "serviceDomains") {
      unexpressed.push({
        service: service.name,
        path: `networking.${key}`,
        reason: describe(`networking.${key}`, value),
      });
      continue;
    }
    const entries = Object.entries((value ?? {}) as Record<string, { port?: number | null } | null>).filter(
      ([, entry]) => entry !== null,
    );
    const [first, ...more] = entries;
    if (first) {
      const port = first[1]?.port;
      domain = typeof port === "number" ? { targetPort: port } : {};
    }
    for (const [name] of more)
      unexpressed.push({
        service: service.name,
        path: `networking.serviceDomains.${name}`,
        reason: "a second generated domain is not managed (a service declares one)",
      });
  }
  return { domain, unexpressed };
}

/**
 * The unexpressed settings as lines, one per path and reason, naming every service it applies to: a
 * region all services share is one line, not one per service.
 */
export function unexpressedLines(items: readonly UnexpressedSetting[]): string[] {
  const groups = new Map<string, { where: string[]; path: string; reason: string }>();
  for (const item of items) {
    const key = `${item.path}\u0000${item.reason}`;
    const group = groups.get(key) ?? { where: [], path: item.path, reason: item.reason };
    group.where.push(item.service ?? "environment");
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => `${group.where.join(", ")}: ${group.path}: ${group.reason}`);
}

/**
 * Names and values Railway holds that the components refuse, each with the components' own words. Pull
 * writes them as they are (leaving a variable out would delete it from Railway, the set being owned
 * whole), so a person learns of them here rather than from the first preview.
 */
function refusedByComponents(
  snapshot: EnvironmentSnapshot,
  variables: ReadonlyArray<{ where: string; values: Map<string, string | undefined> }>,
): string[] {
  const refused: string[] = [
    ...projectNameProblems(snapshot.project.name).map(
      (problem) => `project name "${snapshot.project.name}" ${problem}`,
    ),
    ...environmentNameProblems(snapshot.environment.name).map(
      (problem) => `environment name "${snapshot.environment.name}" ${problem}`,
    ),
  ];
  for (const service of snapshot.services)
    for (const problem of serviceNameProblems(service.name))
      refused.push(`service name "${service.name}" ${problem}`);
  for (const { where, values } of variables)
    for (const [name, value] of values)
      for (const problem of variableProblems(name, value)) refused.push(`${where}: ${problem}`);
  return refused;
}

/**
 * For a service that runs a Celery worker, the host its deployments must report connecting to (from its
 * broker variable: CELERY_BROKER_URL, else REDIS_URL, through a `${{shared.KEY}}` to the shared value), so
 * the program verifies it from Celery's own lines. `null` for a worker whose broker host cannot be told (a
 * sealed or malformed value); undefined for any other service.
 */
function celeryBrokerHost(
  startCommand: unknown,
  variables: ReadonlyMap<string, string | undefined>,
  sharedKeys: readonly string[],
  shared: ReadonlyMap<string, string | undefined>,
): string | null | undefined {
  if (typeof startCommand !== "string" || !runsCeleryWorker(startCommand)) return undefined;
  const values: Record<string, string> = {};
  for (const key of sharedKeys) values[key] = shared.get(key) ?? "";
  for (const [key, value] of variables) if (value !== undefined) values[key] = value;
  const given = celeryBroker(values, "REDIS_URL")?.url;
  const reference = given === undefined ? undefined : soleReference(given);
  const url = reference?.namespace === "shared" ? shared.get(reference.key) : given;
  return (url === undefined ? undefined : brokerHostOf(url)) ?? null;
}

// ── Variables ────────────────────────────────────────────────────────────────────────────────────────

type VariableEntries = Record<string, { value?: string | undefined; isSealed?: boolean | undefined } | null>;

/** Live variables by name; a sealed one (no value returned) as undefined. */
function liveValues(entries: VariableEntries | undefined): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const [name, entry] of Object.entries(entries ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (!entry) continue;
    if (typeof entry.value === "string") values.set(name, entry.value);
    else if (entry.isSealed) values.set(name, undefined);
  }
  return values;
}

/** A service's variables, with each `KEY=${{shared.KEY}}` of a live shared key moved to `shared.keys`. */
function splitShared(own: Map<string, string | undefined>, sharedNames: ReadonlySet<string>) {
  const variables = new Map<string, string | undefined>();
  const sharedKeys: string[] = [];
  for (const [name, value] of own) {
    const reference = value === undefined ? undefined : soleReference(value);
    // RailwayService writes KEY=${{shared.KEY}} itself for each shared key, so those stay out of `variables`.
    if (
      reference?.namespace === "shared" &&
      reference.key === name &&
      value === reference.text &&
      sharedNames.has(name)
    )
      sharedKeys.push(name);
    else variables.set(name, value);
  }
  return { variables, sharedKeys };
}

// ── Text ─────────────────────────────────────────────────────────────────────────────────────────────

/** Code text, already formatted: rendered inline when it fits the line, else one entry per line. */
type Code = { inline: string; lines: (indent: string) => string[]; forceBreak?: boolean };

function atom(text: string): Code {
  return { inline: text, lines: () => [text] };
}

function objectCode(entries: Array<[string, Code] | { spread: string }>, forceBreak = false): Code {
  const parts = entries.map((entry) =>
    "spread" in entry ? { key: `...${entry.spread}`, code: undefined } : { key: entry[0], code: entry[1] },
  );
  const inlinePart = (part: (typeof parts)[number]) =>
    part.code ? `${part.key}: ${part.code.inline}` : part.key;
  return {
    inline: parts.length === 0 ? "{}" : `{ ${parts.map(inlinePart).join(", ")} }`,
    forceBreak: forceBreak || parts.some((part) => part.code?.forceBreak),
    lines: (indent) => {
      if (parts.length === 0) return ["{}"];
      const inner = indent + INDENT;
      const body: string[] = [];
      for (const part of parts) {
        if (!part.code) {
          body.push(`${inner}${part.key},`);
          continue;
        }
        body.push(...withPrefix(inner, `${part.key}: `, part.code, ","));
      }
      return ["{", ...body, `${indent}}`];
    },
  };
}

function arrayCode(items: Code[]): Code {
  return {
    inline: `[${items.map((item) => item.inline).join(", ")}]`,
    lines: (indent) => {
      const inner = indent + INDENT;
      return ["[", ...items.flatMap((item) => withPrefix(inner, "", item, ",")), `${indent}]`];
    },
  };
}

/** `prefix` + code + `suffix` at `indent`: one line when it fits, else the code broken over lines. */
function withPrefix(indent: string, prefix: string, code: Code, suffix: string): string[] {
  const single = `${indent}${prefix}${code.inline}${suffix}`;
  if (!code.forceBreak && single.length <= LINE_WIDTH) return [single];
  const [first = "", ...rest] = code.lines(indent);
  const lines = [`${indent}${prefix}${first}`, ...rest];
  lines[lines.length - 1] += suffix;
  return lines;
}

/** A statement `head(…args, last)` whose last argument is an object hugged by the call. */
function callStatement(head: string, leading: string[], last: Code): string[] {
  const prefix = `${head}(${leading.map((argument) => `${argument}, `).join("")}`;
  return withPrefix("", prefix, last, ");");
}

/** A string literal as biome writes it: double quotes, unless the text holds more of them than single ones. */
function stringCode(value: string): Code {
  const double = JSON.stringify(value);
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  if (doubles <= singles) return atom(double);
  const inner = double
    .slice(1, -1)
    .replace(/\\\\|\\"|'/g, (token) => (token === '\\"' ? '"' : token === "'" ? "\\'" : token));
  return atom(`'${inner}'`);
}

function valueCode(value: unknown): Code {
  if (Array.isArray(value)) return arrayCode(value.map(valueCode));
  if (typeof value === "string") return stringCode(value);
  return atom(JSON.stringify(value));
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function identifierFor(name: string, taken: Set<string>): string {
  const base = camelCase(name);
  let identifier = base;
  for (let n = 2; taken.has(identifier); n += 1) identifier = `${base}${n}`;
  taken.add(identifier);
  return identifier;
}

function commentLines(lines: string[]): string[] {
  const safe = (line: string) => line.replaceAll("*/", "* /");
  return ["/**", ...lines.map((line) => (line ? ` * ${safe(line)}` : " *")), " */"];
}

/** `{ A, B }` of an import. */
function namesCode(names: string[]): Code {
  return {
    inline: `{ ${names.join(", ")} }`,
    lines: (indent) => ["{", ...names.map((name) => `${indent}${INDENT}${name},`), `${indent}}`],
  };
}

// ── The program ──────────────────────────────────────────────────────────────────────────────────────

export function renderProgram(snapshot: EnvironmentSnapshot): RenderedProgram {
  const sharedLive = liveValues(snapshot.sharedVariables as VariableEntries);
  const sharedNames = new Set(sharedLive.keys());
  const services = snapshot.services.map((service) => {
    const { settings, unexpressed } = serviceSettings(service);
    const networking = serviceDomain(service);
    const { variables, sharedKeys } = splitShared(
      liveValues(service.config.variables as VariableEntries),
      sharedNames,
    );
    return {
      service,
      settings,
      domain: networking.domain,
      variables,
      sharedKeys,
      unexpressed: [...unexpressed, ...networking.unexpressed],
    };
  });

  const occurrences: Array<{ scope: VariableScope; variable: string; value: string | undefined }> = [];
  for (const [variable, value] of sharedLive)
    occurrences.push({ scope: { kind: "shared" }, variable, value });
  for (const { service, variables } of services)
    for (const [variable, value] of variables)
      occurrences.push({ scope: { kind: "service", service: service.name }, variable, value });
  const plan = new SecretPlan(occurrences);

  const refused = refusedByComponents(snapshot, [
    { where: "shared variables", values: sharedLive },
    ...services.map((entry) => ({ where: entry.service.name, values: entry.variables })),
  ]);
  const byPath = (a: UnexpressedSetting, b: UnexpressedSetting) => a.path.localeCompare(b.path);
  const unexpressed: UnexpressedSetting[] = [
    ...Object.entries(snapshot.otherConfig)
      .filter(([, value]) => !isEmpty(value))
      .map(([key, value]) => ({ service: undefined, path: key, reason: describe(key, value) }))
      .sort(byPath),
    ...services.flatMap((entry) => entry.unexpressed.sort(byPath)),
  ];

  const variablesCode = (scope: VariableScope, values: Map<string, string | undefined>): Code =>
    objectCode(
      [...values].map(([name, value]) => {
        const key = plan.configKeyFor(scope, name);
        return [name, key ? atom(`config.requireSecret(${JSON.stringify(key)})`) : stringCode(value ?? "")];
      }),
      true,
    );

  const taken = new Set(["pulumi", "config", "project", "environment", "placement", "shared"]);
  const body: string[] = [];
  const projectArgs: Array<[string, Code]> = [["name", stringCode(snapshot.project.name)]];
  if (snapshot.project.description)
    projectArgs.push(["description", stringCode(snapshot.project.description)]);
  projectArgs.push(["adopt", atom("true")]);
  body.push(
    ...callStatement(
      `const project = new Project`,
      [JSON.stringify(snapshot.project.name)],
      objectCode(projectArgs),
    ),
  );
  const environmentArgs: Array<[string, Code]> = [
    ["projectId", atom("project.id")],
    ["name", stringCode(snapshot.environment.name)],
  ];
  if (snapshot.environment.isEphemeral) environmentArgs.push(["ephemeral", atom("true")]);
  environmentArgs.push(["adopt", atom("true")]);
  body.push(
    ...callStatement(
      `const environment = new Environment`,
      [JSON.stringify(snapshot.environment.name)],
      objectCode(environmentArgs),
    ),
    "const placement = { projectId: project.id, environmentId: environment.id };",
  );
  if (sharedNames.size > 0) {
    body.push(
      "",
      "// The environment's shared variables, owned as a set; a service receives one as KEY=${{shared.KEY}}.",
      ...callStatement(
        `const shared = new SharedVariables`,
        [JSON.stringify("shared")],
        objectCode(
          [{ spread: "placement" }, ["variables", variablesCode({ kind: "shared" }, sharedLive)]],
          true,
        ),
      ),
    );
  }
  const exported: Array<[string, Code]> = [];
  let usesCeleryVerification = false;
  for (const { service, settings, domain, variables, sharedKeys } of services) {
    const identifier = identifierFor(service.name, taken);
    const args: Array<[string, Code] | { spread: string }> = [
      { spread: "placement" },
      ["adopt", atom("true")],
    ];
    args.push([
      "settings",
      objectCode(
        Object.entries(settings).map(([key, value]) => [key, valueCode(value)]),
        Object.keys(settings).length > 0,
      ),
    ]);
    if (variables.size > 0)
      args.push(["variables", variablesCode({ kind: "service", service: service.name }, variables)]);
    if (sharedKeys.length > 0)
      args.push([
        "shared",
        objectCode([
          ["variables", atom("shared")],
          ["keys", arrayCode(sharedKeys.map(stringCode))],
        ]),
      ]);
    const brokerHost = celeryBrokerHost(settings.startCommand, variables, sharedKeys, sharedLive);
    // Verified from Celery's own lines (a worker serves no HTTP); on adoption the running deployment's
    // lines are judged once, without waiting (components/providers/deploymentWatch.ts).
    if (typeof brokerHost === "string") {
      args.push(["verify", atom(`celeryVerification(${JSON.stringify(brokerHost)})`)]);
      usesCeleryVerification = true;
    }
    if (domain)
      args.push([
        "domain",
        objectCode(domain.targetPort === undefined ? [] : [["targetPort", atom(String(domain.targetPort))]]),
      ]);
    body.push(
      "",
      ...(brokerHost === null
        ? [
            "// A Celery worker whose broker host could not be read: add `verify: celeryVerification(<host>)`",
            "// to check each deployment's log lines against its broker.",
          ]
        : []),
      ...callStatement(
        `const ${identifier} = new RailwayService`,
        [JSON.stringify(service.name)],
        objectCode(args, true),
      ),
    );
    exported.push([propertyKey(service.name), atom(`${identifier}.serviceId`)]);
  }
  body.push(
    "",
    "export const projectId = project.id;",
    "export const environmentId = environment.id;",
    "/** Each service's id, by name. */",
    ...withPrefix("", "export const serviceIds = pulumi.output(", objectCode(exported), ");"),
  );

  const secrets = plan.placeholders;
  const commands = secrets.map(configSetCommand);
  const header: string[] = [
    `Railway project "${snapshot.project.name}", environment "${snapshot.environment.name}", as read by \`npm run pull\`.`,
    "Everything is adopted: the first `pulumi up` takes these objects over as they are and writes nothing",
    "to Railway while they stay as declared here. Settings equal to Railway's defaults are left out.",
  ];
  if (refused.length > 0) {
    header.push(
      "",
      "Refused by the components' own checks, so `pulumi preview` stops before any write until each is fixed",
      "(in Railway, then pull again; or here):",
    );
    for (const line of refused) header.push(`  - ${line}`);
  }
  if (snapshot.environment.isEphemeral)
    header.push(
      "",
      "This environment is ephemeral (a pull request's preview). Its services belong to the whole project, so",
      "they are adopted here and released, never deleted, by `pulumi destroy`; a preview made from a",
      "production stack is better declared as a preview stack (npm run preview-stack).",
    );
  if (secrets.length > 0) {
    header.push(
      "",
      "Secrets are not in this file. Set each once on the stack (its value is in Railway's dashboard):",
    );
    const width = Math.max(...commands.map((command) => command.length));
    secrets.forEach((secret, index) => {
      const where = secret.places.join(", ");
      const sealed = secret.sealed ? "; sealed in Railway, so its value could not be read" : "";
      header.push(`  ${(commands[index] ?? "").padEnd(width)}  # ${secret.variable} (${where}${sealed})`);
    });
  }
  if (unexpressed.length > 0) {
    header.push(
      "",
      "Not expressible with the components, so left as Railway has it (not managed by this program):",
    );
    for (const line of unexpressedLines(unexpressed)) header.push(`  - ${line}`);
  }
  if (snapshot.servicesElsewhere.length > 0)
    header.push(
      "",
      `Services of the project with no instance in this environment: ${snapshot.servicesElsewhere.join(", ")}.`,
    );

  const imports = [
    ...(usesCeleryVerification ? ["celeryVerification"] : []),
    "Environment",
    "Project",
    "RailwayService",
    ...(sharedNames.size > 0 ? ["SharedVariables"] : []),
  ];
  const importLines = [
    'import * as pulumi from "@pulumi/pulumi";',
    ...withPrefix("", "import ", namesCode(imports), ' from "pulumi-railway-app";'),
  ];
  const text = [
    ...commentLines(header),
    ...importLines,
    "",
    ...(secrets.length > 0 ? ["const config = new pulumi.Config();", ""] : []),
    ...body,
    "",
  ].join("\n");
  return { text, refused, secrets, unexpressed, commands };
}
