import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

type AnyClientClass = Parameters<typeof mockClient>[0];

/**
 * Mock every instance of an SDK client class for the enclosing `describe` only, reset before each test and
 * restored afterwards (so HTTP-stub tests elsewhere get the real `send`). Call it inside `describe`.
 */
export const useClientMock = <C extends AnyClientClass>(
  cls: C,
): (() => AwsClientStub<InstanceType<Extract<C, abstract new (...args: never[]) => unknown>>>) => {
  let stub: ReturnType<typeof mockClient> | undefined;
  before(() => {
    stub = mockClient(cls);
  });
  beforeEach(() => stub?.reset());
  after(() => stub?.restore());
  return () => {
    if (stub === undefined) throw new Error('useClientMock: use the mock inside a test');
    return stub as never;
  };
};
