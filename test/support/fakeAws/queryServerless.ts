/** Redshift Serverless's reads of the account: workgroups and their tags (by the workgroup's ARN). */
import type {
  GetWorkgroupCommandInput,
  ListTagsForResourceCommandInput,
  ListWorkgroupsCommandInput,
} from '@aws-sdk/client-redshift-serverless';
import { page } from './pages.ts';
import type { Operation } from './query.ts';
import { serviceError } from './serviceError.ts';

/** ListWorkgroups, GetWorkgroup and ListTagsForResource. */
export const SERVERLESS_OPERATIONS: Readonly<Record<string, Operation>> = {
  ListWorkgroups: (data, input: ListWorkgroupsCommandInput, { size }) => {
    const { items, next } = page(data.workgroups ?? [], input.nextToken, size(input.maxResults));
    return { workgroups: items, nextToken: next };
  },
  GetWorkgroup: (data, input: GetWorkgroupCommandInput) => {
    const workgroup = (data.workgroups ?? []).find((w) => w.workgroupName === input.workgroupName);
    if (workgroup === undefined) {
      throw serviceError('ResourceNotFoundException', `Workgroup ${input.workgroupName} not found.`);
    }
    return { workgroup };
  },
  ListTagsForResource: (data, input: ListTagsForResourceCommandInput) => {
    const arn = input.resourceArn ?? '';
    if (!(data.workgroups ?? []).some((w) => w.workgroupArn === arn)) throw serviceError('ResourceNotFoundException');
    return { tags: data.workgroupTags?.[arn] ?? [] };
  },
};
