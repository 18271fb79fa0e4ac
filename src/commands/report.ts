// `credlife report` (registered by its owner module; see docs/architecture.md).
import type { Command } from 'commander';

export function register(_program: Command): void {
  // Filled in by the report command's implementation.
}
