// The sections of the real-repository bench, in print order. Each lives in its own module under bench/real/.
import { bindingsSection } from './bindings.js';
import { findingsSection } from './findings.js';
import { triageSection } from './triage.js';
import { scorecardSection } from './scorecard.js';
import type { Section } from './types.js';

export const SECTIONS: Section[] = [findingsSection, triageSection, scorecardSection, bindingsSection];
