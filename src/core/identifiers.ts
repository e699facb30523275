/** Shapes of AWS identifiers and JSON values, checked wherever input arrives (events, files, flags, payloads). */

/** Redshift: 1-63 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen. */
const CLUSTER_IDENTIFIER = /^[a-z]([a-z0-9]|-[a-z0-9])*$/;
const ACCOUNT_ID = /^\d{12}$/;
/** An IAM role ARN in any partition (path allowed). */
const ROLE_ARN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export const isClusterIdentifier = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 63 && CLUSTER_IDENTIFIER.test(value);

export const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID.test(value);

export const isRoleArn = (value: unknown): value is string => typeof value === 'string' && ROLE_ARN.test(value);

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
