/** Why this Node version cannot run the project, as one line; undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined;
/** Exits with code 1 and one line on stderr when the running Node (or OMNIDOC_NODE_VERSION) is too old. */
export function requireSupportedNode(): void;
