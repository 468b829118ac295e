import { randomInt } from "node:crypto";

// Railway generates names like "exquisite-harmony" when none is given (docs/railway-api-notes.md, "Projects,
// environments and services").

const ADJECTIVES = [
  "exquisite",
  "gentle",
  "radiant",
  "humble",
  "vivid",
  "serene",
  "brave",
  "lucid",
  "nimble",
  "cosmic",
];
const NOUNS = [
  "harmony",
  "meadow",
  "river",
  "comet",
  "forest",
  "lantern",
  "harbor",
  "summit",
  "galaxy",
  "orchid",
];

export function generatedName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}`;
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "service"
  );
}
