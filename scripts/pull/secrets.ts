/**
 * Which pulled values become stack config secrets, and under which config key. A value is secret when
 * the vocabulary says a credential is written in it (`holdsWrittenSecret`: a secret name such as
 * `GEMINI_API_KEY`, or a URL carrying a password); a reference (`${{shared.GEMINI_API_KEY}}`) holds none
 * and stays as written. Values never leave this module: only names, keys and places do.
 */
import { holdsWrittenSecret } from "../../components/railway/vocabulary.ts";

/** Where a variable lives: the environment's shared set, or one service's own set. */
export type VariableScope = { kind: "shared" } | { kind: "service"; service: string };

export interface SecretPlaceholder {
  /** The stack config key the program reads with `config.requireSecret(key)`. */
  configKey: string;
  variable: string;
  /** `shared` or service names, in order. */
  places: string[];
  /** Railway did not return the value (a sealed variable): it must be set from elsewhere. */
  sealed: boolean;
}

interface Occurrence {
  scope: VariableScope;
  variable: string;
  value: string | undefined;
}

/** `GEMINI_API_KEY` → `geminiApiKey`, `omnidoc-celery-worker` → `omnidocCeleryWorker`. */
export function camelCase(text: string): string {
  const words = text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  const joined = words.map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1)));
  const key = joined.join("");
  return /^[a-z]/.test(key) ? key : `v${key}`;
}

function pascalCase(text: string): string {
  const camel = camelCase(text);
  return (camel[0]?.toUpperCase() ?? "") + camel.slice(1);
}

function placeOf(scope: VariableScope): string {
  return scope.kind === "shared" ? "shared" : scope.service;
}

/**
 * Decides the secrets among every variable of the environment. One config key per variable name when
 * all its secret occurrences hold the same value; otherwise one per place (`<service><Name>`), so no
 * two different values ever share a key.
 */
export class SecretPlan {
  private readonly keys = new Map<string, string>();
  readonly placeholders: SecretPlaceholder[] = [];

  constructor(occurrences: readonly Occurrence[]) {
    const secret = occurrences.filter(
      (occurrence) =>
        occurrence.value === undefined || holdsWrittenSecret(occurrence.variable, occurrence.value),
    );
    const byVariable = new Map<string, Occurrence[]>();
    for (const occurrence of secret)
      byVariable.set(occurrence.variable, [...(byVariable.get(occurrence.variable) ?? []), occurrence]);
    const taken = new Set<string>();
    const unique = (wanted: string) => {
      let key = wanted;
      for (let n = 2; taken.has(key); n += 1) key = `${wanted}${n}`;
      taken.add(key);
      return key;
    };
    for (const [variable, found] of [...byVariable].sort(([a], [b]) => a.localeCompare(b))) {
      const values = new Set(found.map((occurrence) => occurrence.value));
      // A sealed value (undefined) cannot be compared, so it shares a key only when it is the only one.
      const oneValue = found.length === 1 || (values.size === 1 && !values.has(undefined));
      const groups: Array<{ key: string; members: Occurrence[] }> = oneValue
        ? [{ key: camelCase(variable), members: found }]
        : found.map((occurrence) => ({
            key:
              occurrence.scope.kind === "shared"
                ? camelCase(variable)
                : `${camelCase(occurrence.scope.service)}${pascalCase(variable)}`,
            members: [occurrence],
          }));
      for (const group of groups) {
        const configKey = unique(group.key);
        for (const member of group.members) this.keys.set(this.id(member.scope, variable), configKey);
        this.placeholders.push({
          configKey,
          variable,
          places: group.members.map((member) => placeOf(member.scope)),
          sealed: group.members.some((member) => member.value === undefined),
        });
      }
    }
  }

  private id(scope: VariableScope, variable: string): string {
    return `${placeOf(scope)}\u0000${variable}`;
  }

  /** The config key holding this variable's value, or undefined when the value is not secret. */
  configKeyFor(scope: VariableScope, variable: string): string | undefined {
    return this.keys.get(this.id(scope, variable));
  }
}

/** The command a person runs to set one secret, with a placeholder instead of the value. */
export function configSetCommand(placeholder: SecretPlaceholder): string {
  return `pulumi config set --secret ${placeholder.configKey} '<value>'`;
}
