// The Node check every npm script runs first (`node scripts/check-node.mjs && …`), and vitest.config.ts
// too. Plain JavaScript on purpose: an older Node cannot load a .ts file at all (it stops with
// ERR_UNKNOWN_FILE_EXTENSION before any TypeScript check could run), so this file must parse on any Node.
//
// This project runs its .ts files with Node's own type stripping, unflagged from Node 22.18 on the 22
// line and from 23.6 on the 23 line (Node.js docs, "Modules: TypeScript"); .nvmrc names Node 24.
//
// `OMNIDOC_NODE_VERSION=v20.1.0 node scripts/check-node.mjs` judges that version instead of the running
// one (for tests only).

const SWITCH = "Switch with: nvm use (reads .nvmrc, Node 24) — or run bash .ci/run, which installs Node 24.";

/** Why this Node version cannot run the project, as one line; undefined when it can. */
export function nodeVersionProblem(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!match)
    return `This project needs Node >= 22.18 (could not read the version ${JSON.stringify(version)}). ${SWITCH}`;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const found = `v${match[1]}.${match[2]}.${match[3]}`;
  if (major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return undefined;
  const line23 = major === 23 ? ", or >= 23.6 on Node 23" : "";
  return `This project needs Node >= 22.18${line23} (found ${found}). ${SWITCH}`;
}

/** Exits with code 1 and one line on stderr when the running Node (or OMNIDOC_NODE_VERSION) is too old. */
export function requireSupportedNode() {
  const problem = nodeVersionProblem(process.env.OMNIDOC_NODE_VERSION || process.version);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}

requireSupportedNode();
