/** AWS service errors as the SDK throws them; the mock throws them as they are, the HTTP fake puts them on the wire. */

/** An SDK-like service error (name, client fault, HTTP status), as the SDK throws them. */
export const serviceError = (name: string, message = `${name} (fake)`, status = 400): Error =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });

/** The name and HTTP status of a service error, or undefined for any other error (a bug in the fake). */
export const asServiceError = (error: unknown): { name: string; message: string; status: number } | undefined => {
  if (!(error instanceof Error) || (error as { $fault?: string }).$fault !== 'client') return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 400;
  return { name: error.name, message: error.message, status };
};
