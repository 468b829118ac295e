/**
 * What a Celery worker's log says about it. Railway cannot healthcheck a worker (it serves no HTTP), so its
 * readiness is read from the lines Celery itself prints (docs/troubleshooting-guide.md, checklist items 2–3).
 */

/** `[… INFO/MainProcess] Connected to redis://default:**@redis.railway.internal:6379/0` */
export const CONNECTED = /Connected to (rediss?):\/\/(?:[^@\s/]*@)?([^:/\s]+)(?::(\d+))?/i;
/** `celery@3f2a9c1b7d4e ready.` */
export const READY = /celery@\S+ ready\./;

export interface BrokerConnection {
  scheme: string;
  host: string;
  port: number;
  line: string;
}

/** The last "Connected to redis://…" line, parsed. */
export function brokerConnection(lines: readonly string[]): BrokerConnection | undefined {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? "";
    const match = CONNECTED.exec(line);
    if (match) {
      return {
        scheme: (match[1] ?? "redis").toLowerCase(),
        host: (match[2] ?? "").toLowerCase(),
        port: match[3] ? Number(match[3]) : 6379,
        line,
      };
    }
  }
  return undefined;
}

export function readyLine(lines: readonly string[]): string | undefined {
  return [...lines].reverse().find((line) => READY.test(line));
}

/** A line that explains a failure, with its cause and fix in plain words. */
export interface KnownError {
  id: string;
  pattern: RegExp;
  cause: string;
  fix: string;
}

export const KNOWN_ERRORS: readonly KnownError[] = [
  {
    id: "submit-failed",
    pattern: /Failed to submit task to background queue/,
    cause: "the API could not put the task on the Redis broker",
    fix: "check the API's REDIS_URL, that Redis is up, and that the worker is deployed",
  },
  {
    id: "broker-unreachable",
    pattern: /consumer: Cannot connect to/,
    cause: "the worker cannot reach its broker",
    fix: "give the worker the API's REDIS_URL (for Upstash, rediss://…?ssl_cert_reqs=none) and redeploy it",
  },
  {
    id: "rediss-without-cert-reqs",
    pattern: /must have parameter ssl_cert_reqs/,
    cause: "Celery refuses a rediss:// URL without ssl_cert_reqs",
    fix: "append ?ssl_cert_reqs=none (or required) to REDIS_URL",
  },
  {
    id: "tls-required",
    pattern: /Connection reset by peer|Error while reading from socket/,
    cause: "the broker closed the connection, as TLS-only brokers such as Upstash do for redis://",
    fix: "use rediss://…?ssl_cert_reqs=none for TLS brokers",
  },
  {
    id: "unknown-host",
    pattern: /Name or service not known|nodename nor servname/,
    cause: "the broker's host name does not resolve",
    fix: "check the host in REDIS_URL (Railway's private hosts are <service>.railway.internal)",
  },
  {
    id: "wrong-password",
    pattern: /invalid username-password pair|WRONGPASS|NOAUTH/,
    cause: "the broker rejected the password in REDIS_URL",
    fix: "use the broker's current password; reference ${{Redis.REDIS_URL}} instead of copying it",
  },
  {
    id: "celery-app-not-found",
    pattern: /Unable to load celery application/,
    cause: "the start command names a Celery app module that does not exist",
    fix: "set the worker's start command to celery -A <your app module> worker",
  },
  {
    id: "app-option-after-worker",
    pattern: /You are using `-A` as an option of the worker sub-command/,
    cause: "the start command puts -A after `worker`, which Celery 5 rejects",
    fix: "put -A before the sub-command: celery -A <app module> worker …",
  },
  {
    id: "unexpanded-variable",
    pattern: /'\$\{?[A-Z_][A-Z0-9_]*\}?' is not a valid/,
    cause:
      "the start command runs in exec form, so $VARIABLES are not expanded (Dockerfile and image builds)",
    fix: 'wrap the start command: sh -c "exec celery … $VAR"',
  },
];

export function knownErrors(lines: readonly string[]): Array<{ error: KnownError; line: string }> {
  const found: Array<{ error: KnownError; line: string }> = [];
  for (const error of KNOWN_ERRORS) {
    const line = lines.find((candidate) => error.pattern.test(candidate));
    if (line) found.push({ error, line });
  }
  return found;
}
