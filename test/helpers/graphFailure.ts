import { GraphError } from '../../src/graph/errors';

/** The GraphError a call fails with; any other outcome fails the test. */
export async function graphFailure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError');
}
