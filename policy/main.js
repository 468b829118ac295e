// The entry Pulumi's policy runner loads. It `require`s the pack folder (package.json "main") with
// ts-node registered for `.ts` files whatever PulumiPolicy.yaml says (@pulumi/pulumi 3.276,
// cmd/run-policy-pack), and ts-node would compile index.ts to ESM inside a CommonJS wrapper. So the
// entry is plain JavaScript: Node (>= 22.12) loads it as an ES module through require(esm), and its
// import graph, index.ts and the repository's own .ts files, through Node's type stripping
// (Node >= 22.18), exactly as the tests and the stacks run them.
import "./index.ts";
