// Errors that end a run with exit code 2: a one-line message and a hint, no stack unless --debug.

export class CredlifeError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, bad arguments, a missing path. */
export class UsageError extends CredlifeError {}

/** A config file, rule file or baseline that cannot be used. */
export class ConfigError extends CredlifeError {}
