/**
 * The Security Hub actions the finding sync calls. A module of its own, with no imports: the rule's bundle reads
 * it (the adapter names them in its errors) without src/deploy/permissions.ts, which derives every read action
 * from the read table and would pull the whole of it into the Lambda bundle.
 */
export const SECURITY_HUB_SYNC_ACTIONS = ['securityhub:BatchUpdateFindings', 'securityhub:GetFindings'] as const;
