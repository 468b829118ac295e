/**
 * Railway's words, defined once: variable references, service, variable, environment and repository
 * names, and which values are secrets. Stack config, components, providers, scripts and the doctor all
 * judge names and references through this module, so a rule can only be wrong in one place. Each rule
 * returns problems as sentences that say how to fix them (empty when the value is fine). Facts and their
 * public sources: docs/railway-api-notes.md.
 */

// ── References ───────────────────────────────────────────────────────────────────────────────────────

/** `${{ Namespace.KEY }}` (a shared or another service's variable) or `${{ KEY }}` (this service's own). */
const REFERENCE = /\$\{\{\s*(?:([A-Za-z0-9_-]+)\.)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface VariableReference {
  /** `shared`, a service name, or undefined for the service's own variables (`${{RAILWAY_PRIVATE_DOMAIN}}`). */
  namespace: string | undefined;
  key: string;
  /** The text as written. */
  text: string;
}

/** Whether a value holds a Railway reference, which Railway resolves when it deploys the service. */
export function isReference(value: string): boolean {
  return value.includes("${{");
}

/** Every reference in a value, in order. */
export function referencesIn(value: string): VariableReference[] {
  return [...value.matchAll(REFERENCE)].map((match) => ({
    namespace: match[1],
    key: match[2] ?? "",
    text: match[0],
  }));
}

/** The reference a value consists of exactly (`${{Redis.REDIS_URL}}`), or undefined. */
export function soleReference(value: string): VariableReference | undefined {
  const found = referencesIn(value.trim());
  return found.length === 1 && found[0]?.text === value.trim() ? found[0] : undefined;
}

/** `${{shared.KEY}}`: how a service receives a shared variable (Railway injects none by itself). */
export function sharedReference(key: string): string {
  return `\${{shared.${key}}}`;
}

/** `${{Service.KEY}}`: another service's variable, resolved by Railway in this environment. */
export function serviceReference(service: string, key: string): string {
  return `\${{${service}.${key}}}`;
}

/** Text a literal value must not hold: an opened `${{` that is not a whole reference. */
export function referenceSyntaxProblems(value: string): string[] {
  const opened = value.split("${{").length - 1;
  const whole = referencesIn(value).length;
  return opened > whole
    ? ["has a malformed reference; write ${{shared.KEY}}, ${{Service.KEY}} or ${{KEY}}"]
    : [];
}

// ── Names ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Service names: a service's name is the namespace of its variables in references and the label of its
 * private host `<name>.railway.internal`, so it must be a DNS label.
 */
export function serviceNameProblems(name: string): string[] {
  if (name.length === 0) return ["must not be empty"];
  const problems: string[] = [];
  if (name !== name.trim()) problems.push("has leading or trailing whitespace");
  if (name.length > 63) problems.push("must be at most 63 characters (it becomes a DNS label)");
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(name.trim()))
    problems.push("may hold letters, digits and inner '-' only (it becomes <name>.railway.internal)");
  return problems;
}

/** The private host Railway gives a service in every environment. DNS is case-insensitive. */
export function privateHost(serviceName: string): string {
  return `${serviceName.toLowerCase()}.railway.internal`;
}

/**
 * Names Railway would treat as one service: the same private host (names differing only in case).
 * Returns each colliding group, first name first.
 */
export function collidingServiceNames(names: readonly string[]): string[][] {
  const byHost = new Map<string, string[]>();
  for (const name of names) {
    const host = privateHost(name);
    byHost.set(host, [...(byHost.get(host) ?? []), name]);
  }
  return [...byHost.values()].filter((group) => group.length > 1);
}

/** Variable names as Railway and a POSIX shell accept them. */
export function variableNameProblems(name: string): string[] {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? []
    : ["is not a variable name: use a letter or '_' followed by letters, digits or '_'"];
}

/**
 * Project names: free text in the dashboard, but a literal one (a reference is resolved only inside a
 * service's variables) without stray whitespace, at most 64 characters.
 */
export function projectNameProblems(name: string): string[] {
  if (name.length === 0) return ["must not be empty"];
  const problems: string[] = [...strayWhitespaceProblems(name)];
  if (isReference(name))
    problems.push(
      "must be a literal name, not a Railway reference (${{…}}): references only work in variables",
    );
  if (name.length > 64) problems.push("must be at most 64 characters");
  return problems;
}

/**
 * One variable as a person declares it: a name Railway accepts, and (when its value is known) no
 * half-written reference. Each problem starts with `variables.<name>`.
 */
export function variableProblems(name: string, value: unknown): string[] {
  return [
    ...variableNameProblems(name),
    ...(typeof value === "string" ? referenceSyntaxProblems(value) : []),
  ].map((problem) => `variables.${name} ${problem}`);
}

/** Environment names: shown in the dashboard and used in URLs. */
export function environmentNameProblems(name: string): string[] {
  if (name.length === 0) return ["must not be empty"];
  const problems: string[] = [];
  if (name.length > 64) problems.push("must be at most 64 characters");
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(name))
    problems.push("may hold letters, digits, '.', '_' and '-' only, starting with a letter or digit");
  return problems;
}

