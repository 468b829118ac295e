import { describe, expect, it } from "vitest";
import {
  brokerConnection,
  brokerEndpoint,
  brokerUrlProblems,
  celeryBroker,
  celeryWorkerCommand,
  knownErrors,
  logsBelowInfo,
  readyLine,
  runsCeleryWorker,
  withInfoLogLevel,
  workerLogLevel,
} from "../../components/celery/index.ts";
import { maskUrlCredentials, withoutCredentials } from "../../components/railway/index.ts";
import { execFormSafe } from "../../components/startCommand.ts";

describe("broker URLs", () => {
  it.each([
    "redis://default:pw@redis.railway.internal:6379",
    "rediss://default:pw@fluent-cat-1.upstash.io:6379?ssl_cert_reqs=none",
    "rediss://default:pw@host:6379/0?ssl_cert_reqs=CERT_REQUIRED",
    "${{Redis.REDIS_URL}}",
  ])("accepts %s", (url) => {
    expect(brokerUrlProblems(url)).toEqual([]);
  });

  it.each([
    ["amqp://guest@localhost//", "needs redis:// or rediss://"],
    ["redis://default:pw@fluent-cat-1.upstash.io:6379", "only accepts TLS"],
    ["rediss://default:pw@fluent-cat-1.upstash.io:6379", "without ssl_cert_reqs"],
    ["rediss://default:pw@host:6379?ssl_cert_reqs=maybe", "ssl_cert_reqs=maybe"],
    ["not a url", "is not a URL"],
  ])("rejects %s", (url, message) => {
    expect(brokerUrlProblems(url).join(" ")).toContain(message);
  });

  it("prints hosts, never passwords", () => {
    expect(withoutCredentials("rediss://default:s3cret@h.upstash.io:6379?ssl_cert_reqs=none")).toBe(
      "rediss://h.upstash.io:6379",
    );
    expect(maskUrlCredentials("connect redis://default:s3cret@h:6379/0 now")).toBe(
      "connect redis://default:***@h:6379/0 now",
    );
    expect(maskUrlCredentials("Connected to redis://default:**@h:6379/0")).toBe(
      "Connected to redis://default:**@h:6379/0",
    );
    expect(brokerEndpoint("redis://:pw@Redis.railway.internal")).toEqual({
      host: "redis.railway.internal",
      port: 6379,
    });
  });
});

describe("worker logs", () => {
  const healthy = [
    "[2026-11-29 10:00:01,000: INFO/MainProcess] Connected to redis://default:**@redis.railway.internal:6379/0",
    "[2026-11-29 10:00:01,200: INFO/MainProcess] mingle: all alone",
    "[2026-11-29 10:00:01,300: INFO/MainProcess] celery@3f2a9c1b7d4e ready.",
  ];

  it("finds the broker connection and the ready line", () => {
    expect(brokerConnection(healthy)).toMatchObject({
      scheme: "redis",
      host: "redis.railway.internal",
      port: 6379,
    });
    expect(readyLine(healthy)).toContain("celery@3f2a9c1b7d4e ready.");
    expect(readyLine(healthy.slice(0, 2))).toBeUndefined();
  });

  it("maps known error lines to a cause and a fix", () => {
    const found = knownErrors([
      "ERROR Failed to submit task to background queue: Error 111",
      "[ERROR/MainProcess] consumer: Cannot connect to amqp://guest:**@127.0.0.1:5672//: [Errno 111] Connection refused.",
    ]);
    expect(found.map((entry) => entry.error.id)).toEqual(["submit-failed", "broker-unreachable"]);
  });
});

