/**
 * The exemption tag on one cluster or workgroup: read, set and removed with the caller's own credentials
 * (`redshift-evr exempt`). Each kind's calls, in one table: Redshift tags a cluster by its ARN
 * (CreateTags/DeleteTags), Redshift Serverless a workgroup by its ARN (TagResource/UntagResource).
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeClustersCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  RedshiftServerlessClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-redshift-serverless';
import { apiAction, KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';
import { AwsCallError, InputError } from '../errors.ts';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig, resolveRegion } from './clients.ts';

/** The resource as tagging needs it: its ARN and its tags now. */
interface Tagged {
  readonly arn: string;
  readonly tags: ReadonlyMap<string, string>;
}

/** Each kind's tagging actions (for AwsCallError and the help); the read and its not-found code are the kind table's. */
const TAG_ACTIONS: Readonly<Record<ResourceKind, { readonly tag: string; readonly untag: string }>> = {
  cluster: { tag: 'redshift:CreateTags', untag: 'redshift:DeleteTags' },
  workgroup: { tag: 'redshift-serverless:TagResource', untag: 'redshift-serverless:UntagResource' },
};

interface KindTagging {
  readonly read: (name: string) => Promise<Tagged | undefined>;
  readonly tag: (arn: string, key: string, value: string) => Promise<void>;
  readonly untag: (arn: string, key: string) => Promise<void>;
  readonly region: () => Promise<string>;
  readonly destroy: () => void;
}

/** A cluster's ARN from its namespace ARN (`arn:<partition>:redshift:<region>:<account>:namespace:…`). */
const clusterArn = (namespaceArn: string | undefined, name: string): string => {
  const [, partition = '', , region = '', account = ''] = (namespaceArn ?? '').split(':');
  const arn = KINDS.cluster.arnFromName?.(partition, region, account, name);
  if (!partition || !region || !account || arn === undefined) {
    throw new Error(`Redshift answered no namespace ARN for cluster ${name}: its ARN (to tag it) is unknown.`);
  }
  return arn;
};

const TAGGING: Readonly<Record<ResourceKind, (options: ClientOptions) => KindTagging>> = {
  cluster: (options) => {
    const client = new RedshiftClient(clientConfig(options));
    return {
      read: async (name) => {
        const found = (await client.send(new DescribeClustersCommand({ ClusterIdentifier: name }))).Clusters?.[0];
        return (
          found && {
            arn: clusterArn(found.ClusterNamespaceArn, name),
            tags: new Map((found.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
          }
        );
      },
      tag: async (arn, key, value) => {
        await client.send(new CreateTagsCommand({ ResourceName: arn, Tags: [{ Key: key, Value: value }] }));
      },
      untag: async (arn, key) => {
        await client.send(new DeleteTagsCommand({ ResourceName: arn, TagKeys: [key] }));
      },
      region: () => resolveRegion(client),
      destroy: () => client.destroy(),
    };
  },
  workgroup: (options) => {
    const client = new RedshiftServerlessClient(clientConfig(options));
    return {
      read: async (name) => {
        const found = (await client.send(new GetWorkgroupCommand({ workgroupName: name }))).workgroup;
        if (found?.workgroupArn === undefined) return undefined;
        const tags = await callAws('redshift-serverless:ListTagsForResource', () =>
          client.send(new ListTagsForResourceCommand({ resourceArn: found.workgroupArn })),
        );
        return { arn: found.workgroupArn, tags: new Map((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])) };
      },
      tag: async (arn, key, value) => {
        await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key, value }] }));
      },
      untag: async (arn, key) => {
        await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [key] }));
      },
      region: () => resolveRegion(client),
      destroy: () => client.destroy(),
    };
  },
};

/** One named resource's exemption tag: what it holds now, and how to set or remove it. */
export interface ExemptionTag {
  readonly region: string;
  readonly arn: string;
  /** The tag's value now, undefined when the resource does not carry the key. */
  readonly current: string | undefined;
  readonly set: (value: string) => Promise<void>;
  readonly remove: () => Promise<void>;
  readonly close: () => void;
}

/** The IAM actions `exempt` calls for one kind: read, tag, untag (and the workgroup's tag listing). */
export const exemptionTagActions = (kind: ResourceKind): readonly string[] => {
  const { tag, untag } = TAG_ACTIONS[kind];
  return [apiAction(kind, 'read'), tag, untag];
};

/**
 * Read one resource and its tag `key`.
 * @throws InputError when the resource does not exist in the Region (or none is configured); AwsCallError.
 */
export const openExemptionTag = async (
  kind: ResourceKind,
  name: string,
  key: string,
  options: ClientOptions,
): Promise<ExemptionTag> => {
  const calls = TAGGING[kind](options);
  const actions = TAG_ACTIONS[kind];
  try {
    const region = await calls.region();
    let found: Tagged | undefined;
    try {
      found = await callAws(apiAction(kind, 'read'), () => calls.read(name));
    } catch (error) {
      if (!(error instanceof AwsCallError && error.errorName.startsWith(KINDS[kind].api.notFound))) throw error;
    }
    if (found === undefined) {
      const { noun, name: naming } = KINDS[kind];
      throw new InputError(
        `${noun} ${name} was not found in ${region}: check ${naming.flag} and --region (or the profile's Region).`,
      );
    }
    const { arn } = found;
    return {
      region,
      arn,
      current: found.tags.get(key),
      set: (value) => callAws(actions.tag, () => calls.tag(arn, key, value)),
      remove: () => callAws(actions.untag, () => calls.untag(arn, key)),
      close: calls.destroy,
    };
  } catch (error) {
    calls.destroy();
    throw error;
  }
};
