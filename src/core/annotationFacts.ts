/**
 * What an annotation this project's rule wrote says for certain, for reports built from AWS Config's stored
 * results (an aggregator) rather than from a scan: the annotation is all they have.
 */
import { EXEMPTION_NOTE_LEAD, MESSAGES, READY_LEAD } from './messages.ts';
import type { ComplianceType } from './types.ts';

/** What an annotation settles; null where it does not say (a result the rule did not write, or cut short). */
export interface AnnotationFacts {
  readonly enhancedVpcRouting: boolean | null;
  readonly prerequisitesMet: boolean | null;
  /** NON_COMPLIANT and "Ready to remediate": the rule found the network ready and the status modifiable. */
  readonly readyToRemediate: boolean;
}

const UNKNOWN: AnnotationFacts = { enhancedVpcRouting: null, prerequisitesMet: null, readyToRemediate: false };

/**
 * The annotation without its opening "Enhanced VPC routing is on/off.", which a table's EVR column already
 * shows; the whole annotation when it has no such opening. Empty when the opening was all it said.
 */
export const annotationAfterEvr = (annotation: string): string => {
  const opening = [MESSAGES.evrOn, MESSAGES.evrOff].find((o) => annotation.startsWith(o));
  return opening === undefined ? annotation : annotation.slice(opening.length).trimStart();
};

/**
 * The annotation from its EVR opening on, past a leading sentence about an exemption that does not apply
 * (expired, or an invalid date: MESSAGES.ignoredExemption); the whole annotation when there is none.
 */
const pastExemptionNote = (annotation: string): string => {
  if (!annotation.startsWith(EXEMPTION_NOTE_LEAD)) return annotation;
  const openings = [MESSAGES.onButMissing, MESSAGES.onButUnverified, MESSAGES.evrOn, MESSAGES.evrOff];
  const found = openings.map((o) => annotation.indexOf(` ${o}`)).filter((i) => i >= 0);
  return found.length === 0 ? annotation : annotation.slice(Math.min(...found) + 1);
};

/**
 * Read the facts the rule's annotation states (src/core/evaluateCluster.ts writes them, MESSAGES words them):
 * the opening says whether EVR is on; "Ready to remediate:" means the prerequisites were met and the status
 * modifiable; "Fix first:" or "… prerequisites are missing" means something is missing. Anything else is unknown.
 */
export const factsFromAnnotation = (complianceType: ComplianceType, whole: string): AnnotationFacts => {
  const annotation = pastExemptionNote(whole);
  if (annotation.startsWith(MESSAGES.onButMissing)) {
    return { enhancedVpcRouting: true, prerequisitesMet: false, readyToRemediate: false };
  }
  if (annotation.startsWith(MESSAGES.onButUnverified)) {
    return { enhancedVpcRouting: true, prerequisitesMet: null, readyToRemediate: false };
  }
  const on = annotation.startsWith(MESSAGES.evrOn);
  if (!on && !annotation.startsWith(MESSAGES.evrOff)) return UNKNOWN;
  const rest = annotation.slice((on ? MESSAGES.evrOn : MESSAGES.evrOff).length).trimStart();
  if (!on && rest.startsWith(READY_LEAD)) {
    return { enhancedVpcRouting: false, prerequisitesMet: true, readyToRemediate: complianceType === 'NON_COMPLIANT' };
  }
  if (rest.startsWith(MESSAGES.fixFirst) || rest.startsWith(MESSAGES.warnMissing)) {
    return { enhancedVpcRouting: on, prerequisitesMet: false, readyToRemediate: false };
  }
  return { enhancedVpcRouting: on, prerequisitesMet: null, readyToRemediate: false };
};
