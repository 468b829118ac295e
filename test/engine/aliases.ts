/**
 * Aliases as Pulumi's engine resolves them (pulumi/pulumi, pkg/resource/deploy/step_generator.go:
 * generateAliases, collapseAliasToUrn, inheritedChildAlias): a resource is looked up in the old state by
 * its URN, then by each alias its program declared, then by the aliases it inherits from a parent that
 * was itself found by an alias. The URN it was found under is remembered, so its children inherit it.
 */

export interface AliasSpec {
  urn?: string;
  name?: string;
  type?: string;
  stack?: string;
  project?: string;
  parentUrn?: string;
  noParent?: boolean;
}

export interface Goal {
  urn: string;
  type: string;
  name: string;
  parent: string;
  aliases: AliasSpec[];
}

const ROOT_STACK = "pulumi:pulumi:Stack";

function qualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** A URN as the engine builds it: the parent's whole qualified type chain, then this type. */
export function resourceUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const parentType = parent ? qualifiedType(parent) : "";
  const qualified = parentType && parentType !== ROOT_STACK ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The old URNs found by alias so far this run, by new URN (the engine's `sg.aliases`). */
export class AliasResolver {
  private readonly matched = new Map<string, string>();
  private readonly stack: string;
  private readonly project: string;

  constructor(stack: string, project: string) {
    this.stack = stack;
    this.project = project;
  }

  private collapse(goal: Goal, alias: AliasSpec): string {
    if (alias.urn) return alias.urn;
    let parent = alias.parentUrn || goal.parent;
    if (alias.parentUrn) parent = this.matched.get(alias.parentUrn) ?? parent;
    if (alias.noParent || (parent && qualifiedType(parent) === ROOT_STACK)) parent = "";
    return resourceUrn(
      alias.stack || this.stack,
      alias.project || this.project,
      parent,
      alias.type || goal.type,
      alias.name || goal.name,
    );
  }

  private inherited(childType: string, childName: string, parentName: string, parentAlias: string): string {
    const name = childName.startsWith(parentName)
      ? nameOf(parentAlias) + childName.slice(parentName.length)
      : childName;
    return `urn:pulumi:${this.stack}::${this.project}::${qualifiedType(parentAlias)}$${childType}::${name}`;
  }

  /** Every URN the resource may have had before, in the engine's order. */
  aliasesOf(goal: Goal): string[] {
    const result: string[] = [];
    const add = (urn: string) => {
      if (!result.includes(urn)) result.push(urn);
    };
    for (const alias of goal.aliases) add(this.collapse(goal, alias));
    const parentAlias = goal.parent ? this.matched.get(goal.parent) : undefined;
    if (parentAlias) {
      const parentName = nameOf(goal.parent);
      add(this.inherited(goal.type, goal.name, parentName, parentAlias));
      for (const alias of goal.aliases) {
        const child = this.collapse(goal, alias);
        add(
          this.inherited(qualifiedType(child).split("$").pop() ?? "", nameOf(child), parentName, parentAlias),
        );
      }
    }
    return result;
  }

  /**
   * The old resource of a goal: by its URN first, then by its aliases. A match by alias is remembered
   * (its children inherit it) and returned with the URN it was found under.
   */
  find<T>(goal: Goal, olds: (urn: string) => T | undefined): { old: T; from: string } | undefined {
    for (const urn of [goal.urn, ...this.aliasesOf(goal)]) {
      const old = olds(urn);
      if (old === undefined) continue;
      if (urn !== goal.urn) this.matched.set(goal.urn, urn);
      return { old, from: urn };
    }
    return undefined;
  }
}

/** Alias specs from a RegisterResourceRequest's generated protobuf objects. */
// biome-ignore lint/suspicious/noExplicitAny: generated protobuf messages.
export function aliasSpecsOf(request: any): AliasSpec[] {
  // biome-ignore lint/suspicious/noExplicitAny: generated protobuf messages.
  return (request.getAliasesList?.() ?? []).map((alias: any): AliasSpec => {
    if (alias.hasUrn?.()) return { urn: alias.getUrn() };
    const spec = alias.getSpec();
    return {
      name: spec.getName() || undefined,
      type: spec.getType() || undefined,
      stack: spec.getStack() || undefined,
      project: spec.getProject() || undefined,
      parentUrn: spec.getParenturn?.() || undefined,
      noParent: Boolean(spec.getNoparent?.()),
    };
  });
}
