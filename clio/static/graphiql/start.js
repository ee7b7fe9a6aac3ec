// Start GraphiQL against this server's /graphql, opening on the canonical query, with the
// example queries in tabs beside it (a returning visitor keeps the tabs they had).
(function () {
  "use strict";
  const defaultQuery = JSON.parse(document.getElementById("clio-default-query").textContent);
  const examples = JSON.parse(document.getElementById("clio-examples").textContent);
  const url = new URL("/graphql", window.location.href).toString();
  const fetcher = GraphiQL.createFetcher({ url: url });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultTabs: [{ query: defaultQuery }].concat(examples.map(function (query) { return { query: query }; })),
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: true,
    })
  );
})();
