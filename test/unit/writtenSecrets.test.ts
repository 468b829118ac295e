/**
 * The vocabulary's rules for credentials written into a value or a text (pull's placeholders, the policy
 * pack's plain-text check): a reference holds none, a shell variable holds none, a typed password does.
 */
import { describe, expect, it } from "vitest";
import {
  containsUrlCredentials,
  holdsWrittenSecret,
  literalPart,
} from "../../components/railway/vocabulary.ts";

describe("credentials written into values", () => {
  it("literalPart keeps only what a person typed", () => {
    expect(literalPart("redis://default:${{REDIS_PASSWORD}}@${{ RAILWAY_PRIVATE_DOMAIN }}:6379")).toBe(
      "redis://default:@:6379",
    );
    expect(literalPart("plain")).toBe("plain");
  });

  it("holdsWrittenSecret: secret names and URL passwords, but not references", () => {
    expect(holdsWrittenSecret("GEMINI_API_KEY", "abc")).toBe(true);
    expect(holdsWrittenSecret("DATABASE_URL", "postgresql://u:pw@h/db")).toBe(true);
    expect(holdsWrittenSecret("GEMINI_API_KEY", "${{shared.GEMINI_API_KEY}}")).toBe(false);
    expect(
      holdsWrittenSecret("REDIS_URL", "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379"),
    ).toBe(false);
    expect(
      holdsWrittenSecret("REDIS_URL", "redis://default:typed@${{Redis.RAILWAY_PRIVATE_DOMAIN}}:6379"),
    ).toBe(true);
    expect(holdsWrittenSecret("LOG_LEVEL", "INFO")).toBe(false);
  });

  it("containsUrlCredentials finds a typed password anywhere in a text, not a shell variable", () => {
    expect(containsUrlCredentials("redis-cli -u redis://default:hunter2@cache:6379 ping")).toBe(true);
    expect(containsUrlCredentials(`sh -c 'redis-cli -u "redis://:$REDIS_PASSWORD@localhost" ping'`)).toBe(
      false,
    );
    expect(containsUrlCredentials("curl https://${PASSWORD}@x")).toBe(false);
    expect(containsUrlCredentials("curl https://u:${PASSWORD}@x")).toBe(false);
    expect(containsUrlCredentials('exec redis-server --requirepass "$REDIS_PASSWORD"')).toBe(false);
    expect(containsUrlCredentials("https://user@example.com/path")).toBe(false);
    expect(containsUrlCredentials("redis://default:${{REDIS_PASSWORD}}@host")).toBe(false);
  });
});
