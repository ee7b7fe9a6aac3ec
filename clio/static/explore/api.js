// The explorer's only way to the data: POST /graphql, like any other client.

export class GraphQLError extends Error {}

/** Run a query; resolve to `data`, or throw with the server's messages. */
export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new GraphQLError(`The server did not answer (${error.message}). Is clio serve still running?`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLError(`The server answered ${response.status} without JSON.`);
  }
  if (body.errors && body.errors.length) {
    throw new GraphQLError(body.errors.map((e) => e.message).join("; "));
  }
  return body.data;
}
