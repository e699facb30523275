import type { ActionHandler } from './action.ts';
import { callApi } from './awsApi.ts';

/** aws:executeAwsApi: the API's answer is what the step's outputs select from. */
export const executeAwsApi: ActionHandler = async (context) => ({ data: await callApi(context) });