/** Environments that preview stacks own: `pr-<number>`. A production stack must not declare one. */
export function isPreviewEnvironmentName(name: string): boolean {
  return /^pr-[1-9][0-9]*$/.test(name);
}

// ── Repositories ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A GitHub repository as Railway's source takes it: `owner/name`, with a fix for the usual other forms.
 * GitHub's own rules: an owner is 1–39 letters, digits or hyphens, not starting with one; a repository name
 * is up to 100 letters, digits, '.', '_' or '-', and not "." or ".." (docs/railway-api-notes.md, "Service
 * settings").
 */
export function repoProblems(repo: string): string[] {
  if (repo !== repo.trim()) return ["has leading or trailing whitespace"];
  const plain = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(repo);
  if (plain && !repo.endsWith(".git")) {
    const [, owner = "", name = ""] = plain;
    const problems: string[] = [];
    // Old accounts may hold hyphens GitHub no longer allows; only what GitHub never allowed is refused.
    if (owner.length > 39 || owner.startsWith("-"))
      problems.push(
        `has owner "${owner}", which GitHub does not allow: 1–39 letters, digits or hyphens, not starting with "-"`,
      );
    if (name === "." || name === ".." || name.length > 100)
      problems.push(`has name "${name}", which GitHub does not allow: up to 100 characters, not "." or ".."`);
    return problems;
  }
  const fromUrl =
    /^(?:https?:\/\/|git@|ssh:\/\/git@)?github\.com[/:]([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(
      repo,
    );
  if (fromUrl) return [`must be "owner/name", not a URL: use "${fromUrl[1]}/${fromUrl[2]}"`];
  const dotGit = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\.git$/.exec(repo);
  if (dotGit) return [`must be "owner/name" without ".git": use "${dotGit[1]}"`];
  return ['must be a GitHub repository "owner/name", e.g. acme/shop'];
}

/**
 * A path inside the repository (root directory, Dockerfile): relative, and never above the root; a file
 * (`file: true`) does not end with "/".
 */
export function repositoryPathProblems(
  path: string,
  options: { absolute: boolean; file?: boolean },
): string[] {
  if (path !== path.trim()) return ["has leading or trailing whitespace"];
  if (path.length === 0) return ["must not be empty"];
  const problems: string[] = [];
  if (options.absolute && !path.startsWith("/")) problems.push('must start with "/" (the repository root)');
  if (options.file && path.endsWith("/"))
    problems.push('names a folder; give the file, e.g. "docker/Dockerfile"');
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  let depth = 0;
  for (const part of parts) {
    depth += part === ".." ? -1 : 1;
    if (depth < 0) {
      problems.push("leaves the repository (too many '..')");
      break;
    }
  }
  return problems;
}

// ── Images and schedules ─────────────────────────────────────────────────────────────────────────────

/**
 * A Docker image reference as registries take it (the grammar of github.com/distribution/reference):
 * an optional registry host with an optional port (`ghcr.io/`, `localhost:5000/`), lowercase path
 * components, then an optional `:tag` and an optional `@sha256:` digest. `redis:8.2`, `bitnami/redis:7.4`.
 */
export function imageReferenceProblems(image: string): string[] {
  if (image.length === 0) return ["must not be empty: use an image such as redis:8.2"];
  if (image !== image.trim()) return ["has leading or trailing whitespace"];
  const component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  const host =
    "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?/)";
  const reference = new RegExp(
    `^(?:${host}(?=${component}))?${component}(?:/${component})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
  );
  return reference.test(image)
    ? []
    : [
        "is not a Docker image reference: use [registry[:port]/]name[:tag], e.g. redis:8.2 or ghcr.io/acme/app:1.4",
      ];
}

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/**
 * A cron schedule as Railway runs it: five crontab fields in UTC, each `*`, a number in the field's range,
 * a range `a-b`, a step `x/n`, or a list of those (docs/railway-api-notes.md, "Service settings").
 */
export function cronScheduleProblems(schedule: string): string[] {
  const fields = schedule.trim().split(/\s+/);
  if (schedule.trim() === "" || fields.length !== 5)
    return ['must be a 5-field crontab expression in UTC, e.g. "0 3 * * *" (every day at 03:00)'];
  const problems: string[] = [];
  for (const [index, field] of fields.entries()) {
    const { name, min, max } = CRON_FIELDS[index] as (typeof CRON_FIELDS)[number];
    const good = field.split(",").every((part) => {
      const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!match) return false;
      const numbers = [match[2], match[3]].filter((value) => value !== undefined).map(Number);
      const step = match[4] === undefined ? 1 : Number(match[4]);
      return (
        step >= 1 &&
        numbers.every((value) => value >= min && value <= max) &&
        (numbers[1] ?? max) >= (numbers[0] ?? min)
      );
    });
    if (!good) problems.push(`has ${name} "${field}": use *, ${min}-${max}, a range, a step (*/n) or a list`);
  }
  return problems;
}

// ── Branches ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * A branch name git accepts: the rules of `git check-ref-format --branch` (git-check-ref-format(1)
 * applied to refs/heads/<name>, so "@" alone is allowed and "HEAD" is not). A branch Railway deploys
 * from must exist in git, so a name git refuses can only be a typo.
 */
export function branchNameProblems(name: string): string[] {
  if (name === "") return ["must not be empty"];
  const problems: string[] = [];
  if (name.startsWith("-")) problems.push('must not start with "-"');
  if (name === "HEAD") problems.push('must not be "HEAD"');
  // Control characters (and DEL), space and the characters git reserves for revision syntax.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
  if (/[\u0000-\u001f\u007f]/.test(name)) problems.push("must not contain control characters");
  const reserved = [" ", "~", "^", ":", "?", "*", "[", "\\"].filter((character) => name.includes(character));
  if (reserved.length > 0)
    problems.push(`must not contain ${reserved.map((c) => JSON.stringify(c)).join(", ")}`);
  if (name.includes("..")) problems.push('must not contain ".."');
  if (name.includes("@{")) problems.push('must not contain "@{"');
  if (name.startsWith("/") || name.endsWith("/")) problems.push('must not start or end with "/"');
  if (name.includes("//")) problems.push('must not contain "//"');
  if (name.endsWith(".")) problems.push('must not end with "."');
  for (const component of name.split("/").filter((part) => part !== "")) {
    if (component.startsWith(".")) problems.push(`must not have a part starting with "." (${component})`);
    if (component.endsWith(".lock")) problems.push(`must not have a part ending with ".lock" (${component})`);
  }
  return problems;
}

// ── Secrets ──────────────────────────────────────────────────────────────────────────────────────────

/** Variable names whose values are credentials by convention: a word of the name (`GEMINI_API_KEY`). */
const SECRET_WORD =
  /(^|_)(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PRIVATE|CREDENTIALS?|DSN|AUTH|COOKIE|SALT)(_|$)/i;
/**
 * …or a name ending in one glued to what precedes it, as Railway's own database templates spell theirs
 * (`PGPASSWORD`, `REDISPASSWORD`, `MYSQLPASSWORD`, `MONGOPASSWORD`) and many SDKs (`OPENAI_APIKEY`).
 * `KEY` and `PASS` alone are left out here: `MONKEY`, `BYPASS`.
 */
const SECRET_SUFFIX = /(PASSWORD|PASSWD|SECRET|TOKEN|APIKEY)$/i;

/** Whether a variable's name says its value is a credential (`GEMINI_API_KEY`, `PGPASSWORD`). */
export function isSecretName(name: string): boolean {
  return SECRET_WORD.test(name) || SECRET_SUFFIX.test(name);
}

/** Whether a value is a URL that carries a password (`redis://default:pw@host`). */
export function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s/]+@/i.test(value.trim());
}

/** Whether a variable should be treated as a secret: by its name, or by carrying credentials. */
export function isSecretVariable(name: string, value: string): boolean {
  return isSecretName(name) || (!isReference(value) && hasUrlCredentials(value));
}

/** The text of a value a person typed: the value with every reference removed. */
export function literalPart(value: string): string {
  return value.replace(REFERENCE, "");
}

/**
 * Whether a value holds a credential written into it, as opposed to one Railway fills in from a
 * reference: a literal value `isSecretVariable` flags, or a URL whose password is typed between
 * references (`redis://default:pw@${{Redis.RAILWAY_PRIVATE_DOMAIN}}`). `${{shared.API_KEY}}` holds none.
 */
export function holdsWrittenSecret(name: string, value: string): boolean {
  return isReference(value) ? hasUrlCredentials(literalPart(value).trim()) : isSecretVariable(name, value);
}

/** A URL with a password anywhere in a text; the password is group 1. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]*:([^@\s/'"]+)@/gi;

/**
 * Whether a text (a start command, a log pattern) carries a URL whose password is written in it. A
 * password that is a shell variable (`$REDIS_PASSWORD`, `${REDIS_PASSWORD}`) or a reference is not:
 * the value arrives at run time.
 */
export function containsUrlCredentials(text: string): boolean {
  for (const match of literalPart(text).matchAll(URL_WITH_PASSWORD)) {
    if (!/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(match[1] ?? "")) return true;
  }
  return false;
}

// ── Whitespace ───────────────────────────────────────────────────────────────────────────────────────

/** Leading or trailing whitespace, which a person cannot see in the dashboard and Railway keeps. */
export function strayWhitespaceProblems(value: string): string[] {
  return value !== value.trim() ? ["has leading or trailing whitespace; remove it"] : [];
}
