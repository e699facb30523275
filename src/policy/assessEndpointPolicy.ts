/**
 * What an S3 gateway endpoint's policy lets COPY/UNLOAD do, decided by an IAM policy simulator
 * (@cloud-copilot/iam-simulate), not by hand: with enhanced VPC routing on, every S3 request through the
 * endpoint must be allowed by its policy as well as by the caller's own permissions.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
import { type EndpointPolicyAssessment, S3_ACTIONS_NEEDED } from '../core/types.ts';

/** Where the endpoint is: the request context the policy's conditions may test. */
export interface EndpointContext {
  readonly vpcEndpointId: string;
  readonly vpcId: string;
  /** The endpoint's owner: the account of the cluster's requests. */
  readonly accountId: string;
  readonly partition: string;
}

/**
 * The object every object action is checked on. A concrete key, not `bucket/*`: a policy that allows only
 * some prefixes of a bucket does not allow COPY/UNLOAD anywhere in it, and is reported as refusing it.
 */
const PROBE_OBJECT_KEY = 'redshift-evr-probe';

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** AWS's default endpoint policy: allow everything to everyone, no conditions, nothing denied. */
const isFullAccess = (policy: unknown): boolean => {
  if (typeof policy !== 'object' || policy === null) return false;
  const statements = asArray((policy as { Statement?: unknown }).Statement);
  const allowsAll = (s: Record<string, unknown>) =>
    s.Effect === 'Allow' &&
    ['NotAction', 'NotResource', 'NotPrincipal', 'Condition'].every((k) => !(k in s)) &&
    (s.Principal === '*' || asArray((s.Principal as { AWS?: unknown } | undefined)?.AWS).includes('*')) &&
    asArray(s.Action).some((a) => a === '*' || a === 's3:*') &&
    asArray(s.Resource).includes('*');
  const records = statements.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
  return records.length === statements.length && records.some(allowsAll) && records.every((s) => s.Effect === 'Allow');
};

/** The request context this check knows: the endpoint, its VPC, HTTPS. Any other key depends on the caller. */
const KNOWN_CONTEXT_KEYS: ReadonlySet<string> = new Set(['aws:sourcevpce', 'aws:sourcevpc', 'aws:securetransport']);

/**
 * The condition keys a policy tests that this check cannot know: the caller's role, account or organization,
 * the bucket's account … (a gateway endpoint policy names no principal but "*": the simulator refuses others).
 */
const unknownKeysOf = (policy: unknown): string[] => {
  const statements = asArray((policy as { Statement?: unknown }).Statement).filter(
    (s): s is Record<string, unknown> => typeof s === 'object' && s !== null,
  );
  const keys = statements.flatMap((s) =>
    Object.values((s.Condition ?? {}) as Record<string, unknown>).flatMap((block) =>
      typeof block === 'object' && block !== null ? Object.keys(block) : [],
    ),
  );
  return [...new Set(keys.filter((k) => !KNOWN_CONTEXT_KEYS.has(k.toLowerCase())))];
};

/** Everything else the caller may do is taken as allowed: only the endpoint's policy is in question here. */
const ALLOW_ALL_IDENTITY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Assess an endpoint policy for COPY/UNLOAD on `buckets`: full access; the actions it refuses on the named
 * buckets; `buckets-not-given` for any other policy when no buckets are named (never assumed to allow them);
 * `unreadable` when it cannot be parsed or simulated.
 */
export const assessEndpointPolicy = async (
  policyDocument: string | undefined,
  where: EndpointContext,
  buckets: readonly string[] | undefined,
): Promise<EndpointPolicyAssessment> => {
  // An endpoint created without a policy gets the default full-access one.
  if (policyDocument === undefined || policyDocument.trim() === '') return { kind: 'full-access' };
  let policy: unknown;
  try {
    policy = JSON.parse(policyDocument);
  } catch (error) {
    return { kind: 'unreadable', error: `not JSON: ${(error as Error).message}` };
  }
  if (isFullAccess(policy)) return { kind: 'full-access' };
  if (buckets === undefined || buckets.length === 0) return { kind: 'buckets-not-given' };
  // Loaded only for a policy that needs it: most endpoints have the default policy, and the simulator is large.
  const { runSimulation } = await import('@cloud-copilot/iam-simulate');
  const principal = `arn:${where.partition}:iam::${where.accountId}:role/redshift-cluster-role`;
  const denied: { bucket: string; action: (typeof S3_ACTIONS_NEEDED)[number]['action'] }[] = [];
  for (const bucket of buckets) {
    for (const { action, on } of S3_ACTIONS_NEEDED) {
      const resource = `arn:${where.partition}:s3:::${bucket}${on === 'object' ? `/${PROBE_OBJECT_KEY}` : ''}`;
      let result: Awaited<ReturnType<typeof runSimulation>>;
      try {
        result = await runSimulation(
          {
            request: {
              principal,
              action,
              resource: { resource, accountId: where.accountId },
              contextVariables: {
                'aws:SourceVpce': where.vpcEndpointId,
                'aws:SourceVpc': where.vpcId,
                'aws:SecureTransport': 'true',
              },
            },
            identityPolicies: [{ name: 'caller', policy: ALLOW_ALL_IDENTITY }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            vpcEndpointPolicies: [{ name: where.vpcEndpointId, policy }],
          },
          {},
        );
      } catch (error) {
        return { kind: 'unreadable', error: (error as Error).message };
      }
      if (result.resultType === 'error') return { kind: 'unreadable', error: summariseErrors(result.errors) };
      if (result.overallResult !== 'Allowed') denied.push({ bucket, action });
    }
  }
  // A refusal that may hinge on what is not known here (the caller's role, its organization …) is not a
  // finding either way: say what it depends on.
  const unknowns = unknownKeysOf(policy);
  if (denied.length > 0 && unknowns.length > 0) return { kind: 'depends-on', keys: unknowns };
  return { kind: 'checked', denied };
};

const summariseErrors = (errors: unknown): string => {
  const text = JSON.stringify(errors);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};
