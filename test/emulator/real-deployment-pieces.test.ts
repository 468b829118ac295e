/** The pure pieces of real deployments: Dockerfile reading, start-command argv, Railway's log lines. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { containerArgv } from "../../emulator/processes/container-command.ts";
import { parseDockerfile } from "../../emulator/processes/dockerfile.ts";
import { lineSplitter, railwayLogLine } from "../../emulator/processes/log-capture.ts";

describe("parseDockerfile", () => {
  it("reads the sample app's Dockerfile: its ENV and its CMD in exec form", () => {
    const text = readFileSync(resolve(import.meta.dirname, "../../examples/omnidoc-app/Dockerfile"), "utf8");
    const dockerfile = parseDockerfile(text);
    expect(dockerfile.env).toEqual({ PYTHONUNBUFFERED: "1", LANG: "C.UTF-8" });
    expect(dockerfile.cmd).toEqual(["python3", "-m", "src.api"]);
    expect(dockerfile.entrypoint).toEqual([]);
    expect(dockerfile.instructions.map((step) => step.keyword)).toEqual([
      "FROM",
      "RUN",
      "WORKDIR",
      "COPY",
      "ENV",
      "CMD",
    ]);
    expect(dockerfile.instructions[1]?.text).toContain("python3-celery python3-redis python3-kombu");
  });

  it("shell-form CMD runs in /bin/sh -c; a later ENTRYPOINT resets CMD; legacy ENV and quotes", () => {
    const dockerfile = parseDockerfile(
      [
        "FROM x",
        "ENV A 1 2",
        'ENV B="two words" C=3',
        "CMD gunicorn -b :$PORT app",
        'ENTRYPOINT ["tini", "--"]',
      ].join("\n"),
    );
    expect(dockerfile.env).toEqual({ A: "1 2", B: "two words", C: "3" });
    expect(dockerfile.entrypoint).toEqual(["tini", "--"]);
    expect(dockerfile.cmd).toEqual([]);
    expect(parseDockerfile("CMD gunicorn -b :$PORT app").cmd).toEqual([
      "/bin/sh",
      "-c",
      "gunicorn -b :$PORT app",
    ]);
  });
});

describe("containerArgv", () => {
  const image = { entrypoint: ["tini", "--"], cmd: ["python3", "-m", "src.api"] };
  it("Dockerfile/image: the start command replaces ENTRYPOINT and CMD, split but never expanded", () => {
    expect(containerArgv({ startCommand: "celery -A app worker --x=$PORT", execForm: true, image })).toEqual([
      "celery",
      "-A",
      "app",
      "worker",
      "--x=$PORT",
    ]);
    expect(containerArgv({ startCommand: `/bin/sh -c 'exec a "$B"'`, execForm: true, image })).toEqual([
      "/bin/sh",
      "-c",
      'exec a "$B"',
    ]);
  });
  it("Railpack: a shell runs it; no start command: ENTRYPOINT + CMD; nothing at all: null", () => {
    expect(containerArgv({ startCommand: "a $B", execForm: false, image })).toEqual([
      "/bin/sh",
      "-c",
      "a $B",
    ]);
    expect(containerArgv({ startCommand: undefined, execForm: true, image })).toEqual([
      "tini",
      "--",
      "python3",
      "-m",
      "src.api",
    ]);
    expect(
      containerArgv({ startCommand: " ", execForm: true, image: { entrypoint: [], cmd: [] } }),
    ).toBeNull();
  });
});

describe("Railway's log lines", () => {
  it("stderr is error, stdout info; a JSON object line gives message, severity and attributes", () => {
    expect(railwayLogLine("plain", "stderr")).toEqual({ message: "plain", severity: "error" });
    expect(railwayLogLine("{not json", "stdout")).toEqual({ message: "{not json", severity: "info" });
    expect(railwayLogLine('{"level":"info","message":"Submitted","logger":"api","n":2}', "stderr")).toEqual({
      message: "Submitted",
      severity: "info",
      attributes: { logger: "api", n: "2" },
    });
    expect(railwayLogLine('{"level":"ERROR","msg":"boom"}', "stdout").severity).toBe("error");
  });

  it("cuts a stream into lines across chunks, UTF-8 intact, and flushes the last one", () => {
    const lines: string[] = [];
    const split = lineSplitter((line) => lines.push(line));
    const bytes = Buffer.from("a ✅ b\r\nsecond\nlast");
    split.push(bytes.subarray(0, 3));
    split.push(bytes.subarray(3, 12));
    split.push(bytes.subarray(12));
    split.end();
    expect(lines).toEqual(["a ✅ b", "second", "last"]);
  });
});