describe("start commands", () => {
  it("builds the worker command from its parts", () => {
    expect(celeryWorkerCommand({ app: "src.tasks.celery_app", concurrency: 1 })).toBe(
      "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1",
    );
    expect(
      runsCeleryWorker("celery -A src.tasks.celery_app worker --loglevel=info", "src.tasks.celery_app"),
    ).toBe(true);
    expect(runsCeleryWorker("uvicorn src.main:app", "src.tasks.celery_app")).toBe(false);
    expect(runsCeleryWorker("celery -A other worker", "src.tasks.celery_app")).toBe(false);
  });

  it.each([
    "celery -A app worker",
    "celery --app app worker -Q high",
    "celery --app=app worker",
    "celery -Aapp worker",
    "celery -b redis://redis.railway.internal:6379/0 -A app worker",
    "celery --workdir /srv -A app --loglevel=info worker",
    "python -m celery -A app worker",
    "/opt/venv/bin/celery -A app worker",
    `sh -c "exec celery -A app worker --concurrency=2"`,
    "cd /srv && celery -A app worker",
    "ddtrace-run celery -A app worker",
    "uv run celery -A app worker",
  ])("finds the worker of app in %s", (command) => {
    expect(runsCeleryWorker(command)).toBe(true);
    expect(runsCeleryWorker(command, "app")).toBe(true);
    expect(runsCeleryWorker(command, "other")).toBe(false);
  });

  it.each([
    "celery -A app beat",
    "celery -A app flower",
    "uvicorn app.main:app",
    "celeryd",
    "python worker.py",
  ])("finds no Celery worker in %s", (command) => {
    expect(runsCeleryWorker(command)).toBe(false);
  });

  it("wraps exec-form commands that use variables in sh -c, and only those", () => {
    expect(execFormSafe("celery -A app worker --concurrency=$CONC", true)).toBe(
      "/bin/sh -c 'exec celery -A app worker --concurrency=$CONC'",
    );
    expect(execFormSafe("celery -A app worker --concurrency=1", true)).toBe(
      "celery -A app worker --concurrency=1",
    );
    expect(execFormSafe("gunicorn -b :$PORT 'app:x'", true)).toBe(
      "/bin/sh -c 'exec gunicorn -b :$PORT '\\''app:x'\\'''",
    );
    expect(execFormSafe("sh -c 'exec x $Y'", true)).toBe("sh -c 'exec x $Y'");
    expect(execFormSafe("x $Y", false)).toBe("x $Y");
  });
});

describe("a worker's log level", () => {
  it.each([
    ["celery -A app worker --loglevel=info --concurrency=1", "INFO", false],
    ["celery -A app worker --loglevel INFO", "INFO", false],
    ["celery -A app worker -l debug", "DEBUG", false],
    ["celery -A app worker -linfo", "INFO", false],
    ['sh -c "exec celery -A app worker --loglevel=info --concurrency=$N"', "INFO", false],
    ["celery -A app worker --concurrency=1", "WARNING", true],
    ["celery -A app worker --loglevel=warning", "WARNING", true],
    ["celery -A app worker -l ERROR", "ERROR", true],
    ["celery -A app worker --loglevel=verbose", "VERBOSE", true],
    ["celery -A app worker --logfile=/tmp/x.log", "WARNING", true],
  ])("%s → %s", (command, level, below) => {
    expect(workerLogLevel(command)).toBe(level);
    expect(logsBelowInfo(command)).toBe(below);
  });

  it.each([
    ["celery -A app worker --concurrency=1", "celery -A app worker --loglevel=info --concurrency=1"],
    ["celery -A app worker -l warning -c 2", "celery -A app worker --loglevel=info -c 2"],
    ["celery -A app worker --loglevel=ERROR", "celery -A app worker --loglevel=info"],
    [
      "celery -A app worker --logfile=/tmp/x.log",
      "celery -A app worker --loglevel=info --logfile=/tmp/x.log",
    ],
    ['sh -c "exec celery -A app worker -lwarning"', 'sh -c "exec celery -A app worker --loglevel=info"'],
  ])("withInfoLogLevel(%s)", (command, fixed) => {
    expect(withInfoLogLevel(command)).toBe(fixed);
    expect(logsBelowInfo(withInfoLogLevel(command))).toBe(false);
  });

  it("the commands this package builds log at INFO", () => {
    expect(logsBelowInfo(celeryWorkerCommand({ app: "src.tasks.celery_app", concurrency: 1 }))).toBe(false);
  });
});

describe("the broker a Celery process is given", () => {
  it("CELERY_BROKER_URL first, as Celery reads it; else the app's variable; empty counts as unset", () => {
    expect(celeryBroker({ REDIS_URL: "redis://a:6379" }, "REDIS_URL")).toEqual({
      variable: "REDIS_URL",
      url: "redis://a:6379",
    });
    expect(
      celeryBroker({ REDIS_URL: "redis://a:6379", CELERY_BROKER_URL: "redis://b:6379" }, "REDIS_URL"),
    ).toEqual({ variable: "CELERY_BROKER_URL", url: "redis://b:6379" });
    expect(celeryBroker({ CELERY_BROKER_URL: "", BROKER: "redis://c:6379" }, "BROKER")).toEqual({
      variable: "BROKER",
      url: "redis://c:6379",
    });
    expect(celeryBroker({ QUEUE: "mail" }, "REDIS_URL")).toBeUndefined();
  });
});
