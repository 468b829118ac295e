/**
 * An error a resolver throws on purpose. graphql-js copies `extensions` onto the located error.
 * Railway answers domain errors (not found, not authorized, invalid input) with
 * INTERNAL_SERVER_ERROR (docs/railway-api-notes.md, "Errors"), so that is the default code.
 */
export class DomainError extends Error {
  readonly extensions: { code: string };

  constructor(message: string, code = "INTERNAL_SERVER_ERROR") {
    super(message);
    this.name = "DomainError";
    this.extensions = { code };
  }
}

export function notAuthorized(): DomainError {
  return new DomainError("Not Authorized");
}

export function notFound(what: string): DomainError {
  return new DomainError(`${what} not found`);
}

export function invalidInput(message: string): DomainError {
  return new DomainError(message);
}

export function notEmulated(field: string): DomainError {
  return new DomainError(`"${field}" is not emulated`, "NOT_EMULATED");
}
