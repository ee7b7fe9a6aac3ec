// Start GraphiQL against this server's /graphql, opening on the canonical query.
(function () {
  "use strict";
  const defaultQuery = JSON.parse(document.getElementById("clio-default-query").textContent);
  const url = new URL("/graphql", window.location.href).toString();
  const fetcher = GraphiQL.createFetcher({ url: url });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: true,
    })
  );
})();
